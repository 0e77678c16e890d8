"""Figures of the closed loop, computed from what the steps recorded; nothing is typed in.

- resolution rate (办结率): resolved / dispatched
- on-time rate (按期办结率): resolved by the deadline / resolved
- satisfaction rate (满意率): satisfied or basically satisfied ratings / all ratings given,
  where each "unsatisfied" that sent a request back for redo counts as one rating given;
  requests closed without a rating are counted apart and never as satisfied
- redo rate (重办率): resolved requests redone at least once / resolved
- return rate (退单率): dispatched requests returned at least once / dispatched
- timely sign-for rate (及时签收率): signed for within one working day / signed for
- median hours to sign for (each wait counted in tenths of an hour, the precision shown),
  median working days to resolve

Two ways to the same numbers: ``compute`` aggregates the requests themselves under any
filter; ``from_months`` reads the month figures the database keeps (``MonthFigures``,
``MonthValueCount``), a bounded number of rows whatever the history, when the question is a
run of whole months grouped one way. ``figures_for`` picks; a test holds them equal.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliances.models import Chain
from portal.calendar import working_days_between

from .choices import Channel, FigureDimension, Light, Rating, ReviewStatus, State, Step
from .models import (
    Category,
    HandlingUnit,
    MonthFigures,
    Pause,
    Request,
    RequestEvent,
    Revisit,
)


@dataclass
class Figures:
    label: str = ""
    total: int = 0
    dispatched: int = 0
    resolved: int = 0
    on_time: int = 0
    positive: int = 0
    negative: int = 0
    not_rated: int = 0
    redone: int = 0
    returned: int = 0
    signed: int = 0
    signed_timely: int = 0
    overdue_open: int = 0
    median_sign_tenths: float | None = None
    median_days: float | None = None
    chased: int = 0  # times the enterprises chased (催办), see chases_by_unit
    paused_days: int = 0  # working days the unit's clocks stood still (挂起), see pauses

    @staticmethod
    def _rate(part, whole):
        return round(100 * part / whole, 1) if whole else None

    @property
    def resolution_rate(self):
        return self._rate(self.resolved, self.dispatched)

    @property
    def on_time_rate(self):
        return self._rate(self.on_time, self.resolved)

    @property
    def satisfaction_rate(self):
        return self._rate(self.positive, self.positive + self.negative)

    @property
    def redo_rate(self):
        return self._rate(self.redone, self.resolved)

    @property
    def return_rate(self):
        return self._rate(self.returned, self.dispatched)

    @property
    def timely_sign_rate(self):
        return self._rate(self.signed_timely, self.signed)

    @property
    def median_sign_hours(self):
        if self.median_sign_tenths is None:
            return None
        return round(self.median_sign_tenths / 10, 1)

    @property
    def median_resolve_days(self):
        if self.median_days is None:
            return None
        days = float(self.median_days)
        return int(days) if days.is_integer() else days

    @property
    def score(self) -> float:
        """The league-table score: on time 40 %, satisfaction 30 %, resolution 20 %,
        timely sign-for 10 %; a missing rate counts as zero."""
        parts = [
            (self.on_time_rate, 0.4), (self.satisfaction_rate, 0.3),
            (self.resolution_rate, 0.2), (self.timely_sign_rate, 0.1),
        ]  # fmt: skip
        return round(sum((rate or 0) * weight for rate, weight in parts), 1)


class Median(Aggregate):
    """PostgreSQL's median: the middle value, or the mean of the two middle ones."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class SignTenths(Func):
    """Hours from dispatch to sign-for in tenths, rounded: the same expression as the
    database's month figures (services_figure_values), so both medians agree exactly."""

    template = "round(extract(epoch FROM (%(expressions)s)) / 360)"
    arg_joiner = " - "
    output_field = IntegerField()


