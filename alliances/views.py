"""Public alliance pages, and the enterprise user's side of the registry."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.errors import StepRefused
from portal.registry import render_enterprise_panels

from . import services
from .choices import ChangeStatus, HonourKind, MemberTier
from .forms import ApplyForm, EnterpriseProfileForm, InviteForm, SignUpAndApplyForm
from .models import (
    Alliance,
    Campaign,
    EnterpriseMembership,
    InvestmentProject,
    Invitation,
    JoinApplication,
)
from .permissions import can_edit_profile, can_manage_colleagues
from .selectors import (
    chair_terms_around,
    enterprise_of,
    honour_totals,
    investment_event_counts,
    investment_events,
    members_by_tier,
    panorama,
    public_alliances,
)


def alliance_list(request):
    alliances = list(public_alliances().order_by("chain__order"))
    campaigns = Campaign.objects.select_related("alliance").annotate(
        participant_count=Count("participants", distinct=True),
        honour_count=Count("honours", distinct=True),
    )
    return render(
        request,
        "alliances/alliance_list.html",
        {
            "alliances": alliances,
            "totals": honour_totals(),
            "kinds": HonourKind,
            "campaigns": campaigns,
        },
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
            "investment_events": investment_events(alliance.chain),
            "investment_counts": investment_event_counts(alliance.chain),
            "meetings": alliance.meetings.select_related("chair").prefetch_related("decisions")[:5],
        },
    )


# --- Enterprise users: joining, the profile, colleagues -------------------------------------


def join(request):
    """Apply to act for an enterprise; a visitor creates their account in the same step."""
    user = request.user
    if user.is_authenticated and enterprise_of(user) is not None:
        return redirect("alliances:my_enterprise")
    form_class = ApplyForm if user.is_authenticated else SignUpAndApplyForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if not user.is_authenticated:
                    user = form.save()
                services.submit_join_application(
                    applicant=user,
                    credit_code=data["credit_code"],
                    enterprise_name=data["enterprise_name"],
                    position=data.get("position", ""),
                    note=data.get("note", ""),
                )
        except StepRefused as refused:
            form.add_error(None, refused.message)
        else:
            if not request.user.is_authenticated:
                login(request, user, backend="portal.backends.UsernameOrPhoneBackend")
            messages.success(
                request, _("Your application was sent. You will be notified when it is reviewed.")
            )
            return redirect("alliances:join")
    applications = JoinApplication.objects.filter(applicant=user) if user.is_authenticated else []
    return render(request, "alliances/join.html", {"form": form, "applications": applications})


@login_required
@permission_required("portal.act_for_enterprise", raise_exception=True)
def my_enterprise(request):
    enterprise = enterprise_of(request.user)
    context = {"enterprise": enterprise}
    if enterprise is not None:
        enterprise = (
            type(enterprise)
            .objects.select_related("party_organization")
            .prefetch_related("chains", "links", "growth_steps")
            .get(pk=enterprise.pk)
        )
        context.update(
            enterprise=enterprise,
            colleagues=enterprise.memberships.select_related("user").order_by(
                "-is_admin", "user__name"
            ),
            pending=enterprise.changes.filter(status=ChangeStatus.PENDING),
            is_admin=can_manage_colleagues(request.user, enterprise),
            invitations=enterprise.invitations.filter(
                accepted_at__isnull=True, revoked_at__isnull=True
            ),
            invite_form=InviteForm(),
            panels=render_enterprise_panels(request, enterprise),
        )
    return render(request, "alliances/my_enterprise.html", context)


@login_required
def enterprise_edit(request):
    enterprise = enterprise_of(request.user)
    if enterprise is None or not can_edit_profile(request.user, enterprise):
        raise Http404
    form = EnterpriseProfileForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.update_profile(
                actor=request.user, enterprise_id=enterprise.pk, changes=form.changes()
            )
        except StepRefused as refused:
            form.add_error(None, refused.message)
        else:
            waiting = [c for c in recorded if c.status == ChangeStatus.PENDING]
            if waiting:
                messages.info(
                    request,
                    _("Saved. Changes to %(fields)s wait for approval by the service center.")
                    % {
                        "fields": "、".join(
                            str(enterprise._meta.get_field(c.field).verbose_name) for c in waiting
                        )
                    },
                )
            else:
                messages.success(request, _("The profile was saved."))
            return redirect("alliances:my_enterprise")
    return render(
        request, "alliances/enterprise_edit.html", {"form": form, "enterprise": enterprise}
    )


@login_required
@require_POST
def invite(request):
    enterprise = enterprise_of(request.user)
    if enterprise is None:
        raise Http404
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite_colleague(
                actor=request.user, enterprise_id=enterprise.pk, note=form.cleaned_data["note"]
            )
        except StepRefused as refused:
            messages.error(request, refused.message)
        else:
            link = request.build_absolute_uri(
                reverse("alliances:accept_invitation", args=[invitation.token])
            )
            messages.success(
                request,
                _("Send this link to %(name)s; it works once, for 7 days: %(link)s")
                % {"name": invitation.note, "link": link},
            )
    else:
        messages.error(request, _("Give the colleague's name."))
    return redirect("alliances:my_enterprise")


@login_required
def accept_invitation(request, token):
    invitation = (
        Invitation.objects.select_related("enterprise", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        raise Http404
    if request.method == "POST":
        try:
            services.accept_invitation(token=token, user=request.user)
        except StepRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, _("You now act for %(name)s.") % {"name": invitation.enterprise.name}
            )
            return redirect("alliances:my_enterprise")
    return render(request, "alliances/accept_invitation.html", {"invitation": invitation})


@login_required
@require_POST
def remove_colleague(request, membership_id):
    membership = EnterpriseMembership.objects.filter(
        pk=membership_id, enterprise__memberships__user=request.user
    ).first()
    if membership is None:
        raise Http404
    try:
        services.remove_colleague(actor=request.user, membership_id=membership.pk)
    except StepRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The colleague no longer acts for the enterprise."))
    return redirect("alliances:my_enterprise")
