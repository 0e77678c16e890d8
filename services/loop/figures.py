"""Figures of the closed loop, computed from what the steps recorded; nothing is typed in.

- resolution rate (办结率): resolved / dispatched
- on-time rate (按期办结率): resolved by the deadline / resolved
- satisfaction rate (满意率): satisfied or basically satisfied ratings / all ratings given,
  where each "unsatisfied" that sent a request back for redo counts as one rating given;
  requests closed without a rating are counted apart and never as satisfied
- redo rate (重办率): resolved requests redone at least once / resolved
- return rate (退单率): dispatched requests returned at least once / dispatched
- timely sign-for rate (及时签收率): signed for within one working day / signed for
- median hours to sign for, median working days to resolve
"""

from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce, Extract, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Light, Rating, State


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
    median_sign_seconds: float | None = None
    median_days: float | None = None

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
        if self.median_sign_seconds is None:
            return None
        return round(self.median_sign_seconds / 3600, 1)

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


def _aggregates() -> dict:
    """Every figure as one SQL aggregate over the rows of a group; only dispatched requests
    count beyond the total."""
    dispatched = Q(dispatched_at__isnull=False)
    resolved = dispatched & Q(resolved_at__isnull=False)
    sign_wait = ExpressionWrapper(F("signed_at") - F("dispatched_at"), output_field=DurationField())
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
        "negative": Coalesce(Sum("redo_count", filter=dispatched), 0),
        "positive": Count(
            "pk", filter=dispatched & Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY])
        ),
        "not_rated": Count("pk", filter=dispatched & Q(rating=Rating.NOT_RATED)),
        "overdue_open": Count(
            "pk", filter=dispatched & Q(state__in=State.open_states(), light=Light.RED)
        ),
        "median_sign_seconds": Median(
            Extract(sign_wait, "epoch"), filter=dispatched & Q(signed_at__isnull=False)
        ),
        "median_days": Median("working_days_to_resolve", filter=resolved),
    }


DIMENSIONS = {
    "unit": _("Unit"),
    "category": _("Category"),
    "chain": _("Chain"),
    "month": _("Month"),
}

_GROUP_BY = {
    "unit": "lead_unit__name",
    "category": "category__name",
    "chain": "enterprise__chains__name",
}


def compute(queryset, *, by: str | None = None) -> tuple[Figures, list[Figures]]:
    """The totals, and one row per value of ``by`` (unit, category, chain or month): one
    aggregate query each, however many requests the period holds."""
    rows = queryset.order_by()
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
        else:
            label = key if key is not None else str(missing)
        groups.append(Figures(label=label, **values))
    groups.sort(key=lambda f: f.label, reverse=(by == "month"))
    return total, groups


def league_table(queryset=None, *, unit_rows: list[Figures] | None = None) -> list[Figures]:
    """Units ranked by score, best first (考核排名); pass ``unit_rows`` already computed
    ``by="unit"`` to rank them without reading the requests again."""
    if unit_rows is None:
        _total, unit_rows = compute(queryset.exclude(lead_unit=None), by="unit")
    dispatched = [f for f in unit_rows if f.dispatched]
    return sorted(dispatched, key=lambda f: (-f.score, f.label))
