"""The teams' pages: the public teams and each chain's "four ones"; a cadre's visit log (a
phone form); help with paperwork for enterprises and cadres; policies, those for an
enterprise, and sending them; liaisons and the figures for park staff."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliances.selectors import enterprise_of
from portal.errors import StepRefused
from portal.files import serve_file
from portal.steps import page_steps, take_on_page
from services.loop.models import Request
from services.loop.uploads import content_type_of

from . import selectors, services
from .forms import (
    FilterByChainForm,
    LiaisonForm,
    PaperworkAskForm,
    PaperworkRecordForm,
    ProblemFormSet,
    VisitForm,
)
from .models import FourOnes, Liaison, PaperworkCase, Policy, ServiceTeam, Visit
from .permissions import acts_for_case, cadre_of, manages_teams, reads_teams
from .steps import CASES

# --- public: the teams and the "four ones" ------------------------------------------------


@require_safe
def team_list(request):
    teams = ServiceTeam.objects.select_related("chain", "unit__leader").annotate(
        cadre_count=Count("cadres", filter=Q(cadres__is_active=True), distinct=True),
        firm_count=Count("cadres__firms", distinct=True),
    )
    return render(request, "teams/team_list.html", {"teams": teams, "totals": selectors.totals()})


@require_safe
def team_detail(request, pk):
    """A chain's service page: its "four ones" together."""
    team = get_object_or_404(ServiceTeam.objects.select_related("chain", "unit__leader"), pk=pk)
    four_ones = FourOnes.objects.filter(chain=team.chain).prefetch_related("targets").first()
    cadres = team.cadres.filter(is_active=True).select_related("user").order_by("user__name")
    policies = selectors.in_force().filter(Q(chains=team.chain) | Q(chains=None)).distinct()
    return render(request, "teams/team_detail.html", {
        "team": team, "four_ones": four_ones, "cadres": cadres, "policies": policies,
    })  # fmt: skip


# --- visits (走访) --------------------------------------------------------------------------


