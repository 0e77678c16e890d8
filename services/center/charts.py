"""The center on the staff dashboard: how much of its floors' opening hours were booked over
the last thirty days, and how many beds of the accommodation are taken tonight."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dashboard import Chart, ChartData, Series

from . import selectors

DAYS = 30


def occupancy_by_floor() -> ChartData:
    start = timezone.localdate() - datetime.timedelta(days=DAYS)
    floors: dict = {}
    for row in selectors.occupancy(start=start, days=DAYS):
        floor = row["venue"].floor
        booked, opening = floors.get(floor, (0.0, 0.0))
        floors[floor] = (booked + row["hours"], opening + row["opening_hours"])
    ordered = sorted(floors, key=lambda floor: floor.number)
    return ChartData(
        labels=[str(floor) for floor in ordered],
        series=[Series(_("Occupancy"), [
            round(100 * floors[f][0] / floors[f][1], 1) if floors[f][1] else 0 for f in ordered
        ])],
        links=[reverse("center:center") + f"#floor-{floor.number}" for floor in ordered],
        unit="%",
    )  # fmt: skip


def charts() -> list[Chart]:
    return [
        Chart("venue-occupancy", _("Venue occupancy"), "hbar", occupancy_by_floor,
              lambda user: user.is_authenticated and user.has_perm("center.view_booking"),
              order=60,
              note=_("Confirmed booking hours of each floor's venues over the last 30 days, "
                     "out of their opening hours.")),
    ]  # fmt: skip
