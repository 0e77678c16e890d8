from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderState(models.TextChoices):
    ORDERED = "ordered", _("Ordered (awaiting the provider)")
    ACCEPTED = "accepted", pgettext_lazy("market order", "Accepted (being delivered)")
    DECLINED = "declined", pgettext_lazy("market order", "Declined by the provider")
    DONE = "done", pgettext_lazy("market order", "Delivered")
    CANCELLED = "cancelled", pgettext_lazy("market order", "Cancelled by the enterprise")

    @classmethod
    def open_states(cls) -> list[str]:
        return [cls.ORDERED, cls.ACCEPTED]


class OrderStep(models.TextChoices):
    ORDER = "order", pgettext_lazy("market order step", "Ordered")
    ACCEPT = "accept", pgettext_lazy("market order step", "Accepted")
    DECLINE = "decline", pgettext_lazy("market order step", "Declined")
    COMPLETE = "complete", pgettext_lazy("market order step", "Delivered")
    CANCEL = "cancel", pgettext_lazy("market order step", "Cancelled")
    RATE = "rate", pgettext_lazy("market order step", "Rated")


class Stars(models.IntegerChoices):
    ONE = 1, _("1 – very poor")
    TWO = 2, _("2 – poor")
    THREE = 3, _("3 – fair")
    FOUR = 4, _("4 – good")
    FIVE = 5, _("5 – excellent")
