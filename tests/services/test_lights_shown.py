"""Warning lights read as words with the working days left or overdue, on phones as on desks;
the warning queue is read most overdue first."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from services.loop import steps
from services.loop.models import Request

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(time_machine, month, day, hour=10):
    time_machine.move_to(datetime.datetime(2026, month, day, hour, tzinfo=SH))


def lights(page):
    return re.findall(r'data-testid="light">([^<]*)<', page)


def test_lights_in_words_with_days_and_the_warning_queue_most_urgent_first(
    client, submit, dispatcher, unit_x, user_a, time_machine
):
    at(time_machine, 11, 2, 9)
    made = {}
    for title, deadline_day, light in [
        ("早已超期", 4, "red"), ("刚刚超期", 6, "red"), ("临近期限", 10, "yellow"),
        ("时间充裕", 20, "green"),
    ]:  # fmt: skip
        item = submit(title=title)
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
        deadline = datetime.datetime(2026, 11, deadline_day, 17, 30, tzinfo=SH)
        Request.objects.filter(pk=item.pk).update(deadline=deadline, light=light)
        made[title] = item
    at(time_machine, 11, 9)  # a Monday

    client.force_login(dispatcher)
    page = client.get("/staff/requests/?queue=warning").content.decode()
    order = [t for t in re.findall(r'data-testid="title">([^<]*)<', page) if t in made]
    assert order == ["早已超期", "刚刚超期", "临近期限"]  # earliest deadline first
    assert lights(page) == ["超期 3 个工作日", "超期 1 个工作日", "预警 · 剩 1 个工作日"]

    client.force_login(user_a)
    mine = client.get("/requests/").content.decode()
    assert "正常 · 剩 9 个工作日" in lights(mine)
    english = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Overdue 3 working days" in lights(english)
    assert "On track · 9 working days left" in lights(english)

    at(time_machine, 11, 10)  # the next day the rows say so, though no request changed
    assert "正常 · 剩 8 个工作日" in lights(client.get("/requests/").content.decode())
