"""After resolution and beside it: the revisit call (回访) and its queue and figures;
duplicates merged into their main request, counted once; typical cases published without
the enterprise or a person, shown to the next enterprise while it types."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal.errors import StepRefused
from portal.models import Notification
from services.loop import figures, services, steps
from services.loop.choices import Rating, State
from services.loop.models import MonthFigures, Request, RequestEvent, Revisit, TypicalCase

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def _at(*when):
    return time_machine.travel(datetime.datetime(*when, tzinfo=SH), tick=False)


@pytest.fixture
def resolved(submit, dispatcher, handler, unit_x):
    def make(**kwargs):
        item = submit(**kwargs)
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
        steps.sign_for(actor=handler, request_id=item.pk)
        steps.resolve_request(actor=handler, request_id=item.pk, result="已协调修复")
        return Request.objects.get(pk=item.pk)

    return make


# --- revisit ------------------------------------------------------------------------------------


def test_the_revisit_queue_lists_resolved_requests_not_yet_revisited(
    client, resolved, dispatcher, user_a
):
    first, second = resolved(title="道路破损"), resolved(title="路灯不亮")
    steps.rate_request(actor=user_a, request_id=second.pk, rating="satisfied")
    client.force_login(dispatcher)
    url = reverse("services:staff_requests") + "?queue=revisit"
    page = client.get(url).content.decode()
    assert "道路破损" in page and "路灯不亮" in page
    steps.revisit_request(actor=dispatcher, request_id=first.pk, reached=True,
                          rating=Rating.SATISFIED, remarks="企业表示满意")  # fmt: skip
    steps.revisit_request(actor=dispatcher, request_id=second.pk, reached=False)
    page = client.get(url).content.decode()
    assert "道路破损" not in page and "路灯不亮" in page  # not reached: still to call
    Request.objects.filter(pk=second.pk).update(
        resolved_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert "路灯不亮" not in client.get(url).content.decode()  # resolved too long ago


def test_revisit_input_is_checked(client, resolved, dispatcher, user_a):
    item = resolved()
    url = f"/api/v1/requests/{item.pk}/revisit/"
    client.force_login(dispatcher)
    no_rating = client.post(url, {"reached": True}, content_type="application/json")
    assert no_rating.status_code == 400 and "rating" in no_rating.json()["errors"]
    rating_unreached = client.post(url, {"reached": False, "rating": "satisfied"},
                                   content_type="application/json")  # fmt: skip
    assert rating_unreached.status_code == 400
    client.force_login(user_a)
    assert client.post(url, {"reached": False}, content_type="application/json").status_code == 403


def test_unsatisfied_on_a_revisit_sends_it_back_and_keeps_the_online_rating(
    resolved, dispatcher, user_a, handler
):
    item = resolved()
    steps.rate_request(actor=user_a, request_id=item.pk, rating="satisfied")
    revisit = steps.revisit_request(
        actor=dispatcher, request_id=item.pk, reached=True, rating=Rating.UNSATISFIED,
        remarks="路面又出现裂缝", send_back=True,
    )  # fmt: skip
    item.refresh_from_db()
    assert revisit.sent_back and item.state == State.IN_PROGRESS and item.redo_count == 1
    assert item.rating == Rating.SATISFIED  # the online rating stays as it was given
    reopen = item.events.get(step="reopen")
    assert reopen.from_state == State.CLOSED and reopen.data["from"] == "revisit"
    assert Notification.objects.filter(recipient=handler, context__step="reopen").exists()
    with pytest.raises(StepRefused):  # not resolved any more: nothing to revisit
        steps.revisit_request(actor=dispatcher, request_id=item.pk, reached=False)


def test_satisfaction_online_revisit_and_combined(resolved, dispatcher, user_a):
    a, b, c = resolved(), resolved(), resolved()
    steps.rate_request(actor=user_a, request_id=a.pk, rating="satisfied")
    steps.rate_request(actor=user_a, request_id=b.pk, rating="unsatisfied")
    steps.revisit_request(actor=dispatcher, request_id=a.pk, reached=True, rating="basically")
    steps.revisit_request(actor=dispatcher, request_id=b.pk, reached=True, rating="unsatisfied")
    steps.revisit_request(actor=dispatcher, request_id=c.pk, reached=False)
    rows = Request.objects.all()
    total, _ = figures.compute(rows)
    after = figures.after_resolution(total, figures.pauses(requests=rows), requests=rows)
    assert (after.online_positive, after.online_negative) == (1, 1)
    assert (after.revisit_positive, after.revisit_unsatisfied) == (1, 1)
    assert after.calls == 3 and after.revisited == 2 and after.resolved == 3
    assert after.revisit_coverage == pytest.approx(66.7)
    assert after.online_rate == 50.0 and after.revisit_rate == 50.0 and after.combined_rate == 50.0


def test_the_figures_page_shows_revisits_and_merged(client, resolved, dispatcher, park_admin):
    item = resolved()
    steps.revisit_request(actor=dispatcher, request_id=item.pk, reached=True, rating="satisfied")
    client.force_login(park_admin)
    page = client.get(reverse("services:staff_figures")).content.decode()
    coverage = page[page.index('data-testid="coverage"') :]
    assert coverage[: coverage.index("</dd>")].count("1 / 1") == 1


# --- duplicates ---------------------------------------------------------------------------------


@pytest.fixture
def two_reports(submit, user_b, category, dispatcher, unit_x):
    """One road, two enterprises: firm A reported it first; firm B in its own words."""
    with _at(2026, 11, 2, 9):
        main = submit(title="厂区门口道路破损，货车通行困难", description="东门外道路塌陷。")
        duplicate = services.submit_request(
            actor=user_b, category_id=category.pk, title="厂区东门道路损坏影响货车",
            description="货车进出困难。",
        )  # fmt: skip
        steps.dispatch_request(actor=dispatcher, request_id=main.pk, lead_unit=unit_x)
    return Request.objects.get(pk=main.pk), Request.objects.get(pk=duplicate.pk)


def test_the_dispatcher_sees_the_similar_open_request(client, two_reports, dispatcher):
    main, duplicate = two_reports
    client.force_login(dispatcher)
    page = client.get(reverse("services:request_detail", args=[duplicate.pk])).content.decode()
    similar = page[page.index('data-testid="similar"') :]
    assert main.number in similar[: similar.index("</ul>")]


def test_merge_closes_the_duplicate_keeps_both_timelines_and_counts_once(
    client, two_reports, dispatcher, handler, user_b
):
    main, duplicate = two_reports
    events_before = set(RequestEvent.objects.values_list("pk", flat=True))
    total_before = MonthFigures.objects.get(dimension="all").total
    client.force_login(dispatcher)
    response = client.post(f"/api/v1/requests/{duplicate.pk}/merge/",
                           {"into": main.number.lower(), "note": "同一路段"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 200 and response.json()["state"] == "merged"
    duplicate.refresh_from_db()
    assert duplicate.merged_into == main and duplicate.closed_at is not None
    # Nothing of either timeline is lost; each gains its merge step.
    assert events_before <= set(RequestEvent.objects.values_list("pk", flat=True))
    assert duplicate.events.filter(step="merge", data__into=main.pk).exists()
    assert main.events.filter(step="merge", is_internal=True, data__duplicate=duplicate.pk).exists()
    # The case is counted once, in the main request.
    assert MonthFigures.objects.get(dimension="all").total == total_before - 1
    total, _ = figures.compute(Request.objects.all())
    assert total.total == 1
    rows = Request.objects.all()
    assert figures.after_resolution(total, figures.pauses(requests=rows), requests=rows).merged == 1

    # Firm B follows the main request: told of its public steps, sees its progress and result.
    with _at(2026, 11, 3, 9):
        steps.sign_for(actor=handler, request_id=main.pk)
        steps.resolve_request(actor=handler, request_id=main.pk, result="东门道路已修复")
    assert Notification.objects.filter(recipient=user_b, context__step="resolve").exists()
    client.force_login(user_b)
    page = client.get(reverse("services:request_detail", args=[duplicate.pk])).content.decode()
    assert 'data-testid="merged-into"' in page and "东门道路已修复" in page
    assert "蓬坞合金" not in page  # the main request's enterprise stays unnamed


def test_merge_refusals(client, two_reports, dispatcher, user_b, supervisor):
    main, duplicate = two_reports
    client.force_login(dispatcher)
    url = f"/api/v1/requests/{duplicate.pk}/merge/"
    itself = client.post(url, {"into": duplicate.number}, content_type="application/json")
    assert itself.status_code == 400
    nowhere = client.post(url, {"into": "QY209901-99999"}, content_type="application/json")
    assert nowhere.status_code == 400 and "into" in nowhere.json()["errors"]
    client.force_login(supervisor)
    assert client.post(url, {"into": main.number},
                       content_type="application/json").status_code == 403  # fmt: skip
    steps.merge_request(actor=dispatcher, request_id=duplicate.pk, into=main)
    with pytest.raises(StepRefused):  # merged once; no step leads out of "merged"
        steps.merge_request(actor=dispatcher, request_id=duplicate.pk, into=main)


# --- typical cases ------------------------------------------------------------------------------


CASE = {
    "title": "厂区门口道路破损的修复",
    "problem": "一家装备制造企业反映厂区门口道路破损，重载货车进出困难。",
    "solution": "园区协调建设部门三个工作日内完成修补，并纳入道路巡查。",
}


def _publish(client, supervisor, item, **changes):
    client.force_login(supervisor)
    data = {**CASE, "category": item.category_id, "confirm": "on", **changes}
    return client.post(reverse("services:case_publish", args=[item.pk]), data)


def test_a_case_naming_the_enterprise_or_a_number_is_refused(
    client, resolved, supervisor, firm_a, user_a
):
    item = resolved()
    for bad in (
        f"{firm_a.name}反映道路破损",
        "蓬坞合金反映道路破损",
        "联系人电话13800001111",
        f"联系{user_a.get_full_name()}",
    ):
        response = _publish(client, supervisor, item, problem=bad)
        assert response.status_code == 400, bad
    assert not TypicalCase.objects.exists()


def test_only_a_supervisor_publishes_and_only_a_resolved_request(
    client, resolved, submit, dispatcher, supervisor
):
    item = resolved()
    client.force_login(dispatcher)
    assert client.get(reverse("services:case_publish", args=[item.pk])).status_code == 404
    open_one = submit()
    client.force_login(supervisor)
    assert client.get(reverse("services:case_publish", args=[open_one.pk])).status_code == 404


def test_the_public_case_never_shows_the_enterprise_or_its_people(
    client, resolved, supervisor, firm_a, user_a
):
    item = resolved()
    response = _publish(client, supervisor, item)
    case = TypicalCase.objects.get()
    assert response.status_code == 302 and case.request == item
    client.logout()
    listing = client.get(reverse("services:case_list")).content.decode()
    page = client.get(reverse("services:case_detail", args=[case.pk])).content.decode()
    for text in (listing, page):
        assert "厂区门口道路破损的修复" in text
        for secret in (firm_a.name, "蓬坞合金", user_a.phone, user_a.get_full_name(), item.number):
            assert secret not in text
    assert TypicalCase.objects.get().views == 1


def test_the_case_list_filters_by_category_and_refuses_a_bad_value(client, resolved, supervisor):
    item = resolved()
    _publish(client, supervisor, item)
    assert "道路破损" in client.get(f"/cases/?category={item.category_id}").content.decode()
    assert (
        "道路破损" not in client.get(f"/cases/?category={item.category_id + 99}").content.decode()
    )
    assert client.get("/cases/?chain=abc").status_code == 400


def _text(html):
    return re.sub(r"<[^>]+>", "", html)


def test_an_enterprise_typing_a_similar_problem_sees_the_case_and_its_own_request(
    client, resolved, supervisor, user_a, user_b, submit
):
    item = resolved()
    _publish(client, supervisor, item)
    own = submit(title="东门道路又有破损", description="货车通行受影响")
    url = reverse("services:request_similar")
    client.force_login(user_a)
    aside = client.get(url, {"title": "厂区东门道路损坏", "description": "货车进出困难"})
    html = aside.content.decode()
    # The words it shares with what is typed are marked.
    assert 'data-testid="similar-cases"' in html and "<mark>道路</mark>" in html
    assert CASE["title"] in _text(html)
    assert own.number in html
    client.force_login(user_b)  # another enterprise never sees firm A's request
    html = client.get(url, {"title": "厂区东门道路损坏"}).content.decode()
    assert CASE["title"] in _text(html) and own.number not in html
    assert client.get(url, {"title": "x" * 500}).status_code == 400


def test_cases_opened_before_a_submit_are_counted(client, resolved, supervisor, user_a, category):
    item = resolved()
    _publish(client, supervisor, item)
    case = TypicalCase.objects.get()
    client.force_login(user_a)
    client.post(reverse("services:request_new"), {
        "category": category.pk, "title": "东门道路破损", "description": "货车通行困难",
        "cases_seen": f"{case.pk}",
    })  # fmt: skip
    case.refresh_from_db()
    assert case.seen_before_submit == 1
    bad = client.post(reverse("services:request_new"), {
        "category": category.pk, "title": "x", "description": "y", "cases_seen": "1;drop",
    })  # fmt: skip
    assert bad.status_code == 400


def test_revisit_and_merge_records_are_not_lost(resolved, dispatcher):
    item = resolved()
    steps.revisit_request(actor=dispatcher, request_id=item.pk, reached=False)
    assert Revisit.objects.filter(request=item, reached=False).count() == 1


def test_the_case_list_is_a_fixed_number_of_queries(client, supervisor, category):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for i in range(n):
            TypicalCase.objects.create(category=category, title=f"案例{i}", problem="问题",
                                       solution="办法", published_by=supervisor)  # fmt: skip

    def count():
        with CaptureQueriesContext(connection) as seen:
            assert client.get(reverse("services:case_list")).status_code == 200
        return len(seen)

    make(2)
    few = count()
    make(30)
    assert count() == few
