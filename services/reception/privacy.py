"""What reception days hold about a person, for their own page (``portal.privacy``)."""

from django.utils.translation import gettext as _

from .models import ReceptionBooking


def rows(user) -> list[dict]:
    bookings = ReceptionBooking.objects.filter(booked_by=user).select_related("day")[:500]
    return [
        {_("Reception day"): b.day.date.isoformat(), _("Topic"): b.topic,
         _("People coming"): b.attendees, _("Status"): b.get_status_display()}
        for b in bookings
    ]  # fmt: skip


def on_erasure(user) -> str:
    bookings = list(ReceptionBooking.objects.filter(booked_by=user))
    for booking in bookings:
        booking.attendees = ""
        booking.save(update_fields=["attendees"])
        booking.history.update(attendees="")  # the record kept the names too
    return _(
        "Reception days: the names of the people coming removed from %(count)s bookings; the "
        "bookings and their topics are kept as the record of the reception days."
    ) % {"count": len(bookings)}
