"""Reads of the market: the catalog, and the orders a user may see."""

from django.db.models import Avg, Count, Prefetch, Q

from alliances.permissions import enterprise_id_of

from .choices import OrderState
from .models import MarketService, Order, ServiceCategory
from .permissions import provider_ids_of, sees_all_orders


def catalog():
    """The categories with the services offered now, each with its provider."""
    offered = MarketService.objects.offered().select_related("provider").order_by("name")
    return ServiceCategory.objects.prefetch_related(Prefetch("services", queryset=offered))


def orders_visible_to(user):
    """Park staff see every order; a provider's people the orders placed with it; an
    enterprise user its own enterprise's; nobody else any."""
    orders = Order.objects.all()
    if not user.is_authenticated:
        return orders.none()
    if sees_all_orders(user):
        return orders
    mine = Q(provider_id__in=provider_ids_of(user))
    enterprise_id = enterprise_id_of(user)
    if enterprise_id is not None:
        mine |= Q(enterprise_id=enterprise_id)
    return orders.filter(mine)


def order_for_detail(user, pk: int) -> Order:
    return (
        orders_visible_to(user)
        .select_related("enterprise", "service__category", "provider", "ordered_by")
        .prefetch_related("events__actor")
        .get(pk=pk)
    )


def _figures(orders, key: str, label: str):
    return list(
        orders.values(key, label)
        .annotate(
            orders=Count("pk"),
            done=Count("pk", filter=Q(state=OrderState.DONE)),
            declined=Count("pk", filter=Q(state=OrderState.DECLINED)),
            open=Count("pk", filter=Q(state__in=OrderState.open_states())),
            rated=Count("rating"),
            rating=Avg("rating"),
        )
        .order_by(label)
    )


def figures_by_provider(orders=None):
    """Orders and ratings per provider, counted from the orders."""
    return _figures(orders if orders is not None else Order.objects.all(),
                    "provider_id", "provider__name")  # fmt: skip


def figures_by_category(orders=None):
    """Orders and ratings per category of service, counted from the orders."""
    return _figures(orders if orders is not None else Order.objects.all(),
                    "service__category_id", "service__category__name")  # fmt: skip


def catalog_totals() -> dict:
    """Providers, categories and services on offer, and orders delivered (home page)."""
    offered = MarketService.objects.offered()
    counted = offered.aggregate(
        services=Count("pk"), providers=Count("provider", distinct=True),
        categories=Count("category", distinct=True),
    )  # fmt: skip
    counted["delivered"] = Order.objects.filter(state=OrderState.DONE).count()
    return counted
