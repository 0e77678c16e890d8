"""Public alliance pages and the chain panorama."""

from django.shortcuts import get_object_or_404, render

from .choices import HonourKind, MemberTier
from .models import Alliance, InvestmentProject
from .selectors import chair_terms_around, honour_totals, members_by_tier, panorama, public_alliances


def alliance_list(request):
    alliances = list(public_alliances().order_by("chain__order"))
    totals = honour_totals()
    return render(
        request,
        "alliances/alliance_list.html",
        {"alliances": alliances, "totals": totals, "kinds": HonourKind},
    )


def alliance_detail(request, slug):
    alliance = get_object_or_404(Alliance.objects.select_related("chain"), slug=slug)
    current, upcoming = chair_terms_around(alliance)
    tiers = members_by_tier(alliance)
    projects = (
        InvestmentProject.objects.filter(chain=alliance.chain)
        .select_related("link")
        .order_by("-signed_on", "name")
    )
    return render(
        request,
        "alliances/alliance_detail.html",
        {
            "alliance": alliance,
            "current_chair": current,
            "next_chair": upcoming,
            "lead": tiers[MemberTier.LEAD],
            "core": tiers[MemberTier.CORE],
            "members": tiers[MemberTier.MEMBER],
            "totals": honour_totals(alliance=alliance),
            "kinds": HonourKind,
            "segments": panorama(alliance.chain),
            "projects": projects,
            "meetings": alliance.meetings.select_related("chair").prefetch_related("decisions")[:5],
        },
    )
