"""Every step of the request loop, declared once (see ``portal.steps``): its label, the
states it starts from, who may take it, its input and its success message, wrapped around
the one function that does it. The detail page's buttons, the web step view, the API's
actions and the OpenAPI schema are all read from ``STEPS``."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.calendar import add_working_days, is_working_day, working_days_between
from portal.errors import StepRefused
from portal.steps import Condition, StepTable

from . import inputs
from .choices import Decision, PauseEnd, Rating, ReviewStatus, State, Step
from .lights import working_days_used
from .models import ExtensionRequest, HandlingUnit, Pause, Request, ReturnApplication, Revisit
from .permissions import (
    acts_for,
    can_dispatch,
    handles_any,
    handles_lead,
    is_dispatcher,
    is_supervisor,
)
from .recipients import staff_with, unit_people
from .services import (
    issue_notice,
    lock_request,
    proposed_deadline,
    rating_window_ends,
    record_event,
    save_request,
    tell,
)
from .suggestions import record_dispatch
from .uploads import store_files

STEPS = StepTable(
    lock=lock_request,
    obj_name="request",
    wrong_state=_("This step is not possible while the request is “%(state)s”."),
)
OPEN = State.open_states()


def _dispatchers():
    return staff_with("services.dispatch_request")


def _reviewers(user, request) -> bool:
    return is_dispatcher(user) or is_supervisor(user)


def _within_rating_window(request) -> bool:
    ends = rating_window_ends(request)
    return ends is not None and timezone.now() <= ends


NO_PENDING_RETURN = Condition(
    lambda r: r.pending_return is None, _("A return application is already waiting for review.")
)
PENDING_RETURN = Condition(
    lambda r: r.pending_return is not None, _("Nothing is waiting for review.")
)
PENDING_EXTENSION = Condition(
    lambda r: r.pending_extension is not None, _("Nothing is waiting for review.")
)


def _decide(model, pk: int, actor, decision: str, **fields) -> bool:
    """Decide a unit's pending application (a return or more time); True when approved."""
    application = model.objects.select_for_update().get(pk=pk, status=ReviewStatus.PENDING)
    approve = decision == Decision.APPROVE
    application.status = ReviewStatus.APPROVED if approve else ReviewStatus.REFUSED
    application.reviewed_by, application.reviewed_at = actor, timezone.now()
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(update_fields=["status", "reviewed_by", "reviewed_at", *fields])
    return approve


RATING_WINDOW = Condition(_within_rating_window, _("The time to rate this request has passed."))


# --- fill (填单) -------------------------------------------------------------------------------


@STEPS.step(
    "withdraw",
    emphasis="destructive",
    confirm=_("Withdraw this request? It cannot be undone."),
    label=_("Withdraw the request"), from_states={State.SUBMITTED}, may=acts_for,
    refusal=_("Only the enterprise can withdraw its request."), refusal_status=404,
    done=_("The request was withdrawn."), style="outline-danger",
)  # fmt: skip
def withdraw_request(*, request: Request, actor) -> Request:
    """The enterprise withdraws a request not yet accepted."""
    before = request.state
    request.state, request.closed_at = State.WITHDRAWN, timezone.now()
    save_request(request, "state", "closed_at")
    event = record_event(request, actor=actor, step=Step.WITHDRAW, from_state=before)
    tell(_dispatchers(), request, event)
    return request


# --- between submitting and rating: the enterprise adds material, or chases (补充材料, 催办) --


def _people_handling(request):
    """Who works the request now: its units once dispatched, the dispatchers before."""
    if request.lead_unit_id is None or request.state in (State.SUBMITTED, State.RETURNED):
        return list(_dispatchers())
    people = list(unit_people(request.lead_unit))
    for unit in request.co_units.all():
        people += list(unit_people(unit))
    return people


@STEPS.step(
    "add_material", label=_("Add material"), from_states=OPEN, may=acts_for,
    refusal=_("Only the enterprise can add material to its request."), refusal_status=404,
    input=inputs.MaterialInput,
    done=_("Your material was added; the units handling the request are told."),
)  # fmt: skip
def add_material(*, request: Request, actor, note: str, files=()):
    """The enterprise adds text and files to its open request, for the units handling it."""
    event = record_event(
        request, actor=actor, step=Step.ADD_MATERIAL, from_state=request.state, note=note
    )
    store_files(request, event, files, actor)
    tell(_people_handling(request), request, event)
    running = request.running_pause
    if running is not None and running.awaits_material:
        end_pause(request, actor=actor, reason=PauseEnd.MATERIAL)
    return event


