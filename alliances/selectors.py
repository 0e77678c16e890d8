"""Reads of the registry, scoped to what the asking user may see."""

from .models import Enterprise


def enterprise_of(user) -> Enterprise | None:
    """The enterprise this user acts for, or None (staff, anonymous, unattached accounts)."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "enterprise_membership", None)
    return membership.enterprise if membership else None


def enterprises_visible_to(user):
    """Staff see the whole registry; an enterprise user sees only their own enterprise."""
    if not user.is_authenticated:
        return Enterprise.objects.none()
    if user.is_superuser or user.has_perm("alliances.view_enterprise"):
        return Enterprise.objects.all()
    return Enterprise.objects.filter(memberships__user=user)
