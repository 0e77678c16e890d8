"""Logs are kept for a configured period, then purged in small batches (so a first purge of
years of rows does not hold one long transaction)."""

import datetime

from django.utils import timezone

BATCH = 5000


def purge_older_than(queryset, field: str, days: int) -> int:
    """Delete the rows of ``queryset`` whose ``field`` is more than ``days`` days old."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = queryset.filter(**{f"{field}__lt": cutoff})
    removed = 0
    while True:
        ids = list(old.values_list("pk", flat=True)[:BATCH])
        if not ids:
            return removed
        removed += queryset.model._default_manager.filter(pk__in=ids).delete()[0]
