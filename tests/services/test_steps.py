"""Each legal step of the closed loop, and each illegal one refused with nothing changed."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from portal.errors import StepRefused
from portal.models import Notification
from services.loop import services, steps
from services.loop.choices import Rating, State
from services.loop.models import Request, RequestEvent

pytestmark = pytest.mark.django_db


def test_submit_numbers_the_request_and_tells_dispatchers(submit, dispatcher, user_a):
    request = submit()
    assert request.number.startswith("QY" + timezone.localtime().strftime("%Y%m") + "-")
    assert request.state == State.SUBMITTED
    assert request.enterprise == user_a.enterprise_membership.enterprise
    assert [e.step for e in request.events.all()] == ["submit"]
    assert Notification.objects.filter(recipient=dispatcher, kind="request_step").exists()
    second = submit(title="另一件")
    assert int(second.number[-5:]) == int(request.number[-5:]) + 1


def test_the_whole_loop_to_a_satisfied_rating(submit, dispatcher, handler, unit_x, user_a):
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    request.refresh_from_db()
    assert request.state == State.DISPATCHED
    assert request.deadline > timezone.now()
    steps.sign_for(actor=handler, request_id=request.pk)
    steps.add_progress(actor=handler, request_id=request.pk, note="已联系蓬莱财金协调闲置土地")
    steps.add_progress(
        actor=handler, request_id=request.pk, note="内部：与电力管道公司沟通", internal=True
    )
    steps.resolve_request(actor=handler, request_id=request.pk, result="协调两处闲置土地用作堆场")
    steps.rate_request(
        actor=user_a, request_id=request.pk, rating=Rating.SATISFIED, comment="解决了"
    )
    request.refresh_from_db()
    assert (request.state, request.rating) == (State.CLOSED, Rating.SATISFIED)
    assert [e.step for e in request.events.all()] == [
        "submit", "dispatch", "sign_for", "progress", "progress", "resolve", "rate",
    ]  # fmt: skip
    assert request.signed_at and request.resolved_at and request.closed_at


def test_unsatisfied_sends_it_back_to_the_same_unit_as_a_redo(
    submit, dispatcher, handler, unit_x, user_a
):
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=request.pk)
    steps.resolve_request(actor=handler, request_id=request.pk, result="已答复")
    steps.reopen_request(actor=user_a, request_id=request.pk, comment="没解决")
    request.refresh_from_db()
    assert (request.state, request.redo_count, request.lead_unit) == (State.IN_PROGRESS, 1, unit_x)


def test_unsatisfied_closes_or_goes_back_as_the_enterprise_chooses(
    client, submit, dispatcher, handler, unit_x, user_a
):
    """满意 / 基本满意 / 不满意 on one form; 不满意 asks whether to send it back. Closed as
    unsatisfied, it counts against satisfaction in the raw and the kept figures alike."""
    from django.utils import timezone

    from services.loop import figures
    from services.loop.models import Request

    made = []
    for title in ("态度好但没解决", "需要重办"):
        item = submit(title=title)
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
        steps.sign_for(actor=handler, request_id=item.pk)
        steps.resolve_request(actor=handler, request_id=item.pk, result="已答复")
        made.append(item)
    closing, sending = made
    client.force_login(user_a)
    page = client.get(f"/requests/{closing.pk}/").content.decode()
    for word in ("满意", "基本满意", "不满意", "退回承办单位重办"):
        assert word in page
    assert f'action="/requests/{closing.pk}/reopen/"' not in page  # one form, not two

    no_reason = {"rating": "unsatisfied", "send_back": "on", "comment": ""}
    answer = client.post(f"/requests/{closing.pk}/rate/", no_reason)
    assert answer.status_code == 400 and "请写明仍未解决的问题" in answer.content.decode()
    client.post(f"/requests/{closing.pk}/rate/", {"rating": "unsatisfied", "comment": "没解决"})
    closing.refresh_from_db()
    assert (closing.state, closing.rating, closing.redo_count) == (
        State.CLOSED, Rating.UNSATISFIED, 0
    )  # fmt: skip
    sent = client.post(
        f"/requests/{sending.pk}/rate/",
        {"rating": "unsatisfied", "send_back": "on", "comment": "堆场仍未落实"}, follow=True,
    )  # fmt: skip
    assert "退回承办单位重办" in sent.content.decode()
    sending.refresh_from_db()
    assert (sending.state, sending.redo_count) == (State.IN_PROGRESS, 1)

    raw, _groups = figures.compute(Request.objects.all())
    month = timezone.localdate().replace(day=1)
    kept = figures.month_total(month, month)
    assert (raw.positive, raw.negative) == (kept.positive, kept.negative) == (0, 2)
    assert raw.satisfaction_rate == kept.satisfaction_rate == 0


def test_return_application_both_ways_then_redispatch(
    submit, dispatcher, handler, handler_y, unit_x, unit_y
):
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    steps.apply_return(actor=handler, request_id=request.pk, reason="不属于本科室职责")
    with pytest.raises(StepRefused):
        steps.apply_return(actor=handler, request_id=request.pk, reason="again")
    steps.review_return(actor=dispatcher, request_id=request.pk, decision="refuse", note="请先办理")
    request.refresh_from_db()
    assert request.state == State.DISPATCHED  # refused: back with the unit

    steps.apply_return(actor=handler, request_id=request.pk, reason="确属服务队职责")
    steps.review_return(actor=dispatcher, request_id=request.pk, decision="approve")
    request.refresh_from_db()
    assert (request.state, request.return_count) == (State.RETURNED, 1)
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_y)
    steps.sign_for(actor=handler_y, request_id=request.pk)
    request.refresh_from_db()
    assert (request.state, request.lead_unit) == (State.IN_PROGRESS, unit_y)


def test_extension_both_ways(submit, dispatcher, supervisor, handler, unit_x):
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=request.pk)
    request.refresh_from_db()
    later = request.deadline + datetime.timedelta(days=10)
    with pytest.raises(StepRefused, match="晚于"):
        steps.apply_extension(
            actor=handler, request_id=request.pk, reason="x", requested_deadline=request.deadline
        )
    steps.apply_extension(
        actor=handler, request_id=request.pk, reason="需协调土地", requested_deadline=later
    )
    steps.review_extension(actor=supervisor, request_id=request.pk, decision="refuse")
    request.refresh_from_db()
    assert request.deadline < later
    steps.apply_extension(
        actor=handler, request_id=request.pk, reason="仍需时间", requested_deadline=later
    )
    steps.review_extension(actor=dispatcher, request_id=request.pk, decision="approve")
    request.refresh_from_db()
    assert request.deadline == later


def test_reject_needs_a_reason_the_enterprise_sees(client, submit, dispatcher, user_a):
    request = submit()
    with pytest.raises(ValidationError):
        steps.STEPS["reject"].run(actor=dispatcher, obj=request, data={"reason": "  "})
    steps.reject_request(
        actor=dispatcher, request_id=request.pk, reason="属于个人事务，不在受理范围"
    )
    client.force_login(user_a)
    page = client.get(f"/requests/{request.pk}/").content.decode()
    assert "属于个人事务，不在受理范围" in page


def test_withdraw_only_while_submitted(submit, user_a, dispatcher, unit_x):
    request = submit()
    steps.withdraw_request(actor=user_a, request_id=request.pk)
    assert Request.objects.get(pk=request.pk).state == State.WITHDRAWN
    other = submit(title="第二件")
    steps.dispatch_request(actor=dispatcher, request_id=other.pk, lead_unit=unit_x)
    with pytest.raises(StepRefused):
        steps.withdraw_request(actor=user_a, request_id=other.pk)


@pytest.mark.parametrize(
    ("who", "step"),
    [
        ("user_a", "dispatch"),
        ("handler", "dispatch"),
        ("supervisor", "dispatch"),
        ("handler_y", "sign_for"),
        ("dispatcher", "sign_for"),
        ("user_b", "withdraw"),
        ("dispatcher", "resolve"),
        ("handler", "supervise"),
        ("user_a", "supervise"),
    ],
)
def test_steps_refused_for_the_wrong_people(request, submit, dispatcher, unit_x, who, step):
    actor = request.getfixturevalue(who)
    item = submit()
    if step in ("sign_for", "resolve"):
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    before = list(RequestEvent.objects.filter(request=item).values_list("step", flat=True))
    state = Request.objects.get(pk=item.pk).state
    calls = {
        "dispatch": lambda: steps.dispatch_request(
            actor=actor, request_id=item.pk, lead_unit=unit_x
        ),
        "sign_for": lambda: steps.sign_for(actor=actor, request_id=item.pk),
        "withdraw": lambda: steps.withdraw_request(actor=actor, request_id=item.pk),
        "resolve": lambda: steps.resolve_request(actor=actor, request_id=item.pk, result="x"),
        "supervise": lambda: steps.supervise_request(
            actor=actor, request_id=item.pk, level="key", instruction="x"
        ),
    }
    with pytest.raises(StepRefused):
        calls[step]()
    assert Request.objects.get(pk=item.pk).state == state
    assert list(RequestEvent.objects.filter(request=item).values_list("step", flat=True)) == before


def test_illegal_transitions_are_refused_with_a_translated_message(
    submit, handler, unit_x, dispatcher
):
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    with pytest.raises(StepRefused) as refused:
        steps.resolve_request(actor=handler, request_id=request.pk, result="x")
    assert "已派单" in str(refused.value)


def test_supervision_overlay_and_acknowledgement(submit, supervisor, dispatcher, handler, unit_x):
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    new_deadline = timezone.now() + datetime.timedelta(days=3)
    notice = steps.supervise_request(
        actor=supervisor,
        request_id=request.pk,
        level="listed",
        instruction="三日内办结",
        new_deadline=new_deadline,
    )
    request.refresh_from_db()
    assert request.is_supervised and request.deadline == new_deadline
    assert request.state == State.DISPATCHED  # an overlay, not a state
    steps.acknowledge_supervision(actor=handler, request_id=request.pk)
    assert notice.__class__.objects.get(pk=notice.pk).acknowledged_by == handler
    with pytest.raises(StepRefused):
        steps.acknowledge_supervision(actor=handler, request_id=request.pk)


def test_auto_close_after_the_window_and_not_before(submit, dispatcher, handler, unit_x, settings):
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=request.pk)
    steps.resolve_request(actor=handler, request_id=request.pk, result="已办结")
    request.refresh_from_db()
    window = datetime.timedelta(days=settings.REQUEST_RATING_WINDOW_DAYS)
    assert (
        services.auto_close(
            request_id=request.pk, now=request.resolved_at + window - datetime.timedelta(minutes=1)
        )
        is None
    )
    closed = services.auto_close(
        request_id=request.pk, now=request.resolved_at + window + datetime.timedelta(minutes=1)
    )
    assert (closed.state, closed.rating) == (State.CLOSED, Rating.NOT_RATED)
    assert services.auto_close(request_id=request.pk) is None  # twice is harmless


def test_events_are_append_only(submit):
    from django.db import connection

    event = submit().events.get()
    with pytest.raises(Exception):  # noqa: B017 - the model refuses
        event.note = "changed"
        event.save()
    with pytest.raises(Exception), connection.cursor() as cursor:  # noqa: B017 - so does the database
        cursor.execute("UPDATE services_requestevent SET note = 'x' WHERE id = %s", [event.pk])


def test_a_double_submit_with_one_token_creates_one_request(submit):
    first = submit(idempotency_key="tok-1")
    second = submit(idempotency_key="tok-1")
    assert first.pk == second.pk
    assert Request.objects.count() == 1


def test_deadline_in_the_past_is_refused(submit, dispatcher, unit_x):
    request = submit()
    with pytest.raises(StepRefused, match="未来"):
        steps.dispatch_request(
            actor=dispatcher, request_id=request.pk, lead_unit=unit_x,
            deadline=timezone.now() - datetime.timedelta(hours=1),
        )  # fmt: skip
    assert Request.objects.get(pk=request.pk).state == State.SUBMITTED


def test_the_sweep_lights_overdue_requests_and_closes_unrated_ones(
    submit, dispatcher, handler, unit_x, time_machine
):
    from services.loop.tasks import sweep_requests

    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC))
    late = submit(title="逾期件")
    steps.dispatch_request(actor=dispatcher, request_id=late.pk, lead_unit=unit_x)
    done = submit(title="已办结件")
    steps.dispatch_request(actor=dispatcher, request_id=done.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=done.pk)
    steps.resolve_request(actor=handler, request_id=done.pk, result="已解决")
    time_machine.move_to(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC))
    assert sweep_requests() == {"lights_changed": 1, "closed": 1, "resumed": 0}
    assert Request.objects.get(pk=late.pk).light == "red"
    assert Request.objects.get(pk=done.pk).rating == Rating.NOT_RATED
    assert sweep_requests() == {"lights_changed": 0, "closed": 0, "resumed": 0}  # twice: nothing


def test_warnings_go_once_per_level_and_red_repeats_daily(
    submit, dispatcher, handler, supervisor, unit_x, time_machine
):
    from portal.models import Notification
    from services.loop.tasks import sweep_requests

    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC))
    request = submit(title="逾期提醒件")
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=request.pk)

    def warnings(user):
        return list(
            Notification.objects.filter(recipient=user, kind="request_light").values_list(
                "body", flat=True
            )
        )

    time_machine.move_to(datetime.datetime(2026, 11, 12, 9, 0, tzinfo=datetime.UTC))  # 8 of 10 days
    sweep_requests()
    sweep_requests()  # beat fired twice: still one warning
    assert len(warnings(handler)) == 1 and "期限" in warnings(handler)[0]
    assert len(warnings(supervisor)) == 1
    time_machine.move_to(datetime.datetime(2026, 11, 17, 9, 0, tzinfo=datetime.UTC))  # overdue
    sweep_requests()
    sweep_requests()
    assert len(warnings(handler)) == 2 and "已超期" in warnings(handler)[0]  # newest first
    time_machine.move_to(datetime.datetime(2026, 11, 18, 9, 0, tzinfo=datetime.UTC))  # next day
    sweep_requests()
    assert len(warnings(handler)) == 3
