import datetime
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.calendar import add_working_days, is_working_day
from portal.errors import StepRefused
from portal.models import CalendarDay
from services.loop import lights, services, steps
from services.loop.choices import Light, State
from services.loop.models import Attachment, Request

from ..factories import UserFactory
from ..samples import PNG


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_sign_fors_exactly_one_wins(submit, dispatcher, unit_x):
    handlers = [UserFactory(username=f"h{i}", is_staff=True, roles=["handler"]) for i in range(20)]
    unit_x.handlers.add(*handlers)
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    barrier = threading.Barrier(20)
    outcomes = []

    def attempt(user):
        try:
            barrier.wait()
            steps.sign_for(actor=user, request_id=request.pk)
            outcomes.append("won")
        except StepRefused as refused:
            outcomes.append(str(refused))
        except Exception as exc:  # a 500 would be a failure of the test
            outcomes.append(f"ERROR {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in handlers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("won") == 1
    assert not [o for o in outcomes if o.startswith("ERROR")]
    assert len(outcomes) == 20
    assert Request.objects.get(pk=request.pk).events.filter(step="sign_for").count() == 1


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_scoping_enterprise_handler_and_staff(
    client, submit, user_a, user_b, dispatcher, supervisor, handler, handler_y, unit_x
):
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    url = reverse("services:request_detail", args=[request.pk])
    for user, status in [
        (user_a, 200),
        (user_b, 404),
        (handler, 200),
        (handler_y, 404),
        (dispatcher, 200),
        (supervisor, 200),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(user_b)
    assert request.number not in client.get(reverse("services:my_requests")).content.decode()
    client.force_login(handler_y)
    assert request.number not in client.get(reverse("services:staff_requests")).content.decode()


@pytestmark_db
def test_internal_notes_never_reach_the_enterprise(
    client, submit, dispatcher, handler, unit_x, user_a
):
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=request.pk)
    steps.add_progress(actor=handler, request_id=request.pk, note="对外说明：正在协调")
    steps.add_progress(
        actor=handler, request_id=request.pk, note="内部：领导批示待定", internal=True
    )
    client.force_login(user_a)
    page = client.get(reverse("services:request_detail", args=[request.pk])).content.decode()
    assert "对外说明：正在协调" in page
    assert "领导批示待定" not in page
    bodies = " ".join(user_a.notifications.values_list("body", flat=True))
    assert "领导批示待定" not in bodies


@pytestmark_db
def test_attachments_are_checked_and_served_only_to_those_who_see_the_request(
    client, submit, user_a, user_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(StepRefused):
        submit(
            files=[
                SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
            ]
        )
    settings.REQUEST_MAX_UPLOAD_MB = 1
    with pytest.raises(StepRefused):
        submit(
            files=[
                SimpleUploadedFile(
                    "big.pdf", b"%PDF-1.4" + b"x" * (1024 * 1024), content_type="application/pdf"
                )
            ]
        )
    assert not Request.objects.exists()  # nothing half-saved
    request = submit(files=[SimpleUploadedFile("场地照片.png", PNG, content_type="image/png")])
    attachment = Attachment.objects.get(request=request)
    assert not str(attachment.file.name).startswith("static")
    url = reverse("services:attachment_download", args=[attachment.pk])
    client.force_login(user_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    client.force_login(user_b)
    assert client.get(url).status_code == 404


@pytestmark_db
def test_submit_form_keeps_what_was_typed_on_a_bad_file(
    client, user_a, category, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(user_a)
    response = client.post(
        reverse("services:request_new"),
        {
            "category": category.pk, "title": "用工缺口", "description": "急需焊工二十名",
            "idempotency_key": "abc", "files": [SimpleUploadedFile("a.exe", b"x")],
        },
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "用工缺口" in html and "急需焊工二十名" in html
    assert not Request.objects.exists()


@pytestmark_db
def test_double_posted_form_creates_one_request(client, user_a, category):
    client.force_login(user_a)
    data = {
        "category": category.pk,
        "title": "用工缺口",
        "description": "急需焊工",
        "idempotency_key": "same-token",
    }
    first = client.post(reverse("services:request_new"), data)
    second = client.post(reverse("services:request_new"), data)
    assert first["Location"] == second["Location"]
    assert Request.objects.count() == 1


@pytestmark_db
def test_buttons_offer_only_the_steps_this_user_may_take(
    client, submit, dispatcher, handler, unit_x, user_a
):
    request = submit()
    url = reverse("services:request_detail", args=[request.pk])
    client.force_login(user_a)
    page = client.get(url).content.decode()
    assert reverse("services:request_step", args=[request.pk, "withdraw"]) in page
    assert reverse("services:request_step", args=[request.pk, "dispatch"]) not in page
    client.force_login(dispatcher)
    page = client.get(url).content.decode()
    assert reverse("services:request_step", args=[request.pk, "dispatch"]) in page
    assert reverse("services:request_step", args=[request.pk, "withdraw"]) not in page
    # a step posted by someone it is not open to changes nothing
    client.force_login(handler)
    client.post(reverse("services:request_step", args=[request.pk, "reject"]), {"reason": "x"})
    assert Request.objects.get(pk=request.pk).state == State.SUBMITTED


@pytestmark_db
def test_deadline_skips_national_day_and_counts_the_make_up_saturday():
    start = timezone.make_aware(datetime.datetime(2026, 9, 30, 9, 0))
    assert add_working_days(start, 1).date() == datetime.date(2026, 10, 8)
    assert add_working_days(start, 3).date() == datetime.date(2026, 10, 10)  # 调休 Saturday
    assert not is_working_day(datetime.date(2026, 10, 1))


@pytestmark_db
def test_a_year_without_calendar_rows_falls_back_to_monday_to_friday(client, dispatcher):
    from portal.calendar import calendar_loaded, clear_cache

    CalendarDay.objects.filter(date__year=2027).delete()
    clear_cache()
    assert not calendar_loaded(2027)
    assert is_working_day(datetime.date(2027, 1, 1))  # a Friday: unknown holiday, so working
    assert not is_working_day(datetime.date(2027, 1, 2))


@pytestmark_db
def test_lights_green_yellow_red(submit, dispatcher, handler, unit_x, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC))  # a Monday
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    request.refresh_from_db()
    assert lights.compute_light(request) == Light.GREEN
    # due for sign-for by the end of the next working day (Tuesday), yellow after that
    tuesday_evening = request.dispatched_at + datetime.timedelta(days=1, hours=4)  # 21:00 local
    assert lights.compute_light(request, now=tuesday_evening) == Light.GREEN
    wednesday = request.dispatched_at + datetime.timedelta(days=2)
    assert lights.compute_light(request, now=wednesday) == Light.YELLOW
    steps.sign_for(actor=handler, request_id=request.pk)
    request.refresh_from_db()
    eight_working_days = request.dispatched_at + datetime.timedelta(days=10)  # two weekends inside
    assert lights.compute_light(request, now=eight_working_days) == Light.YELLOW
    assert (
        lights.compute_light(request, now=request.deadline + datetime.timedelta(minutes=1))
        == Light.RED
    )


@pytestmark_db
def test_lights_across_national_day_and_the_make_up_saturday(
    submit, dispatcher, handler, unit_x, category, time_machine
):
    """A 3-working-day limit dispatched on Tue 2026-09-29: the holiday week uses no time,
    the make-up Saturday 10-10 does."""
    from zoneinfo import ZoneInfo

    sh = ZoneInfo("Asia/Shanghai")
    category.time_limit_days = 3
    category.save()
    time_machine.move_to(datetime.datetime(2026, 9, 29, 9, 0, tzinfo=sh))
    request = submit()
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=request.pk)
    request.refresh_from_db()
    assert timezone.localtime(request.deadline).date() == datetime.date(2026, 10, 9)

    def light_on(day):
        return lights.compute_light(request, now=datetime.datetime(2026, *day, 12, 0, tzinfo=sh))

    # working days after dispatch: 9-30, (holiday 10-01..07), 10-08, 10-09: the limit is 3
    assert light_on((10, 5)) == Light.GREEN  # 1 of 3 used, during the holiday
    assert light_on((10, 8)) == Light.GREEN  # 2 of 3 = 67 %, under 80 %
    assert light_on((10, 9)) == Light.YELLOW  # 3 of 3 used, not yet past the deadline
    assert light_on((10, 10)) == Light.RED  # the make-up Saturday is past the deadline


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_gapless_numbers(category):
    from portal.roles import Role

    from ..factories import EnterpriseFactory, MembershipFactory

    users = []
    for _ in range(10):
        user = UserFactory(roles=[Role.ENTERPRISE_USER])
        MembershipFactory(user=user, enterprise=EnterpriseFactory())
        users.append(user)
    barrier = threading.Barrier(10)
    errors = []

    def attempt(user):
        try:
            barrier.wait()
            services.submit_request(
                actor=user, category_id=category.pk, title="并发", description="x"
            )
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(int(n[-5:]) for n in Request.objects.values_list("number", flat=True))
    assert serials == list(range(1, 11))


@pytestmark_db
def test_the_submit_form_states_each_categorys_time_limit_in_working_days(client, user_a, category):
    client.force_login(user_a)
    page = client.get(reverse("services:request_new")).content.decode()
    assert "10 个工作日" in page and "3 个工作日" in page
    assert "资料变更" not in page
