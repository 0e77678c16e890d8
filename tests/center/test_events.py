"""The center's events as people meet them: staff schedule one in a venue (its time is booked,
a clash refused), people register up to the places (never beyond, also at the same moment),
cancel, are reminded the day before, staff tick who came and the figures count it."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.errors import StepRefused
from portal.models import Notification
from services.center import selectors, services
from services.center.models import Booking, Event, Registration
from tests.factories import UserFactory

from ..pages import queries_of
from .conftest import at

pytestmark = pytest.mark.django_db


def _event(room, actor, *, days=5, places=2, hour=9) -> Event:
    return services.schedule_event(
        actor=actor, venue_id=room.pk, title="红色书屋读书会", kind="reading",
        starts_at=at(days, hour), ends_at=at(days, hour + 2), capacity=places,
    )  # fmt: skip


def _form(room, day, **more):
    return {"title": "企业家沙龙", "kind": "salon", "venue": str(room.pk), "day": day.isoformat(),
            "starts": "14:00", "ends": "16:00", "capacity": "15"} | more  # fmt: skip


def test_staff_schedule_an_event_and_its_venue_is_booked(client, room, park_admin, user_a):
    client.force_login(park_admin)
    day = at(6, 9).date()
    response = client.post(reverse("center:event_new"), _form(room, day))
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse("center:event", args=[event.pk])
    assert event.booking.venue == room and event.booking.state == "confirmed"
    # The venue's week shows the event's time as booked, and nobody can book over it.
    client.force_login(user_a)
    clash = client.post(reverse("center:venue", args=[room.pk]), {
        "day": day.isoformat(), "starts": "15:00", "ends": "17:00", "purpose": "洽谈",
        "attendees": "4"})  # fmt: skip
    assert clash.status_code == 409 and "已有预约" in clash.content.decode()


def test_an_event_that_clashes_or_is_too_big_is_refused_with_its_reason(client, room, park_admin):
    client.force_login(park_admin)
    day = at(6, 9).date()
    assert client.post(reverse("center:event_new"), _form(room, day)).status_code == 302
    clash = client.post(reverse("center:event_new"), _form(room, day, starts="15:00", ends="16:30"))
    assert clash.status_code == 409 and "已有预约" in clash.content.decode()
    big = client.post(reverse("center:event_new"), _form(room, day, starts="09:00", ends="10:00",
                                                        capacity="80"))  # fmt: skip
    assert big.status_code == 400 and "最多容纳 20 人" in big.content.decode()
    bad = client.post(reverse("center:event_new"), _form(room, day) | {"day": "soon"})
    assert bad.status_code == 400 and Event.objects.count() == 1


def test_only_staff_schedule_events(client, room, user_a):
    client.force_login(user_a)
    assert client.get(reverse("center:event_new")).status_code == 404
    assert client.post(reverse("center:event_new"), _form(room, at(6, 9).date())).status_code == 404
    with pytest.raises(StepRefused):
        _event(room, user_a)


def test_registration_stops_at_the_places_and_a_cancelled_place_is_free_again(
    client, room, park_admin, user_a, user_b
):
    event = _event(room, park_admin, places=2)
    third = UserFactory(username="visitor3")
    for person in (user_a, user_b):
        client.force_login(person)
        response = client.post(reverse("center:event_register", args=[event.pk]), follow=True)
        assert "您已报名" in response.content.decode()
    assert (
        Registration.objects.get(user=user_a).enterprise == user_a.enterprise_membership.enterprise
    )
    client.force_login(third)
    full = client.post(reverse("center:event_register", args=[event.pk]), follow=True)
    assert "2 个名额已满" in full.content.decode()
    page = client.get(reverse("center:event", args=[event.pk])).content.decode()
    assert "名额已满" in page and "2 / 2" in page
    # A registers twice: refused; then cancels, and the third person gets the place.
    client.force_login(user_a)
    again = client.post(reverse("center:event_register", args=[event.pk]), follow=True)
    assert "您已报名此活动" in again.content.decode()
    client.post(reverse("center:event_unregister", args=[event.pk]))
    client.force_login(third)
    client.post(reverse("center:event_register", args=[event.pk]))
    registered = Registration.objects.filter(event=event, state="registered")
    assert {r.user for r in registered} == {user_b, third}


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_for_the_last_place_at_once_never_overfill_it(
    room, park_admin, user_a, user_b
):
    event = _event(room, park_admin, places=1)
    barrier, outcomes = threading.Barrier(2), []

    def register(user):
        try:
            barrier.wait()
            services.register(actor=user, event_id=event.pk)
            outcomes.append("registered")
        except StepRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in (user_a, user_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full", "registered"]
    assert Registration.objects.filter(event=event).count() == 1


def test_staff_tick_who_came_once_it_has_begun_and_the_figures_count_it(
    client, room, park_admin, user_a, user_b
):
    event = _event(room, park_admin, places=5)
    for person in (user_a, user_b):
        services.register(actor=person, event_id=event.pk)
    client.force_login(park_admin)
    url = reverse("center:event_attendance", args=[event.pk])
    roster = client.get(url).content.decode()
    assert "活动开始后才能记录出席" in roster
    early = client.post(url, {"present": [r.pk for r in event.registrations.all()]}, follow=True)
    assert "活动开始后才能记录出席" in early.content.decode()
    assert not Registration.objects.filter(attended_at__isnull=False).exists()
    # The event is held (moved into the past, as time would).
    Event.objects.filter(pk=event.pk).update(starts_at=at(-1, 9), ends_at=at(-1, 11))
    came = Registration.objects.get(user=user_a)
    response = client.post(url, {"present": [came.pk]}, follow=True)
    assert "已保存出席：1 人到场" in response.content.decode()
    assert client.post(url, {"present": ["x"]}).status_code == 400
    page = client.get(reverse("center:event", args=[event.pk])).content.decode()
    assert "已举办：报名 2 人，出席 1 人" in page
    assert selectors.event_figures() == {"held": 1, "attendances": 1, "upcoming": 0}
    events = client.get(reverse("center:events")).content.decode()
    assert "已举办 1 场活动 · 出席 1 人次" in events


def test_cancelling_an_event_frees_its_venue_and_tells_everyone_registered(
    client, room, park_admin, user_a
):
    event = _event(room, park_admin)
    services.register(actor=user_a, event_id=event.pk)
    client.force_login(park_admin)
    # The event's booking is not cancelled on its own: the event would lose its venue.
    with pytest.raises(StepRefused, match="请取消该活动"):
        services.cancel_booking(actor=park_admin, booking_id=event.booking_id)
    client.post(reverse("center:event_cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.is_cancelled and Booking.objects.get().state == "cancelled"
    told = Notification.objects.get(recipient=user_a, kind="event_cancelled")
    assert "红色书屋读书会" in told.title
    client.force_login(user_a)
    refused = client.post(reverse("center:event_register", args=[event.pk]), follow=True)
    assert "此活动已取消" in refused.content.decode()
    # The time is free again for a booking.
    services.book_venue(actor=user_a, venue_id=room.pk, starts_at=at(5, 9), ends_at=at(5, 10),
                        purpose="洽谈", attendees=3)  # fmt: skip


def test_the_day_before_everyone_registered_is_reminded_once(room, park_admin, user_a):
    event = _event(room, park_admin, days=1, hour=15)
    services.register(actor=user_a, event_id=event.pk)
    now = event.starts_at - timezone.timedelta(hours=20)
    assert services.remind_events(now=now) == 1
    assert services.remind_events(now=now) == 0
    assert Notification.objects.filter(recipient=user_a, kind="event_reminder").count() == 1


def test_an_unknown_event_is_a_404(client, user_a):
    client.force_login(user_a)
    assert client.get(reverse("center:event", args=[999])).status_code == 404
    assert client.post(reverse("center:event_register", args=[999])).status_code == 404


def test_the_events_pages_do_a_fixed_number_of_queries(client, room, park_admin, user_a):
    for days in (3, 4, 5):
        event = _event(room, park_admin, days=days)
        services.register(actor=user_a, event_id=event.pk)
    client.force_login(user_a)
    queries_of(client, reverse("center:events"))  # the session's first reads
    few = queries_of(client, reverse("center:events"))
    event = _event(room, park_admin, days=6)
    services.register(actor=user_a, event_id=event.pk)
    assert queries_of(client, reverse("center:events")) == few
