"""Every step of a market order, declared once (see ``portal.steps``): the order's page,
the web step view and the API read them from ``STEPS``.

ordered ─accept→ accepted ─complete→ done ─rate→ (done, rated)
   │                 │
   ├─decline→ declined
   └─cancel──────────┴→ cancelled
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.steps import Condition, StepTable

from . import inputs
from .choices import OrderState, OrderStep
from .models import Order
from .permissions import orders_enterprise, serves_order
from .services import lock_order, record, tell

STEPS = StepTable(
    lock=lock_order, obj_name="order",
    wrong_state=_("This step is not possible while the order is “%(state)s”."),
)  # fmt: skip


def _move(order: Order, *, actor, step: str, to_state: str, note: str = "", **fields) -> Order:
    from_state = order.state
    order.state = to_state
    for name, value in fields.items():
        setattr(order, name, value)
    order.save(update_fields=["state", "updated_at", *fields])
    record(order, actor=actor, step=step, from_state=from_state, note=note)
    return order


@STEPS.step(
    "accept", label=_("Accept the order"), from_states={OrderState.ORDERED}, may=serves_order,
    refusal=_("Only the provider can accept this order."), refusal_status=404,
    input=inputs.OrderAcceptInput, done=_("Accepted: the enterprise is told."),
    emphasis="primary", style="danger",
)  # fmt: skip
def accept(*, order: Order, actor, price=None, expected_on=None, note: str = "") -> Order:
    """The provider takes the order on, with the price and delivery date if known."""
    _move(order, actor=actor, step=OrderStep.ACCEPT, to_state=OrderState.ACCEPTED, note=note,
          price=price, expected_on=expected_on, accepted_at=timezone.now())  # fmt: skip
    tell([order.ordered_by], order, "market_order_accepted", provider=order.provider.name)
    return order


@STEPS.step(
    "decline", label=_("Decline the order"), from_states={OrderState.ORDERED},
    may=serves_order, refusal=_("Only the provider can decline this order."),
    refusal_status=404, input=inputs.OrderReasonInput, done=_("Declined: the enterprise is told."),
    style="outline-danger",
)  # fmt: skip
def decline(*, order: Order, actor, reason: str) -> Order:
    """The provider cannot take the order on, and says why."""
    _move(order, actor=actor, step=OrderStep.DECLINE, to_state=OrderState.DECLINED,
          note=reason, decline_reason=reason)  # fmt: skip
    tell([order.ordered_by], order, "market_order_declined", provider=order.provider.name,
         reason=reason)  # fmt: skip
    return order


@STEPS.step(
    "complete", label=_("Mark as delivered"), from_states={OrderState.ACCEPTED},
    may=serves_order, refusal=_("Only the provider can mark this order delivered."),
    refusal_status=404, input=inputs.OrderCompleteInput,
    done=_("Marked delivered: the enterprise is asked to rate it."), emphasis="primary",
)  # fmt: skip
def complete(*, order: Order, actor, note: str, price=None) -> Order:
    """The provider has delivered the service and says what it delivered."""
    extra = {"price": price} if price is not None else {}
    _move(order, actor=actor, step=OrderStep.COMPLETE, to_state=OrderState.DONE, note=note,
          delivery_note=note, done_at=timezone.now(), **extra)  # fmt: skip
    tell([order.ordered_by], order, "market_order_done", provider=order.provider.name)
    return order


@STEPS.step(
    "cancel", label=_("Cancel the order"),
    from_states={OrderState.ORDERED, OrderState.ACCEPTED}, may=orders_enterprise,
    refusal=_("Only the enterprise that placed the order can cancel it."), refusal_status=404,
    input=inputs.OrderReasonInput, done=_("The order is cancelled; the provider is told."),
    emphasis="destructive", confirm=_("Cancel this order?"), style="outline-danger",
)  # fmt: skip
def cancel(*, order: Order, actor, reason: str) -> Order:
    """The enterprise no longer wants the service."""
    _move(order, actor=actor, step=OrderStep.CANCEL, to_state=OrderState.CANCELLED, note=reason)
    tell(order.provider.members.all(), order, "market_order_cancelled", reason=reason)
    return order


@STEPS.step(
    "rate", label=_("Rate the service"), from_states={OrderState.DONE}, may=orders_enterprise,
    refusal=_("Only the enterprise that placed the order can rate it."), refusal_status=404,
    conditions=[Condition(lambda o: o.rating is None, _("This order is rated already."))],
    input=inputs.OrderRateInput, done=_("Thank you: your rating is recorded."), emphasis="primary",
)  # fmt: skip
def rate(*, order: Order, actor, rating: int, comment: str = "") -> Order:
    """The enterprise says how good the delivered service was (1 to 5)."""
    order.rating, order.rating_comment, order.rated_at = rating, comment, timezone.now()
    order.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    record(order, actor=actor, step=OrderStep.RATE, from_state=order.state, note=comment)
    tell(order.provider.members.all(), order, "market_order_rated", rating=rating)
    return order
