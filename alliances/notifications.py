"""Kinds of message the registry sends."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import Kind, register

register(
    Kind(
        code="join_approved",
        title=_("You can now act for %(enterprise)s"),
        body_template="notifications/join_approved.txt",
    )
)
register(
    Kind(
        code="join_rejected",
        title=_("Your application to join %(enterprise)s was not approved"),
        body_template="notifications/join_rejected.txt",
    )
)