def chase_day(now=None) -> datetime.date:
    """The working day a chase counts for: today, or the next working day when today is
    a weekend or holiday (two chases over one weekend are one)."""
    day = timezone.localdate(now)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def time_used_half(request, now=None) -> bool:
    """Half of the request's working days are used (or it is overdue). Before dispatch the
    time is the category's limit from submission."""
    now = now or timezone.now()
    deadline = request.deadline or proposed_deadline(
        request.category, is_green=request.is_green, start=request.submitted_at
    )
    if now > deadline:
        return True
    used, allowed = working_days_used(request, now, deadline)
    return allowed == 0 or 2 * used >= allowed


def _chased_today(request) -> bool:
    """Read from the timeline (prefetched on the request's page; one query in the step)."""
    day = chase_day().isoformat()
    return any(e.step == Step.CHASE and e.data.get("day") == day for e in request.events.all())


HALF_TIME_USED = Condition(
    time_used_half,
    _("A request can be chased once half of its time is used; it is still well within time."),
)
NOT_CHASED_TODAY = Condition(
    lambda r: not _chased_today(r),
    _("This request was already chased today; it can be chased again on the next working day."),
)
NOT_PAUSED = Condition(
    lambda r: r.paused_at is None,
    _("The clock of this request is paused; it runs again when the pause ends."),
)


@STEPS.step(
    "chase", label=_("Chase"), from_states=OPEN,
    conditions=[NOT_PAUSED, HALF_TIME_USED, NOT_CHASED_TODAY],
    may=acts_for, refusal=_("Only the enterprise can chase its request."), refusal_status=404,
    done=_("Chased: the unit handling the request is told."),
)  # fmt: skip
def chase_request(*, request: Request, actor):
    """The enterprise asks for speed: the people handling the request are told, and the
    supervisors too when it is overdue. Once per working day (checked on the locked row)."""
    overdue = request.deadline is not None and timezone.now() > request.deadline
    request.chase_count += 1
    save_request(request, "chase_count")
    event = record_event(
        request, actor=actor, step=Step.CHASE, from_state=request.state,
        unit=request.lead_unit, data={"day": chase_day().isoformat(), "overdue": overdue},
    )  # fmt: skip
    people = _people_handling(request)
    if overdue:
        people += list(staff_with("services.supervise_request"))
    tell(people, request, event)
    return event


# --- dispatch (派单) ---------------------------------------------------------------------------


@STEPS.step(
    "dispatch",
    emphasis="primary",
    label=_("Dispatch"),
    from_states={State.SUBMITTED, State.RETURNED, State.DISPATCHED},
    may=can_dispatch, refusal=_("Only a dispatcher can dispatch requests."),
    input=inputs.DispatchInput, done=_("Dispatched."), help_template="services/steps/dispatch.html",
)  # fmt: skip
def dispatch_request(
    *, request: Request, actor, lead_unit: HandlingUnit, co_units=(), deadline=None, note=""
) -> Request:
    """A dispatcher gives the request to a lead unit (and co-units) with a deadline; also
    re-dispatches a returned request, or one not yet signed for."""
    now = timezone.now()
    deadline = deadline or proposed_deadline(request.category, is_green=request.is_green, start=now)
    if deadline <= now:
        raise StepRefused(
            gettext("The deadline must be in the future."), code="invalid", status=400
        )
    before = request.state
    request.state, request.lead_unit, request.deadline = State.DISPATCHED, lead_unit, deadline
    request.dispatched_at, request.signed_at = now, None
    # A new dispatch starts a new clock with no one named yet.
    request.handler, request.paused_days = None, 0
    save_request(
        request, "state", "lead_unit", "deadline", "dispatched_at", "signed_at", "handler",
        "paused_days",
    )  # fmt: skip
    co_units = [unit for unit in co_units if unit.pk != lead_unit.pk]
    request.co_units.set(co_units)
    event = record_event(
        request, actor=actor, step=Step.DISPATCH, from_state=before, note=note, unit=lead_unit,
        data={"deadline": deadline.isoformat(), "co_units": sorted(u.pk for u in co_units)},
    )  # fmt: skip
    record_dispatch(request)
    people = [*unit_people(lead_unit), request.submitter]
    for co in co_units:
        people += list(unit_people(co))
    tell(people, request, event)
    return request


