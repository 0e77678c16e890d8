"""Who may take which step on a request: one place for views, API, admin and tasks."""

from alliances.permissions import enterprise_id_of
from portal.roles import Role
from portal.usercache import fact_of, user_fact

from .choices import Channel


def is_dispatcher(user) -> bool:
    return user.is_authenticated and user.has_perm("services.dispatch_request")


def is_supervisor(user) -> bool:
    return user.is_authenticated and user.has_perm("services.supervise_request")


def can_dispatch(user, request) -> bool:
    """Dispatchers dispatch; on reception day the host (a supervisor) assigns in person."""
    return is_dispatcher(user) or (request.channel == Channel.RECEPTION_DAY and is_supervisor(user))


@user_fact("unit_ids")
def _unit_ids(user) -> frozenset[int]:
    return frozenset(user.handling_units.values_list("id", flat=True))


def unit_ids_of(user) -> frozenset[int]:
    """The handling units this user works in (kept with the user's roles, see
    ``portal.usercache``; forgotten when a unit's handlers change or a unit is deleted)."""
    if not user.is_authenticated:
        return frozenset()
    return fact_of(user, "unit_ids")


def acts_for(user, request) -> bool:
    """The user acts for the request's enterprise."""
    if not user.is_authenticated or not user.has_role(Role.ENTERPRISE_USER):
        return False
    return enterprise_id_of(user) == request.enterprise_id


def handles_lead(user, request) -> bool:
    return request.lead_unit_id is not None and request.lead_unit_id in unit_ids_of(user)


def handles_any(user, request) -> bool:
    if handles_lead(user, request):
        return True
    co_ids = {unit.pk for unit in request.co_units.all()}
    return bool(co_ids & unit_ids_of(user))


def works_in_a_team(user) -> bool:
    """The user is a cadre of a Red Chain Service Team (a handler of a team's unit): a
    problem found on a visit becomes a request the cadre enters for the enterprise."""
    from .choices import UnitKind
    from .models import HandlingUnit

    units = unit_ids_of(user)
    return (
        bool(units)
        and HandlingUnit.objects.filter(pk__in=units, kind=UnitKind.SERVICE_TEAM).exists()
    )
