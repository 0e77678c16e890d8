"""Scheduled work of the lectures: thin tasks that can run twice safely."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def remind_sessions() -> int:
    """Hourly: remind enterprises and trainees of the sessions starting within a day (once
    per person and session)."""
    return services.remind_sessions()
