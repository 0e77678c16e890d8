"""The staff dashboard on hand-built data: each chart's numbers are what the rows say (read
from the kept month figures for requests), its table links each figure to the list it
counts, its xlsx holds the same numbers, the page draws every chart without inline script or
style, runs a fixed number of queries, and shows each person only the charts of their role."""

import datetime
import io

import openpyxl
import pytest
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.urls import reverse
from django.utils import timezone, translation

from alliances.models import Honour
from services.center.models import Booking, Floor, Venue
from services.loop import charts
from services.loop.models import Request

from ..factories import AllianceFactory, ChainFactory, EnterpriseFactory
from ..pages import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_the_parks_language():
    """Labels are read in zh-hans, whatever an earlier test's request left active."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def requests(submit, unit_x):
    """Three requests of this month: one waiting, one in progress, one closed satisfied on
    time; and one of last month, resolved late and rated unsatisfied."""
    now = timezone.now()
    waiting, working, closed, late = submit(), submit(), submit(), submit()
    Request.objects.filter(pk=working.pk).update(state="in_progress", dispatched_at=now,
                                                lead_unit=unit_x)  # fmt: skip
    Request.objects.filter(pk=closed.pk).update(
        state="closed", dispatched_at=now, resolved_at=now, rating="satisfied", lead_unit=unit_x,
        deadline=now + datetime.timedelta(days=3),
    )  # fmt: skip
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=3)
    earlier = timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(10)))
    Request.objects.filter(pk=late.pk).update(
        state="closed", submitted_at=earlier, dispatched_at=earlier,
        resolved_at=earlier + datetime.timedelta(days=9),
        deadline=earlier + datetime.timedelta(days=5), rating="unsatisfied", lead_unit=unit_x,
    )  # fmt: skip
    return waiting, working, closed, late


def _by_label(data, series=0):
    return dict(zip(data.labels, data.series[series].values, strict=True))


def test_the_request_charts_count_the_rows(requests):
    states = charts.requests_by_state()
    assert _by_label(states) == {"已提交（待受理）": 1, "办理中": 1, "已关闭": 2}
    assert states.links[states.labels.index("办理中")].endswith("?state=in_progress")
    months = charts.requests_by_month()
    this, previous = f"{timezone.localdate():%Y-%m}", months.labels[-2]
    assert len(months.labels) == 12 and months.labels[-1] == this
    assert (_by_label(months)[this], _by_label(months, 1)[this]) == (3, 1)
    assert (_by_label(months)[previous], _by_label(months, 1)[previous]) == (1, 1)
    rates = charts.rates_by_month()
    assert (_by_label(rates)[this], _by_label(rates, 1)[this]) == (100.0, 100.0)
    assert (_by_label(rates)[previous], _by_label(rates, 1)[previous]) == (0.0, 0.0)
    assert _by_label(rates)[months.labels[0]] is None  # no request that month: no rate


def test_the_page_draws_tables_and_links_each_figure_to_its_list(client, requests, park_admin):
    client.force_login(park_admin)
    page = client.get(reverse("dashboard")).content.decode()
    assert page.count('data-testid="chart"') >= 4
    assert page.count('class="pygal-chart"') == page.count('data-testid="chart"')
    assert "<style" not in page and "<script>" not in page and ' style="' not in page
    # The table of "requests by state" links each state to the staff list filtered by it,
    # and the list it links to holds that many requests.
    link = "/staff/requests/?state=in_progress"
    assert f'<a href="{link}">办理中</a>' in page
    listed = client.get(link).content.decode()
    assert listed.count('data-testid="request-row"') == 1
    css = client.get(reverse("dashboard_css"))
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    assert ".pygal-chart .axis text" in css.content.decode() and "&gt;" not in css.content.decode()


def test_each_charts_numbers_download_as_xlsx(client, requests, park_admin):
    client.force_login(park_admin)
    response = client.get(reverse("dashboard_xlsx", args=["requests-by-state"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "诉求状态分布" and rows[1] == (None, "诉求数")
    assert dict(rows[2:]) == {"已提交（待受理）": 1, "办理中": 1, "已关闭": 2}
    assert client.get(reverse("dashboard_xlsx", args=["no-such-chart"])).status_code == 404


def test_honours_and_occupancy_come_out_of_their_rows(client, park_admin):
    chain = ChainFactory(name="海工装备")
    alliance = AllianceFactory(chain=chain, name="海工装备产业链党建联盟")
    firm = EnterpriseFactory()
    for kind, benefit in (("craftsman", 1_000_000), ("craftsman", 500_000), ("red_workshop", 0)):
        Honour.objects.create(kind=kind, title="x", enterprise=firm, alliance=alliance,
                              year=2026, economic_benefit=benefit)  # fmt: skip
    floor = Floor.objects.create(number=2, name="学习商务区")
    room = Venue.objects.create(floor=floor, name="研学室一", kind="study", capacity=20)
    # Nine of the 30 days' 270 opening hours booked (08:30–17:30 a day): 3.3 %.
    day = timezone.localdate() - datetime.timedelta(days=2)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))
    nine_hours = DateTimeTZRange(start, start + datetime.timedelta(hours=9))
    Booking.objects.create(venue=room, during=nine_hours, purpose="x", attendees=3,
                           booked_by=park_admin, state="confirmed")  # fmt: skip
    from alliances.charts import benefit, honours
    from services.center.charts import occupancy_by_floor

    counts = honours()
    assert counts.labels == ["海工装备产业链党建联盟"]
    assert [series.values for series in counts.series] == [[2], [0], [1]]
    assert benefit().series[0].values == [150.0]  # 万元
    assert occupancy_by_floor().series[0].values == [round(100 * 9 / 270, 1)]
    client.force_login(park_admin)
    page = client.get(reverse("dashboard")).content.decode()
    assert f"/admin/alliances/honour/?alliance__id__exact={alliance.pk}" in page


def test_people_see_only_the_charts_of_their_role(client, user_a, dispatcher, park_admin):
    assert client.get(reverse("dashboard")).status_code == 302  # sign in first
    client.force_login(user_a)
    assert client.get(reverse("dashboard")).status_code == 403
    assert client.get(reverse("dashboard_xlsx", args=["requests-by-state"])).status_code == 403
    client.force_login(dispatcher)
    shown = client.get(reverse("dashboard")).content.decode()
    assert 'data-chart="requests-by-state"' in shown
    assert 'data-chart="honours-by-alliance"' not in shown
    assert client.get(reverse("dashboard_xlsx", args=["honours-by-alliance"])).status_code == 404


def test_the_dashboard_runs_a_fixed_number_of_queries(client, submit, unit_x, park_admin):
    client.force_login(park_admin)
    submit()
    queries_of(client, reverse("dashboard"))  # the session's first reads
    few = queries_of(client, reverse("dashboard"))
    for n in range(6):
        item = submit()
        Request.objects.filter(pk=item.pk).update(
            state=["in_progress", "closed", "returned"][n % 3], lead_unit=unit_x,
            dispatched_at=timezone.now(),
        )  # fmt: skip
    queries_of(client, reverse("dashboard"))
    assert queries_of(client, reverse("dashboard")) == few
