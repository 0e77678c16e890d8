"""Scheduled work of the center: thin tasks that can run twice safely."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def remind_bookings() -> int:
    """Hourly: remind whoever booked a venue for the next day (once per booking)."""
    return services.remind_bookings()


@shared_task(acks_late=True, ignore_result=True)
def remind_events() -> int:
    """Hourly: remind everyone registered for an event the next day (once each)."""
    return services.remind_events()
