from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CenterConfig(AppConfig):
    name = "services.center"
    label = "center"
    verbose_name = _("Party-service center")

    def ready(self):
        from . import (
            contributions,
            notifications,  # noqa: F401 - registers the center's message kinds
        )

        contributions.register()
