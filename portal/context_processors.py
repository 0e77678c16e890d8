"""What the base template needs on every page: the navigation for this user and the bell."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Notification
from .roles import Role


def navigation(request):
    user = getattr(request, "user", None)
    items = [(_("Home"), reverse("home")), (_("Alliances"), reverse("alliance_list"))]
    unread = 0
    if user is not None and user.is_authenticated:
        if user.has_role(Role.ENTERPRISE_USER):
            items.append((_("My enterprise"), reverse("my_enterprise")))
            items.append((_("My requests"), reverse("my_requests")))
            items.append((_("Reception day"), reverse("reception_booking")))
            items.append((_("Financing"), reverse("finance")))
        if user.is_staff_member or user.has_perm("portal.view_workbench"):
            items.append((_("Workbench"), reverse("workbench")))
            items.append((_("Requests"), reverse("staff_requests")))
        if user.has_perm("alliances.view_enterprise"):
            items.append((_("Registry"), reverse("staff_enterprises")))
        if user.has_perm("finance.view_loan"):
            items.append((_("Financing"), reverse("staff_finance")))
        if user.is_staff:
            items.append((_("Administration"), reverse("admin:index")))
        elif not user.is_staff_member and not user.has_role(Role.ENTERPRISE_USER):
            items.append((_("Join an enterprise"), reverse("join")))
        unread = Notification.objects.for_user(user).unread().count()
    else:
        items.append((_("Join an enterprise"), reverse("join")))
    return {"nav_items": items, "unread_notifications": unread}
