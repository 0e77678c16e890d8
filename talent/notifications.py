"""Kinds of message the talent app sends."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import Kind, register

for code, title in [
    ("problem_posted", _("%(enterprise)s posts a technical problem: %(title)s")),
    ("problem_matched", _("Your technical problem is matched: %(title)s")),
    ("problem_solved", _("Your technical problem is solved: %(title)s")),
    ("enrolment_promoted", _("A seat came free: %(name)s is enrolled")),
    ("session_reminder", _("Tomorrow: %(session)s at %(starts_at)s")),
    ("session_reminder_enterprise", _("Tomorrow your people attend %(session)s")),
]:
    register(Kind(code=code, title=title, body_template=f"notifications/{code}.txt"))
