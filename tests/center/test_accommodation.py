"""The low-cost accommodation as people use it: an enterprise applies for a bed for one of
its people, staff allocate a bed of a room (never more people than beds, whatever the order
or timing of the allocations), refuse with a reason, record a check-out; occupancy is
computed from the stays."""

import datetime
import threading

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.utils import IntegrityError
from django.urls import reverse
from django.utils import timezone

from portal.errors import StepRefused
from portal.models import Notification
from services.center import selectors, services
from services.center.models import Bed, Room, StayApplication

from ..pages import queries_of

pytestmark = pytest.mark.django_db


def day(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def double(db):
    room = Room.objects.create(building="人才公寓1号楼", number="201", kind="double",
                               monthly_rent=1200)  # fmt: skip
    Bed.objects.bulk_create([Bed(room=room, label="A"), Bed(room=room, label="B")])
    return room


def _apply(user, name="王伟", start=1, end=91):
    return services.apply_for_stay(actor=user, occupant=name, occupant_kind="talent",
                                   starts=day(start), ends=day(end))  # fmt: skip


def test_an_enterprise_applies_and_staff_allocate_a_bed(client, double, user_a, park_admin):
    client.force_login(user_a)
    response = client.post(reverse("center:accommodation"), {
        "occupant": "王伟", "occupant_kind": "talent", "starts": day(1).isoformat(),
        "ends": day(91).isoformat(), "note": "新入职工程师"}, follow=True)  # fmt: skip
    assert "已提交申请" in response.content.decode()
    application = StayApplication.objects.get()
    assert application.enterprise == user_a.enterprise_membership.enterprise
    assert Notification.objects.filter(recipient=park_admin, kind="stay_asked").exists()
    client.force_login(park_admin)
    staff_page = client.get(reverse("center:staff_accommodation")).content.decode()
    assert "王伟" in staff_page and "新入职工程师" in staff_page
    prefix = f"a{application.pk}"
    client.post(reverse("center:stay_allocate", args=[application.pk]), {
        f"{prefix}-room": double.pk, f"{prefix}-starts": day(1).isoformat(),
        f"{prefix}-ends": day(91).isoformat()})  # fmt: skip
    application.refresh_from_db()
    assert application.state == "allocated" and application.bed.room == double
    told = Notification.objects.get(recipient=user_a, kind="stay_allocated")
    assert "人才公寓1号楼 201" in told.title
    client.force_login(user_a)
    mine = client.get(reverse("center:accommodation")).content.decode()
    assert "已分配" in mine and "人才公寓1号楼 201 · A" in mine


def test_a_room_never_holds_more_people_than_beds(double, user_a, park_admin):
    first, second, third = (_apply(user_a, name) for name in ("王伟", "李娜", "张敏"))
    for application in (first, second):
        services.allocate_stay(actor=park_admin, application_id=application.pk, room_id=double.pk,
                               starts=day(1), ends=day(91))  # fmt: skip
    with pytest.raises(StepRefused, match="没有空床位") as refused:
        services.allocate_stay(actor=park_admin, application_id=third.pk, room_id=double.pk,
                               starts=day(30), ends=day(60))  # fmt: skip
    assert refused.value.code == "full"
    # Dates that begin when a stay ends fit: the third person gets a bed from day 91.
    services.allocate_stay(actor=park_admin, application_id=third.pk, room_id=double.pk,
                           starts=day(91), ends=day(120))  # fmt: skip
    assert selectors.accommodation_occupancy(day(50)) == {"beds": 2, "taken": 2, "free": 0,
                                                          "share": 100.0}  # fmt: skip


def test_the_database_itself_refuses_two_stays_on_one_bed(double, user_a, park_admin):
    bed = double.beds.first()
    first, second = _apply(user_a, "王伟"), _apply(user_a, "李娜")
    StayApplication.objects.filter(pk=first.pk).update(state="allocated", bed=bed,
                                                       stay=DateRange(day(1), day(30)))  # fmt: skip
    with pytest.raises(IntegrityError, match="bed_held_once"):
        StayApplication.objects.filter(pk=second.pk).update(
            state="allocated", bed=bed, stay=DateRange(day(20), day(40))
        )


@pytest.mark.django_db(transaction=True)
def test_two_staff_allocating_the_last_bed_at_once_give_it_once(user_a, park_admin):
    room = Room.objects.create(building="职工宿舍2号楼", number="101", kind="single",
                               monthly_rent=400)  # fmt: skip
    Bed.objects.create(room=room, label="A")
    applications = [_apply(user_a, "王伟"), _apply(user_a, "李娜")]
    barrier, outcomes = threading.Barrier(2), []

    def allocate(application):
        try:
            barrier.wait()
            services.allocate_stay(actor=park_admin, application_id=application.pk,
                                   room_id=room.pk, starts=day(1), ends=day(30))  # fmt: skip
            outcomes.append("allocated")
        except StepRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["allocated", "full"]
    assert StayApplication.objects.filter(state="allocated").count() == 1


def test_bad_dates_and_missing_reasons_are_refused_clearly(client, double, user_a, park_admin):
    client.force_login(user_a)
    url = reverse("center:accommodation")
    cases = [
        ({"starts": day(5).isoformat(), "ends": day(2).isoformat()}, "退房日期须晚于入住日期"),
        ({"starts": day(-3).isoformat(), "ends": day(20).isoformat()}, "入住日期不能早于今天"),
        ({"starts": day(1).isoformat(), "ends": day(500).isoformat()}, "一次最长一年"),
        ({"starts": "tomorrow", "ends": day(20).isoformat()}, "输入一个有效的日期"),
    ]
    for dates, message in cases:
        response = client.post(url, {"occupant": "王伟", "occupant_kind": "staff"} | dates)
        assert response.status_code == 400 and message in response.content.decode(), message
    assert not StayApplication.objects.exists()
    application = _apply(user_a)
    client.force_login(park_admin)
    response = client.post(reverse("center:stay_refuse", args=[application.pk]), {"reason": ""},
                           follow=True)  # fmt: skip
    assert "请说明不同意的理由" in response.content.decode()
    client.post(reverse("center:stay_refuse", args=[application.pk]), {"reason": "床位已满"})
    application.refresh_from_db()
    assert application.state == "refused" and application.reason == "床位已满"
    assert Notification.objects.filter(recipient=user_a, kind="stay_refused").exists()


def test_a_check_out_frees_the_bed_from_that_day(client, user_a, park_admin):
    room = Room.objects.create(building="职工宿舍2号楼", number="102", kind="single",
                               monthly_rent=400)  # fmt: skip
    Bed.objects.create(room=room, label="A")
    staying = _apply(user_a, "王伟", start=0, end=60)
    services.allocate_stay(actor=park_admin, application_id=staying.pk, room_id=room.pk,
                           starts=day(0), ends=day(60))  # fmt: skip
    assert selectors.accommodation_occupancy(day(0))["taken"] == 1
    client.force_login(park_admin)
    wrong = client.post(reverse("center:stay_check_out", args=[staying.pk]),
                        {"day": day(90).isoformat()}, follow=True)  # fmt: skip
    assert "退房日期须在" in wrong.content.decode()
    client.post(reverse("center:stay_check_out", args=[staying.pk]), {"day": day(10).isoformat()})
    staying.refresh_from_db()
    assert staying.stay.upper == day(10)
    newcomer = _apply(user_a, "李娜", start=10, end=40)
    services.allocate_stay(actor=park_admin, application_id=newcomer.pk, room_id=room.pk,
                           starts=day(10), ends=day(40))  # fmt: skip


def test_one_enterprise_never_sees_or_withdraws_anothers_application(client, user_a, user_b):
    application = _apply(user_a, "王伟")
    client.force_login(user_b)
    assert "王伟" not in client.get(reverse("center:accommodation")).content.decode()
    assert client.post(reverse("center:stay_withdraw", args=[application.pk])).status_code == 404
    assert client.get(reverse("center:staff_accommodation")).status_code == 404
    assert client.post(reverse("center:stay_allocate", args=[application.pk])).status_code == 404
    client.force_login(user_a)
    client.post(reverse("center:stay_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.state == "withdrawn"


def test_visitors_see_free_beds_but_cannot_apply(client, double):
    page = client.get(reverse("center:accommodation")).content.decode()
    assert "今晚空余 2 张（共 2 张），入住率 0.0%" in page
    response = client.post(reverse("center:accommodation"), {"occupant": "x"})
    assert response.status_code == 404


def test_the_accommodation_pages_do_a_fixed_number_of_queries(client, double, user_a, park_admin):
    for name in ("王伟", "李娜"):
        _apply(user_a, name)
    client.force_login(park_admin)
    queries_of(client, reverse("center:staff_accommodation"))  # the session's first reads
    few = queries_of(client, reverse("center:staff_accommodation"))
    more = Room.objects.create(building="人才公寓1号楼", number="202", kind="single",
                               monthly_rent=600)  # fmt: skip
    Bed.objects.create(room=more, label="A")
    services.allocate_stay(actor=park_admin, application_id=_apply(user_a, "张敏").pk,
                           room_id=more.pk, starts=day(0), ends=day(30))  # fmt: skip
    _apply(user_a, "刘洋")
    queries_of(client, reverse("center:staff_accommodation"))  # the unread count, cached anew
    assert queries_of(client, reverse("center:staff_accommodation")) == few
