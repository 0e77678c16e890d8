"""Every write of the center: booking a venue (refused on a clash by the database itself),
deciding a booking that needs approval, cancelling, the day-before reminders; the center's
events (scheduled in a venue, registration up to their places, attendance); and the
accommodation (applications, beds allocated never beyond a room's beds, check-out)."""

import datetime

from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange, DateTimeTZRange
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.selectors import enterprise_of
from portal.errors import StepRefused
from portal.models import User
from portal.notifications import notify
from portal.roles import Role

from .choices import BookingState, RegistrationState, StayState
from .models import Bed, Booking, Event, Registration, Room, StayApplication, Venue
from .permissions import (
    acts_for_enterprise,
    allocates_rooms,
    decides_bookings,
    may_book,
    owns_application,
    owns_booking,
    runs_events,
)

LONGEST = datetime.timedelta(hours=12)


def when_of(booking) -> str:
    """When a booking or an event takes place: 2026-12-05 09:30–11:30, local time."""
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
    if Event.objects.filter(booking=booking, is_cancelled=False).exists():
        raise StepRefused(_("This booking holds an event: cancel the event, and its people are "
                            "told."))  # fmt: skip
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


# --- Events ----------------------------------------------------------------------------------


@transaction.atomic
def schedule_event(
    *, actor, venue_id: int, title: str, kind: str, starts_at, ends_at, capacity: int,
    organiser: str = "", description: str = "",
) -> Event:  # fmt: skip
    """Schedule an event in a venue: the venue's time is booked for it (so nobody else can
    book it, and a clash is refused as any booking's is); places at most the venue holds."""
    if not runs_events(actor):
        raise StepRefused(_("Only park staff can schedule events."), status=403)
    booking = book_venue(actor=actor, venue_id=venue_id, starts_at=starts_at, ends_at=ends_at,
                         purpose=title[:120], attendees=capacity)  # fmt: skip
    return Event.objects.create(
        title=title, kind=kind, venue_id=venue_id, booking=booking, starts_at=starts_at,
        ends_at=ends_at, capacity=capacity, organiser=organiser, description=description,
    )  # fmt: skip


@transaction.atomic
def cancel_event(*, actor, event_id: int) -> Event:
    """Cancel an event before it starts: its venue's time is freed and everyone registered
    is told."""
    if not runs_events(actor):
        raise StepRefused(_("Only park staff can cancel events."), status=403)
    event = Event.objects.select_for_update().select_related("venue").get(pk=event_id)
    if event.is_cancelled:
        raise StepRefused(_("This event is already cancelled."))
    if event.starts_at <= timezone.now():
        raise StepRefused(_("An event that has begun cannot be cancelled."))
    event.is_cancelled = True
    event.save(update_fields=["is_cancelled"])
    holding = Booking.objects.filter(pk=event.booking_id, state__in=BookingState.holding())
    if holding.exists():
        cancel_booking(actor=actor, booking_id=event.booking_id)
    people = User.objects.filter(
        event_registrations__event=event, event_registrations__state=RegistrationState.REGISTERED
    )
    notify(recipients=people, kind="event_cancelled",
           context={"event": event.title, "when": when_of(event)},
           url=reverse("center:event", args=[event.pk]))  # fmt: skip
    return event


def register(*, actor, event_id: int) -> Registration:
    """Register the person for an event while it has places: the event row is locked, so two
    people asking for the last place at once never overfill it."""
    if not actor.is_authenticated:
        raise StepRefused(_("Sign in to register."), status=403)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.is_cancelled:
            raise StepRefused(_("This event is cancelled."))
        if event.starts_at <= timezone.now():
            raise StepRefused(_("Registration closes when the event starts."))
        registered = event.registrations.filter(state=RegistrationState.REGISTERED)
        if registered.filter(user=actor).exists():
            raise StepRefused(_("You are already registered for this event."))
        if registered.count() >= event.capacity:
            raise StepRefused(_("All %(n)s places are taken.") % {"n": event.capacity}, code="full")
        enterprise = enterprise_of(actor) if acts_for_enterprise(actor) else None
        return Registration.objects.create(event=event, user=actor, enterprise=enterprise)


