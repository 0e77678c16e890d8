"""The 红盟讲堂 as people meet it: seats then a waiting list in order, a freed seat going to
the first waiting (whose enterprise is told); check-in by the session's code, once per person
and session, or by staff; a certificate once the course's sessions are attended; figures
counted from the attendance rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.errors import StepRefused
from portal.models import Notification
from talent import selectors, services
from talent.models import Certificate, Enrolment, Session

from ..conftest import wait_for
from ..factories import UserFactory
from .conftest import make_session

pytestmark = pytest.mark.django_db


def _people(*pairs):
    data = {"people-TOTAL_FORMS": "3", "people-INITIAL_FORMS": "0",
            "people-MIN_NUM_FORMS": "0", "people-MAX_NUM_FORMS": "20"}  # fmt: skip
    for i, (name, mobile) in enumerate(pairs):
        data |= {f"people-{i}-name": name, f"people-{i}-mobile": mobile}
    return data


def _start_now(session, *, minutes_ago=5):
    """The session began a few minutes ago (enrolments were made before)."""
    starts = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Session.objects.filter(pk=session.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90)
    )
    session.refresh_from_db()


def test_seats_then_the_waiting_list_and_a_freed_seat_goes_to_the_first_waiting(
    client, session, firm_a, user_a
):
    client.force_login(user_a)
    url = reverse("talent:session_enrol", args=[session.pk])
    response = client.post(url, _people(("张伟", "13700000001"), ("李娜", "13700000002"),
                                        ("王强", "137-0000-0003")), follow=True)  # fmt: skip
    page = response.content.decode()
    assert "已报名：张伟、李娜。" in page and "名额已满，以下人员进入候补：王强。" in page
    states = dict(Enrolment.objects.values_list("trainee__name", "state"))
    assert states == {"张伟": "enrolled", "李娜": "enrolled", "王强": "waiting"}
    assert "共 2 个名额，已报 2 个，剩余 0 个" in page
    # The same person again is refused by name; nothing changes.
    again = client.post(url, _people(("张伟", "13700000001")))
    assert again.status_code == 409 and "张伟已报名该课次。" in again.content.decode()
    # A bad mobile is a form error, not a 500.
    bad = client.post(url, _people(("赵六", "12345")))
    assert bad.status_code == 400 and "请输入有效的11位中国大陆手机号" in bad.content.decode()
    # 张伟 cannot come: 王强, first waiting, takes the seat and the enterprise is told.
    seat = Enrolment.objects.get(trainee__name="张伟")
    client.post(reverse("talent:enrolment_cancel", args=[seat.pk]))
    states = dict(Enrolment.objects.values_list("trainee__name", "state"))
    assert states == {"张伟": "cancelled", "李娜": "enrolled", "王强": "enrolled"}
    told = Notification.objects.get(recipient=user_a, kind="enrolment_promoted")
    assert "王强" in told.title


def test_another_enterprise_cannot_cancel_and_a_started_session_is_closed(
    client, session, firm_a, user_a, user_b
):
    [mine] = services.enrol(actor=user_a, session_id=session.pk, enterprise=firm_a,
                            people=[{"name": "张伟", "mobile": "13700000001"}])  # fmt: skip
    client.force_login(user_b)
    assert client.post(reverse("talent:enrolment_cancel", args=[mine.pk])).status_code == 404
    assert (
        "张伟"
        not in client.get(reverse("talent:session_detail", args=[session.pk])).content.decode()
    )
    _start_now(session)
    with pytest.raises(StepRefused, match="报名已截止"):
        services.enrol(actor=user_a, session_id=session.pk, enterprise=firm_a,
                       people=[{"name": "李娜", "mobile": "13700000002"}])  # fmt: skip


def test_a_trainee_checks_in_once_by_the_code_and_earns_the_certificate(
    client, session, firm_a, user_a, user_b
):
    # user_a enrols themself (their account's mobile) and a colleague.
    services.enrol(actor=user_a, session_id=session.pk, enterprise=firm_a, people=[
        {"name": "联络员", "mobile": user_a.phone}, {"name": "李娜", "mobile": "13700000002"},
    ])  # fmt: skip
    url = reverse("talent:check_in", args=[session.check_in_code])
    client.force_login(user_a)
    early = client.post(url)
    assert early.status_code == 409 and "课前一小时开始签到" in early.content.decode()
    _start_now(session)
    assert "我已到场，签到" in client.get(url).content.decode()
    done = client.post(url)
    assert done.status_code == 200 and "联络员，签到成功" in done.content.decode()
    mine = Enrolment.objects.get(trainee__name="联络员")
    assert mine.attended_at is not None and mine.check_in == "qr"
    twice = client.post(url)
    assert twice.status_code == 409 and "您已于" in twice.content.decode()
    assert Enrolment.objects.filter(attended_at__isnull=False).count() == 1
    # Someone not enrolled is told so; a made-up code leads nowhere.
    client.force_login(user_b)
    assert client.post(url).status_code == 404
    assert client.get(reverse("talent:check_in", args=["no-such-code"])).status_code == 404
    # The certificate (one session completes this course): the trainee and their
    # enterprise see it, another enterprise does not.
    certificate = Certificate.objects.get()
    assert certificate.trainee == mine.trainee
    page = reverse("talent:certificate", args=[certificate.number])
    assert client.get(page).status_code == 404
    client.force_login(user_a)
    shown = client.get(page).content.decode()
    assert f"{firm_a.name} 联络员 同志已完成红盟讲堂“{session.course.title}”课程的学习" in shown
    assert certificate.number in client.get(reverse("talent:certificates")).content.decode()


def test_staff_mark_attendance_once_and_the_figures_count_it(
    client, course, firm_a, user_a, officer
):
    course.sessions_to_complete = 2
    course.save()
    first, second = make_session(course, capacity=10), make_session(course, in_days=9, capacity=10)
    people = [
        {"name": n, "mobile": m} for n, m in (("张伟", "13700000001"), ("李娜", "13700000002"))
    ]
    for item in (first, second):
        services.enrol(actor=user_a, session_id=item.pk, enterprise=firm_a, people=people)
    _start_now(first, minutes_ago=120)  # held and over
    client.force_login(officer)
    ids = list(first.enrolments.values_list("pk", flat=True))
    client.post(reverse("talent:session_mark", args=[first.pk]), {"enrolments": ids})
    response = client.post(reverse("talent:session_mark", args=[first.pk]), {"enrolments": ids},
                           follow=True)  # fmt: skip
    assert "已登记签到 0 人。" in response.content.decode()  # once per person and session
    assert first.enrolments.filter(check_in="staff", marked_by=officer).count() == 2
    assert not Certificate.objects.exists()  # the course asks two sessions
    figures = selectors.lecture_figures()
    assert figures == {"sessions_held": 1, "attendances": 2, "trainees": 2, "certificates": 0}
    # The second session: one of the two comes; a person-time more, no new trainee.
    _start_now(second, minutes_ago=100)
    one = second.enrolments.get(trainee__name="张伟")
    client.post(reverse("talent:session_mark", args=[second.pk]), {"enrolments": [one.pk]})
    assert selectors.lecture_figures() == {
        "sessions_held": 2,
        "attendances": 3,
        "trainees": 2,
        "certificates": 1,
    }
    assert Certificate.objects.get().trainee.name == "张伟"
    page = client.get(reverse("talent:lectures")).content.decode()
    assert "参训人次 3" in page and "已举办期数 2" in page


def test_only_staff_mark_attendance_and_see_the_roster_and_code(
    client, session, firm_a, user_a, user_b
):
    services.enrol(actor=user_a, session_id=session.pk, enterprise=firm_a,
                   people=[{"name": "张伟", "mobile": "13700000001"}])  # fmt: skip
    enrolment = Enrolment.objects.get()
    _start_now(session)
    client.force_login(user_a)
    assert client.post(reverse("talent:session_mark", args=[session.pk]),
                       {"enrolments": [enrolment.pk]}).status_code == 404  # fmt: skip
    assert client.get(reverse("talent:session_qr", args=[session.pk])).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.attended_at is None
    other = UserFactory(username="nobody")
    client.force_login(other)
    assert 'data-testid="roster"' not in client.get(
        reverse("talent:session_detail", args=[session.pk])).content.decode()  # fmt: skip


def test_the_check_in_code_is_a_qr_code_of_the_check_in_page(client, session, officer):
    client.force_login(officer)
    page = client.get(reverse("talent:session_qr", args=[session.pk])).content.decode()
    assert "<svg" in page and f"/lectures/check-in/{session.check_in_code}/" in page


@pytest.mark.django_db(transaction=True)
def test_two_enterprises_asking_for_the_last_seat_at_once_never_overfill_it(
    course, firm_a, firm_b, user_a, user_b
):
    import threading

    from django.db import connection

    session = make_session(course, capacity=1)
    barrier = threading.Barrier(2)

    def enrol(user, firm, mobile):
        try:
            barrier.wait()
            services.enrol(actor=user, session_id=session.pk, enterprise=firm,
                           people=[{"name": "员工", "mobile": mobile}])  # fmt: skip
        finally:
            connection.close()

    threads = [
        threading.Thread(target=enrol, args=(user_a, firm_a, "13700000001")),
        threading.Thread(target=enrol, args=(user_b, firm_b, "13700000002")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    states = sorted(Enrolment.objects.values_list("state", flat=True))
    assert states == ["enrolled", "waiting"]


def test_the_day_before_the_enterprise_and_the_trainees_are_reminded_once(
    course, firm_a, user_a, user_b
):
    session = make_session(course, in_days=3, capacity=10)
    services.enrol(actor=user_a, session_id=session.pk, enterprise=firm_a, people=[
        {"name": "张伟", "mobile": "13700000001"}, {"name": "李娜", "mobile": user_b.phone},
    ])  # fmt: skip
    later = session.starts_at - datetime.timedelta(days=2)
    assert services.remind_sessions(now=later) == 0  # too early
    day_before = session.starts_at - datetime.timedelta(hours=20)
    assert services.remind_sessions(now=day_before) == 2
    assert services.remind_sessions(now=day_before + datetime.timedelta(hours=1)) == 0
    firm = Notification.objects.get(recipient=user_a, kind="session_reminder_enterprise")
    assert "张伟、李娜" in firm.body and session.title in firm.title
    # The trainee with an account of that mobile hears of it in their own words.
    trainee = Notification.objects.get(recipient=user_b, kind="session_reminder")
    assert session.place in trainee.body and "张伟" not in trainee.body


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_running_the_reminder_twice_reminds_once(celery_worker, course, firm_a,
                                                                user_a):  # fmt: skip
    from talent.tasks import remind_sessions

    session = make_session(course, in_days=0, hours=5, capacity=10)
    services.enrol(actor=user_a, session_id=session.pk, enterprise=firm_a,
                   people=[{"name": "张伟", "mobile": "13700000001"}])  # fmt: skip
    remind_sessions.delay()
    remind_sessions.delay()  # beat fired twice
    wait_for(lambda: celery_worker.log_path.read_text().count("remind_sessions") >= 4)
    assert Notification.objects.filter(recipient=user_a,
                                       kind="session_reminder_enterprise").count() == 1  # fmt: skip