@STEPS.step(
    "reject",
    emphasis="destructive",
    confirm=_("Refuse to accept this request? The enterprise is told the reason."),
    label=_("Do not accept"), from_states={State.SUBMITTED, State.RETURNED},
    may=lambda user, request: is_dispatcher(user),
    refusal=_("Only a dispatcher can decline a request."), input=inputs.ReasonInput,
    done=_("The request is not accepted; the enterprise sees the reason."),
)  # fmt: skip
def reject_request(*, request: Request, actor, reason: str) -> Request:
    """A dispatcher declines a request, with a reason the enterprise sees."""
    before = request.state
    request.state, request.reject_reason, request.closed_at = (
        State.REJECTED, reason, timezone.now(),
    )  # fmt: skip
    save_request(request, "state", "reject_reason", "closed_at")
    event = record_event(request, actor=actor, step=Step.REJECT, from_state=before, note=reason)
    tell([request.submitter], request, event)
    return request


# --- track (跟单) ------------------------------------------------------------------------------


@STEPS.step(
    "sign_for",
    emphasis="primary",
    label=_("Sign for"), from_states={State.DISPATCHED}, may=handles_lead,
    refusal=_("Only a handler of the lead unit can sign for this request."),
    done=_("Signed for: the request is now in progress."),
)  # fmt: skip
def sign_for(*, request: Request, actor) -> Request:
    """A handler of the lead unit signs for the request, and holds it unless the unit has
    named someone already."""
    request.state, request.signed_at = State.IN_PROGRESS, timezone.now()
    if request.handler_id is None:
        request.handler = actor
    save_request(request, "state", "signed_at", "handler")
    event = record_event(
        request, actor=actor, step=Step.SIGN_FOR, from_state=State.DISPATCHED,
        unit=request.lead_unit,
    )  # fmt: skip
    tell([request.submitter], request, event)
    return request


@STEPS.step(
    "apply_return", label=_("Give back (apply for return)"),
    from_states={State.DISPATCHED, State.IN_PROGRESS}, conditions=[NO_PENDING_RETURN],
    may=handles_lead, refusal=_("Only a handler of the lead unit can give the request back."),
    input=inputs.ReasonInput, done=_("The return application was sent to the dispatchers."),
)  # fmt: skip
def apply_return(*, request: Request, actor, reason: str) -> ReturnApplication:
    """The lead unit applies to give the request back."""
    application = ReturnApplication.objects.create(
        request=request, unit=request.lead_unit, applicant=actor, reason=reason
    )
    event = record_event(
        request, actor=actor, step=Step.APPLY_RETURN, from_state=request.state,
        note=reason, internal=True, unit=request.lead_unit,
    )  # fmt: skip
    tell(_dispatchers(), request, event, internal=True)
    return application


@STEPS.step(
    "review_return",
    emphasis="primary",
    label=_("Review the return application"), from_states=OPEN,
    conditions=[PENDING_RETURN], may=lambda user, request: is_dispatcher(user),
    refusal=_("Only a dispatcher can review a return application."), input=inputs.ReviewInput,
    done=_("The return application was reviewed."), choice_buttons="decision",
    help_template="services/steps/review_return.html",
)  # fmt: skip
def review_return(*, request: Request, actor, decision: str, note: str = "") -> Request:
    """A dispatcher approves or refuses the pending return application."""
    application = request.pending_return
    approve = _decide(ReturnApplication, application.pk, actor, decision, review_note=note)
    before = request.state
    if approve and request.paused_at is not None:
        end_pause(request, actor=actor, reason=PauseEnd.RETURNED)  # the unit's wait ends here
    if approve:
        request.state = State.RETURNED
        request.return_count += 1
        save_request(request, "state", "return_count")
    event = record_event(
        request, actor=actor, step=Step.APPROVE_RETURN if approve else Step.REFUSE_RETURN,
        from_state=before, note=note, internal=True, unit=application.unit,
    )  # fmt: skip
    tell(unit_people(application.unit), request, event, internal=True)
    return request


