"""Who may take which step on a request: one place for views, API, admin and tasks."""

from portal.roles import Role

from .choices import State


def is_dispatcher(user) -> bool:
    return user.is_authenticated and user.has_perm("services.dispatch_request")


def is_supervisor(user) -> bool:
    return user.is_authenticated and user.has_perm("services.supervise_request")


def can_dispatch(user, request) -> bool:
    """Dispatchers dispatch; on reception day the host (a supervisor) assigns in person."""
    from .choices import Channel

    return is_dispatcher(user) or (request.channel == Channel.RECEPTION_DAY and is_supervisor(user))


def unit_ids_of(user) -> frozenset[int]:
    """The handling units this user works in (read once per user object)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_unit_ids"):
        user._unit_ids = frozenset(user.handling_units.values_list("id", flat=True))
    return user._unit_ids


def acts_for(user, request) -> bool:
    """The user acts for the request's enterprise."""
    if not user.is_authenticated or not user.has_role(Role.ENTERPRISE_USER):
        return False
    membership = getattr(user, "enterprise_membership", None)
    return membership is not None and membership.enterprise_id == request.enterprise_id


def handles_lead(user, request) -> bool:
    return request.lead_unit_id is not None and request.lead_unit_id in unit_ids_of(user)


def handles_any(user, request) -> bool:
    if handles_lead(user, request):
        return True
    co_ids = {unit.pk for unit in request.co_units.all()}
    return bool(co_ids & unit_ids_of(user))


def available_steps(user, request) -> list[str]:
    """The steps this user may take on the request now, for the buttons of the detail page."""
    state = request.state
    steps = []
    if acts_for(user, request):
        if state == State.SUBMITTED:
            steps.append("withdraw")
        if state == State.RESOLVED:
            steps += ["rate", "reopen"]
    if can_dispatch(user, request) and state in (State.SUBMITTED, State.RETURNED, State.DISPATCHED):
        steps.append("dispatch")
    if is_dispatcher(user):
        if state in (State.SUBMITTED, State.RETURNED):
            steps.append("reject")
        if request.pending_return is not None:
            steps.append("review_return")
    if handles_lead(user, request):
        if state == State.DISPATCHED:
            steps.append("sign_for")
        if state in (State.DISPATCHED, State.IN_PROGRESS) and request.pending_return is None:
            steps.append("apply_return")
        if state == State.IN_PROGRESS:
            steps += ["resolve"]
            if request.pending_extension is None:
                steps.append("apply_extension")
        if request.open_notice is not None:
            steps.append("acknowledge")
    if state == State.IN_PROGRESS and handles_any(user, request):
        steps.append("progress")
    if request.pending_extension is not None and (is_dispatcher(user) or is_supervisor(user)):
        steps.append("review_extension")
    if is_supervisor(user) and request.is_open:
        steps.append("supervise")
    return steps
