import pytest

from services.loop.models import Request

pytestmark = pytest.mark.django_db


def _post(client, path, data=None, **headers):
    return client.post(path, data or {}, content_type="application/json", **headers)


def test_the_loop_through_the_api(client, user_a, dispatcher, handler, unit_x, category):
    client.force_login(user_a)
    created = _post(
        client, "/api/v1/requests/",
        {"category": category.pk, "title": "用工缺口", "description": "急需焊工"},
        HTTP_IDEMPOTENCY_KEY="k-1",
    )  # fmt: skip
    assert created.status_code == 201
    pk = created.json()["id"]
    again = _post(
        client, "/api/v1/requests/",
        {"category": category.pk, "title": "用工缺口", "description": "急需焊工"},
        HTTP_IDEMPOTENCY_KEY="k-1",
    )  # fmt: skip
    assert again.json()["id"] == pk and Request.objects.count() == 1

    client.force_login(dispatcher)
    body = _post(client, f"/api/v1/requests/{pk}/dispatch/", {"lead_unit": unit_x.pk}).json()
    assert body["state"] == "dispatched"
    client.force_login(handler)
    assert _post(client, f"/api/v1/requests/{pk}/sign-for/").json()["state"] == "in_progress"
    _post(client, f"/api/v1/requests/{pk}/progress/", {"note": "内部研判", "internal": True})
    assert (
        _post(client, f"/api/v1/requests/{pk}/resolve/", {"result": "已招聘到位"}).status_code
        == 200
    )
    client.force_login(user_a)
    detail = client.get(f"/api/v1/requests/{pk}/").json()
    assert "内部研判" not in str(detail["events"])
    rated = _post(client, f"/api/v1/requests/{pk}/rate/", {"rating": "satisfied"}).json()
    assert (rated["state"], rated["rating"]) == ("closed", "satisfied")


