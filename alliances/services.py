"""Every write to the registry and the alliances: keyword-only, one transaction each."""

import datetime
import secrets
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import StepRefused
from portal.notifications import notify
from portal.roles import Role

from .choices import ApplicationStatus, ChangeStatus
from .models import (
    Alliance,
    ChairTerm,
    Enterprise,
    EnterpriseChange,
    EnterpriseMembership,
    GrowthStep,
    Invitation,
    JoinApplication,
)
from .permissions import (
    can_edit_profile,
    can_manage_colleagues,
    can_manage_registry,
    can_review_applications,
)
from .validators import normalize_credit_code

# --- Joining an enterprise -------------------------------------------------------------------


@transaction.atomic
def submit_join_application(
    *, applicant, credit_code: str, enterprise_name: str, position: str = "", note: str = ""
) -> JoinApplication:
    if getattr(applicant, "enterprise_membership", None) is not None:
        raise StepRefused(_("Your account already acts for an enterprise."))
    if JoinApplication.objects.filter(
        applicant=applicant, status=ApplicationStatus.PENDING
    ).exists():
        raise StepRefused(_("You already have an application waiting for review."))
    application = JoinApplication.objects.create(
        applicant=applicant,
        credit_code=normalize_credit_code(credit_code),
        enterprise_name=enterprise_name.strip(),
        position=position,
        note=note,
    )
    return application


def _locked_pending_application(application_id: int, actor) -> JoinApplication:
    if not can_review_applications(actor):
        raise StepRefused(_("Only a park administrator can review applications."), status=403)
    application = (
        JoinApplication.objects.select_for_update()
        .select_related("applicant")
        .get(pk=application_id)
    )
    if application.status != ApplicationStatus.PENDING:
        raise StepRefused(_("This application has already been reviewed."))
    return application


@transaction.atomic
def approve_join_application(*, application_id: int, actor) -> EnterpriseMembership:
    """Attach the applicant to the enterprise (registering it if new) as an enterprise user.

    The first person of an enterprise becomes its enterprise administrator.
    """
    application = _locked_pending_application(application_id, actor)
    applicant = application.applicant
    if EnterpriseMembership.objects.filter(user=applicant).exists():
        raise StepRefused(_("The applicant already acts for an enterprise."))
    enterprise, _created = Enterprise.objects.get_or_create(
        credit_code=application.credit_code, defaults={"name": application.enterprise_name}
    )
    first = not enterprise.memberships.exists()
    membership = EnterpriseMembership.objects.create(
        user=applicant, enterprise=enterprise, is_admin=first
    )
    applicant.groups.add(Group.objects.get(name=Role.ENTERPRISE_USER))
    application.status = ApplicationStatus.APPROVED
    application.enterprise = enterprise
    application.reviewed_by = actor
    application.reviewed_at = timezone.now()
    application.save(update_fields=["status", "enterprise", "reviewed_by", "reviewed_at"])
    notify(
        recipients=[applicant],
        kind="join_approved",
        context={"enterprise": enterprise.name},
        url=reverse("alliances:my_enterprise"),
        dedupe_key=f"join-application:{application.pk}",
    )
    return membership


@transaction.atomic
def reject_join_application(*, application_id: int, actor, reason: str) -> JoinApplication:
    if not reason.strip():
        raise StepRefused(_("Give the applicant a reason for the rejection."), status=400)
    application = _locked_pending_application(application_id, actor)
    application.status = ApplicationStatus.REJECTED
    application.reason = reason.strip()
    application.reviewed_by = actor
    application.reviewed_at = timezone.now()
    application.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    notify(
        recipients=[application.applicant],
        kind="join_rejected",
        context={"enterprise": application.enterprise_name, "reason": application.reason},
        url=reverse("alliances:join"),
        dedupe_key=f"join-application:{application.pk}",
    )
    return application


# --- Colleagues ------------------------------------------------------------------------------

INVITATION_DAYS = 7


