"""Kinds of message the request closed loop sends."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import Kind, register

register(
    Kind(
        code="request_step",
        title=_("Request %(number)s: %(title)s"),
        body_template="notifications/request_step.txt",
    )
)

register(
    Kind(
        code="request_light",
        title=_("Warning on request %(number)s: %(title)s"),
        body_template="notifications/request_light.txt",
    )
)

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

# Financing
register(
    Kind(
        code="offer_received",
        title=_("%(bank)s offers %(amount)s万元 at %(rate)s%%"),
        body_template="notifications/offer_received.txt",
    )
)
register(
    Kind(
        code="offer_accepted",
        title=_("Your offer on need %(need)s was accepted"),
        body_template="notifications/offer_accepted.txt",
    )
)
register(
    Kind(
        code="offer_not_chosen",
        title=_("Need %(need)s was settled without your offer"),
        body_template="notifications/offer_not_chosen.txt",
    )
)
register(
    Kind(
        code="loan_recorded",
        title=_("%(bank)s recorded your loan of %(amount)s万元"),
        body_template="notifications/loan_recorded.txt",
    )
)
register(
    Kind(
        code="need_unanswered",
        title=_("Need %(need)s awaits your bank's answer"),
        body_template="notifications/need_unanswered.txt",
    )
)