@STEPS.step(
    "progress", label=_("Post progress"), from_states={State.IN_PROGRESS}, may=handles_any,
    refusal=_("Only the units handling this request can post progress."),
    input=inputs.ProgressInput, done=_("Progress noted."),
)  # fmt: skip
def add_progress(*, request: Request, actor, note: str, internal: bool = False, files=()):
    """A handling unit posts progress; internal notes stay with the staff."""
    unit_ids = {request.lead_unit_id, *request.co_units.values_list("pk", flat=True)}
    unit = actor.handling_units.filter(pk__in=unit_ids).first()
    event = record_event(
        request, actor=actor, step=Step.PROGRESS, from_state=request.state,
        note=note, internal=internal, unit=unit,
    )  # fmt: skip
    store_files(request, event, files, actor, internal=internal)
    if not internal:
        tell([request.submitter], request, event)
    return event


@STEPS.step(
    "apply_extension", label=_("Ask for more time"), from_states={State.IN_PROGRESS},
    conditions=[Condition(
        lambda r: r.pending_extension is None,
        _("An extension request is already waiting for a decision."),
    )],
    may=handles_lead, refusal=_("Only a handler of the lead unit can ask for more time."),
    input=inputs.ExtensionInput, done=_("The extension request was sent."),
)  # fmt: skip
def apply_extension(*, request: Request, actor, reason: str, requested_deadline):
    """The lead unit asks for more time."""
    if request.deadline and requested_deadline <= request.deadline:
        raise StepRefused(
            gettext("The new deadline must be later than the current one."),
            code="invalid",
            status=400,
        )
    extension = ExtensionRequest.objects.create(
        request=request, applicant=actor, reason=reason, requested_deadline=requested_deadline
    )
    event = record_event(
        request, actor=actor, step=Step.APPLY_EXTENSION, from_state=request.state,
        note=reason, internal=True, unit=request.lead_unit,
        data={"requested_deadline": requested_deadline.isoformat()},
    )  # fmt: skip
    people = [*_dispatchers(), *staff_with("services.supervise_request")]
    tell(people, request, event, internal=True)
    return extension


@STEPS.step(
    "review_extension",
    emphasis="primary",
    label=_("Decide on more time"), from_states=OPEN,
    conditions=[PENDING_EXTENSION], may=_reviewers,
    refusal=_("Only a dispatcher or a supervisor can decide on more time."),
    input=inputs.ReviewInput, done=_("The extension request was decided."),
    choice_buttons="decision", help_template="services/steps/review_extension.html",
)  # fmt: skip
def review_extension(*, request: Request, actor, decision: str, note: str = "") -> Request:
    """A dispatcher or supervisor decides the pending extension request."""
    extension = request.pending_extension
    approve = _decide(ExtensionRequest, extension.pk, actor, decision)
    if approve:
        request.deadline = extension.requested_deadline
        save_request(request, "deadline")
    event = record_event(
        request, actor=actor, step=Step.APPROVE_EXTENSION if approve else Step.REFUSE_EXTENSION,
        from_state=request.state, note=note, unit=request.lead_unit,
        data={"deadline": request.deadline.isoformat() if request.deadline else None},
    )  # fmt: skip
    tell([*unit_people(request.lead_unit), request.submitter], request, event)
    return request


@STEPS.step(
    "resolve",
    emphasis="primary",
    label=_("Resolve"), from_states={State.IN_PROGRESS}, may=handles_lead,
    refusal=_("Only a handler of the lead unit can resolve this request."),
    input=inputs.ResolveInput, done=_("Resolved; the enterprise is asked to rate the result."),
)  # fmt: skip
def resolve_request(*, request: Request, actor, result: str, files=()) -> Request:
    """The lead unit resolves the request with a result (a running pause ends with it)."""
    if request.paused_at is not None:
        end_pause(request, actor=actor, reason=PauseEnd.RESOLVED)
    # A pause still waiting for a decision has nothing left to pause.
    Pause.objects.filter(request=request, status=ReviewStatus.PENDING).update(
        status=ReviewStatus.REFUSED, reviewed_at=timezone.now()
    )
    request.state, request.result, request.resolved_at = State.RESOLVED, result, timezone.now()
    save_request(request, "state", "result", "resolved_at")
    event = record_event(
        request, actor=actor, step=Step.RESOLVE, from_state=State.IN_PROGRESS,
        note=result, unit=request.lead_unit,
    )  # fmt: skip
    store_files(request, event, files, actor)
    tell([request.submitter], request, event)
    return request


