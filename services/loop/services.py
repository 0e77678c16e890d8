"""Writes of the request loop shared by its steps: locking, the event record, telling people,
deadlines, and the two writes that are not steps on an existing request (submitting one,
and closing it unrated when the rating window has passed). The steps are in ``steps.py``."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.selectors import enterprise_of
from portal.calendar import add_working_days, working_days_between
from portal.errors import StepRefused
from portal.models import User
from portal.notifications import notify
from portal.text import terms

from .choices import Channel, Rating, State, Step, SupervisionLevel
from .lights import compute_light, sign_for_due
from .models import Category, Request, RequestEvent, SupervisionNotice, TypicalCase
from .numbering import next_number, ticket_number
from .permissions import is_dispatcher, is_supervisor, works_in_a_team
from .recipients import staff_with, unit_people
from .uploads import check_uploads, store_files


def lock_request(request_id: int) -> Request:
    try:
        return Request.objects.select_for_update(of=("self",)).get(pk=request_id)
    except Request.DoesNotExist:
        raise StepRefused(_("No such request."), code="not_found", status=404) from None


def record_event(
    request, *, actor, step, from_state, note="", internal=False, unit=None, data=None
):
    """Append the step to the request's timeline (the record users read)."""
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


def tell(recipients, request, event, *, internal=False):
    """Notify about a step; an internal step never reaches the enterprise. The people who
    brought a duplicate merged into this request follow its public steps too."""
    recipients = [u for u in recipients if u is not None]
    if internal:
        recipients = [u for u in recipients if u.pk != request.submitter_id]
    else:
        followers = User.objects.filter(
            is_active=True, submitted_requests__merged_into=request
        ).distinct()
        recipients += list(followers)
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
        url=reverse("services:request_detail", args=[request.pk]),
        dedupe_key=f"request-event:{event.pk}",
    )


def proposed_deadline(category: Category, *, is_green: bool, start=None) -> datetime.datetime:
    days = category.green_limit_days if is_green else category.time_limit_days
    return add_working_days(start or timezone.now(), days)


def save_request(request: Request, *fields: str) -> None:
    request.light = compute_light(request)
    derived = (
        derive_times(request) if {"dispatched_at", "signed_at", "resolved_at"} & {*fields} else []
    )
    request.save(update_fields=[*fields, *derived, "light", "updated_at"])


