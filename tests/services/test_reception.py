import datetime

import pytest

from portal.errors import StepRefused
from portal.models import Notification
from portal.roles import Role
from services.reception import services as reception
from services.reception.models import ReceptionBooking, ReceptionDay

from ..factories import EnterpriseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_8th_or_the_next_working_day():
    assert reception.reception_date(2026, 12) == datetime.date(2026, 12, 8)  # a Tuesday
    assert reception.reception_date(2026, 3) == datetime.date(2026, 3, 9)  # the 8th is a Sunday
    assert reception.reception_date(2025, 10) == datetime.date(2025, 10, 9)  # 10-08 in the holiday


def test_days_are_created_three_months_ahead_once():
    today = datetime.date(2026, 11, 27)
    made = reception.ensure_reception_days(today=today)
    assert [d.month for d in made] == ["2026-11", "2026-12", "2027-01"]
    moved = ReceptionDay.objects.get(month="2026-12")
    moved.date, moved.note = datetime.date(2026, 12, 10), "书记外出，改期"
    moved.save()
    assert reception.ensure_reception_days(today=today) == []
    assert ReceptionDay.objects.get(month="2026-12").date == datetime.date(2026, 12, 10)


@pytest.fixture
def day(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC))
    return ReceptionDay.objects.create(month="2026-12", date=datetime.date(2026, 12, 8), slots=2)


def _firm_user():
    user = UserFactory(roles=[Role.ENTERPRISE_USER])
    MembershipFactory(user=user, enterprise=EnterpriseFactory())
    return user


def test_capacity_waiting_list_and_cancellation(day, dispatcher):
    first, second, third = _firm_user(), _firm_user(), _firm_user()
    a = reception.book(actor=first, day_id=day.pk, topic="用地", attendees="张总")
    b = reception.book(actor=second, day_id=day.pk, topic="融资", attendees="李总")
    c = reception.book(actor=third, day_id=day.pk, topic="用工", attendees="王总")
    assert [x.status for x in (a, b, c)] == ["booked", "booked", "waiting"]
    reception.confirm_booking(actor=dispatcher, booking_id=a.pk)
    reception.cancel_booking(actor=second, booking_id=b.pk)
    c.refresh_from_db()
    assert c.status == "booked"  # moved up from the waiting list, and told
    assert Notification.objects.filter(recipient=third, kind="reception_promoted").count() == 1
    assert ReceptionBooking.objects.get(pk=a.pk).status == "confirmed"


def test_one_place_per_enterprise_and_day(day, user_a):
    reception.book(actor=user_a, day_id=day.pk, topic="堆场", attendees="衣骏飞")
    with pytest.raises(StepRefused, match="已"):
        reception.book(actor=user_a, day_id=day.pk, topic="再来一次", attendees="x")


def test_only_the_enterprise_or_staff_cancel(day, user_a, user_b, dispatcher):
    booking = reception.book(actor=user_a, day_id=day.pk, topic="堆场", attendees="衣骏飞")
    with pytest.raises(StepRefused):
        reception.cancel_booking(actor=user_b, booking_id=booking.pk)
    reception.cancel_booking(actor=dispatcher, booking_id=booking.pk)
    with pytest.raises(StepRefused):
        reception.cancel_booking(actor=user_a, booking_id=booking.pk)


def test_the_scheduled_task_creates_days_ahead_idempotently(time_machine):
    from services.reception.tasks import create_reception_days

    time_machine.move_to(datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC))
    assert create_reception_days() == 3
    assert create_reception_days() == 0
    assert ReceptionDay.objects.get(month="2027-01").date == datetime.date(2027, 1, 8)


