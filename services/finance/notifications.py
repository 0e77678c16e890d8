"""Kinds of message financing sends."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import Kind, register

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
