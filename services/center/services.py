"""Every write of the center: booking a venue (refused on a clash by the database itself),
deciding a booking that needs approval, cancelling, and the day-before reminders."""

import datetime

from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.selectors import enterprise_of
from portal.errors import StepRefused
from portal.models import User
from portal.notifications import notify
from portal.roles import Role

from .choices import BookingState
from .models import Booking, Venue
from .permissions import decides_bookings, may_book, owns_booking

LONGEST = datetime.timedelta(hours=12)


def when_of(booking) -> str:
    start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _clash_message(venue, starts_at, ends_at) -> str:
    other = (
        Booking.objects.filter(venue=venue, state__in=BookingState.holding(),
                               during__overlap=DateTimeTZRange(starts_at, ends_at))
        .order_by("during").first()
    )  # fmt: skip
    if other is None:  # gone meanwhile: say it plainly
        return _("The venue is already booked for part of this time.")
    return _("%(venue)s is already booked %(when)s. Choose another time or venue.") % {
        "venue": venue.name, "when": when_of(other),
    }  # fmt: skip


def check_times(venue: Venue, starts_at, ends_at, attendees: int) -> None:
    """The rules a booking's time and size must meet, each with its own message."""
    if ends_at <= starts_at:
        raise StepRefused(_("A booking must end after it starts."), status=400)
    if starts_at <= timezone.now():
        raise StepRefused(_("A booking must start in the future."), status=400)
    if ends_at - starts_at > LONGEST:
        raise StepRefused(_("A booking lasts at most 12 hours."), status=400)
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() != end.date() or start.time() < venue.opens_at or end.time() > venue.closes_at:
        raise StepRefused(
            _("%(venue)s is open %(opens)s–%(closes)s: book within those hours of one day.") % {
                "venue": venue.name, "opens": f"{venue.opens_at:%H:%M}",
                "closes": f"{venue.closes_at:%H:%M}",
            },
            status=400,
        )  # fmt: skip
    if attendees > venue.capacity:
        raise StepRefused(
            _("%(venue)s holds %(capacity)s people.")
            % {"venue": venue.name, "capacity": venue.capacity},
            status=400,
        )


def book_venue(
    *, actor, venue_id: int, starts_at, ends_at, purpose: str, attendees: int
) -> Booking:
    """Book a venue: confirmed at once, or waiting for approval where the venue asks it
    (the deciders are told). A clash with a booking that holds the venue is refused by the
    database's exclusion constraint, even for two requests at the same moment."""
    if not may_book(actor):
        raise StepRefused(_("Only enterprise users and park staff can book venues."), status=403)
    venue = Venue.objects.select_related("floor").get(pk=venue_id)
    if not venue.is_bookable:
        raise StepRefused(_("This venue cannot be booked."))
    check_times(venue, starts_at, ends_at, attendees)
    waits = venue.needs_approval and not decides_bookings(actor)  # staff approve their own
    state = BookingState.PENDING if waits else BookingState.CONFIRMED
    enterprise = enterprise_of(actor) if actor.has_role(Role.ENTERPRISE_USER) else None
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                venue=venue, during=DateTimeTZRange(starts_at, ends_at), purpose=purpose,
                attendees=attendees, booked_by=actor, enterprise=enterprise, state=state,
            )  # fmt: skip
            if state == BookingState.PENDING:
                notify(
                    recipients=User.objects.filter(is_active=True, groups__name=Role.PARK_ADMIN),
                    kind="booking_asked",
                    context={"venue": str(venue), "when": when_of(booking), "purpose": purpose,
                             "who": enterprise.name if enterprise else str(actor)},
                    url=reverse("center:staff_bookings"),
                )  # fmt: skip
    except IntegrityError as exc:
        if "venue_booked_once" not in str(exc):
            raise
        raise StepRefused(_clash_message(venue, starts_at, ends_at), code="clash") from None
    return booking


@transaction.atomic
def decide_booking(*, actor, booking_id: int, approve: bool, reason: str = "") -> Booking:
    if not decides_bookings(actor):
        raise StepRefused(_("Only park staff can decide bookings."), status=403)
    booking = Booking.objects.select_for_update().select_related("venue").get(pk=booking_id)
    if booking.state != BookingState.PENDING:
        raise StepRefused(_("This booking is not waiting for a decision."))
    if not approve and not reason.strip():
        raise StepRefused(_("Say why the booking is refused."), status=400)
    booking.state = BookingState.CONFIRMED if approve else BookingState.REFUSED
    booking.decided_by, booking.reason = actor, reason.strip()
    booking.save(update_fields=["state", "decided_by", "reason", "updated_at"])
    notify(
        recipients=[booking.booked_by],
        kind="booking_approved" if approve else "booking_refused",
        context={"venue": str(booking.venue), "when": when_of(booking), "reason": booking.reason},
        url=reverse("center:my_bookings"),
    )  # fmt: skip
    return booking


@transaction.atomic
def cancel_booking(*, actor, booking_id: int) -> Booking:
    booking = Booking.objects.select_for_update().select_related("venue").get(pk=booking_id)
    if not (owns_booking(actor, booking) or decides_bookings(actor)):
        raise StepRefused(_("This booking is not yours to cancel."), status=404)
    if booking.state not in BookingState.holding():
        raise StepRefused(_("This booking is not active."))
    if booking.starts_at <= timezone.now():
        raise StepRefused(_("A booking that has begun cannot be cancelled."))
    booking.state = BookingState.CANCELLED
    booking.save(update_fields=["state", "updated_at"])
    return booking


def remind_bookings(*, now=None) -> int:
    """The day before: whoever booked a confirmed venue for the next 24 hours is reminded,
    once per booking, however often this runs."""
    now = now or timezone.now()
    soon = Booking.objects.filter(
        state=BookingState.CONFIRMED, during__startswith__gt=now,
        during__startswith__lte=now + datetime.timedelta(hours=24),
    ).select_related("venue__floor", "booked_by")  # fmt: skip
    sent = 0
    for booking in soon:
        sent += len(notify(
            recipients=[booking.booked_by], kind="booking_reminder",
            context={"venue": str(booking.venue), "when": when_of(booking),
                     "purpose": booking.purpose},
            url=reverse("center:my_bookings"), dedupe_key=f"booking-reminder:{booking.pk}",
        ))  # fmt: skip
    return sent
