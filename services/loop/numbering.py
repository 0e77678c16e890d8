"""Request numbers: QY<year><month>-<five digits>, without gaps within a month; and the
12345 hotline's ticket numbers, kept in one writing."""

import re
import unicodedata

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


# The city's 12345 hotline gives each matter a ticket number (工单号): letters and digits.
# People type it with spaces or dashes, in full-width digits or lower case; it is kept in one
# writing so that a search and the same-ticket check find it however it was typed.
TICKET_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/.·]+")
TICKET = re.compile(r"^[A-Z0-9]{6,32}$")


def ticket_number(value: str) -> str:
    """One writing of a 12345 ticket number: NFKC (full-width → half-width), no spaces,
    dashes, dots or slashes, upper case. Not checked here (see ``valid_ticket``)."""
    value = unicodedata.normalize("NFKC", value or "")
    return TICKET_SEPARATORS.sub("", value).upper()


def valid_ticket(value: str) -> bool:
    return bool(TICKET.match(value))
