from django import template
from django.utils.translation import gettext_lazy as _

from ..choices import Light, State, Step

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


_BUTTONS = {
    "withdraw": _("Withdraw the request"),
    "dispatch": _("Dispatch"),
    "reject": _("Do not accept"),
    "sign_for": _("Sign for"),
    "apply_return": _("Give back (apply for return)"),
    "review_return": _("Review the return application"),
    "progress": _("Post progress"),
    "apply_extension": _("Ask for more time"),
    "review_extension": _("Decide on more time"),
    "resolve": _("Resolve"),
    "rate": _("Rate the result"),
    "reopen": _("Not solved: send back to be redone"),
    "supervise": _("Issue a supervision notice"),
    "acknowledge": _("Acknowledge the supervision notice"),
}


@register.filter
def step_label_button(step):
    return _BUTTONS.get(step, step)


@register.filter
def get_form(forms, step):
    return forms.get(step)


@register.filter
def queue_count(n):
    """1000 and more reads "1000+": queue badges count no further."""
    from ..selectors import COUNT_CAP

    return f"{COUNT_CAP}+" if n >= COUNT_CAP else n
