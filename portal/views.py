"""Public pages, the landing redirect by role, the staff workbench and the notification inbox."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .calendar import calendar_loaded
from .forms import MarkReadForm
from .models import Notification
from .notifications import mark_read
from .registry import registry, render_blocks
from .roles import Role


def home(request):
    """The center's public page: what each app offers, and its figures."""
    return render(
        request,
        "portal/home.html",
        {
            "cards": render_blocks(request, registry.home_cards),
            "figures": render_blocks(request, registry.home_figures),
        },
    )


@login_required
def landing(request):
    """Where a user goes after signing in: their enterprise, the workbench, or home."""
    user = request.user
    if user.has_role(Role.ENTERPRISE_USER):
        return redirect("alliances:my_enterprise")
    if user.has_perm("portal.view_workbench"):
        return redirect("workbench")
    return redirect("home")


@login_required
@permission_required("portal.view_workbench", raise_exception=True)
def workbench(request):
    """The staff landing page: every app's panel for this user, and a warning when a
    year's holiday calendar is missing."""
    user = request.user
    roles = [Role(code).label for code in sorted(user.role_codes) if code in Role.values]
    today = timezone.localdate()
    missing_years = [y for y in (today.year, today.year + 1) if not calendar_loaded(y)]
    return render(
        request,
        "portal/workbench.html",
        {
            "roles": roles,
            "missing_years": missing_years,
            "panels": render_blocks(request, registry.workbench_panels),
        },
    )


@login_required
def notification_list(request):
    qs = Notification.objects.for_user(request.user).only(
        "id", "title", "body", "url", "created_at", "read_at"
    )
    if request.GET.get("unread"):
        qs = qs.unread()
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/notifications.html",
        {"page": page, "only_unread": bool(request.GET.get("unread"))},
    )


@login_required
@require_POST
def notification_mark_read(request):
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose notifications from your list."))
        return redirect("notifications")
    chosen = form.cleaned_data["id"]
    count = mark_read(user=request.user, notification_ids=chosen or None)
    if count:
        messages.success(request, _("Marked %(count)d notification(s) as read.") % {"count": count})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications"
    return redirect(target)


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one of the user's notifications read and follow its link."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    mark_read(user=request.user, notification_ids=[notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect("notifications")
    return redirect(target)


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers while an account is locked out from this address (429)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
