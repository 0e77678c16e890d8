"""The talent app's pages: the talent registry (an enterprise's own people; the whole
registry for park staff, masked unless a talent officer asks to see a person in full, which
is logged), shortage positions, the innovation page, joint technical problems, and the
红盟讲堂 lectures: sessions, enrolment, check-in by QR code, attendance and certificates."""

import io

import openpyxl
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliances.selectors import enterprise_of
from portal.errors import StepRefused
from portal.excel import row_of, set_widths
from portal.pagination import page_or_first
from portal.personal_data import log_read
from portal.steps import page_steps, take_on_page

from . import selectors, services
from .choices import EnrolmentState, ProblemState
from .forms import (
    CloseDemandForm,
    DemandForm,
    MarkForm,
    PeopleFormSet,
    ProblemForm,
    TalentFilterForm,
    TalentForm,
)
from .models import Agreement, Course, Enrolment, Matchmaking, Platform, Session, Talent, University
from .permissions import (
    acts_for,
    acts_for_enterprise,
    manages_problems,
    manages_talents,
    posted_problem,
    reads_talents,
    runs_lectures,
    sees_identity,
)
from .steps import PROBLEMS

PAGE_SIZE = 50

# --- the talent registry ---------------------------------------------------------------------


def _may_use_registry(user) -> bool:
    return reads_talents(user) or acts_for_enterprise(user)


def _filtered_talents(request):
    form = TalentFilterForm(request.GET or None)
    talents = selectors.talents_visible_to(request.user).select_related("enterprise")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            talents = talents.filter(name__contains=data["q"])
        if data["level"]:
            talents = talents.filter(level=data["level"])
        if data["field"]:
            talents = talents.filter(field__icontains=data["field"])
    return form, talents


@login_required
@require_safe
def talent_list(request):
    if not _may_use_registry(request.user):
        raise Http404
    form, talents = _filtered_talents(request)
    rows, next_token, bad_token = page_or_first(
        talents, order="name", after=request.GET.get("after"), size=PAGE_SIZE
    )
    if bad_token:
        messages.error(request, bad_token)
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "talent/talent_list.html", {
        "form": form, "rows": rows, "next_token": next_token, "query": query.urlencode(),
        "staff": reads_talents(request.user), "manages": manages_talents(request.user),
        "mine": acts_for_enterprise(request.user),
        "figures": selectors.talent_figures() if reads_talents(request.user) else None,
    }, status=400 if form.is_bound and not form.is_valid() else 200)  # fmt: skip


def _editable_by(user, talent) -> bool:
    return manages_talents(user) or acts_for(user, talent.enterprise_id)


@login_required
def talent_new(request):
    user = request.user
    if not (manages_talents(user) or acts_for_enterprise(user)):
        raise Http404
    own = None if manages_talents(user) else enterprise_of(user)
    form = TalentForm(request.POST or None, enterprise=own)
    if request.method == "POST" and form.is_valid():
        talent = form.save()
        messages.success(request, _("%(name)s is in the talent registry.") % {"name": talent.name})
        return redirect("talent:talent_detail", pk=talent.pk)
    return render(request, "talent/talent_form.html", {"form": form, "talent": None},
                  status=400 if form.is_bound else 200)  # fmt: skip


def _talent(request, pk) -> Talent:
    return get_object_or_404(
        selectors.talents_visible_to(request.user).select_related("enterprise"), pk=pk
    )


@login_required
@require_safe
def talent_detail(request, pk):
    if not _may_use_registry(request.user):
        raise Http404
    talent = _talent(request, pk)
    return render(request, "talent/talent_detail.html", {
        "talent": talent, "revealed": False, "may_reveal": sees_identity(request.user),
        "may_edit": _editable_by(request.user, talent),
    })  # fmt: skip


@login_required
@require_POST
def talent_identity(request, pk):
    """A talent officer asks to see the ID number and mobile in full: shown once, logged."""
    if not sees_identity(request.user):
        raise Http404
    talent = _talent(request, pk)
    log_read(request=request, subject=f"{talent._meta.verbose_name}: {talent}",
             fields=Talent.PERSONAL_FIELDS)  # fmt: skip
    response = render(request, "talent/talent_detail.html", {
        "talent": talent, "revealed": True, "may_reveal": True,
        "may_edit": _editable_by(request.user, talent),
    })  # fmt: skip
    response["Cache-Control"] = "no-store"
    return response


