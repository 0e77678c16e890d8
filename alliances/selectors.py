"""Reads of the registry and the alliances, scoped to what the asking user may see."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from .choices import HonourKind, InvestmentEventKind, MemberTier
from .models import (
    Alliance,
    AllianceMember,
    Chain,
    ChainLink,
    ChainSegment,
    ChairTerm,
    Enterprise,
    Honour,
    InvestmentEvent,
    InvestmentProject,
)
from .permissions import is_registry_staff


def enterprise_of(user) -> Enterprise | None:
    """The enterprise this user acts for, or None (staff, anonymous, unattached accounts)."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "enterprise_membership", None)
    return membership.enterprise if membership else None


def enterprises_visible_to(user):
    """Staff see the whole registry; an enterprise user sees only their own enterprise."""
    if not user.is_authenticated:
        return Enterprise.objects.none()
    if is_registry_staff(user):
        return Enterprise.objects.all()
    return Enterprise.objects.filter(memberships__user=user)


def enterprise_list_for_staff():
    """The staff list: everything a row shows, in a fixed number of queries."""
    return (
        Enterprise.objects.select_related("party_organization")
        .prefetch_related(Prefetch("chains", queryset=Chain.objects.only("id", "name", "order")))
        .order_by("name", "id")
    )


# --- Alliances -------------------------------------------------------------------------------


def public_alliances():
    today = timezone.localdate()
    active = Q(members__left_on__isnull=True) | Q(members__left_on__gte=today)
    return Alliance.objects.select_related("chain").annotate(
        member_count=Count("members", filter=active, distinct=True),
        enterprise_count=Count("chain__enterprises", distinct=True),
    )


def active_members(alliance):
    today = timezone.localdate()
    return (
        AllianceMember.objects.filter(alliance=alliance)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .select_related("enterprise", "party_organization")
        .order_by("tier", "rotation_order", "name")
    )


def members_by_tier(alliance) -> dict[str, list[AllianceMember]]:
    grouped = {tier: [] for tier in MemberTier.values}
    for member in active_members(alliance):
        grouped[member.tier].append(member)
    return grouped


def chair_terms_around(alliance, on=None) -> tuple[ChairTerm | None, ChairTerm | None]:
    """The current chair term on a day, and the next one after it."""
    on = on or timezone.localdate()
    terms = ChairTerm.objects.filter(alliance=alliance).select_related("member")
    current = terms.filter(starts_on__lte=on, ends_on__gte=on).first()
    upcoming = terms.filter(starts_on__gt=on).order_by("starts_on").first()
    return current, upcoming


@dataclass
class HonourTotals:
    """Counts and economic benefit of honours, per kind; computed from the rows."""

    counts: dict[str, int] = field(default_factory=dict)
    benefit: Decimal = Decimal("0")
    by_year: list[dict] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)

    @property
    def craftsmen(self) -> int:
        return self.count(HonourKind.CRAFTSMAN)

    @property
    def model_posts(self) -> int:
        return self.count(HonourKind.MODEL_POST)

    @property
    def workshops(self) -> int:
        return self.count(HonourKind.RED_WORKSHOP)


def honour_totals(*, alliance=None, year=None) -> HonourTotals:
    qs = Honour.objects.all()
    if alliance is not None:
        qs = qs.filter(alliance=alliance)
    if year is not None:
        qs = qs.filter(year=year)
    totals = HonourTotals()
    for row in qs.values("kind").annotate(n=Count("id"), benefit=Sum("economic_benefit")):
        totals.counts[row["kind"]] = row["n"]
        totals.benefit += row["benefit"] or 0
    totals.by_year = list(
        qs.values("year")
        .annotate(
            craftsmen=Count("id", filter=Q(kind=HonourKind.CRAFTSMAN)),
            model_posts=Count("id", filter=Q(kind=HonourKind.MODEL_POST)),
            workshops=Count("id", filter=Q(kind=HonourKind.RED_WORKSHOP)),
            benefit=Sum("economic_benefit"),
        )
        .order_by("-year")
    )
    return totals


# --- The panorama ----------------------------------------------------------------------------


def panorama(chain: Chain) -> list[ChainSegment]:
    """Segments with their links; each link carries ``enterprise_count``, ``local_names``
    (up to a few enterprise names) and ``project_count``; a link with no enterprise is a gap."""
    links = ChainLink.objects.annotate(
        enterprise_count=Count("enterprises", distinct=True),
        project_count=Count("projects", distinct=True),
    ).order_by("order", "id")
    segments = list(
        ChainSegment.objects.filter(chain=chain)
        .prefetch_related(Prefetch("links", queryset=links))
        .order_by("order", "id")
    )
    link_ids = [link.pk for segment in segments for link in segment.links.all()]
    names: dict[int, list[str]] = {}
    through = Enterprise.links.through.objects.filter(chainlink_id__in=link_ids)
    for link_id, name in through.values_list("chainlink_id", "enterprise__name").order_by(
        "chainlink_id", "enterprise__name"
    ):
        names.setdefault(link_id, []).append(name)
    for segment in segments:
        for link in segment.links.all():
            link.local_names = names.get(link.pk, [])[:3]
            link.is_gap = link.enterprise_count == 0
    return segments


def investment_events(chain: Chain):
    """A chain's investment-attraction events, newest first, with their gaps and projects."""
    return (
        InvestmentEvent.objects.filter(chain=chain)
        .prefetch_related(
            Prefetch("gaps", queryset=ChainLink.objects.order_by("order", "id")),
            Prefetch("projects", queryset=InvestmentProject.objects.order_by("name")),
        )
        .order_by("-held_on", "title")
    )


def investment_event_counts(chain: Chain | None = None) -> dict:
    """Conferences and online negotiations held (for one chain, or the park), and the
    projects that followed them."""
    events = InvestmentEvent.objects.all()
    if chain is not None:
        events = events.filter(chain=chain)
    counts = events.aggregate(
        conferences=Count("pk", filter=Q(kind=InvestmentEventKind.CONFERENCE)),
        negotiations=Count("pk", filter=Q(kind=InvestmentEventKind.NEGOTIATION)),
    )
    counts["projects"] = (
        InvestmentProject.objects.filter(investment_events__in=events).distinct().count()
    )
    return counts


def chain_highlights() -> list[dict]:
    """Per chain: the investment projects landed on it and its firms' annual output (yuan),
    the chain with the most landed projects first."""
    landed = dict(
        InvestmentProject.objects.landed().values_list("chain").annotate(n=Count("pk"))
        .values_list("chain", "n")
    )  # fmt: skip
    output = dict(
        Enterprise.objects.filter(chains__isnull=False).values_list("chains")
        .annotate(total=Sum("annual_output")).values_list("chains", "total")
    )  # fmt: skip
    rows = [
        {"chain": chain, "landed": landed.get(chain.pk, 0), "output": output.get(chain.pk) or 0}
        for chain in Chain.objects.order_by("order", "pk")
    ]
    return sorted(rows, key=lambda row: -row["landed"])


def park_highlights() -> dict:
    """What the home page tells of the park beyond its registry: the growth firms (unicorn,
    gazelle, 专精特新), the leading chain's landed projects and output, and the honours."""
    chains = chain_highlights()
    return {
        "growth_firms": Enterprise.objects.growth_firms().count(),
        "lead_chain": chains[0] if chains else None,
        "honours": honour_totals(),
    }