@login_required
def visit_new(request):
    """A cadre logs a visit from a phone; each problem found becomes a request."""
    cadre = cadre_of(request.user)
    if cadre is None:
        raise Http404
    form = VisitForm(request.POST or None, cadre=cadre)
    problems = ProblemFormSet(request.POST or None, prefix="problem")
    if request.method == "POST" and form.is_valid() and problems.is_valid():
        found = [p.cleaned_data for p in problems if p.cleaned_data.get("title")]
        try:
            visit = services.log_visit(
                actor=request.user, **form.cleaned_data, problems=found,
                idempotency_key=request.POST.get("idempotency_key", "")[:40],
            )  # fmt: skip
        except StepRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The visit is logged; %(n)s problems entered as "
                                        "requests.") % {"n": len(found)})  # fmt: skip
            return redirect("teams:visit_detail", pk=visit.pk)
    return render(request, "teams/visit_new.html", {
        "form": form, "problems": problems, "cadre": cadre,
        "idempotency_key": request.POST.get("idempotency_key") or timezone.now().strftime("%s%f"),
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


def _visits_visible(user):
    if reads_teams(user):
        return Visit.objects.all()
    cadre = cadre_of(user)
    return Visit.objects.filter(team_id=cadre.team_id) if cadre else Visit.objects.none()


@login_required
@require_safe
def visit_list(request):
    if not (reads_teams(request.user) or cadre_of(request.user)):
        raise Http404
    visits = (
        _visits_visible(request.user)
        .select_related("enterprise", "cadre__user", "team__unit")
        .annotate(problem_count=Count("problems"))
        .order_by("-visited_on", "-id")[:100]
    )
    return render(request, "teams/visit_list.html", {
        "visits": visits, "is_cadre": cadre_of(request.user) is not None,
    })  # fmt: skip


@login_required
@require_safe
def visit_detail(request, pk):
    visit = get_object_or_404(
        _visits_visible(request.user).select_related("enterprise", "cadre__user", "team__unit"),
        pk=pk,
    )
    requests = Request.objects.filter(visit_problem__visit=visit).select_related("category")
    return render(request, "teams/visit_detail.html", {"visit": visit, "requests": requests})


# --- help with paperwork (帮办代办) -----------------------------------------------------------


def _cases_visible(user):
    if reads_teams(user):
        return PaperworkCase.objects.all()
    cadre = cadre_of(user)
    if cadre is not None:
        return PaperworkCase.objects.filter(team_id=cadre.team_id)
    enterprise = enterprise_of(user)
    if enterprise is not None and user.has_perm("portal.act_for_enterprise"):
        return PaperworkCase.objects.filter(enterprise=enterprise)
    return PaperworkCase.objects.none()


@login_required
def case_list(request):
    """An enterprise's cases (and its asking); a cadre's team's cases (and recording one)."""
    user = request.user
    cadre = cadre_of(user)
    enterprise = None if cadre or reads_teams(user) else enterprise_of(user)
    if cadre is None and enterprise is None and not reads_teams(user):
        raise Http404
    form_class = PaperworkRecordForm if cadre else PaperworkAskForm
    form = form_class(request.POST or None) if (cadre or enterprise) else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                if cadre:
                    case = services.record_paperwork(actor=user, **form.cleaned_data)
                else:
                    case = services.ask_for_paperwork(actor=user, enterprise=enterprise,
                                                      **form.cleaned_data)  # fmt: skip
            except StepRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The case is recorded."))
                return redirect("teams:case_detail", pk=case.pk)
    cases = (
        _cases_visible(user).select_related("enterprise", "cadre__user", "team__unit")
        .order_by("-opened_on", "-id")[:100]
    )  # fmt: skip
    return render(request, "teams/case_list.html", {
        "cases": cases, "form": form, "cadre": cadre, "enterprise": enterprise,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


def _case(request, pk) -> PaperworkCase:
    return get_object_or_404(
        _cases_visible(request.user).select_related("enterprise", "cadre__user", "team__unit"),
        pk=pk,
    )


def _render_case(request, case, *, bound_step=None, bound_form=None, status=200):
    steps = page_steps(CASES, request.user, case, bound_step=bound_step, bound_form=bound_form)
    return render(request, "teams/case_detail.html", {
        "item": case, "steps": steps, "mine": acts_for_case(request.user, case),
    }, status=status)  # fmt: skip


@login_required
@require_safe
def case_detail(request, pk):
    return _render_case(request, _case(request, pk))


@login_required
@require_POST
def case_step(request, pk, step):
    case = _case(request, pk)
    if step not in CASES:
        raise Http404
    return take_on_page(
        request, CASES[step], case, back=redirect("teams:case_detail", pk=pk),
        render_bound=lambda form: _render_case(
            request, _case(request, pk), bound_step=step, bound_form=form, status=400
        ),
    )  # fmt: skip


# --- policies (一套优惠政策) ---------------------------------------------------------------


@require_safe
def policy_list(request):
    """Policies in force; an enterprise user sees first those its enterprise meets."""
    enterprise = enterprise_of(request.user)
    mine = list(selectors.policies_for(enterprise)) if enterprise else None
    policies = selectors.in_force().prefetch_related("chains")
    return render(request, "teams/policy_list.html", {
        "policies": policies, "mine": mine, "enterprise": enterprise,
    })  # fmt: skip


@require_safe
def policy_detail(request, pk):
    policy = get_object_or_404(Policy.objects.prefetch_related("chains"), pk=pk)
    context = {"policy": policy}
    if manages_teams(request.user):
        context["eligible"] = selectors.eligible_enterprises(policy).count()
        context["pushed"] = policy.pushes.count()
    enterprise = enterprise_of(request.user)
    if enterprise is not None:
        context["for_you"] = selectors.policies_for(enterprise).filter(pk=policy.pk).exists()
    return render(request, "teams/policy_detail.html", context)


@require_safe
def policy_document(request, pk):
    policy = get_object_or_404(Policy, pk=pk)
    if not policy.document:
        raise Http404
    name = policy.document.name.rsplit("/", 1)[-1]
    return serve_file(policy.document, filename=name, content_type=content_type_of(name))


@login_required
@require_POST
def policy_push(request, pk):
    policy = get_object_or_404(Policy, pk=pk)
    if not manages_teams(request.user):
        raise Http404
    try:
        sent = services.push_policy(actor=request.user, policy=policy)
    except StepRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sent to %(n)s enterprises that had not had it.") % {"n": sent})
    return redirect("teams:policy_detail", pk=pk)


# --- staff: liaisons and figures ------------------------------------------------------------


@login_required
def liaisons(request):
    """Chain firms with no liaison cadre, by chain; tick them and assign a cadre."""
    if not manages_teams(request.user):
        raise Http404
    filters = FilterByChainForm(request.GET or None)
    firms = selectors.chain_firms().filter(liaison__isnull=True).prefetch_related("chains")
    if filters.is_valid() and filters.cleaned_data.get("chain"):
        firms = firms.filter(chains=filters.cleaned_data["chain"])
    form = LiaisonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.assign_liaisons(actor=request.user, **form.cleaned_data)
        messages.success(request, _("%(cadre)s now looks after %(n)s more enterprises.")
                         % {"cadre": form.cleaned_data["cadre"], "n": count})  # fmt: skip
        return redirect(request.get_full_path())
    return render(request, "teams/liaisons.html", {
        "firms": firms.order_by("name")[:300], "filters": filters, "form": form,
        "without": selectors.chain_firms().filter(liaison__isnull=True).count(),
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_safe
def staff_figures(request):
    if not (reads_teams(request.user) or manages_teams(request.user)):
        raise Http404
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
        datetime.date(year, 1, 1)
    except ValueError:
        messages.error(request, _("Choose a year."))
        year = timezone.localdate().year
    return render(request, "teams/staff_figures.html", {
        "year": year, "teams": selectors.team_rows(year),
        "paperwork": selectors.paperwork_by_month(year), "totals": selectors.totals(),
        "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
    })  # fmt: skip


def liaison_of(enterprise):
    """The enterprise's liaison cadre, for its pages (or None)."""
    return (
        Liaison.objects.filter(enterprise=enterprise)
        .select_related("cadre__user", "cadre__team__unit").first()
    )  # fmt: skip