@transaction.atomic
def unregister(*, actor, event_id: int) -> Registration:
    registration = (
        Registration.objects.select_for_update().select_related("event")
        .filter(event_id=event_id, user=actor, state=RegistrationState.REGISTERED).first()
    )  # fmt: skip
    if registration is None:
        raise StepRefused(_("You are not registered for this event."), status=404)
    if registration.event.starts_at <= timezone.now():
        raise StepRefused(_("A registration cannot be cancelled once the event has begun."))
    registration.state = RegistrationState.CANCELLED
    registration.save(update_fields=["state"])
    return registration


@transaction.atomic
def mark_event_attendance(*, actor, event_id: int, present: set[int]) -> int:
    """Staff tick who came, once the event has begun; unticking someone clears it. Returns
    how many attended."""
    if not runs_events(actor):
        raise StepRefused(_("Only park staff can record attendance."), status=403)
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.starts_at > timezone.now():
        raise StepRefused(_("Attendance is recorded once the event has begun."))
    if event.is_cancelled:
        raise StepRefused(_("This event is cancelled."))
    registered = event.registrations.filter(state=RegistrationState.REGISTERED)
    registered.filter(pk__in=present, attended_at__isnull=True).update(attended_at=timezone.now())
    registered.exclude(pk__in=present).update(attended_at=None)
    return registered.filter(attended_at__isnull=False).count()


def remind_events(*, now=None) -> int:
    """The day before: everyone registered for an event in the next 24 hours is reminded,
    once per registration."""
    now = now or timezone.now()
    soon = Registration.objects.filter(
        state=RegistrationState.REGISTERED, event__is_cancelled=False,
        event__starts_at__gt=now, event__starts_at__lte=now + datetime.timedelta(hours=24),
    ).select_related("event__venue__floor", "user")  # fmt: skip
    sent = 0
    for registration in soon:
        event = registration.event
        sent += len(notify(
            recipients=[registration.user], kind="event_reminder",
            context={"event": event.title, "when": when_of(event), "venue": str(event.venue)},
            url=reverse("center:event", args=[event.pk]),
            dedupe_key=f"event-reminder:{registration.pk}",
        ))  # fmt: skip
    return sent


# --- Accommodation ---------------------------------------------------------------------------

LONGEST_STAY = datetime.timedelta(days=366)


def _check_dates(start: datetime.date, end: datetime.date) -> None:
    if end <= start:
        raise StepRefused(_("The stay must end after it begins."), status=400)
    if start < timezone.localdate():
        raise StepRefused(_("The stay cannot begin in the past."), status=400)
    if end - start > LONGEST_STAY:
        raise StepRefused(_("A stay lasts at most a year; apply again to extend it."),
                          status=400)  # fmt: skip


def apply_for_stay(*, actor, occupant: str, occupant_kind: str, starts: datetime.date,
                   ends: datetime.date, note: str = "") -> StayApplication:  # fmt: skip
    """An enterprise user asks a bed for one of the firm's people; the staff who allocate
    are told."""
    if not acts_for_enterprise(actor):
        raise StepRefused(_("Only enterprise users can apply for accommodation."), status=403)
    _check_dates(starts, ends)
    enterprise = enterprise_of(actor)
    application = StayApplication.objects.create(
        enterprise=enterprise, applied_by=actor, occupant=occupant.strip(),
        occupant_kind=occupant_kind, wanted=DateRange(starts, ends), note=note.strip(),
    )  # fmt: skip
    notify(
        recipients=User.objects.filter(
            is_active=True, groups__permissions__codename="change_stayapplication"
        ).distinct(),
        kind="stay_asked",
        context={"enterprise": enterprise.name, "occupant": application.occupant,
                 "dates": _dates(application.wanted)},
        url=reverse("center:staff_accommodation"),
    )  # fmt: skip
    return application


def _dates(span) -> str:
    """A date range shown as its first and last night's morning: 2026-12-01 – 2026-12-31."""
    return f"{span.lower:%Y-%m-%d} – {span.upper:%Y-%m-%d}"


