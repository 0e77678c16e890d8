"""The monthly reception day: its date, creating days ahead, and bookings."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.selectors import enterprise_of
from portal.calendar import is_working_day
from portal.errors import StepRefused
from portal.models import User
from portal.notifications import notify
from portal.roles import Role
from services.loop.choices import Channel, SupervisionLevel
from services.loop.permissions import is_dispatcher, is_supervisor
from services.loop.services import submit_request
from services.loop.steps import dispatch_request

from .choices import BookingStatus, DayStatus
from .models import ReceptionBooking, ReceptionDay

RECEPTION_DAY_OF_MONTH = 8
ACTIVE = [BookingStatus.BOOKED, BookingStatus.CONFIRMED]


def reception_date(year: int, month: int) -> datetime.date:
    """The 8th, or the next working day when the 8th is a weekend or a holiday."""
    day = datetime.date(year, month, RECEPTION_DAY_OF_MONTH)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _months_from(today: datetime.date, count: int):
    year, month = today.year, today.month
    for _i in range(count):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def ensure_reception_days(*, months: int = 3, today=None) -> list[ReceptionDay]:
    """Create the reception days of this month and the next ones; days already there (and
    days an admin moved) are left as they are. Safe to run twice."""
    today = today or timezone.localdate()
    created = []
    for year, month in _months_from(today, months):
        # A new day keeps the host and the place of the day before it, until changed.
        before = ReceptionDay.objects.filter(month__lt=f"{year}-{month:02d}").order_by("-month")
        last = before.exclude(host=None).first() or before.first()
        day, made = ReceptionDay.objects.get_or_create(
            month=f"{year}-{month:02d}",
            defaults={
                "date": reception_date(year, month),
                "host": last.host if last else None,
                "place": last.place if last else "",
            },
        )
        if made:
            created.append(day)
    return created


def next_reception_day(today=None) -> ReceptionDay | None:
    today = today or timezone.localdate()
    return (
        ReceptionDay.objects.filter(date__gte=today, status=DayStatus.SCHEDULED)
        .select_related("host")
        .order_by("date")
        .first()
    )


@transaction.atomic
def book(*, actor, day_id: int, topic: str, attendees: str) -> ReceptionBooking:
    """Book a slot for the actor's enterprise, or a place on the waiting list when full."""
    enterprise = enterprise_of(actor)
    if enterprise is None or not actor.has_perm("portal.act_for_enterprise"):
        raise StepRefused(_("Only a user of an enterprise can book a reception slot."), status=403)
    if not topic.strip() or not attendees.strip():
        raise StepRefused(_("Give the topic and who is coming."), code="invalid", status=400)
    day = ReceptionDay.objects.select_for_update().get(pk=day_id)
    if day.status != DayStatus.SCHEDULED or day.date < timezone.localdate():
        raise StepRefused(_("This reception day is not open for booking."))
    if day.bookings.exclude(status=BookingStatus.CANCELLED).filter(enterprise=enterprise).exists():
        raise StepRefused(_("Your enterprise already has a place on this day."))
    taken = day.bookings.filter(status__in=ACTIVE).count()
    status = BookingStatus.BOOKED if taken < day.slots else BookingStatus.WAITING
    try:
        with transaction.atomic():
            return ReceptionBooking.objects.create(
                day=day, enterprise=enterprise, booked_by=actor, topic=topic.strip(),
                attendees=attendees.strip(), status=status,
            )  # fmt: skip
    except IntegrityError:
        raise StepRefused(_("Your enterprise already has a place on this day.")) from None


@transaction.atomic
def cancel_booking(*, actor, booking_id: int) -> ReceptionBooking:
    """Cancel a booking; the first on the waiting list takes the freed slot and is told."""
    booking = ReceptionBooking.objects.select_related("day").get(pk=booking_id)
    day = ReceptionDay.objects.select_for_update().get(pk=booking.day_id)
    booking = ReceptionBooking.objects.select_for_update().get(pk=booking_id)
    own = enterprise_of(actor)
    if not (is_dispatcher(actor) or (own is not None and own.pk == booking.enterprise_id)):
        raise StepRefused(_("No such booking."), status=404)
    if booking.status == BookingStatus.CANCELLED:
        raise StepRefused(_("This booking is already cancelled."))
    freed = booking.status in ACTIVE
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    if freed:
        waiting = (
            day.bookings.select_for_update()
            .filter(status=BookingStatus.WAITING)
            .order_by("created_at", "id")
            .first()
        )
        if waiting is not None:
            waiting.status = BookingStatus.BOOKED
            waiting.save(update_fields=["status"])
            notify(
                recipients=[waiting.booked_by],
                kind="reception_promoted",
                context={"date": day.date.isoformat()},
                url=reverse("home"),
                dedupe_key=f"reception-promoted:{waiting.pk}",
            )
    return booking


@transaction.atomic
def confirm_booking(*, actor, booking_id: int) -> ReceptionBooking:
    if not is_dispatcher(actor):
        raise StepRefused(_("Only the service center confirms bookings."), status=403)
    booking = ReceptionBooking.objects.select_for_update().get(pk=booking_id)
    if booking.status != BookingStatus.BOOKED:
        raise StepRefused(_("Only a booked slot can be confirmed."))
    booking.status = BookingStatus.CONFIRMED
    booking.save(update_fields=["status"])
    return booking


