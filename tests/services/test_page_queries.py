"""Each list page runs a fixed number of queries, however many requests there are, and
what it keeps in the cache (roles, bell, queue sizes, home figures) is never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.loop import steps
from services.loop.models import HandlingUnit
from services.loop.permissions import unit_ids_of

pytestmark = pytest.mark.django_db


def queries(client, path) -> int:
    client.get(path)  # the first visit fills the cache
    with CaptureQueriesContext(connection) as seen:
        assert client.get(path).status_code == 200
    return len(seen)


# path, who: the queries of a warm visit (the user, then the page's own reads)
PAGES = [
    ("/", None, 1),  # the next reception day; the figures come from the cache
    ("/requests/", "user_a", 2),  # user, the page of rows (enterprise and units: cached)
    ("/staff/requests/", "dispatcher", 2),  # user, the page (the filter bar: cached)
    ("/api/v1/requests/", "dispatcher", 2),  # user, the page
    ("/staff/requests/?queue=revisit", "dispatcher", 2),  # user, the page
    ("/staff/requests/?queue=mine", "handler", 3),  # user, the page, the size of "mine"
    ("/cases/", None, 3),  # the page, the categories and chains of its filter
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


def test_units_and_enterprise_kept_with_the_roles_follow_changes_at_once(
    client, submit, dispatcher, handler, unit_x, handler_y, unit_y, user_a, firm_b
):
    """A handler added to a unit sees its requests on the next page, one removed no longer
    does; an enterprise user moved to another firm or detached sees that at once too."""
    item = submit()
    steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_y)
    client.force_login(handler)
    assert client.get(f"/requests/{item.pk}/").status_code == 404  # unit X only
    assert item.number not in client.get("/staff/requests/").content.decode()
    unit_y.handlers.add(handler)
    assert client.get(f"/requests/{item.pk}/").status_code == 200
    assert item.number in client.get("/staff/requests/").content.decode()
    unit_y.handlers.remove(handler)
    assert client.get(f"/requests/{item.pk}/").status_code == 404
    spare = HandlingUnit.objects.create(name="临时专班", kind="service_team")
    spare.handlers.add(handler)
    assert unit_ids_of(type(handler).objects.get(pk=handler.pk)) == {unit_x.pk, spare.pk}
    spare.delete()  # its rows of handlers go without an m2m signal
    assert unit_ids_of(type(handler).objects.get(pk=handler.pk)) == {unit_x.pk}

    client.force_login(user_a)
    assert item.number in client.get("/requests/").content.decode()
    membership = user_a.enterprise_membership
    membership.enterprise = firm_b
    membership.save()
    assert client.get(f"/requests/{item.pk}/").status_code == 404
    assert item.number not in client.get("/requests/").content.decode()
    membership.enterprise = item.enterprise
    membership.save()
    assert client.get(f"/requests/{item.pk}/").status_code == 200
    membership.delete()
    assert client.get(f"/requests/{item.pk}/").status_code == 404


def test_list_rows_are_drawn_once_and_follow_every_change_of_what_they_show(
    client, submit, dispatcher, unit_x, user_a, monkeypatch
):
    from django.template.backends.django import Template

    from services.loop.models import Request

    first, second = submit(title="塔筒堆场不足"), submit(title="用电增容")
    client.force_login(user_a)
    page = client.get("/requests/").content.decode()
    dispatched = 'data-testid="state">已派单'
    assert "塔筒堆场不足" in page and "用电增容" in page and dispatched not in page

    drawn = []
    render = Template.render
    monkeypatch.setattr(
        Template, "render", lambda self, *a, **k: drawn.append(self.origin.template_name)
        or render(self, *a, **k),
    )  # fmt: skip
    client.get("/requests/")
    assert "services/_my_request_row.html" not in drawn  # both rows from the cache

    # A step, a write that bypasses every signal, another language: each row shows it.
    steps.dispatch_request(actor=dispatcher, request_id=first.pk, lead_unit=unit_x)
    Request.objects.filter(pk=second.pk).update(title="用电增容（更正）")
    page = client.get("/requests/").content.decode()
    assert drawn.count("services/_my_request_row.html") == 2
    assert dispatched in page and "企业服务科" in page and "用电增容（更正）" in page
    english = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="state">Dispatched' in english and dispatched not in english


def test_the_staff_filter_bar_shows_the_choices_made_and_every_new_unit_category_chain(
    client, submit, dispatcher, unit_x, category
):
    from alliances.models import Chain
    from services.loop.models import Category

    client.force_login(dispatcher)

    def selected(page, name):
        select = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        return [o.split(">", 1)[1].split("<", 1)[0] for o in select.split("<option")[1:]
                if " selected" in o.split(">", 1)[0]]  # fmt: skip

    page = client.get("/staff/requests/").content.decode()
    assert "企业服务科" in page and selected(page, "lead_unit") == []
    chosen = client.get(f"/staff/requests/?lead_unit={unit_x.pk}&q=塔筒").content.decode()
    assert selected(chosen, "lead_unit") == ["企业服务科"] and 'value="塔筒"' in chosen
    assert selected(client.get("/staff/requests/").content.decode(), "lead_unit") == []

    HandlingUnit.objects.create(name="生物医药红链服务队", kind="service_team")
    Category.objects.create(name="人才与用工", default_unit=unit_x, time_limit_days=5)
    Chain.objects.create(code="bio", name="生物医药", order=5)
    page = client.get("/staff/requests/").content.decode()
    assert "生物医药红链服务队" in page and "人才与用工" in page
    assert 'name="chain"' in page and ">生物医药</option>" in page
    unit_x.is_active = False
    unit_x.save()
    assert "企业服务科</option>" not in client.get("/staff/requests/").content.decode()
