from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "services.teams"
    label = "teams"
    verbose_name = _("Red Chain Service Teams")

    def ready(self):
        from . import (
            contributions,
            notifications,  # noqa: F401 - registers the teams' message kinds
        )

        contributions.register()
