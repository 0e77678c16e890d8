"""Who may do what with market orders: the enterprise that placed one, the provider it was
placed with, and park staff who read them all."""

from alliances.permissions import enterprise_id_of
from portal.roles import Role
from portal.usercache import fact_of, user_fact


@user_fact("provider_ids")
def _provider_ids(user) -> frozenset[int]:
    return frozenset(user.providers.values_list("id", flat=True))


def provider_ids_of(user) -> frozenset[int]:
    """The providers this user works for (kept with the user's roles, see
    ``portal.usercache``; forgotten when a provider's members change)."""
    if not user.is_authenticated:
        return frozenset()
    return fact_of(user, "provider_ids")


def is_provider_user(user) -> bool:
    return bool(provider_ids_of(user))


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