def _aggregates() -> dict:
    """Every figure as one SQL aggregate over the rows of a group; only dispatched requests
    count beyond the total."""
    dispatched = Q(dispatched_at__isnull=False)
    resolved = dispatched & Q(resolved_at__isnull=False)
    return {
        "total": Count("pk"),
        "dispatched": Count("pk", filter=dispatched),
        "returned": Count("pk", filter=dispatched & Q(return_count__gt=0)),
        "signed": Count("pk", filter=dispatched & Q(signed_at__isnull=False)),
        "signed_timely": Count("pk", filter=dispatched & Q(signed_in_time=True)),
        "resolved": Count("pk", filter=resolved),
        "on_time": Count(
            "pk", filter=resolved & (Q(deadline__isnull=True) | Q(resolved_at__lte=F("deadline")))
        ),
        "redone": Count("pk", filter=resolved & Q(redo_count__gt=0)),
        # Each redo asked for, and each request closed as unsatisfied without one.
        "negative": Coalesce(Sum("redo_count", filter=dispatched), 0)
        + Count("pk", filter=dispatched & Q(state=State.CLOSED, rating=Rating.UNSATISFIED)),
        "positive": Count(
            "pk", filter=dispatched & Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY])
        ),
        "not_rated": Count("pk", filter=dispatched & Q(rating=Rating.NOT_RATED)),
        "overdue_open": Count(
            "pk", filter=dispatched & Q(state__in=State.open_states(), light=Light.RED)
        ),
        "median_sign_tenths": Median(
            SignTenths("signed_at", "dispatched_at"), filter=dispatched & Q(signed_at__isnull=False)
        ),
        "median_days": Median("working_days_to_resolve", filter=resolved),
    }


DIMENSIONS = {
    "unit": _("Unit"),
    "category": _("Category"),
    "chain": _("Chain"),
    "channel": _("Channel"),
    "state": pgettext_lazy("request", "State"),
    "month": _("Month"),
}

_GROUP_BY = {
    "unit": "lead_unit__name",
    "category": "category__name",
    "chain": "enterprise__chains__name",
    "channel": "channel",
    "state": "state",
}


def compute(queryset, *, by: str | None = None) -> tuple[Figures, list[Figures]]:
    """The totals, and one row per value of ``by`` (unit, category, chain or month): one
    aggregate query each, however many requests the period holds."""
    # A duplicate merged into another request counts once, in that request.
    rows = queryset.exclude(state=State.MERGED).order_by()
    total = Figures(label=str(_("All")), **rows.aggregate(**_aggregates()))
    if by is None:
        return total, []
    if by == "month":
        month = TruncMonth("submitted_at", tzinfo=timezone.get_current_timezone())
        grouped = rows.annotate(group=month).values("group")
    else:
        grouped = rows.values(group=F(_GROUP_BY[by]))
    missing = {"unit": _("(not dispatched)"), "chain": _("(no chain)")}.get(by, "")
    groups = []
    for values in grouped.annotate(**_aggregates()).order_by():
        key = values.pop("group")
        if by == "month":
            label = timezone.localtime(key).strftime("%Y-%m") if key else str(missing)
        elif by == "channel":
            label = str(Channel(key).label)
        elif by == "state":
            label = str(State(key).label)
        else:
            label = key if key is not None else str(missing)
        groups.append(Figures(label=label, **values))
    groups.sort(key=lambda f: f.label, reverse=(by == "month"))
    return total, groups


def _labels(by: str) -> dict[str, str]:
    if by == "unit":
        names = dict(HandlingUnit.objects.values_list("pk", "name"))
        missing = _("(not dispatched)")
    elif by == "category":
        names = dict(Category.objects.values_list("pk", "name"))
        missing = ""
    elif by == "chain":
        names = dict(Chain.objects.values_list("pk", "name"))
        missing = _("(no chain)")
    elif by == "state":
        return {code: str(label) for code, label in State.choices}
    else:
        return {code: str(label) for code, label in Channel.choices}
    return {"": str(missing), **{str(pk): name for pk, name in names.items()}}


MEDIANS_SQL = """
WITH histogram AS (
    SELECT {key} AS k, measure, value, sum(n) AS n
    FROM services_monthvaluecount
    WHERE dimension = %(dimension)s
      AND (%(first)s::date IS NULL OR month >= %(first)s)
      AND (%(last)s::date IS NULL OR month <= %(last)s)
    GROUP BY 1, 2, 3 HAVING sum(n) > 0
), running AS (
    SELECT k, measure, value,
           sum(n) OVER (PARTITION BY k, measure ORDER BY value) AS upto,
           sum(n) OVER (PARTITION BY k, measure) AS size
    FROM histogram
)
-- the value holding the lower middle place, and the upper one: their mean
SELECT k, measure, (min(value) FILTER (WHERE upto > (size - 1) / 2)
                    + min(value) FILTER (WHERE upto > size / 2)) / 2.0
FROM running GROUP BY k, measure
"""


def _medians(dimension: str, key: str, first, last) -> dict:
    """{group: {"sign": median, "days": median}} from the value counts, computed in the
    database: the histograms never travel to Python."""
    found = defaultdict(dict)
    with connection.cursor() as cur:
        cur.execute(
            MEDIANS_SQL.format(key={"group": "grp", "month": "month", "all": "''"}[key]),
            {"dimension": dimension, "first": first, "last": last},
        )
        for group, measure, median in cur.fetchall():
            found[group][measure] = float(median)
    return found