def test_booking_page_books_waits_and_cancels(client, day, user_a, user_b):
    day.slots = 1
    day.save()
    client.force_login(user_a)
    response = client.post(
        "/reception/", {"day": day.pk, "topic": "堆场不足", "attendees": "衣骏飞"}, follow=True
    )
    assert "预约成功" in response.content.decode()
    again = client.post(
        "/reception/", {"day": day.pk, "topic": "再来", "attendees": "x"}, follow=True
    )
    assert "贵企业已预约当天的接待" in again.content.decode()
    client.force_login(user_b)
    waiting = client.post(
        "/reception/", {"day": day.pk, "topic": "融资", "attendees": "李总"}, follow=True
    )
    assert "候补" in waiting.content.decode()
    client.force_login(user_a)
    mine = ReceptionBooking.objects.get(enterprise=user_a.enterprise_membership.enterprise)
    client.post("/reception/", {"cancel": mine.pk})
    assert (
        ReceptionBooking.objects.get(enterprise=user_b.enterprise_membership.enterprise).status
        == "booked"
    )


def test_home_shows_the_next_reception_day(client, day, supervisor):
    day.host = supervisor
    day.note = "因故改至10日"
    day.save()
    page = client.get("/").content.decode()
    assert "2026-12-08" in page and supervisor.get_full_name() in page and "因故改至10日" in page


def test_staff_cannot_book(client, day, dispatcher):
    client.force_login(dispatcher)
    assert client.get("/reception/").status_code == 404


def test_host_turns_a_booking_into_a_supervised_dispatched_request(
    client, day, user_a, supervisor, unit_x, category
):
    from services.loop.models import Request

    booking = reception.book(actor=user_a, day_id=day.pk, topic="塔筒堆场", attendees="衣骏飞")
    client.force_login(supervisor)
    sheet = client.get(f"/staff/reception/{day.pk}/").content.decode()
    assert "塔筒堆场" in sheet
    client.post(
        f"/staff/reception/{day.pk}/",
        {"booking": booking.pk, "category": category.pk, "lead_unit": unit_x.pk,
         "title": "塔筒堆场不足", "description": "协调闲置土地"},
    )  # fmt: skip
    request = Request.objects.get()
    assert (request.channel, request.state, request.is_supervised) == (
        "reception_day",
        "dispatched",
        True,
    )
    assert request.enterprise == user_a.enterprise_membership.enterprise
    assert list(booking.requests.all()) == [request]
    history = client.get("/staff/reception/").content.decode()
    assert 'data-testid="reception-row"' in history


def test_enterprise_users_and_handlers_have_no_day_sheet(client, day, user_a, handler):
    for user in (user_a, handler):
        client.force_login(user)
        assert client.get(f"/staff/reception/{day.pk}/").status_code == 404
        assert client.get("/staff/reception/").status_code == 404


