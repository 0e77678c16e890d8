"""Scheduled work of financing: thin tasks that can run twice safely."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from portal.retention import purge_older_than

from .actions import remind_unanswered_banks as remind
from .models import BankAccessLog, IdempotentResponse


@shared_task(acks_late=True, ignore_result=True)
def remind_unanswered_banks() -> int:
    """Hourly: tell banks about shared needs they have not answered in time (once each)."""
    return remind()


@shared_task(acks_late=True, ignore_result=True)
def purge_idempotency_records() -> int:
    """Daily: a bank's Idempotency-Key is honoured for IDEMPOTENCY_DAYS days, then forgotten."""
    cutoff = timezone.now() - timezone.timedelta(days=settings.IDEMPOTENCY_DAYS)
    return IdempotentResponse.objects.filter(created_at__lt=cutoff).delete()[0]


@shared_task(acks_late=True, ignore_result=True)
def purge_bank_access_log() -> int:
    """Daily: the bank access log is kept LOG_RETENTION_DAYS days."""
    return purge_older_than(BankAccessLog.objects.all(), "at", settings.LOG_RETENTION_DAYS)
