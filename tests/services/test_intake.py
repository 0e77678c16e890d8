"""Park staff enter a request an enterprise brought by phone, on a visit, at the window, by
letter or through the city's 12345 hotline: the enterprise found in the registry by credit
code or name, who brought it and when, the hotline's ticket number kept and searchable."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from alliances.models import Enterprise
from portal.models import Notification
from services.loop.models import Request

from ..factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/requests/intake/"


@pytest.fixture
def form(category):
    def make(**changes):
        data = {"enterprise": "", "channel": "phone", "caller_name": "张建国",
                "caller_phone": "13800001234", "category": category.pk,
                "title": "厂区道路破损", "description": "东门道路破损，货车通行困难。"}  # fmt: skip
        data.update(changes)
        return data

    return make


def test_a_phoned_in_request_becomes_the_enterprises_own(client, form, dispatcher, user_a,
                                                          firm_a):  # fmt: skip
    client.force_login(dispatcher)
    page = client.get(reverse("services:staff_requests")).content.decode()
    assert "登记电话、来访、来信诉求" in page
    response = client.post(reverse("services:staff_request_enter"),
                           form(enterprise=firm_a.credit_code), follow=True)  # fmt: skip
    item = Request.objects.get()
    assert (item.enterprise, item.channel, item.submitter) == (firm_a, "phone", dispatcher)
    assert item.received_at is not None
    page = response.content.decode()
    assert f"已为{firm_a.name}登记诉求 {item.number}" in page
    assert "张** 138****1234" in page and "13800001234" not in page  # masked for staff too

    told = Notification.objects.get(recipient=user_a, kind="request_entered")
    assert item.number in told.title and "电话" in told.body
    client.force_login(user_a)
    assert item.title in client.get(reverse("services:my_requests")).content.decode()
    detail = client.get(reverse("services:request_detail", args=[item.pk])).content.decode()
    assert "张**" not in detail  # who called is for the staff


def test_the_enterprise_is_found_by_a_unique_part_of_its_name(client, form, dispatcher, firm_a):
    EnterpriseFactory(name="蓬莱海洋工程有限公司")
    EnterpriseFactory(name="蓬莱海洋装备有限公司")
    client.force_login(dispatcher)

    def post(name):
        return client.post(API, json.dumps(form(enterprise=name)), content_type="application/json")

    assert post("蓬坞合金").status_code == 201
    several = post("蓬莱海洋")
    assert several.status_code == 400
    message = several.json()["errors"]["enterprise"][0]
    assert "有多家企业" in message and "蓬莱海洋工程有限公司" in message
    unknown = post("不存在的公司")
    assert "企业名录中没有" in unknown.json()["errors"]["enterprise"][0]
    assert Request.objects.count() == 1


def test_a_12345_transfer_keeps_its_ticket_number_and_is_found_by_it(client, form, dispatcher,
                                                                      firm_a):  # fmt: skip
    client.force_login(dispatcher)
    without = form(enterprise=firm_a.name, channel="hotline_12345")
    page = client.post(reverse("services:staff_request_enter"), without)
    api = client.post(API, json.dumps(without), content_type="application/json")
    assert page.status_code == api.status_code == 400
    assert "须填写原工单号" in page.content.decode()
    assert api.json()["errors"]["hotline_number"] == ["12345 热线转办的诉求须填写原工单号。"]

    created = client.post(API, json.dumps({**without, "hotline_number": "YT20261130-0042"}),
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201
    # Kept in one writing: no dashes or spaces, upper case, half-width.
    assert created.json()["hotline_number"] == "YT202611300042"
    number = created.json()["number"]
    for typed in ("YT20261130-0042", "yt 2026 1130 0042", "ＹＴ２０２６１１３０００４２"):
        found = client.get(reverse("services:staff_requests"), {"q": typed})
        assert number in found.content.decode(), typed


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("１２３４５６７８", "12345678"), ("yt-2026 1130/0042", "YT202611300042"),
     ("YT２０２６–１１３０", "YT20261130")],
)  # fmt: skip
def test_a_ticket_number_is_kept_in_one_writing(client, form, dispatcher, firm_a, typed, stored):
    client.force_login(dispatcher)
    data = form(enterprise=firm_a.name, channel="hotline_12345", hotline_number=typed)
    created = client.post(API, json.dumps(data), content_type="application/json")
    assert created.status_code == 201, created.content
    assert Request.objects.get().hotline_number == stored


@pytest.mark.parametrize("typed", ["工单12345678", "12345678🙂", "A1B2", "9" * 60, "YT#2026"])
def test_a_ticket_number_that_cannot_be_one_is_refused_with_what_it_may_hold(
    client, form, dispatcher, firm_a, typed
):
    client.force_login(dispatcher)
    data = form(enterprise=firm_a.name, channel="hotline_12345", hotline_number=typed)
    api = client.post(API, json.dumps(data), content_type="application/json")
    page = client.post(reverse("services:staff_request_enter"), data)
    assert api.status_code == page.status_code == 400
    message = api.json()["errors"]["hotline_number"][0]
    assert "6 到 32 位" in message or "不能超过" in message or "64" in message, message
    assert not Request.objects.exists()  # nothing cut short and saved


def test_a_second_request_with_the_same_ticket_warns_and_links_to_the_first(
    client, form, dispatcher, firm_a, firm_b
):
    client.force_login(dispatcher)
    data = form(enterprise=firm_a.name, channel="hotline_12345", hotline_number="YT20261130")
    first = client.post(API, json.dumps(data), content_type="application/json").json()
    again = form(enterprise=firm_b.name, channel="hotline_12345", hotline_number="yt 2026 1130")
    refused = client.post(API, json.dumps(again), content_type="application/json")
    assert refused.status_code == 400
    assert first["number"] in refused.json()["errors"]["hotline_number"][0]
    page = client.post(reverse("services:staff_request_enter"), again)
    assert page.status_code == 400 and first["number"] in page.content.decode()
    # Entered anyway (the ticket holds two matters): both pages link to the other.
    second = client.post(API, json.dumps({**again, "same_ticket_anyway": True}),
                         content_type="application/json")  # fmt: skip
    assert second.status_code == 201
    html = client.get(reverse("services:request_detail", args=[second.json()["id"]])).content
    banner = html.decode()[html.decode().index('data-testid="same-ticket"') :][:600]
    assert first["number"] in banner


def test_only_park_staff_enter_requests(client, form, user_a, handler, firm_b):
    for person in (user_a, handler):
        client.force_login(person)
        assert client.get(reverse("services:staff_request_enter")).status_code == 404
        response = client.post(API, json.dumps(form(enterprise=firm_b.name)),
                               content_type="application/json")  # fmt: skip
        assert response.status_code == 403
    assert not Request.objects.exists()


def test_the_caller_is_stored_encrypted_and_out_of_the_change_record(
    client, form, dispatcher, firm_a
):
    client.force_login(dispatcher)
    client.post(API, json.dumps(form(enterprise=firm_a.name)), content_type="application/json")
    with connection.cursor() as cursor:
        cursor.execute("SELECT caller_name, caller_phone FROM services_request")
        name, phone = cursor.fetchone()
        assert "张建国" not in name and "13800001234" not in phone
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'services_requesthistory' AND column_name LIKE 'caller%%'"
        )
        assert cursor.fetchall() == []
    assert Request.objects.get().caller_phone == "13800001234"
    assert Enterprise.objects.count() == 1
