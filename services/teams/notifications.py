"""Kinds of message the service teams send."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import Kind, register

for code, title in [
    ("paperwork_asked", _("%(enterprise)s asks for help with %(procedure)s")),
    ("paperwork_taken", _("A cadre is handling %(procedure)s for you")),
    ("paperwork_finished", _("%(procedure)s: the result is in")),
    ("policy_pushed", _("A policy for your enterprise: %(title)s")),
]:
    register(Kind(code=code, title=title, body_template=f"notifications/{code}.txt"))
