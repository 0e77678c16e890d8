"""Kinds of message the center sends."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import Kind, register

for code, title in [
    ("booking_asked", _("A booking waits for approval: %(venue)s")),
    ("booking_approved", _("Your booking is approved: %(venue)s")),
    ("booking_refused", _("Your booking is refused: %(venue)s")),
    ("booking_reminder", _("Tomorrow: %(venue)s, %(when)s")),
    ("event_cancelled", _("Event cancelled: %(event)s")),
    ("event_reminder", _("Tomorrow at the center: %(event)s")),
    ("stay_asked", _("Accommodation asked for %(occupant)s (%(enterprise)s)")),
    ("stay_allocated", _("A bed is allocated to %(occupant)s: %(room)s")),
    ("stay_refused", _("Accommodation refused for %(occupant)s")),
]:
    register(Kind(code=code, title=title, body_template=f"notifications/{code}.txt"))
