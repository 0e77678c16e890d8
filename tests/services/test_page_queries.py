"""Each list page runs a fixed number of queries, however many requests there are, and
what it keeps in the cache (roles, bell, queue sizes, home figures) is never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.loop import steps

pytestmark = pytest.mark.django_db


def queries(client, path) -> int:
    client.get(path)  # the first visit fills the cache
    with CaptureQueriesContext(connection) as seen:
        assert client.get(path).status_code == 200
    return len(seen)


# path, who: the queries of a warm visit (the user, then the page's own reads)
PAGES = [
    ("/", None, 1),  # the next reception day; the figures come from the cache
    ("/requests/", "user_a", 4),  # user, units (none), membership, the page of rows
    ("/staff/requests/", "dispatcher", 5),  # user, the page, units, categories, chains
    ("/api/v1/requests/", "dispatcher", 2),  # user, the page
]


@pytest.mark.parametrize(("path", "who", "expected"), PAGES)
def test_list_pages_run_a_fixed_number_of_queries(request, client, submit, path, who, expected):
    if who:
        client.force_login(request.getfixturevalue(who))
    submit()
    few = queries(client, path)
    for _ in range(15):
        submit()
    client.get(path)  # the bell and the queue sizes count again once after the change
    assert queries(client, path) == few == expected


def test_queue_sizes_follow_every_step_at_once(client, submit, dispatcher, unit_x):
    client.force_login(dispatcher)

    def sizes():
        page = client.get("/staff/requests/").content.decode()
        return {
            name: page.split(f'href="?queue={name}"', 1)[1].split("</span>", 1)[0].rsplit(">", 1)[1]
            for name in ("submitted", "dispatched")
        }

    first = submit()
    assert sizes() == {"submitted": "1", "dispatched": "0"}
    submit()
    assert sizes() == {"submitted": "2", "dispatched": "0"}
    steps.dispatch_request(actor=dispatcher, request_id=first.pk, lead_unit=unit_x)
    assert sizes() == {"submitted": "1", "dispatched": "1"}


def test_home_figures_are_counted_once_a_minute_not_per_visit(client, user_a):
    from alliances.models import Enterprise
    from portal.registry import forget_cached_blocks

    home = client.get("/").content.decode()
    assert f'data-testid="figure-enterprises">{Enterprise.objects.count()}<' in home
    Enterprise.objects.create(name="新入园企业有限公司", credit_code="TEST00000000000099")
    # still the figure of a moment ago, from the cache
    assert f'data-testid="figure-enterprises">{Enterprise.objects.count() - 1}<' in (
        client.get("/").content.decode()
    )
    forget_cached_blocks()  # what the minute's expiry does
    assert f'data-testid="figure-enterprises">{Enterprise.objects.count()}<' in (
        client.get("/").content.decode()
    )
