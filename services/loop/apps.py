from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoopConfig(AppConfig):
    """The "企业家之声" request closed loop. Its label stays ``services``: the loop's tables,
    permissions (``services.dispatch_request``...) and migration history were created under
    that name before reception and financing became apps of their own."""

    name = "services.loop"
    label = "services"
    verbose_name = _("Enterprise requests")

    def ready(self):
        from . import (
            contributions,
            notifications,  # noqa: F401 - registers the closed loop's message kinds
        )

        contributions.register()
        self._forget_queue_counts_on_change()
        self._forget_unit_ids_on_change()
        self._forget_filter_choices_on_change()

    def _forget_queue_counts_on_change(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import ExtensionRequest, Pause, Request, ReturnApplication
        from .selectors import forget_queue_counts

        for model in (Request, ReturnApplication, ExtensionRequest, Pause):
            post_save.connect(forget_queue_counts, sender=model, dispatch_uid=f"queues-{model}")
            post_delete.connect(forget_queue_counts, sender=model, dispatch_uid=f"queues-d{model}")
        m2m_changed.connect(
            forget_queue_counts, sender=Request.co_units.through, dispatch_uid="queues-co-units"
        )

    def _forget_unit_ids_on_change(self):
        """The units a user works in are kept with the user's roles (``unit_ids_of``)."""
        from django.db.models.signals import m2m_changed, post_delete

        from portal.usercache import forget_auth

        from . import permissions  # noqa: F401 - declares the fact before any page reads it
        from .models import HandlingUnit

        m2m_changed.connect(
            forget_auth, sender=HandlingUnit.handlers.through, dispatch_uid="auth-unit-handlers"
        )
        post_delete.connect(forget_auth, sender=HandlingUnit, dispatch_uid="auth-unit-deleted")

    def _forget_filter_choices_on_change(self):
        from django.db.models.signals import post_delete, post_save

        from alliances.models import Chain

        from .models import Category, HandlingUnit
        from .selectors import FILTER_CHOICES

        for model in (HandlingUnit, Category, Chain):
            for signal in (post_save, post_delete):
                signal.connect(
                    FILTER_CHOICES.bump, sender=model, dispatch_uid=f"filters-{signal}-{model}"
                )