def _counts(dimension: str, key: str | None, first, last):
    period = Q(dimension=dimension)
    if first:
        period &= Q(month__gte=first)
    if last:
        period &= Q(month__lte=last)
    sums = {name: Coalesce(Sum(name), 0) for name in MonthFigures.COUNTS}
    rows = MonthFigures.objects.filter(period)
    if key is None:
        return rows.aggregate(**sums)
    return [(row.pop(key), row) for row in rows.values(key).annotate(**sums).order_by()]


def month_total(first: datetime.date | None, last: datetime.date | None) -> Figures:
    """The figures of all requests submitted in the months from ``first`` to ``last`` (either
    open), from the month figures; two queries."""
    medians = _medians(FigureDimension.ALL, "all", first, last).get("", {})
    return Figures(
        label=str(_("All")), **_counts(FigureDimension.ALL, None, first, last),
        median_sign_tenths=medians.get("sign"), median_days=medians.get("days"),
    )  # fmt: skip


def month_groups(first: datetime.date | None, last: datetime.date | None, by: str):
    """One row per unit, category, chain, channel or month, from the month figures; two
    queries, and one for the names."""
    if by == "month":
        rows = _counts(FigureDimension.ALL, "month", first, last)
        medians, labels = _medians(FigureDimension.ALL, "month", first, last), None
    else:
        rows = _counts(by, "group", first, last)
        medians, labels = _medians(by, "group", first, last), _labels(by)
    groups = []
    for group, row in rows:
        if not row["total"]:
            continue  # every request once counted here has moved on (or was deleted)
        label = group.strftime("%Y-%m") if labels is None else labels.get(group, group)
        found = medians.get(group, {})
        groups.append(Figures(
            label=label, **row,
            median_sign_tenths=found.get("sign"), median_days=found.get("days"),
        ))  # fmt: skip
    groups.sort(key=lambda f: f.label, reverse=(by == "month"))
    return groups


def from_months(
    first: datetime.date | None, last: datetime.date | None, *, by: str | None = None
) -> tuple[Figures, list[Figures]]:
    """What ``compute`` gives for the requests submitted in the months from ``first`` to
    ``last``, read from the month figures: a bounded number of rows whatever the history."""
    return month_total(first, last), (month_groups(first, last, by) if by else [])


def whole_months(first: datetime.date | None, last: datetime.date | None):
    """The months a period covers when it is a run of whole months (``first`` the 1st or
    open, ``last`` a month's last day, today or later, or open), else None."""
    if first and first.day != 1:
        return None
    month_end = last and (last + datetime.timedelta(days=1)).day == 1
    if last and last < timezone.localdate() and not month_end:
        return None
    return (first, last.replace(day=1) if last else None)


def _of_requests(rows, path: str, *, requests=None, first=None, last=None):
    """``rows`` (chase events, pauses, revisits) of the requests in ``requests``, or of those
    submitted in the months from ``first`` to ``last``: the figures' scope, read from the
    smaller table, never from all requests."""
    if requests is not None:
        return rows.filter(**{f"{path}__in": requests.order_by().values("pk")})
    return _in_period(rows, f"{path}__", first, last)


def _in_period(rows, prefix: str, first, last):
    """``rows`` whose request (reached by ``prefix``) was submitted in the months from
    ``first`` to ``last``."""
    zone = timezone.get_current_timezone()
    if first:
        start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
        rows = rows.filter(**{f"{prefix}submitted_at__gte": start})
    if last:
        after = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        end = datetime.datetime.combine(after, datetime.time.min, tzinfo=zone)
        rows = rows.filter(**{f"{prefix}submitted_at__lt": end})
    return rows


def chases_by_unit(*, requests=None, first=None, last=None) -> dict[str, int]:
    """How often the enterprises chased each lead unit (催办次数), by unit name: the chases of
    the requests in ``requests``, or of those submitted in the months from ``first`` to
    ``last``. Read from the chase events (a partial index), never from all requests."""
    chases = RequestEvent.objects.filter(step=Step.CHASE, unit__isnull=False)
    chases = _of_requests(chases, "request", requests=requests, first=first, last=last)
    return dict(chases.values("unit__name").annotate(n=Count("pk")).values_list("unit__name", "n"))


@dataclass
class Paused:
    """The approved pauses of the figures' requests: how many, and the working days each
    unit's clocks stood still (ended pauses as counted when they ended, running ones until
    now)."""

    count: int = 0
    days_by_unit: dict = field(default_factory=dict)

    @property
    def days(self) -> int:
        return sum(self.days_by_unit.values())