def free_bed(room: Room, starts: datetime.date, ends: datetime.date) -> Bed | None:
    """A bed of the room no allocated stay holds on any of these dates."""
    taken = StayApplication.objects.filter(
        bed__room=room, state=StayState.ALLOCATED, stay__overlap=DateRange(starts, ends)
    ).values("bed_id")
    return room.beds.exclude(pk__in=taken).order_by("label").first()


def allocate_stay(*, actor, application_id: int, room_id: int, starts: datetime.date,
                  ends: datetime.date) -> StayApplication:  # fmt: skip
    """Give the application a free bed of the room for the dates. The room row is locked
    while a bed is chosen, and the database refuses two stays on one bed whose dates
    overlap, so a room never holds more people than it has beds."""
    if not allocates_rooms(actor):
        raise StepRefused(_("Only park staff can allocate rooms."), status=403)
    if ends <= starts:
        raise StepRefused(_("The stay must end after it begins."), status=400)
    try:
        with transaction.atomic():
            application = StayApplication.objects.select_for_update().get(pk=application_id)
            if application.state != StayState.APPLIED:
                raise StepRefused(_("This application is not waiting for allocation."))
            room = Room.objects.select_for_update().get(pk=room_id)
            if not room.is_available:
                raise StepRefused(_("%(room)s is not available.") % {"room": room}, status=400)
            bed = free_bed(room, starts, ends)
            if bed is None:
                raise StepRefused(
                    _("%(room)s has no free bed from %(start)s to %(end)s.")
                    % {"room": room, "start": starts, "end": ends},
                    code="full",
                )
            application.bed, application.stay = bed, DateRange(starts, ends)
            application.state, application.decided_by = StayState.ALLOCATED, actor
            application.save(update_fields=["bed", "stay", "state", "decided_by", "updated_at"])
    except IntegrityError as exc:
        if "bed_held_once" not in str(exc):
            raise
        raise StepRefused(_("The bed is taken for part of these dates."), code="full") from None
    notify(recipients=[application.applied_by], kind="stay_allocated",
           context={"occupant": application.occupant, "room": str(room),
                    "dates": _dates(application.stay)},
           url=reverse("center:accommodation"))  # fmt: skip
    return application


@transaction.atomic
def refuse_stay(*, actor, application_id: int, reason: str) -> StayApplication:
    if not allocates_rooms(actor):
        raise StepRefused(_("Only park staff can decide applications."), status=403)
    if not reason.strip():
        raise StepRefused(_("Say why the application is refused."), status=400)
    application = StayApplication.objects.select_for_update().get(pk=application_id)
    if application.state != StayState.APPLIED:
        raise StepRefused(_("This application is not waiting for allocation."))
    application.state, application.decided_by = StayState.REFUSED, actor
    application.reason = reason.strip()
    application.save(update_fields=["state", "decided_by", "reason", "updated_at"])
    notify(recipients=[application.applied_by], kind="stay_refused",
           context={"occupant": application.occupant, "reason": application.reason},
           url=reverse("center:accommodation"))  # fmt: skip
    return application


@transaction.atomic
def withdraw_stay(*, actor, application_id: int) -> StayApplication:
    application = StayApplication.objects.select_for_update().get(pk=application_id)
    if not owns_application(actor, application):
        raise StepRefused(_("This application is not yours."), status=404)
    if application.state != StayState.APPLIED:
        raise StepRefused(_("Only an application still waiting can be withdrawn."))
    application.state = StayState.WITHDRAWN
    application.save(update_fields=["state", "updated_at"])
    return application


@transaction.atomic
def check_out(*, actor, application_id: int, day: datetime.date) -> StayApplication:
    """End a stay early on ``day`` (the morning the occupant leaves): the bed is free from
    then on."""
    if not allocates_rooms(actor):
        raise StepRefused(_("Only park staff can record a check-out."), status=403)
    application = StayApplication.objects.select_for_update().get(pk=application_id)
    if application.state != StayState.ALLOCATED:
        raise StepRefused(_("This application holds no bed."))
    stay = application.stay
    if not (stay.lower < day < stay.upper):
        raise StepRefused(
            _("Check-out must fall after %(start)s and before %(end)s.")
            % {"start": stay.lower, "end": stay.upper},
            status=400,
        )
    application.stay = DateRange(stay.lower, day)
    application.save(update_fields=["stay", "updated_at"])
    return application
