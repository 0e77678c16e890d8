"""The request loop's charts on the staff dashboard, read from the month figures the
database keeps (``MonthFigures``): a bounded number of rows however many requests there are.
Each label links to the staff list of the requests it counts."""

import calendar
import datetime

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.dashboard import Chart, ChartData, Series

from . import figures
from .choices import FigureDimension, State
from .models import HandlingUnit, MonthFigures
from .selectors import sees_all_requests

MONTHS = 12


def last_months(count: int = MONTHS) -> list[datetime.date]:
    """The first days of the last ``count`` months, this one last."""
    first = timezone.localdate().replace(day=1)
    months = [first]
    for _i in range(count - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def _list(**query) -> str:
    return reverse("services:staff_requests") + "?" + urlencode(query)


def _month_list(month: datetime.date) -> str:
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return _list(**{"from": month.isoformat(), "to": last.isoformat()})


def _by_month():
    months = last_months()
    found = {row.label: row for row in figures.month_groups(months[0], None, "month")}
    return months, [found.get(f"{month:%Y-%m}", figures.Figures()) for month in months]


def requests_by_month() -> ChartData:
    months, rows = _by_month()
    return ChartData(
        labels=[f"{month:%Y-%m}" for month in months],
        series=[Series(_("Submitted"), [row.total for row in rows]),
                Series(_("Resolved"), [row.resolved for row in rows])],
        links=[_month_list(month) for month in months],
    )  # fmt: skip


def rates_by_month() -> ChartData:
    months, rows = _by_month()
    return ChartData(
        labels=[f"{month:%Y-%m}" for month in months],
        series=[Series(_("On-time rate"), [row.on_time_rate for row in rows]),
                Series(_("Satisfaction rate"), [row.satisfaction_rate for row in rows])],
        links=[_month_list(month) for month in months], unit="%",
    )  # fmt: skip


def requests_by_state() -> ChartData:
    counted = dict(
        MonthFigures.objects.filter(dimension=FigureDimension.STATE)
        .values_list("group").annotate(n=Sum("total")).values_list("group", "n")
    )  # fmt: skip
    states = [state for state in State if counted.get(state.value)]
    return ChartData(
        labels=[str(state.label) for state in states],
        series=[Series(pgettext_lazy("count", "Requests"), [counted[s.value] for s in states])],
        links=[_list(state=state.value) for state in states],
    )  # fmt: skip


def unit_league() -> ChartData:
    months = last_months()
    ranked, _too_few = figures.league_table(unit_rows=figures.month_groups(months[0], None, "unit"))
    units = dict(HandlingUnit.objects.values_list("name", "pk"))
    return ChartData(
        labels=[row.label for row in ranked],
        series=[Series(_("Score"), [row.score for row in ranked])],
        links=[_list(lead_unit=units[row.label]) if row.label in units else None
               for row in ranked],
    )  # fmt: skip


def suggestions_taken() -> ChartData:
    """Per month of the last twelve: dispatch suggestions shown, and the share the dispatch
    followed (``DispatchSuggestion.taken``), from an index over the followed ones."""
    from .suggestions import taken_by_month

    months = last_months()
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time()))
    found = {f"{row['month']:%Y-%m}": row for row in taken_by_month(start, None)}
    rows = [found.get(f"{month:%Y-%m}", {"shown": 0, "taken": 0}) for month in months]
    # The count beside each month: a share of three dispatches is not one of three hundred.
    return ChartData(
        labels=[f"{month:%Y-%m} ({r['taken']}/{r['shown']})"
                for month, r in zip(months, rows, strict=True)],
        series=[Series(_("Suggestions taken"),
                       [round(100 * r["taken"] / r["shown"]) if r["shown"] else 0
                        for r in rows])],
        links=[None for _month in months], unit="%",
    )  # fmt: skip


def hot_topics() -> ChartData:
    """Topics the open requests of several enterprises share, linking to those requests."""
    from .topics import shared_open_topics

    rows = shared_open_topics()
    return ChartData(
        labels=[_("%(term)s · %(enterprises)s enterprises · %(requests)s requests")
                % row for row in rows],
        series=[Series(pgettext_lazy("count", "Requests"), [row["requests"] for row in rows])],
        links=[_list(term=row["term"]) for row in rows],
    )  # fmt: skip


def rising_topics() -> ChartData:
    """This month's rising terms, linking to the month's requests that use them."""
    from .topics import rising_terms

    month = timezone.localdate().replace(day=1)
    rows = rising_terms()
    return ChartData(
        labels=[(_("%(term)s (×%(rise)s)") if row["rise"] else _("%(term)s (new)")) % row
                for row in rows],
        series=[Series(_("This month"), [row["requests"] for row in rows]),
                Series(_("Three months before"), [row["earlier"] for row in rows])],
        links=[_list(term=row["term"], **{"from": month.isoformat()}) for row in rows],
    )  # fmt: skip


def charts() -> list[Chart]:
    return [
        Chart("requests-by-month", _("Requests by month"), "bar", requests_by_month,
              sees_all_requests, order=10,
              note=_("Submitted in each of the last twelve months, and of them resolved.")),
        Chart("requests-by-state", _("Requests by state"), "hbar", requests_by_state,
              sees_all_requests, order=11, note=_("Every request as it stands now.")),
        Chart("on-time-and-satisfaction", _("On time and satisfied"), "line", rates_by_month,
              sees_all_requests, order=12,
              note=_("Of the requests submitted each month: resolved by the deadline, and "
                     "ratings satisfied or basically satisfied.")),
        Chart("hot-topics", _("Hot topics: open requests several enterprises share"), "hbar",
              hot_topics, sees_all_requests, order=15,
              note=_("Words (with their synonyms) that open requests of two or more enterprises "
                     "use; each links to those requests.")),
        Chart("rising-topics", _("Rising this month"), "hbar", rising_topics,
              sees_all_requests, order=16,
              note=_("Words used by three or more of this month's requests, by how much more "
                     "often than in the three months before.")),
        Chart("suggestions-taken", _("Dispatch suggestions taken"), "bar", suggestions_taken,
              sees_all_requests, order=14,
              note=_("Per month: the requests dispatched after a suggestion was shown, and "
                     "the share (%) sent to the suggested lead unit.")),
        Chart("unit-league", _("Unit league table"), "hbar", unit_league, sees_all_requests,
              order=13,
              note=_("The last twelve months' score: on time 40 %, satisfaction 30 %, "
                     "resolution 20 %, timely sign-for 10 %.")),
    ]  # fmt: skip
