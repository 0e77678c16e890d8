"""Scheduled work of the closed loop: thin tasks that take ids and can run twice safely."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .choices import Light, ReviewStatus, State
from .lights import refresh_light, warn_about_light
from .models import Pause, Request
from .services import auto_close
from .steps import resume_on_date
from .uploads import remove_orphan_files

BATCH = 500


@shared_task(acks_late=True, ignore_result=True)
def sweep_requests() -> dict:
    """Update warning lights of open requests and close resolved ones whose rating window
    has passed. Works in batches of ids so no transaction grows with the backlog."""
    now = timezone.now()
    changed = closed = resumed = 0
    # Pauses whose date has come end first: their requests' deadlines move on before the
    # lights are read.
    due_pauses = Pause.objects.filter(
        status=ReviewStatus.APPROVED, ended_at__isnull=True,
        until__lte=timezone.localdate(now),
    ).values_list("request_id", flat=True)  # fmt: skip
    for pk in due_pauses.iterator(chunk_size=BATCH):
        if resume_on_date(request_id=pk, today=timezone.localdate(now)):
            resumed += 1
    open_ids = Request.objects.filter(state__in=State.open_states()).values_list("pk", flat=True)
    for pk in open_ids.iterator(chunk_size=BATCH):
        if refresh_light(request_id=pk, now=now):
            changed += 1
    # Warn once per level and deadline; repeat the red warning once a day while overdue.
    warned = Request.objects.filter(
        state__in=State.open_states(), light__in=[Light.YELLOW, Light.RED]
    )
    for pk in warned.values_list("pk", flat=True).iterator(chunk_size=BATCH):
        warn_about_light(request_id=pk, now=now)
    window = timezone.timedelta(days=settings.REQUEST_RATING_WINDOW_DAYS)
    due = Request.objects.filter(state=State.RESOLVED, resolved_at__lt=now - window)
    for pk in due.values_list("pk", flat=True).iterator(chunk_size=BATCH):
        if auto_close(request_id=pk, now=now):
            closed += 1
    return {"lights_changed": changed, "closed": closed, "resumed": resumed}


@shared_task(acks_late=True, ignore_result=True)
def remove_orphan_uploads() -> int:
    """Files written by a step that then rolled back have no row: remove them once a day."""
    return remove_orphan_files()


@shared_task(acks_late=True, ignore_result=True)
def refit_text() -> dict:
    """Learn again from the park's requests: the term counts similar requests are weighed by
    and the profiles the dispatch suggestion reads (suggestions.refit). Safe to run twice."""
    from .suggestions import refit

    fit = refit()
    return {"requests": fit.requests, "dispatched": fit.dispatched, "seconds": fit.seconds}
