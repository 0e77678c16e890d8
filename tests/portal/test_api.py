import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.notifications import notify

pytestmark = pytest.mark.django_db


def test_api_requires_authentication_with_a_json_message(client):
    response = client.get("/api/v1/")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["detail"]


def test_api_root_lists_its_parts(client, dispatcher):
    client.force_login(dispatcher)
    body = client.get("/api/v1/").json()
    assert set(body) == {
        "me",
        "notifications",
        "enterprises",
        "alliances",
        "requests",
        "market/services",
        "market/orders",
        "schema",
        "docs",
    }


def test_me_shows_roles_enterprise_and_a_masked_phone(client, user_a):
    client.force_login(user_a)
    body = client.get("/api/v1/me/").json()
    assert body["roles"] == ["enterprise_user"]
    assert body["enterprise"]["name"] == "蓬坞合金有限公司"
    assert body["phone"] == "138****1111"


def test_notifications_api_is_scoped_and_cursor_paginated(client, user_a, user_b):
    for i in range(3):
        notify(recipients=[user_a], kind="message", context={"subject": f"A{i}"})
    [b_pk] = notify(recipients=[user_b], kind="message", context={"subject": "B"})
    client.force_login(user_a)
    page = client.get("/api/v1/notifications/?page_size=2").json()
    assert [n["title"] for n in page["results"]] == ["A2", "A1"]
    assert "cursor=" in page["next"]
    assert "count" not in page
    rest = client.get(page["next"]).json()
    assert [n["title"] for n in rest["results"]] == ["A0"]
    assert client.get(f"/api/v1/notifications/{b_pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{b_pk}/read/").status_code == 404


def test_mark_read_through_the_api(client, user_a):
    [pk] = notify(recipients=[user_a], kind="message", context={"subject": "x"})
    client.force_login(user_a)
    assert client.post(f"/api/v1/notifications/{pk}/read/").json() == {"marked": 1}
    assert client.get(f"/api/v1/notifications/{pk}/").json()["is_read"] is True


def test_unknown_api_path_answers_json_404(client, user_a):
    client.force_login(user_a)
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_openapi_schema_builds_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "openapi: 3" in text
    assert "/api/v1/notifications/" in text


def test_docs_are_served_from_local_static_files(client, dispatcher):
    client.force_login(dispatcher)
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html and "unpkg" not in html
