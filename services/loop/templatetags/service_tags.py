from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.calendar import working_days_between

from ..choices import Channel, Light, State, Step
from ..selectors import COUNT_CAP

register = template.Library()

_BADGE = {
    State.SUBMITTED: "secondary",
    State.DISPATCHED: "info",
    State.IN_PROGRESS: "primary",
    State.RETURNED: "warning",
    State.RESOLVED: "success",
    State.CLOSED: "dark",
    State.REJECTED: "danger",
    State.WITHDRAWN: "light",
    State.MERGED: "light",
}
_LIGHT = {Light.GREEN: "success", Light.YELLOW: "warning", Light.RED: "danger"}


@register.filter
def channel_label(code):
    """The name of a channel, from its code (notification bodies keep the code)."""
    try:
        return Channel(code).label
    except ValueError:
        return code


@register.filter
def step_label(code):
    return Step(code).label if code in Step.values else code


@register.filter
def state_badge(code):
    return _BADGE.get(code, "secondary")


@register.filter
def light_badge(code):
    return _LIGHT.get(code, "secondary")


@register.filter
def percent(rate):
    """A rate in per cent as the figures page shows it: one decimal and the sign (75.0%);
    a dash when there is nothing to divide by."""
    return "—" if rate is None else f"{rate:.1f}%"


@register.filter
def queue_count(n):
    """1000 and more reads "1000+": queue badges count no further."""
    return f"{COUNT_CAP}+" if n >= COUNT_CAP else n


def light_text(r, now=None) -> str:
    """The light in words with the working days left or overdue: "预警 · 剩 2 个工作日",
    "超期 11 个工作日". Counted in whole days, so a list row drawn today stays right all day."""
    label = str(r.get_light_display())
    if r.deadline is None:
        return label
    now = now or timezone.now()
    if now > r.deadline:
        days = working_days_between(r.deadline, now)
        if not days:
            return label
        return ngettext(
            "%(light)s %(days)s working day", "%(light)s %(days)s working days", days
        ) % {"light": label, "days": days}
    days = working_days_between(now, r.deadline)
    if not days:
        return _("%(light)s · due today") % {"light": label}
    return ngettext(
        "%(light)s · %(days)s working day left", "%(light)s · %(days)s working days left", days
    ) % {"light": label, "days": days}


@register.simple_tag
def row_badges(r):
    """A request's badges in a list row or on its page: state, warning light while open (in
    words, with the days left or overdue), green channel, supervision. A tag, not an included
    template: lists draw it fifty times."""
    badges = [("state", state_badge(r.state), r.get_state_display())]
    if r.is_open and r.paused_at is not None:
        # The clock stands still: no days run out, whatever the light said before.
        badges.append(("paused", "secondary", _("Clock paused")))
    elif r.is_open:
        badges.append(("light", light_badge(r.light), light_text(r)))
    if r.is_green:
        badges.append(("", "success", _("Green channel")))
    if r.is_supervised and r.is_open:
        badges.append(("", "danger", _("Supervised")))
    if r.chase_count:
        badges.append(("chased", "warning", ngettext(
            "Chased %(n)s time", "Chased %(n)s times", r.chase_count
        ) % {"n": r.chase_count}))  # fmt: skip
    return format_html_join(
        "\n", '<span class="badge text-bg-{}"{}>{}</span>',
        (
            (colour, format_html(' data-testid="{}"', testid) if testid else "", text)
            for testid, colour, text in badges
        ),
    )  # fmt: skip
