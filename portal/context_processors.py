"""What the base template needs on every page: the navigation for this user and the bell."""

from django.urls import reverse

from .registry import registry
from .usercache import unread_count


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": [], "nav_more": [], "unread_notifications": 0}
    shown = [item for item in registry.ordered(registry.nav_items) if item.shown_to(user)]
    items = [(item.label, reverse(item.url_name)) for item in shown if not item.in_more]
    # Under "More": a bar of a dozen links would push the language switch and the bell off
    # a desk's width.
    more = [(item.label, reverse(item.url_name)) for item in shown if item.in_more]
    unread = unread_count(user) if user.is_authenticated else 0
    return {"nav_items": items, "nav_more": more, "unread_notifications": unread}
