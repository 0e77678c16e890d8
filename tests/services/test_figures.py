"""Figures on five hand-built requests; the expected values were worked out by hand.

R1: signed 1 h after dispatch, resolved Thu (3 working days), satisfied.
R2: signed Wed 10:00 (due by end of Tue: late), resolved 11-20 after its 11-16 deadline,
    basically satisfied.
R3: dispatched, return approved (returned, never signed).
R4: submitted only.
R5: signed after 1 h, resolved, unsatisfied → redo, resolved again Thu, satisfied.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from services.loop import figures, steps
from services.loop.models import Request

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(time_machine, month, day, hour):
    time_machine.move_to(datetime.datetime(2026, month, day, hour, 0, tzinfo=SH))


@pytest.fixture
def five(time_machine, submit, dispatcher, handler, unit_x, user_a):
    def dispatch(request):
        steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)

    at(time_machine, 11, 2, 9)
    r1, r2, r3, _r4, r5 = (submit(title=f"R{i}") for i in range(1, 6))
    for r in (r1, r2, r3, r5):
        dispatch(r)
    at(time_machine, 11, 2, 10)
    steps.sign_for(actor=handler, request_id=r1.pk)
    steps.sign_for(actor=handler, request_id=r5.pk)
    steps.apply_return(actor=handler, request_id=r3.pk, reason="不属本单位")
    steps.review_return(actor=dispatcher, request_id=r3.pk, decision="approve")
    at(time_machine, 11, 3, 10)
    steps.resolve_request(actor=handler, request_id=r5.pk, result="第一次答复")
    at(time_machine, 11, 4, 10)
    steps.sign_for(actor=handler, request_id=r2.pk)
    steps.reopen_request(actor=user_a, request_id=r5.pk, comment="没解决")
    at(time_machine, 11, 5, 10)
    steps.resolve_request(actor=handler, request_id=r1.pk, result="已解决")
    steps.resolve_request(actor=handler, request_id=r5.pk, result="重办后解决")
    at(time_machine, 11, 5, 12)
    steps.rate_request(actor=user_a, request_id=r1.pk, rating="satisfied")
    steps.rate_request(actor=user_a, request_id=r5.pk, rating="satisfied")
    at(time_machine, 11, 20, 10)
    steps.resolve_request(actor=handler, request_id=r2.pk, result="逾期办结")
    at(time_machine, 11, 21, 10)
    steps.rate_request(actor=user_a, request_id=r2.pk, rating="basically")
    return Request.objects.all()


def test_rates_and_medians_match_the_hand_computed_values(five):
    total, by_unit = figures.compute(five, by="unit")
    assert (total.total, total.dispatched, total.resolved) == (5, 4, 3)
    assert total.resolution_rate == 75.0  # 3 / 4
    assert total.on_time_rate == 66.7  # R1, R5 of 3
    assert total.satisfaction_rate == 75.0  # 3 positive of 4 ratings given
    assert total.redo_rate == 33.3  # R5 of 3 resolved
    assert total.return_rate == 25.0  # R3 of 4 dispatched
    assert total.timely_sign_rate == 66.7  # R1, R5 of 3 signed
    assert total.median_sign_hours == 1.0  # [1, 1, 49]
    assert total.median_resolve_days == 3  # [3, 3, 14]
    [unit_row, not_dispatched] = sorted(by_unit, key=lambda f: f.total, reverse=True)
    assert (unit_row.label, unit_row.total, not_dispatched.total) == ("企业服务科", 4, 1)


def test_by_month_and_league_table(five):
    _total, months = figures.compute(five, by="month")
    assert [(m.label, m.total) for m in months] == [("2026-11", 5)]
    ranked, [row] = figures.league_table(five)  # four requests: too few to rank
    assert ranked == [] and row.dispatched == 4
    assert row.score == round(66.7 * 0.4 + 75.0 * 0.3 + 75.0 * 0.2 + 66.7 * 0.1, 1)


def test_the_league_ranks_units_with_enough_requests_and_rates_read_in_per_cent(
    client, five, dispatcher, submit, unit_x, unit_y
):
    for _ in range(figures.LEAGUE_MIN_REQUESTS):
        item = submit(title="Y")
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_y)
    ranked, too_few = figures.league_table(Request.objects.all())
    assert [f.label for f in ranked] == [unit_y.name] and [f.label for f in too_few] == [
        unit_x.name
    ]
    client.force_login(dispatcher)
    page = client.get("/staff/figures/?from=2026-11-01").content.decode()
    league = page.split('data-testid="league"', 1)[1].split("</table>", 1)[0]
    assert league.count('data-testid="ranked"') == 1 and league.count('data-testid="unranked"') == 1
    assert "75.0%" in page and "66.7%" in page and "少于 5 件" in page
    assert "<th>诉求件数</th>" in page  # a count, not the menu's "诉求办理"


def test_figures_page_and_ledger_for_staff_only(client, five, dispatcher, handler, user_a):
    import io

    import openpyxl

    client.force_login(dispatcher)
    page = client.get("/staff/figures/?by=category").content.decode()
    assert 'data-testid="league"' in page
    assert "75.0" in page
    response = client.get("/staff/requests/ledger.xlsx?state=closed")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(numbers) == sorted(
        Request.objects.filter(state="closed").values_list("number", flat=True)
    )
    assert len(numbers) == 3
    # Times read as times at the width they need, not as #####.
    assert sheet.column_dimensions["H"].width >= 16 and sheet.column_dimensions["D"].width >= 30
    submitted = sheet.cell(row=2, column=8)
    assert submitted.is_date and submitted.number_format == "yyyy-mm-dd hh:mm"
    for user in (user_a, handler):
        client.force_login(user)
        assert client.get("/staff/figures/").status_code == 404
        assert client.get("/staff/requests/ledger.xlsx").status_code == 404


def test_workbench_warns_when_a_years_calendar_is_missing(client, dispatcher, time_machine):
    from portal.calendar import clear_cache
    from portal.models import CalendarDay

    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SH))
    clear_cache()
    client.force_login(dispatcher)
    page = client.get("/workbench/").content.decode()
    assert 'data-testid="calendar-warning"' in page and "2027" in page
    CalendarDay.objects.create(date=datetime.date(2027, 1, 1), is_working_day=False, name="元旦")
    clear_cache()
    assert 'data-testid="calendar-warning"' not in client.get("/workbench/").content.decode()


def test_the_steps_keep_what_the_figures_read(five):
    r1, r2, r3, r4, r5 = (Request.objects.get(title=f"R{i}") for i in range(1, 6))
    assert (r1.signed_in_time, r1.working_days_to_resolve) == (True, 3)
    assert (r2.signed_in_time, r2.working_days_to_resolve) == (False, 14)
    assert (r3.signed_in_time, r3.working_days_to_resolve) == (None, None)  # returned
    assert (r4.signed_in_time, r4.working_days_to_resolve) == (None, None)  # not dispatched
    assert (r5.signed_in_time, r5.working_days_to_resolve) == (True, 3)  # after the redo


def test_figures_are_a_fixed_number_of_queries_however_many_requests(client, dispatcher, submit):
    def queries_for_page():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = {}
        for by in ("unit", "category", "chain", "channel", "month"):
            with CaptureQueriesContext(connection) as seen:
                assert client.get("/staff/figures/", {"by": by}).status_code == 200
            counts[by] = len(seen)
        return counts

    client.force_login(dispatcher)
    submit()
    queries_for_page()  # the session, roles and bell come from the cache from now on
    few = queries_for_page()
    # the user; the totals (counts, values); the groups (counts, values, names); the league
    # table's unit rows when grouped otherwise (counts, values, names); the chases and the
    # pauses by unit; the revisit calls; the merged duplicates
    assert few == {"unit": 10, "category": 13, "chain": 13, "channel": 12, "month": 12}
    for _ in range(30):
        submit()
    queries_for_page()  # the bell counts again once: the dispatcher was told of each
    assert queries_for_page() == few


def test_a_park_administrator_oversees_every_request_without_acting_on_them(
    client, five, dispatcher, park_admin
):
    """The role may view requests: it sees the figures the dispatcher sees (not zeros), the
    staff list and each request's page, with no step to take."""

    def figures_table(user):
        client.force_login(user)
        page = client.get("/staff/figures/?by=unit&from=2026-11-01").content.decode()
        return page.split('data-testid="figures">', 1)[1].split("</table>", 1)[0]

    seen = figures_table(park_admin)
    assert seen == figures_table(dispatcher)
    assert "<td>5</td>" in seen.replace(" ", "")  # all five requests, not "全部 0"
    client.force_login(park_admin)
    listed = client.get("/staff/requests/").content.decode()
    assert listed.count('data-testid="request-row"') == 5
    item = five.get(title="R4")
    step_form = f'action="/requests/{item.pk}/dispatch/"'
    page = client.get(f"/requests/{item.pk}/").content.decode()
    assert "R4" in page and step_form not in page
    client.post(f"/requests/{item.pk}/dispatch/", {"lead_unit": item.category.default_unit_id})
    assert five.get(pk=item.pk).state == "submitted"
    client.force_login(dispatcher)
    assert step_form in client.get(f"/requests/{item.pk}/").content.decode()
