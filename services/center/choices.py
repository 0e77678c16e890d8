from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VenueKind(models.TextChoices):
    DISPLAY = "display", _("Exhibition space")
    SERVICE = "service", _("Service desk")
    MEETING = "meeting", _("Meeting room")
    TRAINING = "training", _("Training room")
    HALL = "hall", _("Lecture hall")
    STUDY = "study", _("Study and reading room")
    BUSINESS = "business", _("Business negotiation room")
    LEISURE = "leisure", _("Leisure and sports")
    POSITION = "position", _("Party position (阵地)")


class BookingState(models.TextChoices):
    """A booking waits for approval where the venue asks it, else it is confirmed at once;
    a refused or cancelled booking frees its time."""

    PENDING = "pending", pgettext_lazy("booking", "Waiting for approval")
    CONFIRMED = "confirmed", pgettext_lazy("booking", "Confirmed")
    REFUSED = "refused", pgettext_lazy("booking", "Refused")
    CANCELLED = "cancelled", pgettext_lazy("booking", "Cancelled")

    @classmethod
    def holding(cls) -> list[str]:
        """The states that hold the venue's time."""
        return [cls.PENDING, cls.CONFIRMED]
