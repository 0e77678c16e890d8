"""Request numbers: QY<year><month>-<five digits>, without gaps within a month."""

from django.db.models import F
from django.utils import timezone

from .models import RequestCounter


def next_number(now) -> str:
    month = timezone.localtime(now).strftime("%Y%m")
    # The first request of a month creates the counter; two at once must not collide.
    RequestCounter.objects.bulk_create([RequestCounter(month=month)], ignore_conflicts=True)
    RequestCounter.objects.filter(month=month).update(last=F("last") + 1)
    last = RequestCounter.objects.values_list("last", flat=True).get(month=month)
    return f"QY{month}-{last:05d}"
