from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Enterprise services")

    def ready(self):
        from . import notifications  # noqa: F401 - registers the closed loop's message kinds