@transaction.atomic
def invite_colleague(*, actor, enterprise_id: int, note: str = "") -> Invitation:
    enterprise = Enterprise.objects.get(pk=enterprise_id)
    if not can_manage_colleagues(actor, enterprise):
        raise StepRefused(_("Only an enterprise administrator can invite colleagues."), status=403)
    return Invitation.objects.create(
        enterprise=enterprise,
        invited_by=actor,
        note=note,
        token=secrets.token_urlsafe(24),
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )


@transaction.atomic
def accept_invitation(*, token: str, user) -> EnterpriseMembership:
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        raise StepRefused(_("This invitation is not valid any more."), status=404)
    if invitation.expires_at < timezone.now():
        raise StepRefused(_("This invitation has expired; ask for a new one."))
    if EnterpriseMembership.objects.filter(user=user).exists():
        raise StepRefused(_("Your account already acts for an enterprise."))
    membership = EnterpriseMembership.objects.create(user=user, enterprise=invitation.enterprise)
    user.groups.add(Group.objects.get(name=Role.ENTERPRISE_USER))
    invitation.accepted_by = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    notify(
        recipients=[invitation.invited_by],
        kind="message",
        context={
            "subject": _("%(name)s accepted your invitation") % {"name": user.get_full_name()},
            "body": "",
        },
        dedupe_key=f"invitation-accepted:{invitation.pk}",
    )
    return membership


@transaction.atomic
def remove_colleague(*, actor, membership_id: int) -> None:
    membership = (
        EnterpriseMembership.objects.select_for_update().select_related("enterprise", "user")
    ).get(pk=membership_id)
    if not can_manage_colleagues(actor, membership.enterprise):
        raise StepRefused(_("Only an enterprise administrator can remove colleagues."), status=403)
    if membership.user_id == actor.pk:
        raise StepRefused(_("You cannot remove yourself; ask another administrator."))
    membership.user.groups.remove(Group.objects.get(name=Role.ENTERPRISE_USER))
    membership.delete()


# --- The profile -----------------------------------------------------------------------------


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@transaction.atomic
def update_profile(*, actor, enterprise_id: int, changes: dict) -> list[EnterpriseChange]:
    """Apply a profile edit, recording every changed field with who and when.

    Staff who manage the registry change everything at once; for an enterprise user the
    statistical fields (``Enterprise.REVIEWED_FIELDS``) wait for staff approval.
    """
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    if not can_edit_profile(actor, enterprise):
        raise StepRefused(_("You may not edit this enterprise."), status=404)
    staff = can_manage_registry(actor)
    now = timezone.now()
    recorded, applied_fields = [], []
    for field, new in changes.items():
        old = getattr(enterprise, field)
        if old == new:
            continue
        waits = field in Enterprise.REVIEWED_FIELDS and not staff
        if waits:
            EnterpriseChange.objects.filter(
                enterprise=enterprise, field=field, status=ChangeStatus.PENDING
            ).delete()  # the newest proposal replaces an older one
        else:
            setattr(enterprise, field, new)
            applied_fields.append(field)
        recorded.append(
            EnterpriseChange(
                enterprise=enterprise,
                field=field,
                old_value=_for_record(field, old),
                new_value=_for_record(field, new),
                status=ChangeStatus.PENDING if waits else ChangeStatus.APPLIED,
                actor=actor,
                created_at=now,
            )
        )
    if applied_fields:
        enterprise.full_clean()
        enterprise.save(update_fields=[*applied_fields, "updated_at"])
    return EnterpriseChange.objects.bulk_create(recorded)


def _for_record(field: str, value):
    """What the change log keeps of a value: personal data only masked."""
    mask = Enterprise.PERSONAL_FIELDS.get(field)
    return mask(value) if mask else _jsonable(value)


RECORDED_RELATIONS = ("chains", "links")


def relation_names(enterprise) -> dict[str, list[str]]:
    """The enterprise's chains and links by name, as the change log shows them."""
    return {
        name: sorted(str(item) for item in getattr(enterprise, name).all())
        for name in RECORDED_RELATIONS
    }


