"""Every write of the teams' work: visits and the requests their problems become, liaisons,
help with paperwork and policies sent."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.models import Enterprise
from portal.errors import StepRefused
from portal.models import User
from portal.notifications import notify
from services.loop.choices import Channel
from services.loop.services import enter_request

from .choices import CaseState
from .models import Cadre, Liaison, PaperworkCase, Policy, PolicyPush, Visit, VisitProblem
from .permissions import cadre_of, manages_teams
from .selectors import eligible_enterprises, team_of_enterprise


@transaction.atomic
def log_visit(*, actor, enterprise: Enterprise, visited_on: datetime.date, people_met: str,
              topics: str, problems=(), idempotency_key: str = "") -> Visit:  # fmt: skip
    """A cadre records a visit; each problem found (category, title, description) becomes
    a request of the loop entered for the enterprise on the channel "service-team visit",
    linked to the visit both ways."""
    cadre = cadre_of(actor)
    if cadre is None:
        raise StepRefused(_("Only a cadre of a service team can log a visit."), status=403)
    if visited_on > timezone.localdate():
        raise StepRefused(_("A visit cannot be logged before it happens."), status=400)
    if idempotency_key:
        logged = Visit.objects.filter(cadre=cadre, idempotency_key=idempotency_key).first()
        if logged is not None:  # the same form again (a double click, a reload)
            return logged
    visit = Visit.objects.create(
        team=cadre.team, cadre=cadre, enterprise=enterprise, visited_on=visited_on,
        people_met=people_met, topics=topics, idempotency_key=idempotency_key,
    )  # fmt: skip
    moment = timezone.make_aware(datetime.datetime.combine(visited_on, datetime.time(9)))
    for i, problem in enumerate(problems):
        request = enter_request(
            actor=actor, enterprise=enterprise, channel=Channel.TEAM_VISIT,
            received_at=min(moment, timezone.now()), category_id=problem["category"].pk,
            title=problem["title"], description=problem["description"],
            idempotency_key=f"{idempotency_key}:{i}" if idempotency_key else "",
        )  # fmt: skip
        VisitProblem.objects.get_or_create(request=request, defaults={"visit": visit})
    return visit


@transaction.atomic
def assign_liaisons(*, actor, enterprises, cadre: Cadre) -> int:
    """Make ``cadre`` the liaison of each enterprise (replacing any other); the number
    assigned."""
    if not manages_teams(actor):
        raise StepRefused(_("Only park staff can assign liaisons."), status=403)
    count = 0
    for enterprise in enterprises:
        Liaison.objects.update_or_create(enterprise=enterprise, defaults={"cadre": cadre})
        count += 1
    return count


def _tell_case(case: PaperworkCase, recipients, kind: str) -> None:
    people = [p for p in recipients if p is not None and p.is_active]
    url = reverse("teams:case_detail", args=[case.pk])
    context = {"procedure": case.procedure, "enterprise": case.enterprise.name}
    notify(recipients=people, kind=kind, context=context, url=url)


@transaction.atomic
def ask_for_paperwork(*, actor, enterprise: Enterprise, kind: str, procedure: str,
                      details: str = "") -> PaperworkCase:  # fmt: skip
    """An enterprise asks its chain's team to help with a procedure; its liaison (or else
    the team's leader) is told."""
    team = team_of_enterprise(enterprise)
    if team is None:
        raise StepRefused(
            _("Your enterprise is not on a chain with a service team yet: ask the park's "
              "service window."), status=409,
        )  # fmt: skip
    case = PaperworkCase.objects.create(
        enterprise=enterprise, team=team, kind=kind, procedure=procedure, details=details,
        asked_by=actor, opened_on=timezone.localdate(),
    )  # fmt: skip
    liaison = Liaison.objects.filter(enterprise=enterprise).select_related("cadre__user").first()
    first = liaison.cadre.user if liaison and liaison.cadre.team_id == team.pk else None
    _tell_case(case, [first or team.unit.leader], "paperwork_asked")
    return case


@transaction.atomic
def record_paperwork(*, actor, enterprise: Enterprise, kind: str, procedure: str,
                     details: str = "", opened_on=None) -> PaperworkCase:  # fmt: skip
    """A cadre records a procedure they handle for an enterprise on their own initiative."""
    cadre = cadre_of(actor)
    if cadre is None:
        raise StepRefused(_("Only a cadre of a service team can record a case."), status=403)
    return PaperworkCase.objects.create(
        enterprise=enterprise, team=cadre.team, cadre=cadre, kind=kind, procedure=procedure,
        details=details, state=CaseState.IN_PROGRESS,
        opened_on=opened_on or timezone.localdate(),
    )  # fmt: skip


@transaction.atomic
def push_policy(*, actor, policy: Policy) -> int:
    """Send the policy to every eligible enterprise's people that has not had it; the
    number of enterprises newly sent it."""
    if not manages_teams(actor):
        raise StepRefused(_("Only park staff can send policies."), status=403)
    if not policy.is_valid_on(timezone.localdate()):
        raise StepRefused(_("This policy is not in force: it cannot be sent."))
    already = PolicyPush.objects.filter(policy=policy).values("enterprise_id")
    targets = list(
        eligible_enterprises(policy).exclude(pk__in=already).values_list("pk", flat=True)
    )
    PolicyPush.objects.bulk_create(
        [PolicyPush(policy=policy, enterprise_id=pk, pushed_by=actor) for pk in targets],
        ignore_conflicts=True,
    )
    people = User.objects.filter(is_active=True, enterprise_membership__enterprise_id__in=targets)
    url = reverse("teams:policy_detail", args=[policy.pk])
    context = {"title": policy.title, "issuer": policy.issuer}
    notify(
        recipients=people, kind="policy_pushed", context=context, url=url,
        dedupe_key=f"policy:{policy.pk}",
    )  # fmt: skip
    return len(targets)
