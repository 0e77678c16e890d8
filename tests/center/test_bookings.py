"""Booking the center's venues as people do: a clash is refused by the database itself with
a message naming the booking in the way (also for two requests at the same moment); hours,
size and the past are refused with their reasons; a venue that needs approval waits for
park staff; cancelling frees the time; the day before, the person who booked is reminded."""

import datetime
import threading

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.utils import IntegrityError
from django.urls import reverse

from portal.errors import StepRefused
from portal.models import Notification
from services.center import services
from services.center.models import Booking

from ..pages import queries_of
from .conftest import at

pytestmark = pytest.mark.django_db


def _form(day, starts, ends, **more):
    return {"day": day.isoformat(), "starts": starts, "ends": ends, "purpose": "年度新品评审",
            "attendees": "12"} | more  # fmt: skip


def test_an_overlapping_booking_is_refused_with_the_booking_in_the_way(
    client, room, user_a, user_b
):
    day = at(3, 9).date()
    client.force_login(user_a)
    first = client.post(reverse("center:venue", args=[room.pk]), _form(day, "09:00", "11:00"))
    assert first.status_code == 302
    booking = Booking.objects.get()
    assert (
        booking.state == "confirmed"
        and booking.enterprise == user_a.enterprise_membership.enterprise
    )
    client.force_login(user_b)
    clash = client.post(reverse("center:venue", args=[room.pk]), _form(day, "10:30", "12:00"))
    assert clash.status_code == 409
    assert f"会议室一 在 {day.isoformat()} 09:00–11:00 已有预约" in clash.content.decode()
    # Touching ends are not a clash; the other enterprise's purpose is not shown to them.
    after = client.post(reverse("center:venue", args=[room.pk]),
                        _form(day, "11:00", "12:00", purpose="客户洽谈"))  # fmt: skip
    assert after.status_code == 302 and Booking.objects.count() == 2
    week = client.get(reverse("center:venue", args=[room.pk]) + f"?week={day.isoformat()}")
    page = week.content.decode()
    assert page.count('data-testid="booked"') == 2 and "客户洽谈" in page
    assert "年度新品评审" not in page  # A's purpose: "booked" only


def test_the_database_itself_refuses_an_overlap(room, user_a):
    Booking.objects.create(venue=room, during=DateTimeTZRange(at(2, 9), at(2, 11)), purpose="a",
                           attendees=1, booked_by=user_a, state="confirmed")  # fmt: skip
    with pytest.raises(IntegrityError, match="venue_booked_once"):
        Booking.objects.create(
            venue=room, during=DateTimeTZRange(at(2, 10), at(2, 12)), purpose="b",
            attendees=1, booked_by=user_a, state="pending",
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_two_requests_for_the_same_slot_at_once_book_it_once(room, user_a, user_b):
    barrier, outcomes = threading.Barrier(2), []

    def book(user):
        try:
            barrier.wait()
            services.book_venue(actor=user, venue_id=room.pk, starts_at=at(4, 14),
                                ends_at=at(4, 16), purpose="洽谈", attendees=4)  # fmt: skip
            outcomes.append("booked")
        except StepRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(u,)) for u in (user_a, user_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "clash"]
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("starts,ends,attendees,message", [
    ("18:00", "19:00", "5", "开放时间为 08:30–17:30"),
    ("10:00", "09:00", "5", "结束时间须晚于开始时间"),
    ("09:00", "10:00", "50", "最多容纳 20 人"),
])  # fmt: skip
def test_hours_size_and_order_are_refused_with_their_reason(client, room, user_a, starts, ends,
                                                            attendees, message):  # fmt: skip
    client.force_login(user_a)
    response = client.post(reverse("center:venue", args=[room.pk]),
                           _form(at(3, 9).date(), starts, ends, attendees=attendees))  # fmt: skip
    assert response.status_code == 400 and message in response.content.decode()
    assert not Booking.objects.exists()


def test_the_past_and_bad_input_are_refused(client, room, user_a):
    client.force_login(user_a)
    past = client.post(
        reverse("center:venue", args=[room.pk]), _form(at(-1, 9).date(), "09:00", "10:00")
    )
    assert past.status_code == 400 and "只能预约将来的时间" in past.content.decode()
    bad = client.post(
        reverse("center:venue", args=[room.pk]), _form(at(1, 9).date(), "9点", "10:00")
    )
    assert bad.status_code == 400
    assert client.get(reverse("center:venue", args=[room.pk]) + "?week=soon").status_code == 400


