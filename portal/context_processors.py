"""What the base template needs on every page: the navigation for this user and the bell."""

from django.urls import reverse

from .registry import registry
from .usercache import unread_count


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": [], "unread_notifications": 0}
    items = [
        (item.label, reverse(item.url_name))
        for item in registry.ordered(registry.nav_items)
        if item.shown_to(user)
    ]
    unread = unread_count(user) if user.is_authenticated else 0
    return {"nav_items": items, "unread_notifications": unread}
