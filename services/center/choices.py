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


class EventKind(models.TextChoices):
    READING = "reading", _("Reading session")
    SALON = "salon", _("Salon")
    TRAINING = "training", pgettext_lazy("event", "Training")
    PARTY_DAY = "party_day", _("Party day activity")
    OTHER = "other", pgettext_lazy("event", "Other")


class RegistrationState(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("event", "Registered")
    CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")


class RoomKind(models.TextChoices):
    SINGLE = "single", _("Single room")
    DOUBLE = "double", _("Double room")
    QUAD = "quad", _("Four-bed room")
    FAMILY = "family", _("Family flat")


class OccupantKind(models.TextChoices):
    TALENT = "talent", _("Talent of a park firm")
    STAFF = "staff", _("Employee of a park firm")


class StayState(models.TextChoices):
    """An application waits for staff; allocated, it holds a bed for its dates."""

    APPLIED = "applied", pgettext_lazy("stay", "Waiting for allocation")
    ALLOCATED = "allocated", pgettext_lazy("stay", "Allocated")
    REFUSED = "refused", pgettext_lazy("stay", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("stay", "Withdrawn")


class PointKind(models.TextChoices):
    CANTEEN = "canteen", _("Canteen")
    CLINIC = "clinic", _("Clinic")
    BANK = "bank", _("Bank branch")
    POST = "post", _("Post and parcels")
    GOVERNMENT = "government", _("Government service desk")
    SHOP = "shop", _("Convenience store")
    HOUSING = "housing", _("Talent apartments")
    SPORTS = "sports", _("Sports ground")
    TRANSIT = "transit", _("Bus stop")


class Direction(models.TextChoices):
    N = "n", _("north")
    NE = "ne", _("north-east")
    E = "e", _("east")
    SE = "se", _("south-east")
    S = "s", _("south")
    SW = "sw", _("south-west")
    W = "w", _("west")
    NW = "nw", _("north-west")
