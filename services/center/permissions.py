"""Who may book the center's venues and who decides bookings that need approval."""

from alliances.permissions import enterprise_id_of
from portal.roles import Role


def may_book(user) -> bool:
    """Enterprise users acting for an enterprise, and park staff."""
    if not user.is_authenticated:
        return False
    if user.has_perm("portal.view_workbench"):
        return True
    return user.has_role(Role.ENTERPRISE_USER) and enterprise_id_of(user) is not None


def decides_bookings(user) -> bool:
    """Park staff who approve or refuse bookings (and see all of them)."""
    return user.is_authenticated and user.has_perm("center.change_booking")


def owns_booking(user, booking) -> bool:
    if not user.is_authenticated:
        return False
    if booking.booked_by_id == user.pk:
        return True
    return booking.enterprise_id is not None and (
        user.has_role(Role.ENTERPRISE_USER) and enterprise_id_of(user) == booking.enterprise_id
    )