def pauses(*, requests=None, first=None, last=None, now=None) -> Paused:
    """One query on the pauses (a small table), never on all requests."""
    now = now or timezone.now()
    rows = Pause.objects.filter(status=ReviewStatus.APPROVED, started_at__isnull=False)
    rows = _of_requests(rows, "request", requests=requests, first=first, last=last)
    found = Paused(days_by_unit=defaultdict(int))
    for name, counted, started in rows.values_list("unit__name", "working_days", "started_at"):
        found.count += 1
        found.days_by_unit[name] += (
            counted if counted is not None else working_days_between(started, now)
        )
    found.days_by_unit = dict(found.days_by_unit)
    return found


def add_unit_extras(rows: list[Figures], chased: dict[str, int], paused: dict[str, int]) -> None:
    for row in rows:
        row.chased = chased.get(row.label, 0)
        row.paused_days = paused.get(row.label, 0)


@dataclass
class AfterResolution:
    """Revisit calls, satisfaction online and by phone, pauses and merged duplicates."""

    resolved: int = 0
    online_positive: int = 0
    online_negative: int = 0
    calls: int = 0  # revisit calls made, reached or not
    revisited: int = 0  # requests whose enterprise was reached
    revisit_satisfied: int = 0
    revisit_basically: int = 0
    revisit_unsatisfied: int = 0
    pauses: int = 0
    paused_days: int = 0
    merged: int = 0

    @property
    def revisit_coverage(self):
        """Resolved requests whose enterprise was reached on a revisit call."""
        return Figures._rate(self.revisited, self.resolved)

    @property
    def revisit_positive(self):
        return self.revisit_satisfied + self.revisit_basically

    @property
    def revisit_rate(self):
        return Figures._rate(
            self.revisit_positive, self.revisit_positive + self.revisit_unsatisfied
        )

    @property
    def online_rate(self):
        return Figures._rate(self.online_positive, self.online_positive + self.online_negative)

    @property
    def combined_rate(self):
        """Every answer the enterprises gave, online and on the phone, together."""
        positive = self.online_positive + self.revisit_positive
        return Figures._rate(positive, positive + self.online_negative + self.revisit_unsatisfied)


def after_resolution(total: Figures, paused: Paused, *, requests=None, first=None,
                     last=None) -> AfterResolution:  # fmt: skip
    """The figures of revisits and merged duplicates for the requests the totals cover
    (``requests``, or those submitted from ``first`` to ``last``), with the pauses already
    read: two queries, on the revisits and on the merged requests' partial index."""
    scope = {"requests": requests, "first": first, "last": last}
    calls = _of_requests(Revisit.objects.all(), "request", **scope)
    counted = calls.aggregate(
        calls=Count("pk"),
        revisited=Count("request", filter=Q(reached=True), distinct=True),
        revisit_satisfied=Count("pk", filter=Q(reached=True, rating=Rating.SATISFIED)),
        revisit_basically=Count("pk", filter=Q(reached=True, rating=Rating.BASICALLY)),
        revisit_unsatisfied=Count("pk", filter=Q(reached=True, rating=Rating.UNSATISFIED)),
    )
    if requests is not None:
        merged = requests.filter(merged_into__isnull=False)  # the figures' rows leave them out
    else:
        merged = _in_period(Request.objects.filter(merged_into__isnull=False), "", first, last)
    merged = merged.order_by().count()
    return AfterResolution(
        resolved=total.resolved, online_positive=total.positive,
        online_negative=total.negative, pauses=paused.count, paused_days=paused.days,
        merged=merged, **counted,
    )  # fmt: skip


# A unit is ranked once it has handled this many requests in the period: one request
# resolved on time would otherwise top the table.
LEAGUE_MIN_REQUESTS = 5


def league_table(queryset=None, *, unit_rows: list[Figures] | None = None):
    """Units ranked by score, best first (考核排名), and the units with too few requests to
    rank (fewer than LEAGUE_MIN_REQUESTS dispatched), by name. Pass ``unit_rows`` already
    computed ``by="unit"`` to rank them without reading the requests again."""
    if unit_rows is None:
        _total, unit_rows = compute(queryset.exclude(lead_unit=None), by="unit")
    dispatched = [f for f in unit_rows if f.dispatched]
    ranked = [f for f in dispatched if f.dispatched >= LEAGUE_MIN_REQUESTS]
    too_few = [f for f in dispatched if f.dispatched < LEAGUE_MIN_REQUESTS]
    return sorted(ranked, key=lambda f: (-f.score, f.label)), sorted(too_few, key=lambda f: f.label)
