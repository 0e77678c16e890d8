"""The teams' list pages run a fixed number of queries, however many rows."""

import datetime

import pytest
from django.utils import timezone

from services.teams.models import Liaison, PaperworkCase, Policy, Visit

from ..factories import EnterpriseFactory
from ..pages import queries_of

pytestmark = pytest.mark.django_db


def _grow(offshore, cadre, n):
    for _ in range(n):
        firm = EnterpriseFactory()
        firm.chains.add(offshore.chain)
        Liaison.objects.create(enterprise=firm, cadre=cadre)
        Visit.objects.create(
            team=offshore,
            cadre=cadre,
            enterprise=firm,
            visited_on=timezone.localdate(),
            people_met="x",
            topics="y",
        )
        PaperworkCase.objects.create(
            enterprise=firm,
            team=offshore,
            cadre=cadre,
            kind="permit",
            procedure="施工许可",
            opened_on=timezone.localdate(),
        )
        policy = Policy.objects.create(
            title=f"政策{firm.pk}",
            issuer="园区",
            benefits="b",
            valid_from=datetime.date(2025, 1, 1),
        )
        policy.chains.add(offshore.chain)


@pytest.mark.parametrize("url,who", [
    ("/staff/teams/", "park_admin"), ("/staff/teams/liaisons/", "park_admin"),
    ("/teams/visits/", "cadre"), ("/paperwork/", "cadre"), ("/policies/", "anonymous"),
    ("/teams/", "anonymous"),
])  # fmt: skip
def test_fixed_queries(client, offshore, pharma, cadre_a, park_admin, url, who):
    people = {"park_admin": park_admin, "cadre": cadre_a.user}
    if who in people:
        client.force_login(people[who])
    _grow(offshore, cadre_a, 2)
    client.get(url)  # warm the caches a first visit fills
    few = queries_of(client, url)
    _grow(offshore, cadre_a, 6)
    assert queries_of(client, url) == few, url
