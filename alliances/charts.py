"""The alliances on the staff dashboard: honours and their economic benefit per alliance, and
investment-attraction events per chain; each bar leads to the rows it counts."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.dashboard import Chart, ChartData, Series

from .choices import HonourKind, InvestmentEventKind
from .models import Alliance, Chain

WAN = 10_000


def _admin_list(model: str, **query) -> str:
    return reverse(f"admin:alliances_{model}_changelist") + "?" + urlencode(query)


def _alliances():
    return Alliance.objects.select_related("chain").order_by("chain__order", "pk")


def honours() -> ChartData:
    counts = {kind: Count("honours", filter=Q(honours__kind=kind)) for kind in HonourKind.values}
    rows = list(_alliances().annotate(**counts))
    return ChartData(
        labels=[row.name for row in rows],
        series=[Series(label, [getattr(row, kind) for row in rows])
                for kind, label in HonourKind.choices],
        links=[_admin_list("honour", alliance__id__exact=row.pk) for row in rows],
    )  # fmt: skip


def benefit() -> ChartData:
    rows = list(_alliances().annotate(benefit=Sum("honours__economic_benefit")))
    return ChartData(
        labels=[row.name for row in rows],
        series=[Series(_("Economic benefit"),
                       [round(float(row.benefit or 0) / WAN, 1) for row in rows])],
        links=[_admin_list("honour", alliance__id__exact=row.pk) for row in rows],
        unit=str(_("10k yuan")),
    )  # fmt: skip


def investment_events() -> ChartData:
    counts = {
        kind: Count("investment_events", filter=Q(investment_events__kind=kind))
        for kind in InvestmentEventKind.values
    }
    chains = list(Chain.objects.annotate(**counts).order_by("order", "pk"))
    return ChartData(
        labels=[chain.name for chain in chains],
        series=[Series(label, [getattr(chain, kind) for chain in chains])
                for kind, label in InvestmentEventKind.choices],
        links=[_admin_list("investmentevent", chain__id__exact=chain.pk) for chain in chains],
    )  # fmt: skip


def charts() -> list[Chart]:
    def reads(permission):
        return lambda user: user.is_authenticated and user.has_perm(permission)

    return [
        Chart("honours-by-alliance", _("Honours by alliance"), "stacked", honours,
              reads("alliances.view_honour"), order=40,
              note=_("Red craftsmen, model posts and red-heart workshops named in each alliance.")),
        Chart("benefit-by-alliance", _("Economic benefit of the honours"), "bar", benefit,
              reads("alliances.view_honour"), order=41,
              note=_("The benefit the honoured people, posts and workshops brought their firms.")),
        Chart("investment-events", _("Investment attraction by chain"), "stacked",
              investment_events, reads("alliances.view_investmentevent"), order=42,
              note=_("Conferences and online negotiations held for each chain.")),
    ]  # fmt: skip
