"""Scheduled work of the closed loop: thin tasks that take ids and can run twice safely."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .choices import Light, State
from .models import Request
from .services import auto_close, refresh_light, warn_about_light

BATCH = 500


@shared_task(acks_late=True, ignore_result=True)
def sweep_requests() -> dict:
    """Update warning lights of open requests and close resolved ones whose rating window
    has passed. Works in batches of ids so no transaction grows with the backlog."""
    now = timezone.now()
    changed = closed = 0
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
    return {"lights_changed": changed, "closed": closed}


@shared_task(acks_late=True, ignore_result=True)
def create_reception_days() -> int:
    """Keep the next three months' reception days in place (idempotent)."""
    from .reception import ensure_reception_days

    return len(ensure_reception_days(months=3))


@shared_task(acks_late=True, ignore_result=True)
def send_reception_reminders() -> int:
    """Hourly: sends whatever reception reminders are due today; reruns send nothing more."""
    from .reception import send_due_reminders

    return send_due_reminders()


@shared_task(acks_late=True, ignore_result=True)
def remind_unanswered_banks() -> int:
    """Hourly: tell banks about shared needs they have not answered in time (once each)."""
    from .finance.actions import remind_unanswered_banks as remind

    return remind()


@shared_task(acks_late=True, ignore_result=True)
def purge_idempotency_records() -> int:
    """Daily: a bank's Idempotency-Key is honoured for IDEMPOTENCY_DAYS days, then forgotten."""
    from .finance.models import IdempotentResponse

    cutoff = timezone.now() - timezone.timedelta(days=settings.IDEMPOTENCY_DAYS)
    return IdempotentResponse.objects.filter(created_at__lt=cutoff).delete()[0]