# --- the enterprise's word ---------------------------------------------------------------------


@STEPS.step(
    "rate",
    emphasis="primary",
    label=_("Rate the result"), from_states={State.RESOLVED},
    conditions=[RATING_WINDOW], may=acts_for,
    refusal=_("Only the enterprise can rate its request."), refusal_status=404,
    input=inputs.RateInput, style="success",
    done=lambda request: (
        _("Thank you for rating. The request goes back to the unit to be redone.")
        if request.state == State.IN_PROGRESS else _("Thank you for rating.")
    ),
)  # fmt: skip
def rate_request(
    *, request: Request, actor, rating: str, comment: str = "", send_back: bool = False
) -> Request:
    """The enterprise rates the result: satisfied or basically satisfied closes the request;
    unsatisfied sends it back to be redone when the enterprise asks (``send_back``), and
    otherwise closes it as unsatisfied."""
    if rating == Rating.UNSATISFIED and send_back:
        return _send_back(request, actor, comment)
    request.rating, request.rating_comment = rating, comment
    request.state, request.closed_at = State.CLOSED, timezone.now()
    save_request(request, "state", "rating", "rating_comment", "closed_at")
    event = record_event(
        request, actor=actor, step=Step.RATE, from_state=State.RESOLVED, note=comment,
        data={"rating": rating},
    )  # fmt: skip
    tell(unit_people(request.lead_unit), request, event)
    return request


@STEPS.step(
    "reopen", label=_("Not solved: send back to be redone"), from_states={State.RESOLVED},
    conditions=[RATING_WINDOW], may=acts_for,
    refusal=_("Only the enterprise can rate its request."), refusal_status=404,
    input=inputs.ReopenInput, done=_("The request goes back to the unit to be redone."),
    style="outline-danger", on_page=False,  # the page's rating form offers it
)  # fmt: skip
def reopen_request(*, request: Request, actor, comment: str) -> Request:
    """The enterprise is not satisfied: the request goes back to the same unit as a redo
    (重办) with a fresh deadline."""
    return _send_back(request, actor, comment)


def _send_back(request: Request, actor, comment: str, *, online: bool = True) -> Request:
    """Back to the same unit as a redo (重办) with a fresh deadline: from the enterprise's
    rating online, or from a revisit call (``online=False``: the online rating stays)."""
    now = timezone.now()
    before = request.state
    fields = ["state", "redo_count", "resolved_at", "closed_at", "deadline", "revisited_at",
              "revisit_rating"]  # fmt: skip
    if online:
        request.rating, request.rating_comment = Rating.UNSATISFIED, comment
        fields += ["rating", "rating_comment"]
    request.state, request.resolved_at, request.closed_at = State.IN_PROGRESS, None, None
    request.revisited_at, request.revisit_rating = None, ""
    request.redo_count += 1
    request.deadline = proposed_deadline(request.category, is_green=request.is_green, start=now)
    save_request(request, *fields)
    event = record_event(
        request, actor=actor, step=Step.REOPEN, from_state=before, note=comment,
        data={"rating": Rating.UNSATISFIED, "from": "online" if online else "revisit"},
    )  # fmt: skip
    tell(unit_people(request.lead_unit), request, event)
    return request


# --- supervise (督单) ---------------------------------------------------------------------------


@STEPS.step(
    "supervise", label=_("Issue a supervision notice"), from_states=OPEN,
    may=lambda user, request: is_supervisor(user),
    refusal=_("Only a supervisor can issue a supervision notice."),
    input=inputs.SuperviseInput, done=_("The supervision notice was issued."),
)  # fmt: skip
def supervise_request(*, request: Request, actor, level: str, instruction: str, new_deadline=None):
    """A supervisor issues a supervision notice (督办单), maybe with a new deadline."""
    return issue_notice(
        request, actor=actor, level=level, instruction=instruction, new_deadline=new_deadline
    )