def _admin_change(client, day, **changes):
    data = {
        "month": day.month, "date": day.date.isoformat(), "host": "", "place": day.place,
        "slots": day.slots, "status": day.status, "note": day.note,
        "bookings-TOTAL_FORMS": "0", "bookings-INITIAL_FORMS": "0",
        "bookings-MIN_NUM_FORMS": "0", "bookings-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(changes)
    return client.post(f"/admin/reception/receptionday/{day.pk}/change/", data)


def test_moving_or_cancelling_a_day_needs_a_reason_and_tells_who_booked(
    client, day, park_admin, dispatcher
):
    booked, waiting, gone = _firm_user(), _firm_user(), _firm_user()
    reception.book(actor=booked, day_id=day.pk, topic="用地", attendees="张总")
    left = reception.book(actor=gone, day_id=day.pk, topic="融资", attendees="李总")
    reception.book(actor=_firm_user(), day_id=day.pk, topic="用电", attendees="赵总")
    reception.book(actor=waiting, day_id=day.pk, topic="用工", attendees="王总")
    reception.cancel_booking(actor=gone, booking_id=left.pk)  # the waiting one moved up...
    reception.book(actor=_firm_user(), day_id=day.pk, topic="人才", attendees="孙总")
    client.force_login(park_admin)

    response = _admin_change(client, day, date="2026-12-10")
    assert response.status_code == 200  # the form comes back, asking for the reason
    assert "note" in response.context["adminform"].form.errors
    day.refresh_from_db()
    assert day.date == datetime.date(2026, 12, 8)
    assert not Notification.objects.filter(kind="reception_changed").exists()

    response = _admin_change(client, day, date="2026-12-10", note="书记外出，改期两天")
    assert response.status_code == 302
    told = Notification.objects.filter(kind="reception_changed")
    assert set(told.values_list("recipient", flat=True)) == {
        b.booked_by_id for b in day.bookings.exclude(status="cancelled")
    }
    assert gone.pk not in told.values_list("recipient", flat=True)
    assert told.count() == 4  # two with a slot, two waiting
    message = told.get(recipient=booked)
    assert "2026-12-10" in message.body and "书记外出，改期两天" in message.body

    # The moved day is reminded again for its new date, a week before it.
    reception.send_due_reminders(today=datetime.date(2026, 12, 1))
    assert not Notification.objects.filter(kind="reception_reminder").exists()
    reception.send_due_reminders(today=datetime.date(2026, 12, 3))
    assert Notification.objects.filter(kind="reception_reminder", recipient=booked).count() == 1

    day.refresh_from_db()
    response = _admin_change(client, day, status="cancelled", note="台风预警，取消")
    assert response.status_code == 302
    cancelled = Notification.objects.get(recipient=waiting, kind="reception_changed",
                                         context__cancelled=True)  # fmt: skip
    assert "台风预警" in cancelled.body


@pytest.mark.parametrize(
    "data",
    [
        {"day": "abc", "topic": "堆场", "attendees": "衣总"},
        {"day": "²", "topic": "堆场", "attendees": "衣总"},
        {"cancel": "²"},
        {"cancel": "null"},
        {"day": "DAY", "topic": "堆场\x00不足", "attendees": "衣总"},
        {"day": "DAY", "topic": "长" * 201, "attendees": "衣总"},
    ],
)
def test_bad_booking_input_is_a_message_and_books_nothing(client, day, user_a, data):
    data = {key: day.pk if value == "DAY" else value for key, value in data.items()}
    client.force_login(user_a)
    response = client.post("/reception/", data)
    assert response.status_code in (400, 404)
    assert 'class="alert alert-danger' in response.content.decode()
    assert not ReceptionBooking.objects.exists()


def test_the_booking_page_names_host_place_and_places_left_and_a_booked_day_says_so(
    client, day, user_a, user_b, supervisor
):
    day.host, day.place, day.slots = supervisor, "党群服务中心一楼企业家接待室", 2
    day.save()
    client.force_login(user_a)
    page = client.get("/reception/").content.decode()
    assert supervisor.get_full_name() in page and "企业家接待室" in page
    assert 'data-testid="places-left">2 个（共 2 个）<' in page and "booked-day" not in page
    client.post("/reception/", {"day": day.pk, "topic": "堆场不足", "attendees": "衣骏飞"})
    page = client.get("/reception/").content.decode()
    card = page.split('data-testid="reception-day"', 1)[1].split('data-testid="booking"', 1)[0]
    assert "贵企业已预约当天" in card and "堆场不足" in card
    assert 'name="topic"' not in card  # no second booking form for the same day
    client.force_login(user_b)
    page = client.get("/reception/").content.decode()
    assert 'data-testid="places-left">1 个（共 2 个）<' in page and 'name="topic"' in page


def test_new_days_keep_the_host_and_place_and_hosts_are_the_secretaries(
    supervisor, dispatcher, time_machine
):
    from services.reception.models import ReceptionDay as Day

    time_machine.move_to(datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC))
    Day.objects.create(month="2026-11", date=datetime.date(2026, 11, 9), host=supervisor,
                       place="三楼会议室")  # fmt: skip
    made = reception.ensure_reception_days(today=datetime.date(2026, 11, 27))
    assert [(d.host, d.place) for d in made] == [(supervisor, "三楼会议室")] * 2
    from django.forms import modelform_factory

    hosts = modelform_factory(Day, fields=["host"])().fields["host"].queryset  # as the admin
    assert supervisor in hosts and dispatcher not in hosts
