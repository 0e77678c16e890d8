"""Kinds of message the center sends."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import Kind, register

for code, title in [
    ("booking_asked", _("A booking waits for approval: %(venue)s")),
    ("booking_approved", _("Your booking is approved: %(venue)s")),
    ("booking_refused", _("Your booking is refused: %(venue)s")),
    ("booking_reminder", _("Tomorrow: %(venue)s, %(when)s")),
]:
    register(Kind(code=code, title=title, body_template=f"notifications/{code}.txt"))
