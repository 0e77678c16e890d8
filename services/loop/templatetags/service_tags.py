from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ..choices import Light, State, Step
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
}
_LIGHT = {Light.GREEN: "success", Light.YELLOW: "warning", Light.RED: "danger"}


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
def queue_count(n):
    """1000 and more reads "1000+": queue badges count no further."""
    return f"{COUNT_CAP}+" if n >= COUNT_CAP else n


@register.filter
def get_item(mapping, key):
    return mapping[key]


@register.filter
def choices_of(field):
    """The (value, label) pairs of a choice form field, without the empty one."""
    return [(value, label) for value, label in field.choices if value != ""]


@register.simple_tag
def row_badges(r):
    """A request's badges in a list row or on its page: state, warning light while open,
    green channel, supervision. A tag, not an included template: lists draw it fifty times."""
    badges = [("state", state_badge(r.state), r.get_state_display(), "")]
    if r.is_open:
        badges.append(("light", light_badge(r.light), "●", r.get_light_display()))
    if r.is_green:
        badges.append(("", "success", _("Green channel"), ""))
    if r.is_supervised and r.is_open:
        badges.append(("", "danger", _("Supervised"), ""))
    return format_html_join(
        "\n", '<span class="badge text-bg-{}"{}{}>{}</span>',
        (
            (colour, format_html(' data-testid="{}"', testid) if testid else "",
             format_html(' title="{}"', title) if title else "", text)
            for testid, colour, text, title in badges
        ),
    )  # fmt: skip
