from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "services.market"
    label = "market"
    verbose_name = _("Market services")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete

        from portal.usercache import forget_auth

        from . import (
            contributions,
            notifications,  # noqa: F401 - registers the market's message kinds
            permissions,  # noqa: F401 - declares the provider fact before any page reads it
        )
        from .models import Provider

        contributions.register()
        # The providers a user works for are kept with the user's roles.
        m2m_changed.connect(
            forget_auth, sender=Provider.members.through, dispatch_uid="auth-provider-members"
        )
        post_delete.connect(forget_auth, sender=Provider, dispatch_uid="auth-provider-deleted")
