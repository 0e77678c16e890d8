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
        code="request_entered",
        title=_("Request %(number)s entered for your enterprise: %(title)s"),
        body_template="notifications/request_entered.txt",
    )
)
