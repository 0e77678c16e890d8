"""Who may do what with enterprises and alliances: one place for views, API and admin."""

from portal.roles import Role
from portal.usercache import fact_of, user_fact


def is_registry_staff(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("alliances.view_enterprise")
    )


def can_manage_registry(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("alliances.change_enterprise")
    )


def can_review_applications(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("alliances.change_joinapplication")
    )


@user_fact("enterprise_id")
def _enterprise_id(user) -> int | None:
    from .models import EnterpriseMembership

    return (
        EnterpriseMembership.objects.filter(user=user).values_list("enterprise_id", flat=True)
    ).first()


def enterprise_id_of(user) -> int | None:
    """The id of the enterprise this user acts for, or None: kept with the user's roles (see
    ``portal.usercache``), forgotten when a membership is made, changed or removed."""
    if not user.is_authenticated:
        return None
    return fact_of(user, "enterprise_id")


def membership_of(user):
    if not user.is_authenticated:
        return None
    return getattr(user, "enterprise_membership", None)


def can_edit_profile(user, enterprise) -> bool:
    if can_manage_registry(user):
        return True
    membership = membership_of(user)
    return (
        membership is not None
        and membership.enterprise_id == enterprise.pk
        and user.has_role(Role.ENTERPRISE_USER)
    )


def can_manage_colleagues(user, enterprise) -> bool:
    membership = membership_of(user)
    return (
        membership is not None and membership.enterprise_id == enterprise.pk and membership.is_admin
    )
