"""Who may book the center's venues, who decides bookings, who runs events and who
allocates the accommodation."""

from alliances.permissions import enterprise_id_of
from portal.roles import Role


def may_book(user) -> bool:
    """Enterprise users acting for an enterprise, and park staff."""
    if not user.is_authenticated:
        return False
    if user.has_perm("portal.view_workbench"):
        return True
    return acts_for_enterprise(user)


def acts_for_enterprise(user) -> bool:
    return (
        user.is_authenticated
        and user.has_role(Role.ENTERPRISE_USER)
        and enterprise_id_of(user) is not None
    )


def decides_bookings(user) -> bool:
    """Park staff who approve or refuse bookings (and see all of them)."""
    return user.is_authenticated and user.has_perm("center.change_booking")


def runs_events(user) -> bool:
    """Park staff who schedule the center's events and tick who attended."""
    return user.is_authenticated and user.has_perm("center.change_registration")


def allocates_rooms(user) -> bool:
    """Park staff who allocate beds of the accommodation (and see every application)."""
    return user.is_authenticated and user.has_perm("center.change_stayapplication")


def owns_booking(user, booking) -> bool:
    if not user.is_authenticated:
        return False
    if booking.booked_by_id == user.pk:
        return True
    return booking.enterprise_id is not None and (
        user.has_role(Role.ENTERPRISE_USER) and enterprise_id_of(user) == booking.enterprise_id
    )


def owns_application(user, application) -> bool:
    """The enterprise that applied (any of its users) owns the application."""
    return acts_for_enterprise(user) and enterprise_id_of(user) == application.enterprise_id
