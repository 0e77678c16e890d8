"""The party-service center itself (党群服务中心): its floors, the venues (阵地) on them and
their bookings. Two bookings that hold a venue can never overlap in time: the database
refuses it (an exclusion constraint over the booked time range)."""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, DateTimeRangeField, RangeOperators
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.history import track_history

from .choices import (
    BookingState,
    Direction,
    EventKind,
    OccupantKind,
    PointKind,
    RegistrationState,
    RoomKind,
    StayState,
    VenueKind,
)


class Floor(models.Model):
    """A floor of the center and what it is for (1F display and service, 2F study and
    business, 3F meetings and training, 4F leisure)."""

    number = models.PositiveSmallIntegerField(
        _("floor"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    name = models.CharField(_("name"), max_length=60)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("floor")
        verbose_name_plural = _("floors")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}F {self.name}"


class Venue(models.Model):
    """A room or position of the center that enterprises and staff book: capacity,
    equipment, opening hours, and whether a booking waits for staff approval."""

    floor = models.ForeignKey(
        Floor, on_delete=models.PROTECT, related_name="venues", verbose_name=_("floor")
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=VenueKind.choices)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    equipment = models.CharField(_("equipment"), max_length=200, blank=True)
    opens_at = models.TimeField(_("opens at"), default=datetime.time(8, 30))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(17, 30))
    photo = models.FileField(
        _("photo"), upload_to="venues/", blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )  # fmt: skip
    needs_approval = models.BooleanField(
        _("booking needs approval"), default=False,
        help_text=_("A booking waits until park staff approve it."),
    )  # fmt: skip
    is_bookable = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["floor__number", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="venue_closes_after_opening",
                violation_error_message=_("A venue must close after it opens."),
            )
        ]

    def __str__(self):
        return f"{self.floor.number}F {self.name}"


class Booking(models.Model):
    """A venue booked for a time range by an enterprise user or staff. While it waits or
    is confirmed it holds the venue: the database refuses any other booking that overlaps."""

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("venue")
    )
    during = DateTimeRangeField(_("time"))
    purpose = models.CharField(_("purpose"), max_length=120)
    attendees = models.PositiveSmallIntegerField(
        _("attendees"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="venue_bookings",
        verbose_name=_("booked by"),
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.PROTECT, null=True, blank=True,
        related_name="venue_bookings", verbose_name=_("enterprise"),
    )  # fmt: skip
    state = models.CharField(_("state"), max_length=10, choices=BookingState.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at", "-id"]
        constraints = [
            ExclusionConstraint(
                name="venue_booked_once",
                expressions=[("venue", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(state__in=BookingState.holding()),
                violation_error_message=_("The venue is already booked for part of this time."),
            ),
        ]
        indexes = [models.Index(fields=["state"], name="booking_state")]

    def __str__(self):
        return f"{self.venue} · {self.purpose}"

    @property
    def starts_at(self):
        return self.during.lower

    @property
    def ends_at(self):
        return self.during.upper


class Event(models.Model):
    """An event the center holds (a reading session, a salon, a training): registration up
    to its capacity, and afterwards who attended. Its venue's time is held by a booking."""

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="events", verbose_name=_("venue")
    )
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="event",
        verbose_name=_("booking"), editable=False,
    )  # fmt: skip
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    organiser = models.CharField(_("organiser"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["starts_at"], name="event_starts")]

    def __str__(self):
        return self.title


class Registration(models.Model):
    """A person registered for an event; staff tick who came."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations",
        verbose_name=_("person"),
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="event_registrations", verbose_name=_("enterprise"),
    )  # fmt: skip
    state = models.CharField(
        _("state"), max_length=10, choices=RegistrationState.choices,
        default=RegistrationState.REGISTERED,
    )  # fmt: skip
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], condition=Q(state="registered"),
                name="registered_once_per_event",
                violation_error_message=_("You are already registered for this event."),
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.event} · {self.user}"


class Room(models.Model):
    """A room of the low-cost accommodation for talents and staff of park firms; its beds
    are what is allocated, so a room is never filled beyond them."""

    building = models.CharField(_("building"), max_length=60)
    number = models.CharField(_("room number"), max_length=12)
    kind = models.CharField(_("kind"), max_length=8, choices=RoomKind.choices)
    monthly_rent = models.DecimalField(
        _("monthly rent (yuan)"), max_digits=8, decimal_places=2,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    facilities = models.CharField(_("facilities"), max_length=200, blank=True)
    is_available = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["building", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="room_number_once")
        ]

    def __str__(self):
        return f"{self.building} {self.number}"


class Bed(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="beds",
                             verbose_name=_("room"))  # fmt: skip
    label = models.CharField(_("bed"), max_length=8)

    class Meta:
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        ordering = ["room", "label"]
        constraints = [models.UniqueConstraint(fields=["room", "label"], name="bed_label_once")]

    def __str__(self):
        return f"{self.room} · {self.label}"


class StayApplication(models.Model):
    """An enterprise asks a bed for one of its people for some dates; staff allocate a bed
    (the database refuses two stays on one bed whose dates overlap) or refuse."""

    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.PROTECT, related_name="stay_applications",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stay_applications",
        verbose_name=_("applied by"),
    )  # fmt: skip
    occupant = models.CharField(_("occupant's name"), max_length=60)
    occupant_kind = models.CharField(_("occupant is"), max_length=8, choices=OccupantKind.choices)
    wanted = DateRangeField(_("dates wanted"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=StayState.choices, default=StayState.APPLIED
    )
    bed = models.ForeignKey(
        Bed, on_delete=models.PROTECT, null=True, blank=True, related_name="stays",
        verbose_name=_("bed"),
    )  # fmt: skip
    stay = DateRangeField(_("stay"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accommodation application")
        verbose_name_plural = _("accommodation applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            ExclusionConstraint(
                name="bed_held_once",
                expressions=[("bed", RangeOperators.EQUAL), ("stay", RangeOperators.OVERLAPS)],
                condition=Q(state="allocated"),
                violation_error_message=_("The bed is taken for part of these dates."),
            ),
            models.CheckConstraint(
                condition=~Q(state="allocated") | (Q(bed__isnull=False) & Q(stay__isnull=False)),
                name="allocated_stay_has_bed",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["state"], name="stay_state")]

    def __str__(self):
        return f"{self.occupant} · {self.enterprise}"


class ServicePoint(models.Model):
    """A service within the center's five-minute circle (五分钟服务圈): a canteen, a clinic,
    a bank branch... with the walk from the center and its direction, to draw the circle."""

    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=PointKind.choices)
    walking_minutes = models.PositiveSmallIntegerField(
        _("walking minutes"), validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    direction = models.CharField(_("direction"), max_length=2, choices=Direction.choices)
    hours = models.CharField(_("opening hours"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["walking_minutes", "name"]

    def __str__(self):
        return self.name


track_history(Floor, Venue, Booking, Event, Registration, Room, Bed, StayApplication, ServicePoint)