@STEPS.step(
    "acknowledge",
    emphasis="primary",
    label=_("Acknowledge the supervision notice"), from_states=State.values,
    conditions=[Condition(
        lambda r: r.open_notice is not None, _("There is no supervision notice to acknowledge.")
    )],
    may=handles_lead, refusal=_("Only a handler of the lead unit can acknowledge the notice."),
    done=_("The supervision notice was acknowledged."),
)  # fmt: skip
def acknowledge_supervision(*, request: Request, actor):
    """The lead unit acknowledges the open supervision notice."""
    notice = request.supervision_notices.select_for_update().get(pk=request.open_notice.pk)
    notice.acknowledged_by, notice.acknowledged_at = actor, timezone.now()
    notice.save(update_fields=["acknowledged_by", "acknowledged_at"])
    event = record_event(
        request, actor=actor, step=Step.ACKNOWLEDGE, from_state=request.state,
        internal=True, unit=request.lead_unit, data={"notice": notice.pk},
    )  # fmt: skip
    tell([notice.issued_by], request, event, internal=True)
    return notice


# --- the unit's own: who holds it (承办人), and pausing the clock (挂起) -----------------------


def _member_of_lead_unit(request, handler):
    if handler is None or not handler.handling_units.filter(pk=request.lead_unit_id).exists():
        raise StepRefused(gettext("Choose a person of the lead unit."), code="invalid", status=400)


HOLDER_STATES = {State.DISPATCHED, State.IN_PROGRESS}


@STEPS.step(
    "assign", label=_("Name the handler"), from_states=HOLDER_STATES,
    conditions=[Condition(lambda r: r.handler_id is None, _("A handler is named already."))],
    may=handles_lead, refusal=_("Only the lead unit can name who handles the request."),
    input=inputs.AssignInput, done=_("The handler is named and told."),
)  # fmt: skip
def assign_handler(*, request: Request, actor, handler, note: str = ""):
    """The lead unit names the person who holds the request (承办人)."""
    _member_of_lead_unit(request, handler)
    request.handler = handler
    save_request(request, "handler")
    event = record_event(
        request, actor=actor, step=Step.ASSIGN, from_state=request.state, note=note,
        internal=True, unit=request.lead_unit, data={"handler": handler.pk},
    )  # fmt: skip
    tell([handler], request, event, internal=True)
    return request


@STEPS.step(
    "reassign", label=_("Give to another handler"), from_states=HOLDER_STATES,
    conditions=[Condition(lambda r: r.handler_id is not None, _("No handler is named yet."))],
    may=handles_lead, refusal=_("Only the lead unit can change who handles the request."),
    input=inputs.ReassignInput, done=_("The request has a new handler, who is told."),
)  # fmt: skip
def reassign_handler(*, request: Request, actor, handler, reason: str):
    """The lead unit gives the request to another of its people, with a reason."""
    _member_of_lead_unit(request, handler)
    if handler.pk == request.handler_id:
        raise StepRefused(
            gettext("This person holds the request already."), code="invalid", status=400
        )
    before = request.handler
    request.handler = handler
    save_request(request, "handler")
    event = record_event(
        request, actor=actor, step=Step.REASSIGN, from_state=request.state, note=reason,
        internal=True, unit=request.lead_unit,
        data={"handler": handler.pk, "before": before.pk if before else None},
    )  # fmt: skip
    tell([handler, before], request, event, internal=True)
    return request


