"""Reads of the center: floors with their venues, a venue's week, bookings by who asks;
events with their places and attendance; the accommodation's beds and occupancy; the
five-minute service circle laid out for drawing."""

import datetime
import math

from django.db.backends.postgresql.psycopg_any import DateRange, DateTimeTZRange
from django.db.models import Count, F, Q
from django.utils import timezone

from .choices import BookingState, Direction, RegistrationState, StayState
from .models import (
    Bed,
    Booking,
    Event,
    Floor,
    Registration,
    Room,
    ServicePoint,
    StayApplication,
    Venue,
)
from .permissions import acts_for_enterprise, allocates_rooms, decides_bookings


def floors_with_venues():
    return Floor.objects.prefetch_related("venues").annotate(venue_count=Count("venues"))


def week_of(venue: Venue, monday: datetime.date) -> list[tuple[datetime.date, list]]:
    """The seven days from ``monday`` with the bookings holding the venue on each."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time(0), tzinfo=zone)
    end = start + datetime.timedelta(days=7)
    bookings = list(
        Booking.objects.filter(venue=venue, state__in=BookingState.holding(),
                               during__overlap=DateTimeTZRange(start, end))
        .select_related("enterprise").order_by("during")
    )  # fmt: skip
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        days.append((day, [b for b in bookings if timezone.localtime(b.starts_at).date() == day]))
    return days


def bookings_of(user):
    """A person's own bookings, and their enterprise's."""
    from alliances.permissions import enterprise_id_of

    mine = Q(booked_by=user)
    enterprise_id = enterprise_id_of(user)
    if enterprise_id is not None:
        mine |= Q(enterprise_id=enterprise_id)
    return Booking.objects.filter(mine).select_related("venue__floor", "booked_by")


def bookings_for_staff(user):
    if not decides_bookings(user):
        return Booking.objects.none()
    return Booking.objects.select_related("venue__floor", "booked_by", "enterprise")


def occupancy(*, start: datetime.date, days: int = 7) -> list[dict]:
    """Per venue, the share of its opening hours booked (confirmed) over ``days`` days."""
    zone = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time(0), tzinfo=zone)
    end = begin + datetime.timedelta(days=days)
    rows = []
    booked = {}
    for booking in Booking.objects.filter(
        state=BookingState.CONFIRMED, during__overlap=DateTimeTZRange(begin, end)
    ).only("venue_id", "during"):
        lower, upper = max(booking.starts_at, begin), min(booking.ends_at, end)
        booked[booking.venue_id] = booked.get(booking.venue_id, 0) + (upper - lower).total_seconds()
    for venue in Venue.objects.select_related("floor").filter(is_bookable=True):
        opening = datetime.datetime.combine(start, venue.closes_at) - datetime.datetime.combine(
            start, venue.opens_at
        )
        total = opening.total_seconds() * days
        seconds = booked.get(venue.pk, 0)
        share = round(100 * seconds / total, 1) if total else 0
        rows.append({"venue": venue, "hours": round(seconds / 3600, 1), "share": share,
                     "opening_hours": total / 3600})  # fmt: skip
    return rows


# --- Events ----------------------------------------------------------------------------------

_REGISTERED = Q(registrations__state=RegistrationState.REGISTERED)


def events():
    """Events with how many are registered and how many attended."""
    return Event.objects.select_related("venue__floor").annotate(
        registered=Count("registrations", filter=_REGISTERED),
        attended=Count("registrations", filter=_REGISTERED
                       & Q(registrations__attended_at__isnull=False)),
    )  # fmt: skip


def upcoming_events(*, now=None):
    now = now or timezone.now()
    return events().filter(is_cancelled=False, ends_at__gt=now).order_by("starts_at")


def past_events(*, now=None):
    now = now or timezone.now()
    return events().filter(is_cancelled=False, ends_at__lte=now).order_by("-starts_at")


def registration_of(user, event):
    if not user.is_authenticated:
        return None
    return event.registrations.filter(user=user, state=RegistrationState.REGISTERED).first()


def roster(event):
    return (
        event.registrations.filter(state=RegistrationState.REGISTERED)
        .select_related("user", "enterprise").order_by("created_at", "id")
    )  # fmt: skip


def event_figures() -> dict:
    """Events held, person-times attended, upcoming events."""
    now = timezone.now()
    held = Event.objects.filter(is_cancelled=False, ends_at__lte=now)
    return {
        "held": held.count(),
        "attendances": Registration.objects.filter(
            event__in=held, state=RegistrationState.REGISTERED, attended_at__isnull=False
        ).count(),
        "upcoming": Event.objects.filter(is_cancelled=False, ends_at__gt=now).count(),
    }


# --- Accommodation ---------------------------------------------------------------------------


def _holding_on(day: datetime.date):
    return Q(state=StayState.ALLOCATED, stay__contains=day)


def rooms_with_beds(day: datetime.date):
    """Rooms with their beds and how many of them are taken on ``day`` (one stay a bed a
    day at most: the database sees to it)."""
    held = Q(beds__stays__state=StayState.ALLOCATED, beds__stays__stay__contains=day)
    return (
        Room.objects.annotate(
            bed_count=Count("beds", distinct=True),
            occupied=Count("beds__stays", filter=held, distinct=True),
        )
        .annotate(free=F("bed_count") - F("occupied"))
        .order_by("building", "number")
    )


def accommodation_occupancy(day: datetime.date) -> dict:
    """Beds, beds taken on ``day`` (stays whose dates include it) and the share taken."""
    beds = Bed.objects.filter(room__is_available=True).count()
    taken = StayApplication.objects.filter(_holding_on(day), bed__room__is_available=True).count()
    return {"beds": beds, "taken": taken, "free": beds - taken,
            "share": round(100 * taken / beds, 1) if beds else 0}  # fmt: skip


def applications_of(user):
    from alliances.permissions import enterprise_id_of

    if not acts_for_enterprise(user):
        return StayApplication.objects.none()
    return StayApplication.objects.filter(enterprise_id=enterprise_id_of(user)).select_related(
        "bed__room", "applied_by"
    )


def applications_for_staff(user):
    if not allocates_rooms(user):
        return StayApplication.objects.none()
    return StayApplication.objects.select_related("enterprise", "applied_by", "bed__room")


def current_stays(day: datetime.date):
    return (
        StayApplication.objects.filter(_holding_on(day))
        .select_related("enterprise", "bed__room")
        .order_by("bed__room__building", "bed__room__number", "bed__label")
    )


def stays_waiting(day: datetime.date):
    """Allocated stays that begin after ``day``."""
    return (
        StayApplication.objects.filter(
            state=StayState.ALLOCATED,
            stay__fully_gt=DateRange(day, day + datetime.timedelta(days=1)),
        )
        .select_related("enterprise", "bed__room")
        .order_by("stay")
    )


# --- The five-minute service circle ----------------------------------------------------------

_BEARING = {Direction.N: 0, Direction.NE: 45, Direction.E: 90, Direction.SE: 135,
            Direction.S: 180, Direction.SW: 225, Direction.W: 270, Direction.NW: 315}  # fmt: skip
CIRCLE_MINUTES = 5


def service_circle(*, size: int = 360) -> dict:
    """The services around the center placed for drawing: the center in the middle, one ring
    a minute up to five, each point on its direction at its walking distance (points of one
    direction and distance are fanned out so that none hides another)."""
    points = list(ServicePoint.objects.order_by("walking_minutes", "name"))
    middle = size / 2
    step = (middle - 30) / max(CIRCLE_MINUTES, max((p.walking_minutes for p in points),
                                                   default=1))  # fmt: skip
    seen: dict[tuple, int] = {}
    placed = []
    for number, point in enumerate(points, start=1):
        key = (point.direction, point.walking_minutes)
        bearing = _BEARING[point.direction] + 14 * seen.get(key, 0)
        seen[key] = seen.get(key, 0) + 1
        radius = step * point.walking_minutes
        angle = math.radians(bearing)
        placed.append({
            "point": point, "number": number,
            "x": round(middle + radius * math.sin(angle), 1),
            "y": round(middle - radius * math.cos(angle), 1),
        })  # fmt: skip
    label = math.radians(22)  # ring labels off the compass points, where services sit
    rings = [{"minutes": m, "r": round(step * m, 1),
              "x": round(middle + step * m * math.sin(label), 1),
              "y": round(middle - step * m * math.cos(label), 1)}
             for m in range(1, CIRCLE_MINUTES + 1)]  # fmt: skip
    return {"size": size, "middle": middle, "rings": rings, "points": placed,
            "within": sum(1 for p in points if p.walking_minutes <= CIRCLE_MINUTES)}  # fmt: skip
