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
