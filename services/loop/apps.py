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
