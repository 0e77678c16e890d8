"""Who is told about a step: people holding a permission, and the people of a unit."""

from django.db.models import Q

from portal.models import User

from .models import HandlingUnit


def staff_with(perm: str):
    """Active users holding a permission through a role or directly."""
    app_label, codename = perm.split(".")
    by_role = Q(
        groups__permissions__content_type__app_label=app_label,
        groups__permissions__codename=codename,
    )
    direct = Q(
        user_permissions__content_type__app_label=app_label,
        user_permissions__codename=codename,
    )
    return User.objects.filter(is_active=True).filter(by_role | direct).distinct()


def unit_people(unit: HandlingUnit | None):
    if unit is None:
        return User.objects.none()
    return User.objects.filter(is_active=True, handling_units=unit)
