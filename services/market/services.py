"""Every write of the market: placing an order and recording its steps (the steps
themselves are declared in ``steps.py``)."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from alliances.selectors import enterprise_of
from portal.errors import StepRefused
from portal.notifications import notify

from .choices import OrderStep
from .models import MarketService, Order, OrderEvent
from .permissions import may_order


def lock_order(pk: int) -> Order:
    return Order.objects.select_for_update().select_related("service", "enterprise").get(pk=pk)


def record(order: Order, *, actor, step: str, from_state: str, note: str = "") -> OrderEvent:
    return OrderEvent.objects.create(
        order=order, actor=actor, step=step, from_state=from_state, to_state=order.state,
        note=note,
    )  # fmt: skip


def tell(recipients, order: Order, kind: str, **context) -> None:
    """Notify the people concerned once the step is stored."""
    people = [person for person in recipients if person is not None and person.is_active]
    url = reverse("market:order_detail", args=[order.pk])
    context = {"service": order.service.name, "enterprise": order.enterprise.name,
               "order": order.pk, **context}  # fmt: skip
    notify(recipients=people, kind=kind, context=context, url=url)


@transaction.atomic
def place_order(*, actor, service_id: int, need: str) -> Order:
    """An enterprise user orders a service of the catalog for their enterprise; the
    provider's people are told."""
    if not may_order(actor):
        raise StepRefused(_("Only a user of an enterprise can order a service."), status=403)
    service = (
        MarketService.objects.select_related("provider").offered().filter(pk=service_id).first()
    )
    if service is None:
        raise StepRefused(_("This service is not offered any more."), code="not_offered")
    order = Order.objects.create(
        enterprise=enterprise_of(actor), service=service, provider=service.provider,
        ordered_by=actor, need=need,
    )  # fmt: skip
    record(order, actor=actor, step=OrderStep.ORDER, from_state="", note=need)
    tell(service.provider.members.all(), order, "market_order_placed")
    return order
