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

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.calendar import working_days_between

from .choices import Light, Rating, State
from .lights import sign_for_due


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
    sign_hours: list = field(default_factory=list, repr=False)
    resolve_days: list = field(default_factory=list, repr=False)

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
        return round(statistics.median(self.sign_hours), 1) if self.sign_hours else None

    @property
    def median_resolve_days(self):
        return statistics.median(self.resolve_days) if self.resolve_days else None

    @property
    def score(self) -> float:
        """The league-table score: on time 40 %, satisfaction 30 %, resolution 20 %,
        timely sign-for 10 %; a missing rate counts as zero."""
        parts = [
            (self.on_time_rate, 0.4), (self.satisfaction_rate, 0.3),
            (self.resolution_rate, 0.2), (self.timely_sign_rate, 0.1),
        ]  # fmt: skip
        return round(sum((rate or 0) * weight for rate, weight in parts), 1)

    def add(self, row: dict, now) -> None:
        self.total += 1
        if row["dispatched_at"] is None:
            return
        self.dispatched += 1
        if row["return_count"]:
            self.returned += 1
        if row["signed_at"] is not None:
            self.signed += 1
            self.sign_hours.append((row["signed_at"] - row["dispatched_at"]).total_seconds() / 3600)
            if row["signed_at"] <= sign_for_due(row["dispatched_at"]):
                self.signed_timely += 1
        if row["resolved_at"] is not None:
            self.resolved += 1
            if row["deadline"] is None or row["resolved_at"] <= row["deadline"]:
                self.on_time += 1
            if row["redo_count"]:
                self.redone += 1
            self.resolve_days.append(working_days_between(row["dispatched_at"], row["resolved_at"]))
        self.negative += row["redo_count"]
        if row["rating"] in (Rating.SATISFIED, Rating.BASICALLY):
            self.positive += 1
        elif row["rating"] == Rating.NOT_RATED:
            self.not_rated += 1
        if row["state"] in State.open_states() and row["light"] == Light.RED:
            self.overdue_open += 1


FIELDS = [
    "pk", "state", "light", "rating", "redo_count", "return_count", "submitted_at",
    "dispatched_at", "signed_at", "resolved_at", "deadline", "lead_unit__name", "category__name",
]  # fmt: skip

DIMENSIONS = {
    "unit": _("Unit"),
    "category": _("Category"),
    "chain": _("Chain"),
    "month": _("Month"),
}


def compute(queryset, *, by: str | None = None) -> tuple[Figures, list[Figures]]:
    """The totals, and one row per value of ``by`` (unit, category, chain or month)."""
    now = timezone.now()
    total = Figures(label=str(_("All")))
    groups: dict[str, Figures] = defaultdict(Figures)
    chains = {}
    if by == "chain":
        through = queryset.values_list("pk", "enterprise__chains__name")
        for pk, chain in through:
            chains.setdefault(pk, []).append(chain or str(_("(no chain)")))
    for row in queryset.values(*FIELDS).iterator(chunk_size=2000):
        total.add(row, now)
        if by is None:
            continue
        if by == "unit":
            keys = [row["lead_unit__name"] or str(_("(not dispatched)"))]
        elif by == "category":
            keys = [row["category__name"]]
        elif by == "month":
            keys = [timezone.localtime(row["submitted_at"]).strftime("%Y-%m")]
        else:
            keys = chains.get(row["pk"], [])
        for key in keys:
            groups[key].label = key
            groups[key].add(row, now)
    rows = sorted(groups.values(), key=lambda f: f.label, reverse=(by == "month"))
    return total, rows


def league_table(queryset=None, *, unit_rows: list[Figures] | None = None) -> list[Figures]:
    """Units ranked by score, best first (考核排名); pass ``unit_rows`` already computed
    ``by="unit"`` to rank them without reading the requests again."""
    if unit_rows is None:
        _total, unit_rows = compute(queryset.exclude(lead_unit=None), by="unit")
    dispatched = [f for f in unit_rows if f.dispatched]
    return sorted(dispatched, key=lambda f: (-f.score, f.label))
