"""Kinds of message the reception day sends."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import Kind, register

register(
    Kind(
        code="reception_promoted",
        title=_("A reception slot on %(date)s is now yours"),
        body_template="notifications/reception_promoted.txt",
    )
)
register(
    Kind(
        code="reception_reminder",
        title=_("Entrepreneur Reception Day on %(date)s"),
        body_template="notifications/reception_reminder.txt",
    )
)
register(
    Kind(
        code="reception_sheet_ready",
        title=_("Tomorrow's reception day (%(date)s): the bookings"),
        body_template="notifications/reception_sheet_ready.txt",
    )
)
register(
    Kind(
        code="reception_today",
        title=_("Today is your reception day (%(date)s)"),
        body_template="notifications/reception_today.txt",
    )
)
register(
    Kind(
        code="reception_changed",
        title=_("The reception day of %(previous_date)s has changed"),
        body_template="notifications/reception_changed.txt",
    )
)
