"""One filterset for the request lists: the staff queues, the figures, the ledger and the API
filter alike, and a bad value is a clear 400 on every one of them, never a server error."""

import pytest

from services.loop import steps

pytestmark = pytest.mark.django_db

PAGES = ["/staff/requests/", "/staff/figures/", "/staff/requests/ledger.xlsx", "/api/v1/requests/"]
BAD = [
    ("to", "9999-12-31"), ("from", "1900-01-01"), ("from", "abc"), ("lead_unit", "²"),
    ("category", "1e400"), ("chain", "null"), ("state", "lost"), ("q", "a\x00b"),
]  # fmt: skip


@pytest.mark.parametrize("param,value", BAD)
def test_a_bad_filter_is_a_400_with_a_message_everywhere(client, dispatcher, param, value):
    client.force_login(dispatcher)
    for page in PAGES:
        response = client.get(page, {param: value})
        assert response.status_code == 400, (page, response.status_code)
        if page.startswith("/api/"):
            assert response.json()["code"] == "invalid"
            assert param in response.json()["errors"]


def test_the_pages_and_the_api_filter_alike(client, submit, dispatcher, unit_x, unit_y):
    to_x, to_y, waiting = submit(title="甲"), submit(title="乙"), submit(title="丙")
    steps.dispatch_request(actor=dispatcher, request_id=to_x.pk, lead_unit=unit_x)
    steps.dispatch_request(actor=dispatcher, request_id=to_y.pk, lead_unit=unit_y)
    client.force_login(dispatcher)
    query = {"lead_unit": unit_x.pk, "state": "dispatched", "q": "甲"}
    api = client.get("/api/v1/requests/", query).json()["results"]
    assert [row["number"] for row in api] == [to_x.number]
    page = client.get("/staff/requests/", query).content.decode()
    assert to_x.number in page and to_y.number not in page and waiting.number not in page
    assert client.get("/staff/requests/", {"q": to_y.number.lower()}).status_code == 200


def test_a_bad_end_date_is_named_as_the_end_of_the_range(client, dispatcher):
    client.force_login(dispatcher)
    page = client.get("/staff/requests/", {"to": "9999-12-31"}).content.decode()
    assert "至: 请选择 2100 年以前的日期。" in page
    assert "新状态" not in page