def test_a_venue_that_needs_approval_waits_and_the_decision_is_told(
    client, hall, user_a, park_admin
):
    client.force_login(user_a)
    client.post(reverse("center:venue", args=[hall.pk]), _form(at(5, 9).date(), "14:00", "17:00"))
    booking = Booking.objects.get()
    assert booking.state == "pending"
    assert Notification.objects.filter(recipient=park_admin, kind="booking_asked").exists()
    # While it waits it holds the time.
    with pytest.raises(StepRefused):
        services.book_venue(actor=park_admin, venue_id=hall.pk, starts_at=at(5, 15),
                            ends_at=at(5, 16), purpose="x", attendees=1)  # fmt: skip
    assert client.get(reverse("center:staff_bookings")).status_code == 404
    client.force_login(park_admin)
    assert "年度新品评审" in client.get(reverse("center:staff_bookings")).content.decode()
    refused = client.post(reverse("center:decide", args=[booking.pk, "refuse"]), {"reason": ""},
                          follow=True)  # fmt: skip
    assert "请说明不予批准的理由" in refused.content.decode()
    client.post(reverse("center:decide", args=[booking.pk, "refuse"]), {"reason": "当天有大会"})
    booking.refresh_from_db()
    assert booking.state == "refused" and booking.reason == "当天有大会"
    told = Notification.objects.get(recipient=user_a, kind="booking_refused")
    assert "当天有大会" in told.body
    # Refused: the time is free again.
    again = services.book_venue(actor=park_admin, venue_id=hall.pk, starts_at=at(5, 15),
                                ends_at=at(5, 16), purpose="党委会", attendees=10)  # fmt: skip
    assert again.state == "confirmed"  # staff who decide need no approval of their own


def test_cancelling_frees_the_time_and_only_the_owner_cancels(client, room, user_a, user_b):
    booking = services.book_venue(actor=user_a, venue_id=room.pk, starts_at=at(2, 9),
                                  ends_at=at(2, 10), purpose="新品评审会", attendees=2)  # fmt: skip
    client.force_login(user_b)
    assert client.post(reverse("center:cancel", args=[booking.pk])).status_code == 404
    assert "新品评审会" not in client.get(reverse("center:my_bookings")).content.decode()
    client.force_login(user_a)
    client.post(reverse("center:cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.state == "cancelled"
    services.book_venue(actor=user_b, venue_id=room.pk, starts_at=at(2, 9), ends_at=at(2, 10),
                        purpose="y", attendees=2)  # fmt: skip


def test_the_day_before_the_person_who_booked_is_reminded_once(room, user_a):
    booking = services.book_venue(actor=user_a, venue_id=room.pk, starts_at=at(2, 9),
                                  ends_at=at(2, 10), purpose="x", attendees=2)  # fmt: skip
    assert services.remind_bookings(now=booking.starts_at - datetime.timedelta(hours=30)) == 0
    day_before = booking.starts_at - datetime.timedelta(hours=20)
    assert services.remind_bookings(now=day_before) == 1
    assert services.remind_bookings(now=day_before + datetime.timedelta(hours=1)) == 0
    assert Notification.objects.filter(recipient=user_a, kind="booking_reminder").count() == 1


def test_the_week_and_the_staff_page_run_a_fixed_number_of_queries(client, room, hall, user_a,
                                                                    park_admin):  # fmt: skip
    def grow(hours):
        for hour in hours:
            services.book_venue(actor=user_a, venue_id=room.pk, starts_at=at(1, hour),
                                ends_at=at(1, hour, 30), purpose="x", attendees=1)  # fmt: skip
            services.book_venue(actor=user_a, venue_id=hall.pk, starts_at=at(1, hour),
                                ends_at=at(1, hour, 30), purpose="y", attendees=1)  # fmt: skip

    client.force_login(park_admin)
    week = reverse("center:venue", args=[room.pk]) + f"?week={at(1, 9).date().isoformat()}"
    grow([9])
    for url in (week, reverse("center:staff_bookings"), reverse("center:center")):
        client.get(url)
        few = queries_of(client, url)
        grow([10, 11, 12, 13, 14, 15, 16]) if url == week else None
        client.get(url)
        assert queries_of(client, url) == few, url
