"""Financing on the staff dashboard: loans by partner bank and by month of grant (万元), each
bar leading to the loans it sums."""

from django.db.models import F, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.dashboard import Chart, ChartData, Series

from . import figures
from .models import Bank, Loan

WAN = _("10k yuan")


def _loans(**query) -> str:
    return reverse("admin:finance_loan_changelist") + "?" + urlencode(query)


def by_bank() -> ChartData:
    lent = (
        Loan.objects.filter(bank=OuterRef("pk")).values("bank")
        .annotate(total=Sum("amount")).values("total")
    )  # fmt: skip
    banks = list(
        Bank.objects.annotate(amount=Subquery(lent)).filter(amount__gt=0)
        .order_by(F("amount").desc(), "name").values("pk", "name", "amount")
    )  # fmt: skip
    return ChartData(
        labels=[bank["name"] for bank in banks],
        series=[Series(_("Loans granted"), [float(bank["amount"]) for bank in banks])],
        links=[_loans(bank__id__exact=bank["pk"]) for bank in banks], unit=str(WAN),
    )  # fmt: skip


def by_month() -> ChartData:
    months = figures.by_month()
    return ChartData(
        labels=[f"{row['month']:%Y-%m}" for row in months],
        series=[Series(_("Loans granted"), [float(row["amount"] or 0) for row in months])],
        links=[_loans(granted_on__year=row["month"].year, granted_on__month=row["month"].month)
               for row in months],
        unit=str(WAN),
    )  # fmt: skip


def _reads_loans(user) -> bool:
    return user.is_authenticated and user.has_perm("finance.view_loan")


def charts() -> list[Chart]:
    return [
        Chart("financing-by-bank", _("Financing by bank"), "hbar", by_bank, _reads_loans,
              order=30, note=_("Loans the partner banks granted to park enterprises.")),
        Chart("financing-by-month", _("Financing by month"), "bar", by_month, _reads_loans,
              order=31, note=_("Loans granted in each of the last twelve months.")),
    ]  # fmt: skip
