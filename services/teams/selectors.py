"""Reads of the teams' work: eligibility of policies, the team of an enterprise, and the
figures (coverage of visits, paperwork per month), all counted from rows."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from alliances.models import Enterprise

from .choices import CaseState
from .models import Liaison, Policy, PolicyPush, ServiceTeam, Visit, VisitPlan


def team_of_enterprise(enterprise):
    """The team that looks after the enterprise: its liaison's, else its first chain's."""
    liaison = Liaison.objects.filter(enterprise=enterprise).select_related("cadre__team").first()
    if liaison is not None:
        return liaison.cadre.team
    teams = ServiceTeam.objects.filter(chain__enterprises=enterprise)
    return teams.order_by("chain__order").first()


def in_force(day=None):
    day = day or timezone.localdate()
    return Policy.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day),
                                 valid_from__lte=day)  # fmt: skip


def policies_for(enterprise, day=None):
    """The policies in force whose every condition the enterprise meets (its chains, scale,
    labels and growth stage as the registry holds them)."""
    chain_ids = list(enterprise.chains.values_list("pk", flat=True))
    chains_ok = ~Exists(Policy.chains.through.objects.filter(policy_id=OuterRef("pk"))) | Exists(
        Policy.chains.through.objects.filter(policy_id=OuterRef("pk"), chain_id__in=chain_ids)
    )
    rows = in_force(day).filter(chains_ok)
    rows = rows.filter(Q(scales=[]) | Q(scales__contains=[enterprise.scale or "-"]))
    rows = rows.filter(Q(labels=[]) | Q(labels__overlap=enterprise.labels or ["-"]))
    rows = rows.filter(
        Q(growth_stages=[]) | Q(growth_stages__contains=[enterprise.growth_stage or "-"])
    )
    return rows


def eligible_enterprises(policy):
    """The enterprises that meet every condition of the policy."""
    rows = Enterprise.objects.all()
    chain_ids = list(policy.chains.values_list("pk", flat=True))
    if chain_ids:
        rows = rows.filter(chains__in=chain_ids).distinct()
    if policy.scales:
        rows = rows.filter(scale__in=policy.scales)
    if policy.labels:
        rows = rows.filter(labels__overlap=policy.labels)
    if policy.growth_stages:
        rows = rows.filter(growth_stage__in=policy.growth_stages)
    return rows


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


def chain_firms():
    """The chain enterprises (on at least one chain): the firms the teams serve."""
    return Enterprise.objects.filter(chains__isnull=False).distinct()


def coverage(team, year: int, quarter: int) -> dict:
    """Firms the team's cadres look after, those of them visited in the quarter, and the
    share visited."""
    start, end = quarter_bounds(year, quarter)
    assigned = Liaison.objects.filter(cadre__team=team).values("enterprise_id")
    visited = (
        Visit.objects.filter(
            team=team, visited_on__gte=start, visited_on__lt=end, enterprise_id__in=assigned
        )
        .values("enterprise_id")
        .distinct()
        .count()
    )
    total = Liaison.objects.filter(cadre__team=team).count()
    return {"assigned": total, "visited": visited,
            "share": round(100 * visited / total, 1) if total else None}  # fmt: skip


def team_rows(year: int) -> list[dict]:
    """Per team: cadres, firms looked after, and per quarter of ``year`` the visits made,
    the visits planned, the firms looked after that were visited and the share (coverage);
    four queries."""
    teams = list(
        ServiceTeam.objects.select_related("chain", "unit__leader").annotate(
            cadre_count=Count("cadres", filter=Q(cadres__is_active=True), distinct=True)
        )
    )
    assigned = dict(
        Liaison.objects.values_list("cadre__team").annotate(n=Count("pk"))
        .values_list("cadre__team", "n")
    )  # fmt: skip
    looked_after = Liaison.objects.filter(
        enterprise_id=OuterRef("enterprise_id"), cadre__team=OuterRef("team_id")
    )
    counted = {
        (row["team_id"], row["visited_on__quarter"]): row
        for row in Visit.objects.filter(visited_on__year=year)
        .annotate(assigned=Exists(looked_after))
        .values("team_id", "visited_on__quarter")
        .annotate(visits=Count("pk"),
                  firms=Count("enterprise_id", distinct=True, filter=Q(assigned=True)))
    }  # fmt: skip
    planned = {
        (team_id, quarter): n
        for team_id, quarter, n in VisitPlan.objects.filter(year=year).values_list(
            "team_id", "quarter", "planned_visits")
    }  # fmt: skip
    rows = []
    for team in teams:
        total = assigned.get(team.pk, 0)
        quarters = []
        for q in (1, 2, 3, 4):
            row = counted.get((team.pk, q), {"visits": 0, "firms": 0})
            share = round(100 * row["firms"] / total, 1) if total else None
            quarters.append({"visits": row["visits"], "visited": row["firms"], "share": share,
                             "planned": planned.get((team.pk, q))})  # fmt: skip
        rows.append({"team": team, "firms": total, "quarters": quarters})
    return rows


def paperwork_by_month(year: int) -> dict:
    """Help with paperwork per team and month of ``year`` (cases opened; done in brackets):
    {"months": [date...], "rows": [(team name, [(opened, done)...], total opened, total
    done)]}."""
    from .models import PaperworkCase

    counted = (
        PaperworkCase.objects.filter(opened_on__year=year)
        .annotate(month=TruncMonth("opened_on"))
        .values("team_id", "month")
        .annotate(opened=Count("pk"), done=Count("pk", filter=Q(state=CaseState.DONE)))
    )
    by_team: dict = {}
    for row in counted:
        by_team.setdefault(row["team_id"], {})[row["month"].month] = (row["opened"], row["done"])
    months = [datetime.date(year, m, 1) for m in range(1, 13)]
    rows = []
    for team in ServiceTeam.objects.select_related("unit"):
        cells = [by_team.get(team.pk, {}).get(m, (0, 0)) for m in range(1, 13)]
        rows.append((team.unit.name, cells, sum(c[0] for c in cells), sum(c[1] for c in cells)))
    return {"months": months, "rows": rows}


def totals() -> dict:
    """The headline figures of the teams (home page, figures page)."""
    from .models import Cadre, PaperworkCase

    return {
        "teams": ServiceTeam.objects.count(),
        "cadres": Cadre.objects.filter(is_active=True).count(),
        "firms": chain_firms().count(),
        "with_liaison": Liaison.objects.filter(enterprise__chains__isnull=False)
        .values("enterprise_id")
        .distinct()
        .count(),
        "visits": Visit.objects.count(),
        "paperwork": PaperworkCase.objects.count(),
        "paperwork_done": PaperworkCase.objects.filter(state=CaseState.DONE).count(),
        "policies_pushed": PolicyPush.objects.values("policy_id").distinct().count(),
        "pushes": PolicyPush.objects.count(),
    }
