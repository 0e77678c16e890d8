import datetime

import pytest
from django.utils import timezone

from services.center.models import Floor, Venue


@pytest.fixture
def floor(db):
    return Floor.objects.create(number=3, name="会议培训中心")


@pytest.fixture
def room(floor):
    return Venue.objects.create(floor=floor, name="会议室一", kind="meeting", capacity=20)


@pytest.fixture
def hall(floor):
    return Venue.objects.create(floor=floor, name="报告厅", kind="hall", capacity=200,
                                needs_approval=True)  # fmt: skip


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A local time ``days`` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute),
                                     tzinfo=timezone.get_current_timezone())  # fmt: skip
