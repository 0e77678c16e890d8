from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Talent and innovation")

    def ready(self):
        from . import (
            contributions,
            notifications,  # noqa: F401 - registers the talent app's message kinds
        )

        contributions.register()
