"""The month figures the database keeps give exactly what counting the requests gives.

A generated year (bench/data.py's generator, every timestamp, rating and unit a year of steps
leaves) is written with the triggers on; then requests change, move unit, are deleted, and
enterprises join and leave chains. After each change the kept figures must equal the counted
ones for every grouping and several periods, and a rebuild from the requests must find the
same rows.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from alliances.models import Chain, Enterprise
from bench.data import PLACES, REQUESTS_SQL, _titles
from services.loop import figures
from services.loop.demo import seed_units
from services.loop.models import Category, MonthFigures, MonthValueCount, Request

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

GROUPINGS = [None, "unit", "category", "chain", "channel", "state", "month"]


def _months_ago(n: int) -> datetime.date:
    first = timezone.localdate().replace(day=1)
    for _ in range(n):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def _periods():
    this_month = timezone.localdate().replace(day=1)
    last_of_previous = this_month - datetime.timedelta(days=1)
    return [
        (None, None),  # all time
        (_months_ago(11), None),  # the page's default: twelve months, this one included
        (_months_ago(6), last_of_previous),  # whole months in the past
        (this_month, timezone.localdate()),  # this month to today
    ]


def _counted(first, last, by):
    rows = Request.objects.all()
    if first:
        rows = rows.filter(submitted_at__gte=_midnight(first))
    if last:
        rows = rows.filter(submitted_at__lt=_midnight(last + datetime.timedelta(days=1)))
    return figures.compute(rows, by=by)


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def assert_kept_equals_counted():
    checked = 0
    for first, last in _periods():
        months = figures.whole_months(first, last)
        assert months is not None
        for by in GROUPINGS:
            kept = figures.from_months(*months, by=by)
            counted = _counted(first, last, by)
            assert kept == counted, (first, last, by)
            checked += len(counted[1])
    assert checked > 50  # the comparison saw real groups, not empty lists


@pytest.fixture
def year():
    units = seed_units(None)
    chains = [
        Chain.objects.create(code=code, name=name, order=i)
        for i, (code, name) in enumerate([("offshore", "海工装备"), ("biomedicine", "生物医药")])
    ]
    firms = [
        Enterprise.objects.create(name=f"烟台测试企业{i}有限公司", credit_code=f"TEST{i:014d}")
        for i in range(60)
    ]
    for i, firm in enumerate(firms):
        # a third on no chain, a third on one, a third on both
        firm.chains.set(chains[: i % 3])
    submitter = UserFactory(username="generator")
    categories = list(Category.objects.order_by("pk"))
    with connection.cursor() as cur:
        cur.execute(
            REQUESTS_SQL,
            {
                "ents": [f.pk for f in firms], "cats": [c.pk for c in categories],
                "units": [c.default_unit_id for c in categories],
                "limits": [c.time_limit_days for c in categories],
                "submitter": submitter.pk, "busy": 100, "start": 1, "end": 3000,
                "titles": _titles(categories), "places": PLACES,
            },
        )  # fmt: skip
    return {"units": units, "chains": chains, "firms": firms}


def _kept_rows():
    counts = {
        (f.dimension, f.month, f.group): tuple(getattr(f, n) for n in MonthFigures.COUNTS)
        for f in MonthFigures.objects.all()
        if any(getattr(f, n) for n in MonthFigures.COUNTS)
    }
    values = {
        (v.dimension, v.month, v.group, v.measure, v.value): v.n
        for v in MonthValueCount.objects.exclude(n=0)
    }
    return counts, values


def test_a_generated_year_kept_as_counted_through_every_kind_of_change(year):
    assert Request.objects.count() == 3000
    assert MonthFigures.objects.filter(dimension="all").count() >= 12
    assert_kept_equals_counted()

    # steps taken and undone, lights turned, a request moved to another unit, one deleted
    open_ones = Request.objects.filter(state="in_progress").order_by("pk")
    moved = open_ones.first()
    moved.lead_unit = year["units"][-1]
    moved.save()
    Request.objects.filter(pk__in=list(open_ones.values_list("pk", flat=True)[1:20])).update(
        state="resolved", resolved_at=timezone.now(), working_days_to_resolve=4
    )
    Request.objects.filter(state="dispatched").update(light="red")
    Request.objects.filter(rating="basically").order_by("pk")[:1].get().delete()
    # firms join and leave chains: their requests move between chain groups
    offshore, biomedicine = year["chains"]
    year["firms"][0].chains.add(offshore)  # from no chain to one
    year["firms"][1].chains.remove(offshore)  # from one to none
    year["firms"][2].chains.clear()  # from both to none
    year["firms"][3].chains.add(biomedicine)  # from none to one more
    assert_kept_equals_counted()

    kept = _kept_rows()
    out = io.StringIO()
    call_command("rebuild_figures", stdout=out)
    assert "month figures" in out.getvalue()
    assert _kept_rows() == kept


def test_whole_months_only():
    today = timezone.localdate()
    assert figures.whole_months(None, None) == (None, None)
    assert figures.whole_months(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 1),
    )
    assert figures.whole_months(datetime.date(2026, 1, 2), None) is None
    assert figures.whole_months(None, datetime.date(2026, 3, 30)) is None
    # up to today (or later) is the whole of this month so far
    assert figures.whole_months(None, today) == (None, today.replace(day=1))