@transaction.atomic
def save_day(*, day: ReceptionDay) -> int:
    """Save staff's edit of a reception day; when that moves or cancels it, everyone booked
    or waiting is told in the same transaction. Returns how many were told."""
    before = ReceptionDay.objects.select_for_update().filter(pk=day.pk).values("date", "status")
    before = before.first()
    day.save()
    if before is None:
        return 0
    return announce_change(day=day, previous_date=before["date"], previous_status=before["status"])


def announce_change(*, day: ReceptionDay, previous_date, previous_status) -> int:
    """Tell everyone booked or waiting for a day that it was moved or cancelled, with the
    reason; once per change. Reminders for a moved day go out again for its new date."""
    if (day.date, day.status) == (previous_date, previous_status):
        return 0
    cancelled = day.status == DayStatus.CANCELLED
    holding = day.bookings.filter(status__in=[*ACTIVE, BookingStatus.WAITING])
    people = User.objects.filter(pk__in=holding.values("booked_by"))
    context = {
        "date": day.date.isoformat(), "previous_date": previous_date.isoformat(),
        "cancelled": cancelled, "note": day.note,
    }  # fmt: skip
    sent = notify(
        recipients=people, kind="reception_changed", context=context, url=reverse("home"),
        dedupe_key=f"reception:{day.pk}:changed:{day.status}:{day.date.isoformat()}",
    )  # fmt: skip
    return len(sent)


def can_host(user, day: ReceptionDay) -> bool:
    return (
        is_dispatcher(user)
        or is_supervisor(user)
        or (day.host_id is not None and day.host_id == user.pk)
    )


def raise_request(
    *, actor, booking_id: int, category_id: int, title: str, description: str, lead_unit
):
    """On the day, the host turns a problem an enterprise raised into a request (交办件):
    entered for the enterprise, supervised from the start and assigned to a unit, through the
    same step functions as every request."""
    booking = ReceptionBooking.objects.select_related("day", "enterprise").get(pk=booking_id)
    if not can_host(actor, booking.day):
        raise StepRefused(_("Only the host and the service center work the day sheet."), status=403)
    if booking.status not in ACTIVE:
        raise StepRefused(_("Only a booked or confirmed slot can raise requests."))
    with transaction.atomic():
        request = submit_request(
            actor=actor, enterprise=booking.enterprise, category_id=category_id, title=title,
            description=description, channel=Channel.RECEPTION_DAY,
            supervision={
                "level": SupervisionLevel.KEY,
                "instruction": _("Assigned at the reception day of %(date)s; report back in time.")
                % {"date": booking.day.date.isoformat()},
            },
        )  # fmt: skip
        dispatch_request(actor=actor, request_id=request.pk, lead_unit=lead_unit)
        booking.requests.add(request)
    return request


def _contacts():
    """Every active person acting for an enterprise."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.ENTERPRISE_USER)
        .filter(enterprise_membership__isnull=False)
        .order_by("pk")
        .distinct()
    )


def _send_in_batches(users, *, kind, context, dedupe_key) -> int:
    """One transaction per batch of recipients; a rerun skips who already got it."""
    sent, size = 0, settings.REMINDER_BATCH_SIZE
    ids = list(users.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        with transaction.atomic():
            batch = User.objects.filter(pk__in=ids[start : start + size])
            sent += len(notify(recipients=batch, kind=kind, context=context, dedupe_key=dedupe_key))
    return sent


def send_due_reminders(*, today=None) -> int:
    """The reminders due today: a week before and the day before to every enterprise contact,
    the day before to the host and attending departments with the booking list, and on the
    morning of the day to the enterprises booked. Exactly once per day, recipient and kind."""
    today = today or timezone.localdate()
    sent = 0
    days = ReceptionDay.objects.filter(
        status=DayStatus.SCHEDULED,
        date__in=[today, today + datetime.timedelta(days=1), today + datetime.timedelta(days=7)],
    )
    for day in days:
        context = {"date": day.date.isoformat(), "place": day.place}
        ahead = (day.date - today).days
        if ahead in (7, 1):
            which = "week" if ahead == 7 else "eve"
            sent += _send_in_batches(
                _contacts(), kind="reception_reminder", context=context,
                dedupe_key=f"reception:{day.pk}:{day.date}:contacts:{which}",
            )  # fmt: skip
        if ahead == 1:
            booked = day.bookings.filter(status__in=ACTIVE).select_related("enterprise")
            lines = [f"{b.enterprise.name}: {b.topic}" for b in booked]
            sent += _send_in_batches(
                _hosts_of(day), kind="reception_sheet_ready",
                context={**context, "bookings": lines},
                dedupe_key=f"reception:{day.pk}:{day.date}:hosts:eve",
            )  # fmt: skip
        if ahead == 0:
            people = User.objects.filter(
                pk__in=day.bookings.filter(status__in=ACTIVE).values("booked_by")
            )
            sent += _send_in_batches(
                people, kind="reception_today", context=context,
                dedupe_key=f"reception:{day.pk}:{day.date}:booked:morning",
            )  # fmt: skip
    return sent


def _hosts_of(day):
    """The host and the handlers of the attending departments."""
    departments = day.departments.values("pk")
    return User.objects.filter(
        Q(pk=day.host_id) | Q(handling_units__in=departments, is_active=True)
    ).distinct()
