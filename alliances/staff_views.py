"""Staff pages of the registry: the enterprise list and detail, and the review queues."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import StepRefused
from portal.pagination import page_or_first
from portal.registry import render_enterprise_panels

from . import services
from .choices import ApplicationStatus, ChangeStatus
from .filters import EnterpriseFilter
from .forms import ChangeReviewForm, GrowthStepForm, RejectForm
from .models import Enterprise, EnterpriseChange, JoinApplication
from .selectors import enterprise_list_for_staff

PAGE_SIZE = 50


@login_required
@permission_required("alliances.view_enterprise", raise_exception=True)
def enterprise_list(request):
    filterset = EnterpriseFilter(request.GET or None, queryset=enterprise_list_for_staff())
    bad_filter = filterset.is_bound and not filterset.is_valid()
    queryset = filterset.queryset if bad_filter else filterset.qs
    rows, next_token, bad_token = page_or_first(
        queryset, order="name", after=request.GET.get("after"), size=PAGE_SIZE
    )
    if bad_token:
        messages.error(request, bad_token)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "alliances/staff/enterprise_list.html",
        {
            "filter": filterset,
            "rows": rows,
            "next_token": next_token,
            "query": query.urlencode(),
            "export_query": query.urlencode(),
        },
        status=400 if bad_filter or bad_token else 200,
    )


@login_required
@permission_required("alliances.view_enterprise", raise_exception=True)
def enterprise_detail(request, pk):
    enterprise = get_object_or_404(
        Enterprise.objects.select_related("party_organization").prefetch_related(
            "chains", "links__segment", "growth_steps", "memberships__user", "honours"
        ),
        pk=pk,
    )
    return render(
        request,
        "alliances/staff/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "changes": enterprise.changes.select_related("actor", "reviewed_by")[:50],
            "growth_form": GrowthStepForm(),
            "panels": render_enterprise_panels(request, enterprise),
        },
    )


@login_required
@permission_required("alliances.change_enterprise", raise_exception=True)
@require_POST
def growth_step_add(request, pk):
    form = GrowthStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the stage and the date it was reached."))
        return redirect("alliances:staff_enterprise", pk=pk)
    try:
        services.record_growth_step(actor=request.user, enterprise_id=pk, **form.cleaned_data)
    except Enterprise.DoesNotExist:
        raise Http404 from None
    except StepRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The growth step was recorded."))
    return redirect("alliances:staff_enterprise", pk=pk)


@login_required
@permission_required("alliances.change_joinapplication", raise_exception=True)
def application_queue(request):
    pending = JoinApplication.objects.filter(status=ApplicationStatus.PENDING).select_related(
        "applicant"
    )
    recent = JoinApplication.objects.exclude(status=ApplicationStatus.PENDING).select_related(
        "applicant", "reviewed_by"
    )[:20]
    known = set(
        Enterprise.objects.filter(credit_code__in=[a.credit_code for a in pending]).values_list(
            "credit_code", flat=True
        )
    )
    return render(
        request,
        "alliances/staff/applications.html",
        {"pending": pending, "recent": recent, "known": known, "reject_form": RejectForm()},
    )


@login_required
@permission_required("alliances.change_joinapplication", raise_exception=True)
@require_POST
def application_review(request, pk):
    try:
        if request.POST.get("decision") == "approve":
            services.approve_join_application(application_id=pk, actor=request.user)
            messages.success(request, _("Approved; the applicant was notified."))
        else:
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the applicant a reason for the rejection."))
                return redirect("alliances:staff_applications")
            services.reject_join_application(
                application_id=pk, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Rejected; the applicant was told why."))
    except JoinApplication.DoesNotExist:
        messages.error(request, _("No such application."))
    except StepRefused as refused:
        messages.error(request, refused.message)
    return redirect("alliances:staff_applications")


@login_required
@permission_required("alliances.change_enterprisechange", raise_exception=True)
def change_queue(request):
    pending = EnterpriseChange.objects.filter(status=ChangeStatus.PENDING).select_related(
        "enterprise", "actor"
    )
    return render(request, "alliances/staff/changes.html", {"pending": pending})


@login_required
@permission_required("alliances.change_enterprisechange", raise_exception=True)
@require_POST
def change_review(request, pk):
    form = ChangeReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to reject the change."))
        return redirect("alliances:staff_changes")
    try:
        services.review_change(
            actor=request.user, change_id=pk, approve=form.cleaned_data["decision"] == "approve"
        )
        messages.success(request, _("The change was reviewed."))
    except EnterpriseChange.DoesNotExist:
        messages.error(request, _("No such change."))
    except StepRefused as refused:
        messages.error(request, refused.message)
    return redirect("alliances:staff_changes")
