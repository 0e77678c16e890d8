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
    """For the staff who read orders: where the orders and their figures are."""
    return {} if sees_all_orders(request.user) else None


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
        NavItem(_("Market services"), "market:catalog", lambda user: True, order=55,
                in_more=True),
        # The people who answer orders (providers) reach them from the bar, staff who read
        # them all from "More"; an enterprise from the catalog.
        NavItem(pgettext_lazy("navigation", "Orders"), "market:orders",
                lambda user: is_provider_user(user) and not sees_all_orders(user), order=56),
        NavItem(pgettext_lazy("navigation", "Orders"), "market:orders", sees_all_orders,
                order=93, in_more=True),
    ]  # fmt: skip
    registry.demo_seeders.append(DemoSeeder("market", _seed, order=40))
    registry.personal_data.append(
        PersonalDataSource("market", _("Market services you ordered"), privacy.rows,
                           privacy.on_erasure, 45)
    )  # fmt: skip
