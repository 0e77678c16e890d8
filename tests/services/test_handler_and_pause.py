"""The lead unit's own: the person who holds a request (承办人), reassignment with a reason,
the "assigned to me" queue; and pausing the clock (挂起), which stops the working days, the
lights and the warnings until the material comes, a dispatcher resumes it, or its date."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal.errors import StepRefused
from portal.models import Notification
from services.loop import figures, lights, steps, tasks
from services.loop.choices import Light, PauseEnd, State
from services.loop.models import Pause, Request

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def _at(*when):
    return time_machine.travel(datetime.datetime(*when, tzinfo=SH), tick=False)


@pytest.fixture
def colleague(unit_x):
    person = UserFactory(username="handler2", name="王晓红", is_staff=True, roles=["handler"])
    unit_x.handlers.add(person)
    return person


@pytest.fixture
def in_progress(submit, dispatcher, handler, unit_x):
    """Dispatched on Tue 29 Sep 2026 at 09:00 with ten working days, signed for."""

    def make(**kwargs):
        with _at(2026, 9, 29, 9):
            item = submit(**kwargs)
            steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
            steps.sign_for(actor=handler, request_id=item.pk)
        return Request.objects.get(pk=item.pk)

    return make


# --- the handler --------------------------------------------------------------------------------


def test_sign_for_names_the_signer_and_the_page_shows_who_holds_it(
    client, in_progress, handler, user_a
):
    item = in_progress()
    assert item.handler == handler
    client.force_login(user_a)
    page = client.get(reverse("services:request_detail", args=[item.pk])).content.decode()
    assert 'data-testid="handler"' in page and handler.get_full_name() in page


def test_reassignment_needs_a_reason_and_a_person_of_the_unit(
    client, in_progress, handler, colleague, handler_y, unit_y
):
    item = in_progress()
    client.force_login(handler)
    url = f"/api/v1/requests/{item.pk}/reassign/"
    no_reason = client.post(url, {"handler": colleague.pk}, content_type="application/json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    outsider = client.post(url, {"handler": handler_y.pk, "reason": "调岗"},
                           content_type="application/json")  # fmt: skip
    assert outsider.status_code == 400 and "牵头单位" in outsider.json()["detail"]
    done = client.post(url, {"handler": colleague.pk, "reason": "原承办人出差"},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200
    item.refresh_from_db()
    assert item.handler == colleague
    event = item.events.get(step="reassign")
    assert event.note == "原承办人出差" and event.data["before"] == handler.pk
    assert Notification.objects.filter(recipient=colleague, context__step="reassign").exists()


def test_the_web_form_offers_only_the_lead_units_people(
    client, in_progress, handler, colleague, handler_y, unit_y
):
    item = in_progress()
    client.force_login(handler)
    page = client.get(reverse("services:request_detail", args=[item.pk])).content.decode()
    form = page[page.index('data-step="reassign"') :]
    form = form[: form.index("</form>")]
    assert "王晓红" in form and handler_y.get_full_name() not in form


def test_assigned_to_me_lists_the_open_requests_a_person_holds(
    client, in_progress, colleague, handler
):
    mine, theirs = in_progress(title="我的诉求"), in_progress(title="同事的诉求")
    steps.reassign_handler(actor=handler, request_id=theirs.pk, handler=colleague, reason="分工")
    client.force_login(handler)
    page = client.get(reverse("services:staff_requests") + "?queue=mine").content.decode()
    assert "我的诉求" in page and "同事的诉求" not in page
    assert 'data-testid="queue-mine"' in page
    assert mine.handler == handler


def test_a_new_dispatch_clears_the_handler(in_progress, dispatcher, handler, unit_y):
    item = in_progress()
    with _at(2026, 9, 30, 9):
        steps.apply_return(actor=handler, request_id=item.pk, reason="不属本单位")
        steps.review_return(actor=dispatcher, request_id=item.pk, decision="approve")
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_y)
    item.refresh_from_db()
    assert item.handler is None


# --- pausing the clock ----------------------------------------------------------------------------


def _pause(item, handler, dispatcher, *, when=(2026, 9, 29, 10), **kwargs):
    with _at(*when):
        steps.apply_pause(actor=handler, request_id=item.pk, reason="等待法院裁定", **kwargs)
        steps.review_pause(actor=dispatcher, request_id=item.pk, decision="approve")


def test_a_pause_across_national_day_moves_the_deadline_by_the_working_days_paused(
    in_progress, handler, dispatcher, user_a
):
    """Paused on Tue 29 Sep, resumed on Fri 9 Oct: after the pause day, 30 Sep, 8 Oct and
    9 Oct are working days (1-7 Oct is the holiday): three days, and the deadline with them."""
    item = in_progress()
    before = item.deadline
    _pause(item, handler, dispatcher)
    item.refresh_from_db()
    assert item.paused_at is not None
    with _at(2026, 10, 9, 15):
        steps.resume_clock(actor=dispatcher, request_id=item.pk, note="裁定已出")
    item.refresh_from_db()
    pause = Pause.objects.get(request=item)
    assert pause.working_days == 3 and pause.end_reason == PauseEnd.RESUMED
    assert item.paused_days == 3 and item.paused_at is None
    assert timezone.localtime(item.deadline).date() == datetime.date(2026, 10, 22)
    assert timezone.localtime(before).date() == datetime.date(2026, 10, 19)
    # The enterprise is told that the clock stopped and runs again.
    told = Notification.objects.filter(recipient=user_a, kind="request_step")
    assert {"approve_pause", "resume"} <= set(told.values_list("context__step", flat=True))


def test_no_light_rises_and_no_warning_goes_out_while_paused(in_progress, handler, dispatcher):
    item = in_progress()
    _pause(item, handler, dispatcher)
    # Long past the old deadline (19 Oct): the paused request keeps its green light.
    with _at(2026, 11, 2, 9):
        assert tasks.sweep_requests()["lights_changed"] == 0
        item.refresh_from_db()
        assert item.light == Light.GREEN
        assert lights.compute_light(item) == Light.GREEN
        assert lights.warn_about_light(request_id=item.pk) == 0
        assert not Notification.objects.filter(kind="request_light").exists()


def test_days_paused_do_not_count_in_the_light_after_resuming(in_progress, handler, dispatcher):
    item = in_progress()
    _pause(item, handler, dispatcher)
    with _at(2026, 10, 16, 9):  # 8 working days paused
        steps.resume_clock(actor=dispatcher, request_id=item.pk)
    item.refresh_from_db()
    # 1 working day used before the pause (none the day it paused), 2 after: 3 of 10.
    now = datetime.datetime(2026, 10, 20, 12, tzinfo=SH)
    assert lights.working_days_used(item, now, item.deadline) == (2, 10)
    assert lights.compute_light(item, now) == Light.GREEN


def test_the_enterprise_adding_the_awaited_material_resumes_it(
    in_progress, handler, dispatcher, user_a
):
    item = in_progress()
    _pause(item, handler, dispatcher, awaits_material=True)
    with _at(2026, 10, 12, 9):
        steps.add_material(actor=user_a, request_id=item.pk, note="补交土地证复印件")
    pause = Pause.objects.get(request=item)
    # 30 Sep, 8, 9, 10 (the make-up Saturday) and 12 Oct
    assert pause.end_reason == PauseEnd.MATERIAL and pause.working_days == 5
    assert Request.objects.get(pk=item.pk).paused_at is None


def test_material_does_not_resume_a_pause_that_waits_for_something_else(
    in_progress, handler, dispatcher, user_a
):
    item = in_progress()
    _pause(item, handler, dispatcher)
    with _at(2026, 10, 12, 9):
        steps.add_material(actor=user_a, request_id=item.pk, note="补充说明")
    assert Request.objects.get(pk=item.pk).paused_at is not None


def test_the_sweep_resumes_a_pause_on_its_date(in_progress, handler, dispatcher):
    item = in_progress()
    _pause(item, handler, dispatcher, until=datetime.date(2026, 10, 12))
    with _at(2026, 10, 11, 9):
        assert tasks.sweep_requests()["resumed"] == 0
    with _at(2026, 10, 12, 0, 30):
        assert tasks.sweep_requests()["resumed"] == 1
        assert tasks.sweep_requests()["resumed"] == 0  # twice is once
    pause = Pause.objects.get(request=item)
    assert pause.end_reason == PauseEnd.DATE and pause.working_days == 5


def test_a_refused_pause_leaves_the_clock_running(in_progress, handler, dispatcher):
    item = in_progress()
    with _at(2026, 9, 29, 10):
        steps.apply_pause(actor=handler, request_id=item.pk, reason="等待")
        steps.review_pause(actor=dispatcher, request_id=item.pk, decision="refuse", note="不符合")
    item.refresh_from_db()
    assert item.paused_at is None and item.events.get(step="refuse_pause").is_internal


def test_pausing_is_refused_twice_or_by_the_wrong_person(
    in_progress, handler, dispatcher, user_a, handler_y
):
    item = in_progress()
    with pytest.raises(StepRefused):
        steps.apply_pause(actor=handler_y, request_id=item.pk, reason="x")
    with pytest.raises(StepRefused):
        steps.apply_pause(actor=user_a, request_id=item.pk, reason="x")
    _pause(item, handler, dispatcher)
    with _at(2026, 9, 30, 10), pytest.raises(StepRefused, match=r"已挂起|暂停"):
        steps.apply_pause(actor=handler, request_id=item.pk, reason="再停")


def test_an_overdue_request_paused_stays_overdue(in_progress, handler, dispatcher):
    item = in_progress()
    with _at(2026, 10, 20, 9):  # the deadline was 19 Oct
        tasks.sweep_requests()
        _pause(item, handler, dispatcher, when=(2026, 10, 20, 10))
    with _at(2026, 10, 30, 9):
        steps.resume_clock(actor=dispatcher, request_id=item.pk)
        item.refresh_from_db()
        # 21 Oct to 30 Oct paused: eight working days; the deadline moved to 29 Oct.
        assert timezone.localtime(item.deadline).date() == datetime.date(2026, 10, 29)
        assert item.light == Light.RED and timezone.now() > item.deadline


def test_a_pause_date_in_the_past_is_a_clear_400(client, in_progress, handler):
    item = in_progress()
    client.force_login(handler)
    with _at(2026, 9, 30, 10):
        response = client.post(f"/api/v1/requests/{item.pk}/apply-pause/",
                               {"reason": "等待", "until": "2026-09-01"},
                               content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "until" in response.json()["errors"]


def test_resolving_ends_the_pause_and_on_time_counts_only_unpaused_days(
    in_progress, handler, dispatcher
):
    """Ten working days allowed; one used, then paused until it was resolved on 27 Oct, long
    past the first deadline: on time, in one working day."""
    item = in_progress()
    _pause(item, handler, dispatcher, when=(2026, 9, 30, 10))
    with _at(2026, 10, 27, 10):
        steps.resolve_request(actor=handler, request_id=item.pk, result="已办结")
    item.refresh_from_db()
    assert item.state == State.RESOLVED
    pause = Pause.objects.get(request=item)
    assert pause.end_reason == PauseEnd.RESOLVED
    assert item.working_days_to_resolve == 1  # every day after 30 Sep was paused
    total, _groups = figures.compute(Request.objects.filter(pk=item.pk))
    assert total.on_time == 1
    paused = figures.pauses(requests=Request.objects.filter(pk=item.pk))
    assert paused.count == 1 and paused.days_by_unit == {item.lead_unit.name: pause.working_days}


def test_a_paused_request_cannot_be_chased(in_progress, handler, dispatcher, user_a):
    item = in_progress()
    _pause(item, handler, dispatcher)
    with _at(2026, 10, 20, 10), pytest.raises(StepRefused, match=r"暂停|挂起"):
        steps.chase_request(actor=user_a, request_id=item.pk)


def test_the_pause_queue_and_the_paused_badge(client, in_progress, handler, dispatcher):
    item = in_progress(title="等待裁定的诉求")
    with _at(2026, 9, 29, 10):
        steps.apply_pause(actor=handler, request_id=item.pk, reason="等待法院裁定")
    client.force_login(dispatcher)
    page = client.get(reverse("services:staff_requests") + "?queue=pauses").content.decode()
    assert "等待裁定的诉求" in page
    with _at(2026, 9, 29, 11):
        steps.review_pause(actor=dispatcher, request_id=item.pk, decision="approve")
    page = client.get(reverse("services:staff_requests") + "?queue=paused").content.decode()
    assert "等待裁定的诉求" in page and 'data-testid="paused"' in page
    detail = client.get(reverse("services:request_detail", args=[item.pk])).content.decode()
    assert "计时已暂停" in detail or "已挂起" in detail


def test_giving_a_paused_request_back_ends_its_pause(in_progress, handler, dispatcher, unit_y):
    item = in_progress()
    _pause(item, handler, dispatcher)
    with _at(2026, 10, 12, 9):
        steps.apply_return(actor=handler, request_id=item.pk, reason="不属本单位")
        steps.review_return(actor=dispatcher, request_id=item.pk, decision="approve")
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_y)
    item.refresh_from_db()
    assert item.paused_at is None and item.paused_days == 0  # a new dispatch, a new clock
    assert Pause.objects.get(request=item).end_reason == PauseEnd.RETURNED
