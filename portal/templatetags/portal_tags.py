from decimal import Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

_YI = Decimal(100_000_000)
_WAN = Decimal(10_000)


def _trim(value: Decimal, grouping: bool = True) -> str:
    """At most two decimals, none that are zero: 2.6, 3193.1, 12,500."""
    text = f"{value:{',' if grouping else ''}.2f}".rstrip("0").rstrip(".")
    return text


@register.filter
def yuan(value, unit=""):
    """An amount as people read it: 2.6亿元, 3193.1万元, 8,500元; in English CNY 260 million,
    CNY 8,500. The one format of money on every page: ``unit`` is "wan" for amounts kept in
    10k yuan (financing needs, offers and loans)."""
    if value in (None, ""):
        return ""
    amount = Decimal(value) * (_WAN if unit == "wan" else 1)
    if (get_language() or "").startswith("zh"):
        if abs(amount) >= _YI:
            return _("%(n)s亿元") % {"n": _trim(amount / _YI, grouping=False)}
        if abs(amount) >= _WAN:
            return _("%(n)s万元") % {"n": _trim(amount / _WAN, grouping=False)}
        return _("%(n)s元") % {"n": _trim(amount)}
    if abs(amount) >= 1_000_000:
        return _("CNY %(n)s million") % {"n": _trim(amount / 1_000_000)}
    return _("CNY %(n)s") % {"n": _trim(amount)}


@register.filter
def markdown_safe(text):
    """Markdown rendered to HTML with anything unsafe (scripts, handlers, styles) removed."""
    import markdown
    import nh3
    from django.utils.safestring import mark_safe

    html = markdown.markdown(text or "", extensions=["sane_lists"])
    return mark_safe(nh3.clean(html))  # noqa: S308 - nh3 has just sanitised it


@register.simple_tag(takes_context=True)
def primary_actions(context) -> list[tuple[str, str]]:
    """(label, url) of the actions the apps offer the signed-in user, first the main one."""
    from django.urls import reverse

    from portal.registry import registry

    user = context.get("user")
    if user is None or not user.is_authenticated:
        return []
    return [
        (str(item.label), reverse(item.url_name))
        for item in registry.ordered(registry.actions)
        if item.shown_to(user)
    ]


@register.filter
def get_item(mapping, key):
    return mapping[key]


@register.filter
def choices_of(field):
    """The (value, label) pairs of a choice form field, without the empty one."""
    return [(value, label) for value, label in field.choices if value != ""]


@register.filter
def marked_terms(text, shared):
    """The text with the words that name one of ``shared`` terms in <mark> (portal.text)."""
    from portal.text import marked

    return marked(str(text or ""), shared or ())
