"""Reads of the talent app, scoped to who asks: an enterprise's users see their own
enterprise's talents, positions, problems and trainees; park staff see all. The figures
(talents by level, shortages by chain and field, problems by chain and state, lectures'
sessions, person-times and trainees) are counted from the rows, never typed in."""

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from alliances.models import Chain
from alliances.permissions import enterprise_id_of

from .choices import DemandState, EnrolmentState, Level, ProblemState
from .models import (
    Certificate,
    Enrolment,
    Matchmaking,
    Platform,
    Problem,
    Session,
    Talent,
    TalentDemand,
    University,
)
from .permissions import acts_for_enterprise, manages_problems, reads_talents, runs_lectures


def _own(model, user, *, staff: bool):
    if staff:
        return model.objects.all()
    if acts_for_enterprise(user):
        return model.objects.filter(enterprise_id=enterprise_id_of(user))
    return model.objects.none()


def talents_visible_to(user):
    return _own(Talent, user, staff=reads_talents(user))


def demands_visible_to(user):
    return _own(TalentDemand, user, staff=reads_talents(user))


def problems_visible_to(user):
    return _own(Problem, user, staff=manages_problems(user) or reads_talents(user))


def certificates_visible_to(user):
    """A certificate is shown to its trainee (by the mobile they sign in with), to their
    enterprise's users and to the staff who run the lectures."""
    if runs_lectures(user):
        return Certificate.objects.all()
    if not user.is_authenticated:
        return Certificate.objects.none()
    mine = Q(trainee__mobile_index=user.phone_index) if user.phone_index else Q(pk__in=[])
    if acts_for_enterprise(user):
        mine |= Q(trainee__enterprise_id=enterprise_id_of(user))
    return Certificate.objects.filter(mine)


def talents_by_level() -> list[dict]:
    counts = dict(
        Talent.objects.filter(status="active").values_list("level").annotate(n=Count("id"))
    )
    return [{"level": level, "label": label, "count": counts.get(level, 0)}
            for level, label in Level.choices]  # fmt: skip


def shortages() -> dict:
    """Open shortage positions: people needed by chain (an enterprise on two chains counts
    on both) and by field, largest first."""
    open_ = TalentDemand.objects.filter(state=DemandState.OPEN)
    by_chain = list(
        Chain.objects.annotate(
            positions=Count("enterprises__talent_demands",
                            filter=Q(enterprises__talent_demands__state=DemandState.OPEN)),
            people=Sum("enterprises__talent_demands__number",
                       filter=Q(enterprises__talent_demands__state=DemandState.OPEN)),
        ).filter(positions__gt=0).order_by("-people").values("pk", "name", "positions", "people")
    )  # fmt: skip
    by_field = list(
        open_.values("field").annotate(positions=Count("id"), people=Sum("number"))
        .order_by("-people", "field")
    )  # fmt: skip
    return {"by_chain": by_chain, "by_field": by_field,
            "people": open_.aggregate(n=Sum("number"))["n"] or 0,
            "positions": open_.count()}  # fmt: skip


def problems_by_chain() -> dict:
    """Joint technical problems counted by chain and state (a problem of a firm on no chain
    is counted under "no chain")."""
    states = [value for value, _label in ProblemState.choices]
    rows = {}
    pairs = Problem.objects.values_list("enterprise__chains", "state")
    for chain_id, state, n in pairs.annotate(n=Count("id", distinct=True)):
        rows.setdefault(chain_id, dict.fromkeys(states, 0))[state] = n
    names = dict(Chain.objects.filter(pk__in=[k for k in rows if k]).values_list("pk", "name"))
    table = [
        {"chain": names.get(chain_id, ""), "chain_id": chain_id,
         "counts": [counts[s] for s in states], "total": sum(counts.values())}
        for chain_id, counts in rows.items()
    ]  # fmt: skip
    table.sort(key=lambda row: (row["chain_id"] is None, row["chain"]))
    totals = dict(Problem.objects.values_list("state").annotate(n=Count("id")))
    return {"states": ProblemState.choices, "rows": table,
            "totals": [totals.get(s, 0) for s in states], "all": sum(totals.values())}  # fmt: skip


def lecture_figures() -> dict:
    """Sessions held (over, not cancelled), attendances (person-times, 人次) and distinct
    trainees, from the attendance rows; certificates issued."""
    attended = Enrolment.objects.filter(attended_at__isnull=False)
    return {
        "sessions_held": Session.objects.filter(
            is_cancelled=False, ends_at__lte=timezone.now()
        ).count(),
        "attendances": attended.count(),
        "trainees": attended.values("trainee_id").distinct().count(),
        "certificates": Certificate.objects.count(),
    }


def innovation_figures() -> dict:
    return {
        "platforms": Platform.objects.count(),
        "universities": University.objects.count(),
        "matchmakings": Matchmaking.objects.count(),
        "problems": Problem.objects.exclude(state=ProblemState.WITHDRAWN).count(),
        "solved": Problem.objects.filter(state=ProblemState.SOLVED).count(),
    }


def talent_figures() -> dict:
    active = Talent.objects.filter(status="active")
    return {
        "leading": active.filter(level__in=Level.leading()).count(),
        "shortage": active.filter(level=Level.SHORTAGE).count(),
        "skilled": active.filter(level=Level.SKILLED).count(),
        "all": active.count(),
    }


def upcoming_sessions(limit: int = 20):
    """Sessions still to come, with the seats taken and the people waiting."""
    return (
        Session.objects.filter(is_cancelled=False, ends_at__gt=timezone.now(),
                               course__is_published=True)
        .select_related("course")
        .annotate(
            taken=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED)),
            waiting=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITING)),
        )
        .annotate(left=F("capacity") - F("taken"))
        .order_by("starts_at")[:limit]
    )  # fmt: skip


def matchmakings_by_team() -> list[dict]:
    """Matchmaking events each service team arranged (产学研对接 per team)."""
    from services.teams.models import ServiceTeam

    return list(
        ServiceTeam.objects.annotate(events=Count("matchmakings"))
        .values("pk", "unit__name", "events").order_by("chain__order", "pk")
    )  # fmt: skip
