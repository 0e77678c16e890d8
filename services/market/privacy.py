"""What the market holds about a person, for their own page (``portal.privacy``)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Order


def rows(user) -> list[dict]:
    orders = Order.objects.filter(ordered_by=user).select_related("service", "enterprise")[:500]
    return [
        {_("Ordered"): timezone.localtime(o.ordered_at).strftime("%Y-%m-%d"),
         _("Enterprise"): o.enterprise.name, _("Service"): o.service.name,
         _("What you need"): o.need, _("State"): o.get_state_display()}
        for o in orders
    ]  # fmt: skip


def on_erasure(user) -> str:
    count = Order.objects.filter(ordered_by=user).count()
    return _(
        "Market services: the %(count)s orders you placed are kept as your enterprise's "
        "record of services ordered, delivered and rated; they name you as the one who "
        "ordered."
    ) % {"count": count}
