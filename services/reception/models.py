"""The monthly Entrepreneur Reception Day and the enterprises' bookings for it."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.history import track_history
from portal.roles import Role

from .choices import BookingStatus, DayStatus


class ReceptionDay(models.Model):
    """The monthly Entrepreneur Reception Day (企业家接待日): the 8th, or the next working day,
    hosted by the park party working committee's secretary or a deputy."""

    month = models.CharField(_("month"), max_length=7, unique=True)
    date = models.DateField(_("date"))
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host"),
        # The secretary or a deputy of the park party working committee: the supervisors.
        limit_choices_to={"groups__name": Role.SUPERVISOR.value, "is_active": True},
        help_text=_("The park party working committee's secretary or a deputy secretary."),
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    slots = models.PositiveSmallIntegerField(
        _("slots"), default=8, validators=[MinValueValidator(1)]
    )
    departments = models.ManyToManyField(
        "services.HandlingUnit",
        blank=True,
        related_name="+",
        verbose_name=_("attending departments"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DayStatus.choices, default=DayStatus.SCHEDULED
    )
    note = models.TextField(
        _("note to enterprises"),
        blank=True,
        max_length=2000,
        help_text=_("Why the day was moved or cancelled."),
    )

    class Meta:
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"


class ReceptionBooking(models.Model):
    """An enterprise's slot on a reception day, or its place on the waiting list."""

    day = models.ForeignKey(ReceptionDay, on_delete=models.PROTECT, related_name="bookings")
    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200)
    attendees = models.CharField(_("people coming"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices)
    requests = models.ManyToManyField(
        "services.Request", blank=True, related_name="+", verbose_name=_("requests raised")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reception booking")
        verbose_name_plural = _("reception bookings")
        ordering = ["day", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "enterprise"],
                condition=~models.Q(status=BookingStatus.CANCELLED),
                name="one_booking_per_enterprise_and_day",
                violation_error_message=_("Your enterprise already has a place on this day."),
            )
        ]

    def __str__(self):
        return f"{self.day} · {self.enterprise}"


track_history(ReceptionDay, ReceptionBooking)  # every change on record (portal/history.py)