def record_relation_changes(*, actor, enterprise, before: dict) -> list[EnterpriseChange]:
    """Chains and links changed by staff: applied already, recorded like any other change."""
    after = relation_names(enterprise)
    recorded = [
        EnterpriseChange(
            enterprise=enterprise,
            field=name,
            old_value=before[name],
            new_value=after[name],
            status=ChangeStatus.APPLIED,
            actor=actor,
        )
        for name in RECORDED_RELATIONS
        if before[name] != after[name]
    ]
    return EnterpriseChange.objects.bulk_create(recorded)


@transaction.atomic
def review_change(*, actor, change_id: int, approve: bool) -> EnterpriseChange:
    if not can_manage_registry(actor):
        raise StepRefused(_("Only registry staff can review profile changes."), status=403)
    change = EnterpriseChange.objects.select_for_update().get(pk=change_id)
    if change.status != ChangeStatus.PENDING:
        raise StepRefused(_("This change has already been reviewed."))
    enterprise = Enterprise.objects.select_for_update().get(pk=change.enterprise_id)
    if approve:
        field = Enterprise._meta.get_field(change.field)
        setattr(enterprise, change.field, field.to_python(change.new_value))
        enterprise.full_clean()
        enterprise.save(update_fields=[change.field, "updated_at"])
        change.status = ChangeStatus.APPLIED
    else:
        change.status = ChangeStatus.REJECTED
    change.reviewed_by = actor
    change.reviewed_at = timezone.now()
    change.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return change


@transaction.atomic
def record_growth_step(*, actor, enterprise_id: int, stage: str, reached_on) -> GrowthStep:
    if not can_manage_registry(actor):
        raise StepRefused(_("Only registry staff can record growth steps."), status=403)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    step = GrowthStep.objects.create(
        enterprise=enterprise, stage=stage, reached_on=reached_on, recorded_by=actor
    )
    latest = enterprise.growth_steps.order_by("-reached_on", "-id").first()
    if latest and enterprise.growth_stage != latest.stage:
        enterprise.growth_stage = latest.stage
        enterprise.save(update_fields=["growth_stage", "updated_at"])
    return step


# --- Rotating chair --------------------------------------------------------------------------


@transaction.atomic
def generate_rotation(*, actor, alliance_id: int, year: int, months_per_term: int = 3):
    """Plan a year of chair terms, continuing the rotation order where it stopped."""
    if not can_manage_registry(actor):
        raise StepRefused(_("Only park administrators can plan the rotation."), status=403)
    if 12 % months_per_term:
        raise StepRefused(_("A term must divide the year evenly (1, 2, 3, 4, 6 or 12 months)."))
    alliance = Alliance.objects.select_for_update().get(pk=alliance_id)
    year_start = datetime.date(year, 1, 1)
    if alliance.chair_terms.filter(
        ends_on__gte=year_start, starts_on__lte=datetime.date(year, 12, 31)
    ).exists():
        raise StepRefused(_("The rotation for %(year)s has already been planned.") % {"year": year})
    members = list(
        alliance.members.filter(rotation_order__isnull=False, left_on__isnull=True).order_by(
            "rotation_order", "id"
        )
    )
    if not members:
        raise StepRefused(_("No active member has a place in the rotation order."))
    last = alliance.chair_terms.filter(starts_on__lt=year_start).order_by("-starts_on").first()
    position = 0
    if last is not None and last.member in members:
        position = (members.index(last.member) + 1) % len(members)
    terms = []
    for i in range(12 // months_per_term):
        starts = year_start + relativedelta(months=i * months_per_term)
        ends = starts + relativedelta(months=months_per_term) - datetime.timedelta(days=1)
        terms.append(
            ChairTerm(alliance=alliance, member=members[position], starts_on=starts, ends_on=ends)
        )
        position = (position + 1) % len(members)
    try:
        with transaction.atomic():
            return ChairTerm.objects.bulk_create(terms)
    except IntegrityError:
        raise StepRefused(_("A planned term overlaps an existing one.")) from None
