"""Celery tasks of the portal: thin, take ids, safe to run twice."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .messaging import get_backend
from .models import Heartbeat, Notification

logger = logging.getLogger(__name__)

BEAT_HEARTBEAT = "beat"


@shared_task(acks_late=True)
def deliver_notifications(notification_ids: list[int]) -> int:
    """Send stored notifications on by e-mail / SMS / WeChat; each at most once.

    The row lock with SKIP LOCKED lets two workers share a redelivered batch without both
    sending; ``delivered_at`` makes a rerun skip what is already sent.
    """
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=pk, delivered_at__isnull=True)
                .first()
            )
            if notification is None:
                continue
            errors = _send(notification)
            notification.delivered_at = timezone.now()
            notification.delivery_error = "\n".join(errors)
            notification.save(update_fields=["delivered_at", "delivery_error"])
            sent += 1
    return sent


def _send(notification: Notification) -> list[str]:
    recipient = notification.recipient
    errors = []
    for channel in notification.channels:
        try:
            if channel == "email" and recipient.email:
                send_mail(
                    subject=notification.title,
                    message=_with_link(notification),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[recipient.email],
                )
            elif channel in ("sms", "wechat") and recipient.phone:
                get_backend(channel).send(
                    address=recipient.phone, title=notification.title, body=notification.body
                )
        except Exception as exc:  # one failing channel must not stop the others
            logger.exception("sending notification %s by %s failed", notification.pk, channel)
            errors.append(f"{channel}: {exc}")
    return errors


def _with_link(notification: Notification) -> str:
    if not notification.url:
        return notification.body
    base = settings.SITE_URL.rstrip("/")
    return f"{notification.body}\n\n{base}{notification.url}"


@shared_task(ignore_result=True)
def stamp_heartbeat() -> None:
    """Run every minute by beat: proves beat, broker, worker and database all work."""
    Heartbeat.objects.update_or_create(name=BEAT_HEARTBEAT, defaults={"stamped_at": timezone.now()})


@shared_task(ignore_result=True)
def nightly_backup() -> str:
    """Nightly when BACKUP_NIGHTLY is on: ``manage.py backup`` into BACKUP_DIR (0600), then
    the backups older than BACKUP_KEEP_DAYS are deleted (the newest three always stay).
    Not acknowledged late: a backup cut short by a dead worker is not run twice in a row."""
    from .backup import backup, new_path, prune

    path = new_path()
    manifest = backup(path)
    removed = prune(path.parent, keep_days=settings.BACKUP_KEEP_DAYS)
    logger.info(
        "backup written: %s (%d tables, %d files); %d old backups deleted",
        path, len(manifest["tables"]), manifest["media"]["files"], len(removed),
    )  # fmt: skip
    return str(path)


@shared_task(acks_late=True, ignore_result=True)
def purge_security_logs() -> dict:
    """Daily: sign-in logs after LOG_RETENTION_DAYS, personal-data reads after
    PERSONAL_DATA_READ_RETENTION_DAYS (docs/personal-data.md)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from .models import PersonalDataRead
    from .retention import purge_older_than

    days = settings.LOG_RETENTION_DAYS
    return {
        "access_logs": purge_older_than(AccessLog.objects.all(), "attempt_time", days),
        "access_failures": purge_older_than(AccessFailureLog.objects.all(), "attempt_time", days),
        "access_attempts": purge_older_than(AccessAttempt.objects.all(), "attempt_time", days),
        "personal_data_reads": purge_older_than(
            PersonalDataRead.objects.all(), "read_at", settings.PERSONAL_DATA_READ_RETENTION_DAYS
        ),
    }


@shared_task(acks_late=True, ignore_result=True)
def check_import(job_id: int) -> None:
    """Read and dry-run an uploaded spreadsheet (portal.imports)."""
    from .imports import run

    run(job_id, apply=False)


@shared_task(acks_late=True, ignore_result=True)
def apply_import(job_id: int) -> None:
    """Import a checked spreadsheet the uploader confirmed: all rows or none."""
    from .imports import run

    run(job_id, apply=True)


@shared_task(acks_late=True, ignore_result=True)
def forget_unconfirmed_imports() -> int:
    """Daily: checked spreadsheets nobody confirmed within a day are deleted."""
    from .imports import forget_unconfirmed

    return forget_unconfirmed()
