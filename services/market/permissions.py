"""Who may do what with market orders: the enterprise that placed one, the provider it was
placed with, and park staff who read them all."""

from alliances.permissions import enterprise_id_of
from portal.roles import Role


def is_provider_user(user) -> bool:
    """The user holds the provider role (from the cached roles: no query)."""
    return user.is_authenticated and user.has_role(Role.PROVIDER)


def provider_ids_of(user) -> frozenset[int]:
    """The providers a provider user works for (read once per request; nobody else works
    for one)."""
    if not is_provider_user(user):
        return frozenset()
    if not hasattr(user, "_provider_ids"):
        user._provider_ids = frozenset(user.providers.values_list("id", flat=True))
    return user._provider_ids


def sees_all_orders(user) -> bool:
    return user.is_authenticated and user.has_perm("market.view_order")


def orders_enterprise(user, order) -> bool:
    """The user acts for the enterprise that placed the order."""
    return (
        user.is_authenticated and user.has_role(Role.ENTERPRISE_USER)
        and enterprise_id_of(user) == order.enterprise_id
    )  # fmt: skip


def serves_order(user, order) -> bool:
    """The user works for the provider the order was placed with."""
    return order.provider_id in provider_ids_of(user)


def may_order(user) -> bool:
    return (
        user.is_authenticated and user.has_role(Role.ENTERPRISE_USER)
        and enterprise_id_of(user) is not None
    )  # fmt: skip
