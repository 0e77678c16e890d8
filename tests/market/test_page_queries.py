"""The market's pages run a fixed number of queries, however many services and orders."""

import pytest

from services.market import services, steps
from services.market.models import MarketService

from ..pages import queries_of

pytestmark = pytest.mark.django_db


def _grow(user_a, lawyer, contract_review, n):
    for i in range(n):
        MarketService.objects.create(
            category=contract_review.category, provider=contract_review.provider,
            name=f"法律咨询{MarketService.objects.count()}", description="d", price_from=100,
            expected_days=2,
        )  # fmt: skip
        order = services.place_order(actor=user_a, service_id=contract_review.pk, need="n")
        if i % 2:
            steps.accept(actor=lawyer, order_id=order.pk)


@pytest.mark.parametrize("url,who", [
    ("/market/", "anonymous"), ("/market/orders/", "user_a"), ("/market/orders/", "lawyer"),
    ("/market/orders/", "supervisor"), ("/staff/market/", "supervisor"),
    ("/market/orders/?state=accepted", "lawyer"),
])  # fmt: skip
def test_fixed_queries(client, user_a, lawyer, supervisor, contract_review, url, who):
    people = {"user_a": user_a, "lawyer": lawyer, "supervisor": supervisor}
    if who in people:
        client.force_login(people[who])
    _grow(user_a, lawyer, contract_review, 2)
    client.get(url)  # warm the caches a first visit fills
    few = queries_of(client, url)
    _grow(user_a, lawyer, contract_review, 6)
    client.get(url)  # the new orders' notifications made the bell count again
    assert queries_of(client, url) == few, url
