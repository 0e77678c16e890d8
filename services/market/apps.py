from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "services.market"
    label = "market"
    verbose_name = _("Market services")

    def ready(self):
        from . import (
            contributions,
            notifications,  # noqa: F401 - registers the market's message kinds
        )

        contributions.register()
