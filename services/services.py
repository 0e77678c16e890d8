"""Every step of the request closed loop. Each function checks the actor's right, locks the
request row, checks the transition, saves, appends an event and notifies after commit.
Nothing else changes a request's state."""

import datetime
import mimetypes
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.selectors import enterprise_of
from portal.errors import StepRefused
from portal.models import User
from portal.notifications import notify

from .calendar import add_working_days, working_days_between
from .choices import Channel, Light, Rating, ReviewStatus, State, Step, SupervisionLevel
from .models import (
    Attachment,
    Category,
    ExtensionRequest,
    HandlingUnit,
    Request,
    RequestCounter,
    RequestEvent,
    ReturnApplication,
    SupervisionNotice,
)
from .permissions import (
    acts_for,
    can_dispatch,
    handles_any,
    handles_lead,
    is_dispatcher,
    is_supervisor,
)

# --- helpers ---------------------------------------------------------------------------------

ALLOWED_UPLOADS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt"}


def _lock(request_id: int) -> Request:
    try:
        return Request.objects.select_for_update(of=("self",)).get(pk=request_id)
    except Request.DoesNotExist:
        raise StepRefused(_("No such request."), code="not_found", status=404) from None


def _require(request: Request, *states: str) -> None:
    if request.state not in states:
        raise StepRefused(
            _("This step is not possible while the request is “%(state)s”.")
            % {"state": request.get_state_display()},
            code="illegal_state",
        )


def _event(request, *, actor, step, from_state, note="", internal=False, unit=None, data=None):
    return RequestEvent.objects.create(
        request=request,
        actor=actor,
        step=step,
        unit=unit,
        from_state=from_state,
        to_state=request.state,
        note=note,
        is_internal=internal,
        data=data or {},
    )


def _staff_with(perm: str):
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


def _unit_people(unit: HandlingUnit | None):
    if unit is None:
        return User.objects.none()
    return User.objects.filter(is_active=True, handling_units=unit)


def _tell(recipients, request, event, *, internal=False):
    """Notify about a step; an internal step never reaches the enterprise."""
    recipients = [u for u in recipients if u is not None]
    if internal:
        recipients = [u for u in recipients if u.pk != request.submitter_id]
    if not recipients:
        return
    notify(
        recipients=recipients,
        kind="request_step",
        context={
            "number": request.number,
            "title": request.title,
            "step": event.step,
            "note": event.note if not internal else "",
        },
        url=reverse("request_detail", args=[request.pk]),
        dedupe_key=f"request-event:{event.pk}",
    )


def proposed_deadline(category: Category, *, is_green: bool, start=None) -> datetime.datetime:
    days = category.green_limit_days if is_green else category.time_limit_days
    return add_working_days(start or timezone.now(), days)


def sign_for_due(dispatched_at) -> datetime.datetime:
    """A dispatched request should be signed for by the end of the next working day."""
    return add_working_days(dispatched_at, 1)


def compute_light(request: Request, now=None) -> str:
    """Red when overdue; yellow when most of the time is used, or when a dispatched request
    has waited a working day for sign-for; green otherwise. Closed requests keep green."""
    now = now or timezone.now()
    if not request.is_open or request.deadline is None:
        return Light.GREEN
    if now > request.deadline:
        return Light.RED
    waiting = request.state == State.DISPATCHED and request.dispatched_at is not None
    if waiting and now > sign_for_due(request.dispatched_at):
        return Light.YELLOW
    start = request.dispatched_at or request.submitted_at
    allowed = working_days_between(start, request.deadline)
    used = working_days_between(start, now)
    if allowed and used / allowed >= settings.REQUEST_YELLOW_AT:
        return Light.YELLOW
    return Light.GREEN


def _save(request: Request, *fields: str) -> None:
    request.light = compute_light(request)
    request.save(update_fields=[*fields, "light", "updated_at"])


def _store_files(request: Request, event: RequestEvent | None, files, actor, *, internal=False):
    for upload in files or ():
        check_upload(upload)
        Attachment.objects.create(
            request=request,
            event=event,
            file=upload,
            original_name=Path(upload.name).name[:200],
            content_type=upload.content_type
            or mimetypes.guess_type(upload.name)[0]
            or "application/octet-stream",
            size=upload.size,
            is_internal=internal,
            uploaded_by=actor,
        )


