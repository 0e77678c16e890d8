from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Alliances and enterprises")

    def ready(self):
        from . import (
            contributions,
            notifications,  # noqa: F401 - registers the registry's message kinds
        )

        contributions.register()
        self._forget_membership_on_change()

    def _forget_membership_on_change(self):
        """The enterprise a user acts for is kept with the user's roles (``enterprise_id_of``)."""
        from django.db.models.signals import post_delete, post_save

        from portal.usercache import forget_auth

        from . import permissions  # noqa: F401 - declares the fact before any page reads it
        from .models import EnterpriseMembership

        for signal in (post_save, post_delete):
            signal.connect(
                forget_auth, sender=EnterpriseMembership, dispatch_uid=f"auth-membership-{signal}"
            )
