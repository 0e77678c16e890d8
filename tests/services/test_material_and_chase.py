"""Between submitting and rating: the enterprise adds material to its open request, and
chases one that has used half its time, at most once per working day."""

import datetime
import threading

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.errors import StepRefused
from portal.models import Notification
from services.loop import steps
from services.loop.models import Request, RequestEvent

from ..samples import PDF

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


@pytest.fixture
def signed_for(submit, dispatcher, handler, unit_x):
    """Dispatched on Monday 2 Nov 2026 at 09:00 with ten working days, signed for."""

    def make(**kwargs):
        with time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=TZ), tick=False):
            item = submit(**kwargs)
            steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
            steps.sign_for(actor=handler, request_id=item.pk)
        return Request.objects.get(pk=item.pk)

    return make


def _told(user, step):
    return Notification.objects.filter(recipient=user, kind="request_step",
                                       context__step=step).count()  # fmt: skip


def test_material_reaches_the_timeline_and_the_handler(client, signed_for, user_a, handler):
    item = signed_for()
    client.force_login(user_a)
    upload = SimpleUploadedFile("营业执照.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("services:request_step", args=[item.pk, "add_material"]),
                           {"note": "补充营业执照副本", "files": upload}, follow=True)  # fmt: skip
    assert "你补充的材料已提交" in response.content.decode()
    event = item.events.get(step="add_material")
    assert event.note == "补充营业执照副本" and event.attachments.count() == 1
    assert _told(handler, "add_material") == 1

    client.force_login(handler)
    page = client.get(reverse("services:request_detail", args=[item.pk])).content.decode()
    assert "补充营业执照副本" in page and "营业执照.pdf" in page


def test_another_enterprise_cannot_add_material(client, signed_for, user_b):
    item = signed_for()
    client.force_login(user_b)
    url = f"/api/v1/requests/{item.pk}/add-material/"
    assert client.post(url, {"note": "冒充"}, content_type="application/json").status_code == 404
    assert not item.events.filter(step="add_material").exists()


def test_a_closed_request_takes_no_material(signed_for, user_a, handler):
    item = signed_for()
    steps.resolve_request(actor=handler, request_id=item.pk, result="已答复")
    steps.rate_request(actor=user_a, request_id=item.pk, rating="satisfied")
    with pytest.raises(StepRefused):
        steps.add_material(actor=user_a, request_id=item.pk, note="还有一事")


def _at(day, hour=10):
    return time_machine.travel(datetime.datetime(2026, 11, day, hour, tzinfo=TZ), tick=False)


def test_chase_waits_for_half_the_time(client, signed_for, user_a):
    item = signed_for()
    client.force_login(user_a)
    url = f"/api/v1/requests/{item.pk}/chase/"
    with _at(4):  # two of ten working days used
        response = client.post(url, {}, content_type="application/json")
        assert response.status_code == 409
        assert "一半" in response.json()["detail"]
    with _at(9):  # five of ten
        assert client.post(url, {}, content_type="application/json").status_code == 200


def test_chase_once_per_working_day_and_a_weekend_counts_as_monday(signed_for, user_a):
    item = signed_for()
    with _at(9):
        steps.chase_request(actor=user_a, request_id=item.pk)
        with pytest.raises(StepRefused, match="下一个工作日"):
            steps.chase_request(actor=user_a, request_id=item.pk)
    with _at(10):
        steps.chase_request(actor=user_a, request_id=item.pk)
    with _at(14):  # Saturday: counts for Monday the 16th
        steps.chase_request(actor=user_a, request_id=item.pk)
    with _at(16), pytest.raises(StepRefused):
        steps.chase_request(actor=user_a, request_id=item.pk)
    days = list(item.events.filter(step="chase").values_list("data__day", flat=True))
    assert days == ["2026-11-09", "2026-11-10", "2026-11-16"]


def test_an_overdue_chase_reaches_the_supervisors_too(signed_for, user_a, handler, supervisor):
    on_time, late = signed_for(), signed_for(title="超期的诉求")
    with _at(9):
        steps.chase_request(actor=user_a, request_id=on_time.pk)
    assert (_told(handler, "chase"), _told(supervisor, "chase")) == (1, 0)
    with _at(24):  # past the ten working days
        steps.chase_request(actor=user_a, request_id=late.pk)
    assert (_told(handler, "chase"), _told(supervisor, "chase")) == (2, 1)
    assert late.events.get(step="chase").data["overdue"] is True


@pytest.mark.django_db(transaction=True)
def test_two_chases_at_once_make_one(signed_for, user_a):
    item = signed_for()
    outcomes, start = [], threading.Barrier(2)

    def chase():
        start.wait()
        try:
            with _at(9):
                steps.chase_request(actor=user_a, request_id=item.pk)
            outcomes.append("chased")
        except StepRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=chase) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["chased", "refused"]
    assert RequestEvent.objects.filter(request=item, step="chase").count() == 1


def test_chases_are_counted_per_unit_in_the_figures(client, signed_for, user_a, supervisor):
    first, second = signed_for(), signed_for(title="第二件")
    with _at(9):
        steps.chase_request(actor=user_a, request_id=first.pk)
        steps.chase_request(actor=user_a, request_id=second.pk)
    with _at(10):
        steps.chase_request(actor=user_a, request_id=first.pk)
    client.force_login(supervisor)
    for query in ("?from=2026-11-01", "?from=2026-11-01&category=" + str(first.category_id)):
        with _at(30):
            page = client.get(reverse("services:staff_figures") + query).content.decode()
        league = page[page.index('data-testid="league"') :]
        assert "催办次数" in league
        row = league[league.index("企业服务科") :].split("</tr>")[0]
        assert row.rstrip().endswith("<td>3</td><td>0</td>"), (query, row)  # chased, paused
    page = client.get(reverse("services:request_detail", args=[first.pk])).content.decode()
    assert "已催办 2 次" in page
    listing = client.get(reverse("services:staff_requests")).content.decode()
    assert "已催办 2 次" in listing and "已催办 1 次" in listing  # on the staff list's rows
