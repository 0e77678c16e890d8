"""Scheduled work of the reception day: thin tasks that can run twice safely."""

from celery import shared_task

from .services import ensure_reception_days, send_due_reminders


@shared_task(acks_late=True, ignore_result=True)
def create_reception_days() -> int:
    """Keep the next three months' reception days in place (idempotent)."""
    return len(ensure_reception_days(months=3))


@shared_task(acks_late=True, ignore_result=True)
def send_reception_reminders() -> int:
    """Hourly: sends whatever reception reminders are due today; reruns send nothing more."""
    return send_due_reminders()
