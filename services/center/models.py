"""The party-service center itself (党群服务中心): its floors, the venues (阵地) on them and
their bookings. Two bookings that hold a venue can never overlap in time: the database
refuses it (an exclusion constraint over the booked time range)."""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.history import track_history

from .choices import BookingState, VenueKind


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


track_history(Floor, Venue, Booking)
