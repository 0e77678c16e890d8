"""What the center holds about a person (``portal.privacy``): the venues they booked, the
events they registered for, and the beds they asked for their firm's people."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Booking, Registration, StayApplication


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def rows(user) -> list[dict]:
    found = [
        {_("What"): _("Venue booking"), _("Subject"): f"{b.venue} · {b.purpose}",
         _("When"): _when(b.starts_at), _("State"): b.get_state_display()}
        for b in Booking.objects.filter(booked_by=user).select_related("venue__floor")[:500]
    ]  # fmt: skip
    found += [
        {_("What"): _("Event registration"), _("Subject"): r.event.title,
         _("When"): _when(r.event.starts_at),
         _("State"): r.get_state_display() + (f" · {_('attended')}" if r.attended_at else "")}
        for r in Registration.objects.filter(user=user).select_related("event")[:500]
    ]  # fmt: skip
    found += [
        {_("What"): _("Accommodation application"), _("Subject"): a.occupant,
         _("When"): f"{a.wanted.lower:%Y-%m-%d} – {a.wanted.upper:%Y-%m-%d}",
         _("State"): a.get_state_display()}
        for a in StayApplication.objects.filter(applied_by=user)[:500]
    ]  # fmt: skip
    return found


def on_erasure(user) -> str:
    """Registrations for events still to come are cancelled (the places go to others); the
    rest stays, under the anonymised account: bookings and past attendance are the center's
    record, and an accommodation application is the enterprise's, about its own people."""
    upcoming = Registration.objects.filter(
        user=user, state="registered", event__starts_at__gt=timezone.now()
    ).update(state="cancelled")
    return _(
        "The center: %(count)s registrations for coming events are cancelled; bookings, past "
        "attendance and accommodation applications stay under the anonymised account."
    ) % {"count": upcoming}
