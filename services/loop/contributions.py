"""What the request loop adds to the portal's pages, navigation, API and demo."""

from django.utils.translation import gettext_lazy as _

from portal.contributions import is_enterprise_user
from portal.registry import (
    HOME_FIGURES_SECONDS,
    ApiRoute,
    Block,
    DemoSeeder,
    NavItem,
    PersonalDataSource,
    registry,
)

from .api.views import RequestViewSet
from .selectors import queue_counts, works_requests


def _queues(request):
    user = request.user
    if not works_requests(user):
        return None
    return {"queues": queue_counts(user)}


def _home_figure(request):
    from .figures import month_total

    total = month_total(None, None)
    return {"resolved": total.resolved, "satisfaction": total.satisfaction_rate,
            "on_time": total.on_time_rate}  # fmt: skip


def _figures(request):
    return {} if request.user.has_perm("services.view_request") else None


def _seed(done):
    from .demo import seed_requests, seed_units

    accounts = done["accounts"]
    seed_units(accounts["handler"])
    count = seed_requests(dispatcher=accounts["dispatcher"], supervisor=accounts["supervisor"])
    return count, []


def _open_requests_by_light():
    """For the operator's metrics: the backlog by warning light (an indexed count)."""
    from django.db.models import Count
    from prometheus_client.core import GaugeMetricFamily

    from .choices import Light, State
    from .models import Request

    family = GaugeMetricFamily(
        "portal_requests_open", "Open requests by warning light.", labels=["light"]
    )
    counted = dict(
        Request.objects.filter(state__in=State.open_states())
        .values_list("light")
        .annotate(n=Count("pk"))
        .values_list("light", "n")
    )
    for light in Light.values:
        family.add_metric([light], counted.get(light, 0))
    yield family


def _text_words():
    """The handling units' and categories' names: words the segmenter keeps whole."""
    from .models import Category, HandlingUnit

    return [*HandlingUnit.objects.values_list("name", flat=True),
            *Category.objects.values_list("name", flat=True)]  # fmt: skip


def register() -> None:
    registry.url_modules.append("services.loop.urls")
    registry.metric_sources.append(_open_requests_by_light)
    registry.api_routes.append(ApiRoute("requests", RequestViewSet, "api-request"))
    registry.home_cards.append(Block("services/blocks/home_card.html", order=10))
    registry.home_figures.append(
        Block("services/blocks/home_figure.html", _home_figure, 12,
              cache_seconds=HOME_FIGURES_SECONDS)
    )  # fmt: skip
    registry.workbench_panels += [
        Block("services/blocks/workbench_queues.html", _queues, order=20),
        Block("services/blocks/workbench_figures.html", _figures, order=40),
    ]
    registry.nav_items += [
        NavItem(_("My requests"), "services:my_requests", is_enterprise_user, order=30),
        NavItem(_("Requests"), "services:staff_requests", works_requests, order=70),
        NavItem(_("Typical cases"), "services:case_list", lambda user: True, order=40),
    ]
    registry.actions.append(
        NavItem(_("Submit a request"), "services:request_new", is_enterprise_user, order=10)
    )
    registry.demo_seeders.append(DemoSeeder("requests", _seed, order=20))
    from .charts import charts

    registry.dashboard_charts += charts()
    from . import privacy

    registry.personal_data.append(
        PersonalDataSource(
            "requests", _("Requests you submitted"), privacy.rows, privacy.on_erasure, 20
        )
    )
    registry.text_words.append(_text_words)