def check_upload(upload) -> None:
    """Refuse files of the wrong type or too large, with a message that names the file."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_UPLOADS:
        raise StepRefused(
            _("“%(name)s” cannot be attached: allowed are PDF, images, Word, Excel and text files.")
            % {"name": upload.name},
            code="bad_file",
            status=400,
        )
    if upload.size > settings.REQUEST_MAX_UPLOAD_MB * 1024 * 1024:
        raise StepRefused(
            _("“%(name)s” is larger than %(mb)s MB.")
            % {"name": upload.name, "mb": settings.REQUEST_MAX_UPLOAD_MB},
            code="bad_file",
            status=400,
        )


def _next_number(now) -> str:
    month = timezone.localtime(now).strftime("%Y%m")
    # The first request of a month creates the counter; two at once must not collide.
    RequestCounter.objects.bulk_create([RequestCounter(month=month)], ignore_conflicts=True)
    RequestCounter.objects.filter(month=month).update(last=F("last") + 1)
    last = RequestCounter.objects.values_list("last", flat=True).get(month=month)
    return f"QY{month}-{last:05d}"


# --- fill (填单) -------------------------------------------------------------------------------


def submit_request(
    *,
    actor,
    category_id: int,
    title: str,
    description: str,
    is_green: bool = False,
    channel: str = Channel.WEB,
    idempotency_key: str = "",
    files=(),
    enterprise=None,
    supervision: dict | None = None,
) -> Request:
    """An enterprise user submits a request for their enterprise. Staff may enter one on an
    enterprise's behalf (phone, reception day, team visit) by naming the enterprise.

    The same ``idempotency_key`` from the same person returns the first request: a
    double-clicked form creates one request."""
    if idempotency_key:
        existing = Request.objects.filter(submitter=actor, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if enterprise is None:
        enterprise = enterprise_of(actor)
        if enterprise is None or not actor.has_perm("portal.act_for_enterprise"):
            raise StepRefused(_("Only a user of an enterprise can submit a request."), status=403)
    elif not (is_dispatcher(actor) or is_supervisor(actor)):
        raise StepRefused(_("Only park staff can enter a request for an enterprise."), status=403)
    category = Category.objects.filter(pk=category_id, is_active=True).first()
    if category is None:
        raise StepRefused(_("Choose a category."), code="invalid", status=400)
    if not title.strip() or not description.strip():
        raise StepRefused(
            _("Give the request a title and a description."), code="invalid", status=400
        )
    for upload in files or ():
        check_upload(upload)
    try:
        with transaction.atomic():
            now = timezone.now()
            request = Request.objects.create(
                number=_next_number(now),
                enterprise=enterprise,
                submitter=actor,
                category=category,
                title=title.strip(),
                description=description.strip(),
                channel=channel,
                is_green=is_green,
                submitted_at=now,
                idempotency_key=idempotency_key,
            )
            event = _event(request, actor=actor, step=Step.SUBMIT, from_state="")
            _store_files(request, event, files, actor)
            if supervision:
                _issue_notice(request, actor=actor, **supervision)
            _tell(_staff_with("services.dispatch_request"), request, event)
    except IntegrityError:
        # The same form arrived twice at once: the other submission won; return it.
        existing = Request.objects.filter(submitter=actor, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    return request


@transaction.atomic
def withdraw_request(*, actor, request_id: int, note: str = "") -> Request:
    request = _lock(request_id)
    if not acts_for(actor, request):
        raise StepRefused(_("Only the enterprise can withdraw its request."), status=404)
    _require(request, State.SUBMITTED)
    before = request.state
    request.state, request.closed_at = State.WITHDRAWN, timezone.now()
    _save(request, "state", "closed_at")
    event = _event(request, actor=actor, step=Step.WITHDRAW, from_state=before, note=note)
    _tell(_staff_with("services.dispatch_request"), request, event)
    return request


# --- dispatch (派单) ---------------------------------------------------------------------------


@transaction.atomic
def dispatch_request(
    *, actor, request_id: int, lead_unit_id: int, co_unit_ids=(), deadline=None, note: str = ""
) -> Request:
    """Give the request to a lead unit (and co-units) with a deadline. Also re-dispatches a
    returned request, or one not yet signed for."""
    request = _lock(request_id)
    if not can_dispatch(actor, request):
        raise StepRefused(_("Only a dispatcher can dispatch requests."), status=403)
    _require(request, State.SUBMITTED, State.RETURNED, State.DISPATCHED)
    unit = HandlingUnit.objects.filter(pk=lead_unit_id, is_active=True).first()
    if unit is None:
        raise StepRefused(_("Choose the lead unit."), code="invalid", status=400)
    now = timezone.now()
    deadline = deadline or proposed_deadline(request.category, is_green=request.is_green, start=now)
    if deadline <= now:
        raise StepRefused(_("The deadline must be in the future."), code="invalid", status=400)
    before = request.state
    request.state = State.DISPATCHED
    request.lead_unit = unit
    request.deadline = deadline
    request.dispatched_at = now
    request.signed_at = None
    _save(request, "state", "lead_unit", "deadline", "dispatched_at", "signed_at")
    request.co_units.set(HandlingUnit.objects.filter(pk__in=co_unit_ids).exclude(pk=unit.pk))
    event = _event(
        request,
        actor=actor,
        step=Step.DISPATCH,
        from_state=before,
        note=note,
        unit=unit,
        data={"deadline": deadline.isoformat(), "co_units": sorted(co_unit_ids)},
    )
    people = [*_unit_people(unit), request.submitter]
    for co in request.co_units.all():
        people += list(_unit_people(co))
    _tell(people, request, event)
    return request


@transaction.atomic
def reject_request(*, actor, request_id: int, reason: str) -> Request:
    if not is_dispatcher(actor):
        raise StepRefused(_("Only a dispatcher can decline a request."), status=403)
    if not reason.strip():
        raise StepRefused(
            _("Tell the enterprise why the request is not accepted."), code="invalid", status=400
        )
    request = _lock(request_id)
    _require(request, State.SUBMITTED, State.RETURNED)
    before = request.state
    request.state, request.reject_reason, request.closed_at = (
        State.REJECTED,
        reason.strip(),
        timezone.now(),
    )
    _save(request, "state", "reject_reason", "closed_at")
    event = _event(request, actor=actor, step=Step.REJECT, from_state=before, note=reason.strip())
    _tell([request.submitter], request, event)
    return request


# --- track (跟单) ------------------------------------------------------------------------------


@transaction.atomic
def sign_for(*, actor, request_id: int) -> Request:
    request = _lock(request_id)
    if not handles_lead(actor, request):
        raise StepRefused(
            _("Only a handler of the lead unit can sign for this request."), status=403
        )
    _require(request, State.DISPATCHED)
    request.state, request.signed_at = State.IN_PROGRESS, timezone.now()
    _save(request, "state", "signed_at")
    event = _event(
        request,
        actor=actor,
        step=Step.SIGN_FOR,
        from_state=State.DISPATCHED,
        unit=request.lead_unit,
    )
    _tell([request.submitter], request, event)
    return request


@transaction.atomic
def apply_return(*, actor, request_id: int, reason: str) -> ReturnApplication:
    request = _lock(request_id)
    if not handles_lead(actor, request):
        raise StepRefused(
            _("Only a handler of the lead unit can give the request back."), status=403
        )
    _require(request, State.DISPATCHED, State.IN_PROGRESS)
    if not reason.strip():
        raise StepRefused(_("Say why the unit gives the request back."), code="invalid", status=400)
    if request.return_applications.filter(status=ReviewStatus.PENDING).exists():
        raise StepRefused(_("A return application is already waiting for review."))
    application = ReturnApplication.objects.create(
        request=request, unit=request.lead_unit, applicant=actor, reason=reason.strip()
    )
    event = _event(
        request, actor=actor, step=Step.APPLY_RETURN, from_state=request.state,
        note=reason.strip(), internal=True, unit=request.lead_unit,
    )  # fmt: skip
    _tell(_staff_with("services.dispatch_request"), request, event, internal=True)
    return application


@transaction.atomic
def review_return(*, actor, application_id: int, approve: bool, note: str = "") -> Request:
    if not is_dispatcher(actor):
        raise StepRefused(_("Only a dispatcher can review a return application."), status=403)
    application = ReturnApplication.objects.select_related("request").get(pk=application_id)
    request = _lock(application.request_id)
    application = ReturnApplication.objects.select_for_update().get(pk=application_id)
    if application.status != ReviewStatus.PENDING:
        raise StepRefused(_("This return application has already been reviewed."))
    application.status = ReviewStatus.APPROVED if approve else ReviewStatus.REFUSED
    application.reviewed_by, application.reviewed_at, application.review_note = (
        actor,
        timezone.now(),
        note,
    )
    application.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    before = request.state
    if approve:
        _require(request, State.DISPATCHED, State.IN_PROGRESS)
        request.state = State.RETURNED
        request.return_count += 1
        _save(request, "state", "return_count")
    event = _event(
        request, actor=actor, step=Step.APPROVE_RETURN if approve else Step.REFUSE_RETURN,
        from_state=before, note=note, internal=True, unit=application.unit,
    )  # fmt: skip
    _tell(_unit_people(application.unit), request, event, internal=True)
    return request


@transaction.atomic
def add_progress(
    *, actor, request_id: int, note: str, internal: bool = False, files=()
) -> RequestEvent:
    request = _lock(request_id)
    if not handles_any(actor, request):
        raise StepRefused(_("Only the units handling this request can post progress."), status=403)
    _require(request, State.IN_PROGRESS)
    if not note.strip():
        raise StepRefused(_("Write what was done."), code="invalid", status=400)
    unit_ids = {request.lead_unit_id, *request.co_units.values_list("pk", flat=True)}
    unit = actor.handling_units.filter(pk__in=unit_ids).first()
    event = _event(
        request, actor=actor, step=Step.PROGRESS, from_state=request.state,
        note=note.strip(), internal=internal, unit=unit,
    )  # fmt: skip
    _store_files(request, event, files, actor, internal=internal)
    if not internal:
        _tell([request.submitter], request, event)
    return event


@transaction.atomic
def apply_extension(*, actor, request_id: int, reason: str, requested_deadline) -> ExtensionRequest:
    request = _lock(request_id)
    if not handles_lead(actor, request):
        raise StepRefused(_("Only a handler of the lead unit can ask for more time."), status=403)
    _require(request, State.IN_PROGRESS)
    if not reason.strip():
        raise StepRefused(_("Say why more time is needed."), code="invalid", status=400)
    if request.deadline and requested_deadline <= request.deadline:
        raise StepRefused(
            _("The new deadline must be later than the current one."), code="invalid", status=400
        )
    if request.extension_requests.filter(status=ReviewStatus.PENDING).exists():
        raise StepRefused(_("An extension request is already waiting for a decision."))
    extension = ExtensionRequest.objects.create(
        request=request,
        applicant=actor,
        reason=reason.strip(),
        requested_deadline=requested_deadline,
    )
    event = _event(
        request, actor=actor, step=Step.APPLY_EXTENSION, from_state=request.state,
        note=reason.strip(), internal=True, unit=request.lead_unit,
        data={"requested_deadline": requested_deadline.isoformat()},
    )  # fmt: skip
    people = list(_staff_with("services.dispatch_request")) + list(
        _staff_with("services.supervise_request")
    )
    _tell(people, request, event, internal=True)
    return extension


@transaction.atomic
def review_extension(*, actor, extension_id: int, approve: bool, note: str = "") -> Request:
    if not (is_dispatcher(actor) or is_supervisor(actor)):
        raise StepRefused(
            _("Only a dispatcher or a supervisor can decide on more time."), status=403
        )
    extension = ExtensionRequest.objects.get(pk=extension_id)
    request = _lock(extension.request_id)
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension_id)
    if extension.status != ReviewStatus.PENDING:
        raise StepRefused(_("This extension request has already been decided."))
    extension.status = ReviewStatus.APPROVED if approve else ReviewStatus.REFUSED
    extension.reviewed_by, extension.reviewed_at = actor, timezone.now()
    extension.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    if approve:
        request.deadline = extension.requested_deadline
        _save(request, "deadline")
    event = _event(
        request, actor=actor, step=Step.APPROVE_EXTENSION if approve else Step.REFUSE_EXTENSION,
        from_state=request.state, note=note, unit=request.lead_unit,
        data={"deadline": request.deadline.isoformat() if request.deadline else None},
    )  # fmt: skip
    _tell([*_unit_people(request.lead_unit), request.submitter], request, event)
    return request


@transaction.atomic
def resolve_request(*, actor, request_id: int, result: str, files=()) -> Request:
    request = _lock(request_id)
    if not handles_lead(actor, request):
        raise StepRefused(
            _("Only a handler of the lead unit can resolve this request."), status=403
        )
    _require(request, State.IN_PROGRESS)
    if not result.strip():
        raise StepRefused(_("Describe the result for the enterprise."), code="invalid", status=400)
    request.state, request.result, request.resolved_at = (
        State.RESOLVED,
        result.strip(),
        timezone.now(),
    )
    _save(request, "state", "result", "resolved_at")
    event = _event(
        request, actor=actor, step=Step.RESOLVE, from_state=State.IN_PROGRESS,
        note=result.strip(), unit=request.lead_unit,
    )  # fmt: skip
    _store_files(request, event, files, actor)
    _tell([request.submitter], request, event)
    return request


# --- the enterprise's word ---------------------------------------------------------------------


def rating_window_ends(request: Request) -> datetime.datetime | None:
    if request.resolved_at is None:
        return None
    return request.resolved_at + datetime.timedelta(days=settings.REQUEST_RATING_WINDOW_DAYS)


@transaction.atomic
def rate_request(*, actor, request_id: int, rating: str, comment: str = "") -> Request:
    """Satisfied or basically satisfied closes the request; unsatisfied sends it back to the
    same unit as a redo (重办) with a fresh deadline."""
    request = _lock(request_id)
    if not acts_for(actor, request):
        raise StepRefused(_("Only the enterprise can rate its request."), status=404)
    _require(request, State.RESOLVED)
    if rating not in (Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED):
        raise StepRefused(_("Choose how satisfied you are."), code="invalid", status=400)
    now = timezone.now()
    if now > rating_window_ends(request):
        raise StepRefused(_("The time to rate this request has passed."))
    request.rating, request.rating_comment = rating, comment.strip()
    if rating == Rating.UNSATISFIED:
        request.state = State.IN_PROGRESS
        request.redo_count += 1
        request.resolved_at = None
        request.deadline = proposed_deadline(request.category, is_green=request.is_green, start=now)
        _save(request, "state", "rating", "rating_comment", "redo_count", "resolved_at", "deadline")
        step = Step.REOPEN
    else:
        request.state, request.closed_at = State.CLOSED, now
        _save(request, "state", "rating", "rating_comment", "closed_at")
        step = Step.RATE
    event = _event(
        request, actor=actor, step=step, from_state=State.RESOLVED,
        note=comment.strip(), data={"rating": rating},
    )  # fmt: skip
    _tell(_unit_people(request.lead_unit), request, event)
    return request


@transaction.atomic
def auto_close(*, request_id: int, now=None) -> Request | None:
    """Close a resolved request whose rating window has passed, as "not rated" (never counted
    as satisfied). Safe to run twice."""
    now = now or timezone.now()
    request = _lock(request_id)
    if request.state != State.RESOLVED or now <= rating_window_ends(request):
        return None
    request.state, request.rating, request.closed_at = State.CLOSED, Rating.NOT_RATED, now
    _save(request, "state", "rating", "closed_at")
    _event(request, actor=None, step=Step.AUTO_CLOSE, from_state=State.RESOLVED)
    return request


# --- supervise (督单) ---------------------------------------------------------------------------


def _issue_notice(request, *, actor, level, instruction, new_deadline=None) -> SupervisionNotice:
    if level not in SupervisionLevel.values:
        raise StepRefused(_("Choose the supervision level."), code="invalid", status=400)
    if not instruction.strip():
        raise StepRefused(_("Write the instruction for the unit."), code="invalid", status=400)
    if new_deadline is not None and new_deadline <= timezone.now():
        raise StepRefused(_("The deadline must be in the future."), code="invalid", status=400)
    notice = SupervisionNotice.objects.create(
        request=request, level=level, instruction=instruction.strip(),
        new_deadline=new_deadline, issued_by=actor,
    )  # fmt: skip
    request.is_supervised = True
    fields = ["is_supervised"]
    if new_deadline is not None:
        request.deadline = new_deadline
        fields.append("deadline")
    _save(request, *fields)
    event = _event(
        request, actor=actor, step=Step.SUPERVISE, from_state=request.state,
        note=instruction.strip(), internal=True, unit=request.lead_unit,
        data={"level": level, "notice": notice.pk},
    )  # fmt: skip
    people = list(_unit_people(request.lead_unit))
    if request.lead_unit and request.lead_unit.leader:
        people.append(request.lead_unit.leader)
    _tell(people, request, event, internal=True)
    return notice


@transaction.atomic
def supervise_request(*, actor, request_id: int, level: str, instruction: str, new_deadline=None):
    if not is_supervisor(actor):
        raise StepRefused(_("Only a supervisor can issue a supervision notice."), status=403)
    request = _lock(request_id)
    _require(request, *State.open_states())
    return _issue_notice(
        request, actor=actor, level=level, instruction=instruction, new_deadline=new_deadline
    )


@transaction.atomic
def acknowledge_supervision(*, actor, notice_id: int) -> SupervisionNotice:
    notice = SupervisionNotice.objects.get(pk=notice_id)
    request = _lock(notice.request_id)
    if not handles_lead(actor, request):
        raise StepRefused(
            _("Only a handler of the lead unit can acknowledge the notice."), status=403
        )
    notice = SupervisionNotice.objects.select_for_update().get(pk=notice_id)
    if notice.acknowledged_at is not None:
        raise StepRefused(_("This notice has already been acknowledged."))
    notice.acknowledged_by, notice.acknowledged_at = actor, timezone.now()
    notice.save(update_fields=["acknowledged_by", "acknowledged_at"])
    event = _event(
        request, actor=actor, step=Step.ACKNOWLEDGE, from_state=request.state,
        internal=True, unit=request.lead_unit, data={"notice": notice.pk},
    )  # fmt: skip
    _tell([notice.issued_by], request, event, internal=True)
    return notice


def refresh_light(*, request_id: int, now=None) -> str | None:
    """Recompute a request's warning light; returns the new light when it changed."""
    with transaction.atomic():
        request = _lock(request_id)
        light = compute_light(request, now)
        if light == request.light:
            return None
        request.light = light
        request.save(update_fields=["light"])
        return light


def warn_about_light(*, request_id: int, now=None) -> int:
    """Tell the lead unit and the supervisors that a request turned yellow or red: once per
    light and deadline, and for red once more each day it stays overdue. Safe to run twice."""
    now = now or timezone.now()
    request = Request.objects.select_related("lead_unit__leader").get(pk=request_id)
    if not request.is_open or request.light == Light.GREEN:
        return 0
    deadline = request.deadline.isoformat() if request.deadline else "none"
    key = f"light:{request.pk}:{request.light}:{deadline}"
    if request.light == Light.RED:
        key += f":{timezone.localtime(now).date().isoformat()}"
    people = [*_unit_people(request.lead_unit), *_staff_with("services.supervise_request")]
    if request.lead_unit and request.lead_unit.leader:
        people.append(request.lead_unit.leader)
    return len(
        notify(
            recipients=people,
            kind="request_light",
            context={
                "number": request.number,
                "title": request.title,
                "light": request.light,
                "deadline": timezone.localtime(request.deadline).strftime("%Y-%m-%d %H:%M")
                if request.deadline
                else "",
            },
            url=reverse("request_detail", args=[request.pk]),
            dedupe_key=key,
        )
    )
