from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "services.finance"
    label = "finance"
    verbose_name = _("Bank financing")

    def ready(self):
        from . import (
            contributions,
            notifications,  # noqa: F401 - registers financing's message kinds
        )

        contributions.register()