def derive_times(request: Request) -> list[str]:
    """What the figures read of the step times: whether sign-for came in time, and the
    working days from dispatch to resolution. Returns the fields it set."""
    dispatched, signed, resolved = request.dispatched_at, request.signed_at, request.resolved_at
    request.signed_in_time = signed <= sign_for_due(dispatched) if dispatched and signed else None
    # The working days the clock was paused do not count (挂起).
    request.working_days_to_resolve = (
        max(working_days_between(dispatched, resolved) - request.paused_days, 0)
        if dispatched and resolved else None
    )  # fmt: skip
    return ["signed_in_time", "working_days_to_resolve"]


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
    intake: dict | None = None,
    cases_seen=(),
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
    elif not (is_dispatcher(actor) or is_supervisor(actor)
              or (channel == Channel.TEAM_VISIT and works_in_a_team(actor))):  # fmt: skip
        raise StepRefused(_("Only park staff can enter a request for an enterprise."), status=403)
    category = Category.objects.filter(pk=category_id, is_active=True).first()
    if category is None:
        raise StepRefused(_("Choose a category."), code="invalid", status=400)
    if not title.strip() or not description.strip():
        raise StepRefused(
            _("Give the request a title and a description."), code="invalid", status=400
        )
    check_uploads(files)
    try:
        with transaction.atomic():
            now = timezone.now()
            request = Request.objects.create(
                number=next_number(now),
                enterprise=enterprise,
                submitter=actor,
                category=category,
                title=title.strip(),
                description=description.strip(),
                channel=channel,
                is_green=is_green,
                submitted_at=now,
                idempotency_key=idempotency_key,
                terms=terms(title, description),
                **(intake or {}),
            )
            if cases_seen:
                # The typical cases the enterprise opened while it typed (kept per case).
                TypicalCase.objects.filter(pk__in=cases_seen, is_published=True).update(
                    seen_before_submit=F("seen_before_submit") + 1
                )
            event = record_event(request, actor=actor, step=Step.SUBMIT, from_state="")
            store_files(request, event, files, actor)
            if supervision:
                issue_notice(request, actor=actor, **supervision)
            tell(staff_with("services.dispatch_request"), request, event)
    except IntegrityError:
        # The same form arrived twice at once: the other submission won; return it.
        existing = Request.objects.filter(submitter=actor, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    return request


def enter_request(*, actor, enterprise, channel: str, caller_name: str = "",
                  caller_phone: str = "", received_at=None, hotline_number: str = "",
                  **submitted) -> Request:  # fmt: skip
    """Park staff enter a request an enterprise brought by phone, on a visit, at the window,
    by letter or through the city's 12345 hotline. It is the enterprise's request like any
    other (in its list, rated by it); its people are told it was entered for them."""
    if channel not in [*Channel.intake(), Channel.TEAM_VISIT]:
        raise StepRefused(_("Choose how the request was received."), code="invalid", status=400)
    intake = {
        "caller_name": caller_name.strip(),
        "caller_phone": caller_phone.strip(),
        "received_at": received_at or timezone.now(),
        "hotline_number": ticket_number(hotline_number),
    }
    with transaction.atomic():
        request = submit_request(
            actor=actor, enterprise=enterprise, channel=channel, intake=intake, **submitted
        )
        # Once, even when a double-clicked form returns the first request again.
        people = User.objects.filter(is_active=True, enterprise_membership__enterprise=enterprise)
        notify(
            recipients=people, kind="request_entered",
            context={"number": request.number, "title": request.title, "channel": channel},
            url=reverse("services:request_detail", args=[request.pk]),
            dedupe_key=f"request-entered:{request.pk}",
        )  # fmt: skip
    return request


def enter_from_input(actor, data: dict) -> Request:
    """``enter_request`` with what ``inputs.IntakeInput`` validated (the page and the API)."""
    return enter_request(
        actor=actor, enterprise=data["enterprise"], channel=data["channel"],
        caller_name=data["caller_name"], caller_phone=data["caller_phone"],
        received_at=data["received_at"], hotline_number=data["hotline_number"],
        category_id=data["category"].pk, title=data["title"], description=data["description"],
        is_green=data["is_green"], files=data["files"], idempotency_key=data["idempotency_key"],
    )  # fmt: skip


def rating_window_ends(request: Request) -> datetime.datetime | None:
    if request.resolved_at is None:
        return None
    return request.resolved_at + datetime.timedelta(days=settings.REQUEST_RATING_WINDOW_DAYS)


def revisit_due_by(request: Request) -> datetime.datetime | None:
    """The service center calls the enterprise by then (回访)."""
    if request.resolved_at is None:
        return None
    return add_working_days(request.resolved_at, settings.REQUEST_REVISIT_DAYS)


@transaction.atomic
def auto_close(*, request_id: int, now=None) -> Request | None:
    """Close a resolved request whose rating window has passed, as "not rated" (never counted
    as satisfied). Safe to run twice."""
    now = now or timezone.now()
    request = lock_request(request_id)
    if request.state != State.RESOLVED or now <= rating_window_ends(request):
        return None
    request.state, request.rating, request.closed_at = State.CLOSED, Rating.NOT_RATED, now
    save_request(request, "state", "rating", "closed_at")
    record_event(request, actor=None, step=Step.AUTO_CLOSE, from_state=State.RESOLVED)
    return request


def issue_notice(request, *, actor, level, instruction, new_deadline=None) -> SupervisionNotice:
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
    save_request(request, *fields)
    event = record_event(
        request, actor=actor, step=Step.SUPERVISE, from_state=request.state,
        note=instruction.strip(), internal=True, unit=request.lead_unit,
        data={"level": level, "notice": notice.pk},
    )  # fmt: skip
    people = list(unit_people(request.lead_unit))
    if request.lead_unit and request.lead_unit.leader:
        people.append(request.lead_unit.leader)
    tell(people, request, event, internal=True)
    return notice
