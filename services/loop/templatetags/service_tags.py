from django import template

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
