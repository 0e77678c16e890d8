"""Warning lights: green, yellow when most of the time is used (or a dispatched request waits
too long for sign-for), red when overdue; and the warnings the sweep sends."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.calendar import add_working_days, working_days_between
from portal.notifications import notify

from .choices import Light, State
from .models import Request
from .recipients import staff_with, unit_people


def sign_for_due(dispatched_at) -> datetime.datetime:
    """A dispatched request should be signed for by the end of the next working day."""
    return add_working_days(dispatched_at, 1)


def compute_light(request: Request, now=None) -> str:
    """Red when overdue; yellow when most of the time is used, or when a dispatched request
    has waited a working day for sign-for; green otherwise. Closed requests keep green; a
    paused request keeps the light it had (its clock stands still)."""
    now = now or timezone.now()
    if not request.is_open or request.deadline is None:
        return Light.GREEN
    if request.paused_at is not None:
        return request.light
    if now > request.deadline:
        return Light.RED
    waiting = request.state == State.DISPATCHED and request.dispatched_at is not None
    if waiting and now > sign_for_due(request.dispatched_at):
        return Light.YELLOW
    used, allowed = working_days_used(request, now, request.deadline)
    if allowed and used / allowed >= settings.REQUEST_YELLOW_AT:
        return Light.YELLOW
    return Light.GREEN


def working_days_used(request: Request, now, deadline) -> tuple[int, int]:
    """Working days used so far and allowed until ``deadline``, counted from dispatch (or
    submission before it), without the days the clock was paused (the deadline moved on by
    as many): the warning light's measure, and the chase's. A paused clock stands still."""
    start = request.dispatched_at or request.submitted_at
    if request.paused_at is not None:
        now = request.paused_at
    paused = request.paused_days
    used = working_days_between(start, now) - paused
    allowed = working_days_between(start, deadline) - paused
    return max(used, 0), max(allowed, 0)


def refresh_light(*, request_id: int, now=None) -> str | None:
    """Recompute a request's warning light; returns the new light when it changed."""
    with transaction.atomic():
        request = Request.objects.select_for_update().get(pk=request_id)
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
    if not request.is_open or request.light == Light.GREEN or request.paused_at is not None:
        return 0
    deadline = request.deadline.isoformat() if request.deadline else "none"
    key = f"light:{request.pk}:{request.light}:{deadline}"
    if request.light == Light.RED:
        key += f":{timezone.localtime(now).date().isoformat()}"
    people = [*unit_people(request.lead_unit), *staff_with("services.supervise_request")]
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
            url=reverse("services:request_detail", args=[request.pk]),
            dedupe_key=key,
        )
    )
