from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

_YI = Decimal(100_000_000)
_WAN = Decimal(10_000)


def _trim(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


@register.filter
def yuan(value):
    """An amount in yuan as people read it: 2.6亿元, 3,193.1万元; in English, millions."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    if (get_language() or "").startswith("zh"):
        if abs(amount) >= _YI:
            return _("%(n)s亿元") % {"n": _trim(amount / _YI)}
        if abs(amount) >= _WAN:
            return _("%(n)s万元") % {"n": _trim(amount / _WAN)}
        return _("%(n)s元") % {"n": intcomma(_trim(amount))}
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