@login_required
def talent_edit(request, pk):
    if not _may_use_registry(request.user):
        raise Http404
    talent = _talent(request, pk)
    if not _editable_by(request.user, talent):
        raise Http404
    own = None if manages_talents(request.user) else talent.enterprise
    form = TalentForm(request.POST or None, instance=talent, enterprise=own)
    if not sees_identity(request.user):
        # The number and mobile are not shown to them: kept as they are.
        for name in Talent.PERSONAL_FIELDS:
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The talent's record is saved."))
        return redirect("talent:talent_detail", pk=talent.pk)
    return render(request, "talent/talent_form.html", {"form": form, "talent": talent},
                  status=400 if form.is_bound else 200)  # fmt: skip


EXPORT_CAP = 20_000


@login_required
@require_safe
def talent_export(request):
    """The list as filtered, as xlsx: ID numbers and mobiles masked unless the reader may see
    them, in which case the export is logged with its number of rows."""
    if not _may_use_registry(request.user):
        raise Http404
    form, talents = _filtered_talents(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Correct the filter first."))
        return redirect("talent:talents")
    full = sees_identity(request.user)
    rows = list(talents.order_by("name", "id")[: EXPORT_CAP + 1])
    if len(rows) > EXPORT_CAP:
        messages.error(request, _("More than %(cap)s talents: narrow the list first.")
                       % {"cap": EXPORT_CAP})  # fmt: skip
        return redirect("talent:talents")
    if full:
        log_read(request=request, subject=str(Talent._meta.verbose_name_plural),
                 fields=Talent.PERSONAL_FIELDS, rows=len(rows))  # fmt: skip
    from .resources import EXPORT_WIDTHS, export_headings, export_row

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(str(Talent._meta.verbose_name_plural)[:31])
    set_widths(sheet, EXPORT_WIDTHS)
    sheet.append(export_headings())
    for talent in rows:
        sheet.append(row_of(sheet, export_row(talent, full=full)))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="talents.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


# --- shortage positions --------------------------------------------------------------------


@login_required
def demand_list(request):
    user = request.user
    if not _may_use_registry(user):
        raise Http404
    enterprise = enterprise_of(user) if acts_for_enterprise(user) else None
    form = DemandForm(request.POST or None) if enterprise else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.post_demand(actor=user, enterprise=enterprise, **form.cleaned_data)
            messages.success(request, _("The position is posted."))
            return redirect("talent:demands")
    demands = selectors.demands_visible_to(user).select_related("enterprise")[:200]
    return render(request, "talent/demand_list.html", {
        "form": form, "demands": demands, "close_form": CloseDemandForm(),
        "shortages": selectors.shortages() if reads_talents(user) else None,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def demand_close(request, pk):
    form = CloseDemandForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the position was filled or withdrawn."))
        return redirect("talent:demands")
    try:
        services.close_demand(actor=request.user, demand_id=pk, state=form.cleaned_data["state"])
    except StepRefused as refused:
        if refused.status == 404:
            raise Http404 from None
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The position is closed."))
    return redirect("talent:demands")


# --- innovation --------------------------------------------------------------------------


@require_safe
def innovation(request):
    """The park's R&D platforms, partner universities and their agreements, matchmaking
    events and the joint technical problems' figures: public."""
    platforms = Platform.objects.select_related("enterprise", "university").order_by(
        "type", "-year", "name"
    )
    universities = University.objects.prefetch_related(
        Prefetch("agreements", queryset=Agreement.objects.select_related("enterprise"))
    ).annotate(platform_count=Count("platforms", distinct=True))
    events = (
        Matchmaking.objects.select_related("arranged_by__unit")
        .prefetch_related("universities")
        .annotate(firm_count=Count("enterprises", distinct=True))[:30]
    )
    return render(request, "talent/innovation.html", {
        "platforms": platforms, "universities": universities, "events": events,
        "figures": selectors.innovation_figures(),
    })  # fmt: skip


# --- joint technical problems (攻关难题) ---------------------------------------------------


@login_required
def problem_list(request):
    user = request.user
    staff = manages_problems(user) or reads_talents(user)
    enterprise = enterprise_of(user) if acts_for_enterprise(user) else None
    if not staff and enterprise is None:
        raise Http404
    form = ProblemForm(request.POST or None) if enterprise else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            problem = services.post_problem(actor=user, enterprise=enterprise, **form.cleaned_data)
            messages.success(request, _("The problem is posted: park staff will match it."))
            return redirect("talent:problem_detail", pk=problem.pk)
    state = request.GET.get("state", "")
    problems = selectors.problems_visible_to(user).select_related(
        "enterprise", "university", "team__unit"
    )
    if state in ProblemState.values:
        problems = problems.filter(state=state)
    return render(request, "talent/problem_list.html", {
        "form": form, "problems": problems[:200], "state": state, "states": ProblemState.choices,
        "counts": selectors.problems_by_chain() if staff else None,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


def _problem(request, pk):
    return get_object_or_404(
        selectors.problems_visible_to(request.user).select_related(
            "enterprise", "university", "team__unit", "posted_by"
        ),
        pk=pk,
    )


def _render_problem(request, problem, *, bound_step=None, bound_form=None, status=200):
    steps = page_steps(PROBLEMS, request.user, problem, bound_step=bound_step,
                       bound_form=bound_form)  # fmt: skip
    notes = problem.notes.select_related("author")
    return render(request, "talent/problem_detail.html", {
        "item": problem, "steps": steps, "notes": notes,
        "mine": posted_problem(request.user, problem),
    }, status=status)  # fmt: skip


@login_required
@require_safe
def problem_detail(request, pk):
    return _render_problem(request, _problem(request, pk))


@login_required
@require_POST
def problem_step(request, pk, step):
    problem = _problem(request, pk)
    if step not in PROBLEMS:
        raise Http404
    return take_on_page(
        request, PROBLEMS[step], problem, back=redirect("talent:problem_detail", pk=pk),
        render_bound=lambda form: _render_problem(
            request, _problem(request, pk), bound_step=step, bound_form=form, status=400
        ),
    )  # fmt: skip


# --- 红盟讲堂: courses, sessions, enrolment, attendance, certificates ------------------------


@require_safe
def lectures(request):
    sessions = selectors.upcoming_sessions()
    courses = Course.objects.filter(is_published=True).annotate(
        session_count=Count("sessions", filter=Q(sessions__is_cancelled=False))
    )[:30]
    return render(request, "talent/lectures.html", {
        "sessions": sessions, "courses": courses, "figures": selectors.lecture_figures(),
    })  # fmt: skip


def _session(pk) -> Session:
    return get_object_or_404(
        Session.objects.select_related("course").filter(course__is_published=True), pk=pk
    )


def _render_session(request, session, *, formset=None, status=200):
    user = request.user
    staff = runs_lectures(user)
    enterprise = enterprise_of(user) if acts_for_enterprise(user) else None
    enrolments = session.enrolments.select_related("trainee__enterprise").order_by(
        "created_at", "id"
    )
    roster = list(enrolments) if staff else []
    if staff:
        taken = sum(1 for e in roster if e.state == EnrolmentState.ENROLLED)
    else:
        taken = session.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    own = list(enrolments.filter(trainee__enterprise=enterprise)) if enterprise is not None else []
    present = [e for e in roster if e.state == EnrolmentState.ENROLLED]
    if (
        enterprise is not None
        and formset is None
        and not (session.has_started or session.is_cancelled)
    ):
        formset = PeopleFormSet(prefix="people")
    return render(request, "talent/session_detail.html", {
        "session": session, "taken": taken, "free": max(session.capacity - taken, 0),
        "roster": roster, "own": own, "formset": formset, "staff": staff,
        "enterprise": enterprise, "mark_form": MarkForm(enrolments=present) if staff else None,
        "attended": sum(1 for e in roster if e.attended_at),
    }, status=status)  # fmt: skip


@require_safe
def session_detail(request, pk):
    return _render_session(request, _session(pk))


@login_required
@require_POST
def session_enrol(request, pk):
    session = _session(pk)
    if not acts_for_enterprise(request.user):
        raise Http404
    formset = PeopleFormSet(request.POST, prefix="people")
    if not formset.is_valid():
        return _render_session(request, session, formset=formset, status=400)
    try:
        done = services.enrol(
            actor=request.user, session_id=session.pk, enterprise=enterprise_of(request.user),
            people=formset.people,
        )  # fmt: skip
    except StepRefused as refused:
        messages.error(request, refused.message)
        return _render_session(request, session, formset=formset, status=refused.status)
    seated = [e.trainee.name for e in done if e.state == EnrolmentState.ENROLLED]
    waiting = [e.trainee.name for e in done if e.state == EnrolmentState.WAITING]
    if seated:
        messages.success(request, _("Enrolled: %(names)s.") % {"names": "、".join(seated)})
    if waiting:
        messages.warning(request, _("The session is full; on the waiting list: %(names)s.")
                         % {"names": "、".join(waiting)})  # fmt: skip
    return redirect("talent:session_detail", pk=session.pk)


@login_required
@require_POST
def enrolment_cancel(request, pk):
    enrolment = get_object_or_404(Enrolment, pk=pk)
    try:
        services.cancel_enrolment(actor=request.user, enrolment_id=enrolment.pk)
    except StepRefused as refused:
        if refused.status == 404:
            raise Http404 from None
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The place is cancelled."))
    return redirect("talent:session_detail", pk=enrolment.session_id)


@login_required
@require_POST
def session_mark(request, pk):
    if not runs_lectures(request.user):
        raise Http404
    session = _session(pk)
    present = session.enrolments.filter(state=EnrolmentState.ENROLLED).select_related("trainee")
    form = MarkForm(request.POST, enrolments=present)
    if not form.is_valid():
        messages.error(request, _("Tick the people who came."))
        return redirect("talent:session_detail", pk=pk)
    try:
        marked = services.mark_attendance(
            actor=request.user, session_id=session.pk,
            enrolment_ids=form.cleaned_data["enrolments"],
        )  # fmt: skip
    except StepRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Attendance marked: %(count)s.") % {"count": marked})
    return redirect("talent:session_detail", pk=pk)


@login_required
@require_safe
def session_qr(request, pk):
    """The session's check-in code, large, for the door or the screen."""
    if not runs_lectures(request.user):
        raise Http404
    session = _session(pk)
    url = request.build_absolute_uri(reverse("talent:check_in", args=[session.check_in_code]))
    svg = segno.make(url, error="m").svg_inline(scale=8, dark="#000", light="#fff")
    return render(request, "talent/session_qr.html", {"session": session, "svg": svg, "url": url})


@login_required
def check_in(request, code):
    """Where the session's QR code leads: a signed-in trainee confirms they are here."""
    session = Session.objects.select_related("course").filter(check_in_code=code).first()
    if session is None:
        raise Http404
    if request.method == "POST":
        try:
            enrolment = services.check_in(actor=request.user, code=code)
        except StepRefused as refused:
            return render(request, "talent/check_in.html",
                          {"session": session, "refused": refused.message},
                          status=refused.status)  # fmt: skip
        return render(request, "talent/check_in.html", {"session": session, "done": enrolment})
    return render(request, "talent/check_in.html", {"session": session})


@login_required
@require_safe
def certificate_list(request):
    certificates = selectors.certificates_visible_to(request.user).select_related(
        "course", "trainee__enterprise"
    )[:200]
    return render(request, "talent/certificate_list.html", {"certificates": certificates})


@login_required
@require_safe
def certificate(request, number):
    """A certificate of completion, laid out to print (or save as PDF from the browser)."""
    item = get_object_or_404(
        selectors.certificates_visible_to(request.user).select_related(
            "course", "trainee__enterprise"
        ),
        number=number,
    )
    attended = (
        Enrolment.objects.filter(trainee=item.trainee, session__course=item.course,
                                 attended_at__isnull=False)
        .select_related("session").order_by("session__starts_at")
    )  # fmt: skip
    return render(request, "talent/certificate.html", {"item": item, "attended": attended})


# --- staff figures -------------------------------------------------------------------------


@login_required
@require_safe
def staff_figures(request):
    user = request.user
    if not (reads_talents(user) or manages_problems(user) or runs_lectures(user)):
        raise Http404
    return render(request, "talent/staff_figures.html", {
        "levels": selectors.talents_by_level(), "talents": selectors.talent_figures(),
        "shortages": selectors.shortages(), "problems": selectors.problems_by_chain(),
        "lectures": selectors.lecture_figures(), "innovation": selectors.innovation_figures(),
        "by_team": selectors.matchmakings_by_team(),
    })  # fmt: skip