def test_refusals_answer_with_a_message_and_the_right_status(
    client, submit, user_a, user_b, handler, dispatcher, unit_x
):
    item = submit()
    client.force_login(handler)
    refused = _post(client, f"/api/v1/requests/{item.pk}/dispatch/", {"lead_unit": unit_x.pk})
    assert refused.status_code == 404  # not in a handler's scope before dispatch
    client.force_login(user_a)
    illegal = _post(client, f"/api/v1/requests/{item.pk}/sign-for/")
    assert illegal.status_code == 403 and illegal.json()["detail"]
    not_yet = _post(client, f"/api/v1/requests/{item.pk}/rate/", {"rating": "satisfied"})
    assert not_yet.status_code == 409 and not_yet.json()["code"] == "illegal_state"
    client.force_login(dispatcher)
    bad = _post(client, f"/api/v1/requests/{item.pk}/dispatch/", {"lead_unit": "x"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert Request.objects.get(pk=item.pk).state == "submitted"
    client.force_login(user_b)
    assert client.get(f"/api/v1/requests/{item.pk}/").status_code == 404
    assert _post(client, f"/api/v1/requests/{item.pk}/withdraw/").status_code == 404


def test_wrong_state_is_a_409(client, submit, user_a, dispatcher, unit_x):
    item = submit()
    client.force_login(dispatcher)
    _post(client, f"/api/v1/requests/{item.pk}/dispatch/", {"lead_unit": unit_x.pk})
    client.force_login(user_a)
    response = _post(client, f"/api/v1/requests/{item.pk}/withdraw/")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_state"


def test_list_is_cursor_paginated_with_a_fixed_number_of_queries(
    client, submit, dispatcher, django_assert_max_num_queries
):
    for i in range(3):
        submit(title=f"件{i}")
    client.force_login(dispatcher)
    with django_assert_max_num_queries(10) as few:
        first = client.get("/api/v1/requests/?page_size=2").json()
    assert len(first["results"]) == 2 and "cursor=" in first["next"]
    for i in range(30):
        submit(title=f"更多{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/requests/?page_size=30")


def test_staff_list_page_has_a_fixed_number_of_queries(
    client, submit, dispatcher, django_assert_max_num_queries
):
    submit()
    client.force_login(dispatcher)
    with django_assert_max_num_queries(30) as few:
        client.get("/staff/requests/")
    for i in range(25):
        submit(title=f"批量{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/staff/requests/")


def test_bulk_dispatch_sends_each_to_its_default_unit(client, submit, dispatcher, handler, unit_x):
    first, second = submit(title="一"), submit(title="二")
    client.force_login(handler)
    assert client.post("/staff/requests/dispatch/", {"ids": [first.pk]}).status_code == 404
    client.force_login(dispatcher)
    response = client.post("/staff/requests/dispatch/", {"ids": [first.pk, second.pk]}, follow=True)
    assert "已派单" in response.content.decode()
    assert set(Request.objects.values_list("state", "lead_unit")) == {("dispatched", unit_x.pk)}
    # a second bulk dispatch of the same requests is refused per request, nothing breaks
    again = client.post("/staff/requests/dispatch/", {"ids": [first.pk]}, follow=True)
    assert again.status_code == 200


def test_staff_list_pages_by_key_and_filters_by_enterprise_name(client, submit, dispatcher, user_a):
    from services.loop import views

    for i in range(5):
        submit(title=f"分页{i}")
    client.force_login(dispatcher)
    old, views.PAGE_SIZE = views.PAGE_SIZE, 2
    try:
        seen, after = [], None
        while True:
            response = client.get("/staff/requests/", {"after": after} if after else {})
            seen += [r.title for r in response.context["page"]]
            after = response.context["next_token"]
            if not after:
                break
    finally:
        views.PAGE_SIZE = old
    assert seen == [f"分页{i}" for i in reversed(range(5))]
    enterprise = user_a.enterprise_membership.enterprise.name
    page = client.get("/staff/requests/", {"q": enterprise[:3]})
    assert len(page.context["page"]) == 5


def test_queue_counts_stop_at_the_cap_and_dates_filter_by_local_day(
    client, submit, dispatcher, time_machine
):
    import datetime
    from zoneinfo import ZoneInfo

    from services.loop.selectors import capped_count

    sh = ZoneInfo("Asia/Shanghai")
    for day, hour in ((1, 0), (1, 23), (2, 0)):  # local midnight edges
        time_machine.move_to(datetime.datetime(2026, 11, day, hour, 30, tzinfo=sh))
        submit(title=f"{day}日{hour}时")
    assert capped_count(Request.objects.all(), cap=2) == 2
    client.force_login(dispatcher)
    page = client.get("/staff/requests/", {"from": "2026-11-01", "to": "2026-11-01"})
    assert sorted(r.title for r in page.context["page"]) == ["1日0时", "1日23时"]


def test_a_refused_step_keeps_what_was_typed(client, submit, dispatcher, unit_x):
    item = submit()
    client.force_login(dispatcher)
    response = client.post(
        f"/requests/{item.pk}/dispatch/",
        {"lead_unit": unit_x.pk, "deadline": "2020-01-01T09:00", "note": "请尽快联系企业"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "期限必须是未来的时间" in html
    assert "请尽快联系企业" in html
    assert Request.objects.get(pk=item.pk).state == "submitted"


def test_a_deadline_years_away_is_refused_clearly(client, submit, dispatcher, unit_x):
    item = submit()
    client.force_login(dispatcher)
    for deadline in ("9999-12-31T12:00:00+08:00", "2099-01-01T12:00:00+08:00"):
        response = _post(
            client, f"/api/v1/requests/{item.pk}/dispatch/",
            {"lead_unit": unit_x.pk, "deadline": deadline},
        )  # fmt: skip
        assert response.status_code == 400
        assert response.json()["errors"]["deadline"] == ["期限须在两年以内。"]
    assert Request.objects.get(pk=item.pk).state == "submitted"
