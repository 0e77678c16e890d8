"""Financing figures, counted from the rows: needs, offers, loans per bank, chain and month.

Amounts are in 10k yuan (万元), as the park reports them; nothing here is stored."""

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from alliances.models import Chain

from .choices import OfferStatus
from .models import Bank, FinancingNeed, Loan, MatchmakingMeeting, Offer

LOAN_SUMS = {
    "loans": Count("id"),
    "amount": Sum("amount"),
    "enterprises": Count("enterprise", distinct=True),
}


def loan_sums(loans=None) -> dict:
    """Loans, amount and enterprises financed, of all loans or of the ones given."""
    sums = (Loan.objects.all() if loans is None else loans).aggregate(**LOAN_SUMS)
    return {**sums, "amount": sums["amount"] or 0}


def totals() -> dict:
    return {
        "banks": Bank.objects.filter(is_active=True).count(),
        "meetings_held": MatchmakingMeeting.objects.filter(date__lte=timezone.localdate()).count(),
        "needs": FinancingNeed.objects.count(),
        "needs_open": FinancingNeed.objects.open().count(),
        "offers": Offer.objects.count(),
        **loan_sums(),
    }


def by_bank() -> list[dict]:
    """Offers and loans per bank; the loan sum is a subquery so the offers join cannot
    multiply it."""
    lent = (
        Loan.objects.filter(bank=OuterRef("pk")).values("bank")
        .annotate(total=Sum("amount")).values("total")
    )  # fmt: skip
    return list(
        Bank.objects.annotate(
            offers_made=Count("offers", distinct=True),
            accepted=Count("offers", filter=Q(offers__status=OfferStatus.ACCEPTED), distinct=True),
            loans_count=Count("loans", distinct=True),
            enterprises=Count("loans__enterprise", distinct=True),
            amount=Subquery(lent),
        )
        .values("name", "offers_made", "accepted", "loans_count", "enterprises", "amount")
        .order_by(F("amount").desc(nulls_last=True), "name")
    )


def by_chain() -> list[dict]:
    """Per chain; a firm on two chains counts on both, the park total counts it once."""
    per_chain = Loan.objects.values("enterprise__chains").annotate(**LOAN_SUMS).order_by()
    loans = {row["enterprise__chains"]: row for row in per_chain}
    needs = dict(
        FinancingNeed.objects.values("enterprise__chains").annotate(n=Count("id")).order_by()
        .values_list("enterprise__chains", "n")
    )  # fmt: skip
    rows = []
    for chain in Chain.objects.all():
        row = loans.get(chain.pk, {})
        rows.append({
            "chain": chain.name, "needs": needs.get(chain.pk, 0), "loans": row.get("loans", 0),
            "amount": row.get("amount") or 0, "enterprises": row.get("enterprises", 0),
        })  # fmt: skip
    return rows


def by_month(loans=None, *, months: int | None = 12) -> list[dict]:
    """Loans per month of grant: each of the last ``months`` months, a month without loans
    included with zeros; or, with None, every month that has loans."""
    loans = Loan.objects.all() if loans is None else loans
    firsts = []
    if months is not None:
        since = timezone.localdate().replace(day=1)
        firsts.append(since)
        for _i in range(months - 1):
            since = (since - timezone.timedelta(days=1)).replace(day=1)
            firsts.append(since)
        loans = loans.filter(granted_on__gte=since)
    counted = {
        row["month"]: row
        for row in loans.annotate(month=TruncMonth("granted_on")).values("month")
        .annotate(**LOAN_SUMS).order_by("month")
    }  # fmt: skip
    if months is None:
        return list(counted.values())
    empty = {"loans": 0, "amount": 0, "enterprises": 0}
    return [counted.get(first, {"month": first, **empty}) for first in sorted(firsts)]
