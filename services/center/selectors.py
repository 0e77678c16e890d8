"""Reads of the center: floors with their venues, a venue's week, bookings by who asks."""

import datetime

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Count, Q
from django.utils import timezone

from .choices import BookingState
from .models import Booking, Floor, Venue
from .permissions import decides_bookings


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
        rows.append({"venue": venue, "hours": round(seconds / 3600, 1), "share": share})
    return rows