@STEPS.step(
    "apply_pause", label=_("Ask to pause the clock"), from_states={State.IN_PROGRESS},
    conditions=[
        NOT_PAUSED,
        Condition(lambda r: r.pending_pause is None,
                  _("A pause is already waiting for a dispatcher's decision.")),
    ],
    may=handles_lead, refusal=_("Only a handler of the lead unit can ask to pause the clock."),
    input=inputs.PauseInput, done=_("The pause was sent to the dispatchers for a decision."),
)  # fmt: skip
def apply_pause(*, request: Request, actor, reason: str, until=None, awaits_material=False):
    """The lead unit asks to stop the clock while it waits on something outside its hands
    (the enterprise's documents, a court ruling, a weather window). An overdue request may
    be paused too: it stays overdue, but no warning repeats while it waits."""
    pause = Pause.objects.create(
        request=request, unit=request.lead_unit, applicant=actor, reason=reason, until=until,
        awaits_material=awaits_material,
    )  # fmt: skip
    event = record_event(
        request, actor=actor, step=Step.APPLY_PAUSE, from_state=request.state, note=reason,
        internal=True, unit=request.lead_unit,
        data={"until": until.isoformat() if until else None, "awaits_material": awaits_material},
    )  # fmt: skip
    tell(_dispatchers(), request, event, internal=True)
    return pause


@STEPS.step(
    "review_pause", emphasis="primary", label=_("Decide on pausing the clock"),
    from_states={State.IN_PROGRESS},
    conditions=[Condition(lambda r: r.pending_pause is not None,
                          _("Nothing is waiting for review."))],
    may=lambda user, request: is_dispatcher(user),
    refusal=_("Only a dispatcher can decide on a pause."), input=inputs.ReviewInput,
    done=_("The pause was decided."), choice_buttons="decision",
    help_template="services/steps/review_pause.html",
)  # fmt: skip
def review_pause(*, request: Request, actor, decision: str, note: str = "") -> Request:
    """A dispatcher approves the pause (the clock stops now) or refuses it."""
    pause = request.pending_pause
    now = timezone.now()
    started = {"started_at": now} if decision == Decision.APPROVE else {}
    approve = _decide(Pause, pause.pk, actor, decision, **started)
    if approve:
        request.paused_at = now
        save_request(request, "paused_at")
    # The enterprise sees that the clock stopped and why; a refusal stays with the staff.
    event = record_event(
        request, actor=actor, step=Step.APPROVE_PAUSE if approve else Step.REFUSE_PAUSE,
        from_state=request.state, note=pause.reason if approve else note,
        internal=not approve, unit=pause.unit,
        data={"until": pause.until.isoformat() if pause.until else None},
    )  # fmt: skip
    people = [*unit_people(pause.unit)] + ([request.submitter] if approve else [])
    tell(people, request, event, internal=not approve)
    return request


def end_pause(request: Request, *, actor, reason: str, note: str = "") -> Pause:
    """The clock runs again: the working days it stood still are counted on the pause and
    the request, and the deadline moves on by as many. On the locked request."""
    pause = Pause.objects.select_for_update().get(
        request=request, status=ReviewStatus.APPROVED, ended_at__isnull=True
    )
    now = timezone.now()
    days = working_days_between(pause.started_at, now)
    pause.ended_at, pause.end_reason, pause.working_days = now, reason, days
    pause.save(update_fields=["ended_at", "end_reason", "working_days"])
    request.paused_at = None
    request.paused_days += days
    fields = ["paused_at", "paused_days"]
    if request.deadline is not None and days:
        request.deadline = add_working_days(request.deadline, days)
        fields.append("deadline")
    save_request(request, *fields)
    event = record_event(
        request, actor=actor, step=Step.RESUME, from_state=request.state, note=note,
        unit=pause.unit,
        data={"reason": reason, "days": days,
              "deadline": request.deadline.isoformat() if request.deadline else None},
    )  # fmt: skip
    tell([*unit_people(pause.unit), request.submitter], request, event)
    return pause


@STEPS.step(
    "resume", label=_("Resume the clock"), from_states=OPEN,
    conditions=[Condition(lambda r: r.paused_at is not None, _("The clock is not paused."))],
    may=lambda user, request: is_dispatcher(user) or handles_lead(user, request),
    refusal=_("Only a dispatcher or the lead unit can resume the clock."),
    input=inputs.NoteInput,
    done=_("The clock runs again; the deadline moved on by the days it was paused."),
)  # fmt: skip
def resume_clock(*, request: Request, actor, note: str = ""):
    """A dispatcher, or the lead unit that has what it waited for, resumes the clock before
    its date."""
    return end_pause(request, actor=actor, reason=PauseEnd.RESUMED, note=note)


