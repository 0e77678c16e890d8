from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "services.reception"
    label = "reception"
    verbose_name = _("Entrepreneur Reception Day")

    def ready(self):
        from . import (
            contributions,
            notifications,  # noqa: F401 - registers the reception day's message kinds
        )

        contributions.register()
