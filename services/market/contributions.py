"""What the market adds to the portal's pages, navigation, API and demo."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.registry import (
    HOME_FIGURES_SECONDS,
    ApiRoute,
    Block,
    DemoSeeder,
    NavItem,
    PersonalDataSource,
    registry,
)

from .permissions import is_provider_user, sees_all_orders


def _home_figure(request):
    from .selectors import catalog_totals

    totals = catalog_totals()
    return {"market": totals} if totals["services"] else None


def _seed(done):
    from .demo import seed_market

    return seed_market(done["accounts"])


def _workbench(request):
    """Orders waiting for the provider's answer (its people), or the figures (staff)."""
    from .choices import OrderState
    from .selectors import orders_visible_to

    user = request.user
    if not (is_provider_user(user) or sees_all_orders(user)):
        return None
    waiting = orders_visible_to(user).filter(state=OrderState.ORDERED).count()
    return {"waiting": waiting, "staff": sees_all_orders(user)}


def register() -> None:
    from . import privacy
    from .api.views import OrderViewSet, ServiceViewSet

    registry.url_modules.append("services.market.urls")
    registry.api_routes += [
        ApiRoute("market/services", ServiceViewSet, "market-service"),
        ApiRoute("market/orders", OrderViewSet, "market-order"),
    ]
    registry.home_figures.append(
        Block("market/blocks/home_figure.html", _home_figure, 30,
              cache_seconds=HOME_FIGURES_SECONDS)
    )  # fmt: skip
    registry.workbench_panels.append(Block("market/blocks/workbench.html", _workbench, 40))
    registry.nav_items += [
        NavItem(_("Market services"), "market:catalog", lambda user: True, order=55),
        # The people who answer orders (providers) and those who read them all (staff)
        # reach them from here; an enterprise from the catalog and its own page.
        NavItem(pgettext_lazy("navigation", "Orders"), "market:orders",
                lambda user: is_provider_user(user) or sees_all_orders(user), order=56),
    ]  # fmt: skip
    registry.demo_seeders.append(DemoSeeder("market", _seed, order=40))
    registry.personal_data.append(
        PersonalDataSource("market", _("Market services you ordered"), privacy.rows,
                           privacy.on_erasure, 45)
    )  # fmt: skip