def resume_on_date(*, request_id: int, today=None) -> bool:
    """The sweep resumes a pause whose date has come (safe to run twice)."""
    from django.db import transaction

    today = today or timezone.localdate()
    with transaction.atomic():
        request = lock_request(request_id)
        running = request.pauses.filter(status=ReviewStatus.APPROVED, ended_at__isnull=True)
        pause = running.first()
        if pause is None or pause.until is None or pause.until > today:
            return False
        end_pause(request, actor=None, reason=PauseEnd.DATE)
        return True


# --- after resolution: the revisit call (回访) --------------------------------------------------


def _revisit_due(request) -> bool:
    return request.resolved_at is not None and request.revisited_at is None


@STEPS.step(
    "revisit", label=_("Record the revisit call"), from_states={State.RESOLVED, State.CLOSED},
    conditions=[Condition(_revisit_due, _("This request was revisited already."))],
    may=_reviewers, refusal=_("Only the service center's staff record revisit calls."),
    input=inputs.RevisitInput, help_template="services/steps/revisit.html",
    done=lambda revisit: (
        _("The revisit is recorded and the request goes back to the unit to be redone.")
        if revisit.sent_back else _("The revisit is recorded.")
    ),
)  # fmt: skip
def revisit_request(
    *, request: Request, actor, reached: bool, rating: str = "", remarks: str = "",
    send_back: bool = False,
) -> Revisit:  # fmt: skip
    """The service center calls the enterprise after resolution: reached or not, and how
    satisfied it is; 不满意 may send the request back to be redone."""
    revisit = Revisit.objects.create(
        request=request, reached=reached, rating=rating if reached else "", remarks=remarks,
        sent_back=send_back, called_by=actor,
    )  # fmt: skip
    if reached:
        request.revisited_at, request.revisit_rating = timezone.now(), rating
        save_request(request, "revisited_at", "revisit_rating")
    record_event(
        request, actor=actor, step=Step.REVISIT, from_state=request.state, note=remarks,
        internal=True, data={"reached": reached, "rating": rating if reached else ""},
    )  # fmt: skip
    if send_back:
        _send_back(request, actor, remarks, online=False)
    return revisit


# --- duplicates: merged into the main request ----------------------------------------------------


@STEPS.step(
    "merge", label=_("Merge into another request (duplicate)"), emphasis="destructive",
    confirm=_("Merge this request into the other one? It closes, and its enterprise follows "
              "the other request."),
    from_states=OPEN, may=lambda user, request: is_dispatcher(user),
    refusal=_("Only a dispatcher can merge requests."), input=inputs.MergeInput,
    done=_("Merged: the enterprise follows the main request from now on."),
)  # fmt: skip
def merge_request(*, request: Request, actor, into: Request, note: str = "") -> Request:
    """A dispatcher closes a duplicate into the main request: the duplicate keeps its
    timeline and links to the main one; its enterprise is told at every public step of the
    main request; the figures count the case once."""
    main = Request.objects.select_for_update().get(pk=into.pk)
    if main.pk == request.pk:
        raise StepRefused(gettext("A request cannot be merged into itself."), code="invalid",
                          status=400)  # fmt: skip
    if main.state in (State.MERGED, State.REJECTED, State.WITHDRAWN):
        raise StepRefused(
            gettext("Request %(number)s is “%(state)s”: merge into the request it went to, or "
                    "into an open one.") % {"number": main.number,
                                            "state": main.get_state_display()},
            code="invalid", status=400,
        )  # fmt: skip
    before = request.state
    people = _people_handling(request) if request.lead_unit_id else []
    if request.paused_at is not None:  # the main request carries on; nothing waits here
        end_pause(request, actor=actor, reason=PauseEnd.RESUMED)
    request.state, request.merged_into, request.closed_at = State.MERGED, main, timezone.now()
    save_request(request, "state", "merged_into", "closed_at")
    event = record_event(
        request, actor=actor, step=Step.MERGE, from_state=before, note=note,
        data={"into": main.pk, "number": main.number},
    )  # fmt: skip
    record_event(
        main, actor=actor, step=Step.MERGE, from_state=main.state, internal=True, note=note,
        data={"duplicate": request.pk, "number": request.number},
    )  # fmt: skip
    tell([request.submitter], request, event)
    tell(people, request, event, internal=True)
    return request
