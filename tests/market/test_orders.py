"""Ordering a market service and its steps: who may take which, from which state, what each
person sees; the figures per provider and category counted from the orders."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.errors import StepRefused
from portal.models import Notification
from services.market import selectors, services, steps
from services.market.choices import OrderState
from services.market.models import Order

pytestmark = pytest.mark.django_db


def _order(user, service, need="请审查一份采购合同。"):
    return services.place_order(actor=user, service_id=service.pk, need=need)


def test_an_enterprise_orders_and_the_provider_is_told(
    client, user_a, contract_review, lawyer, django_capture_on_commit_callbacks
):
    client.force_login(user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("market:service", args=[contract_review.pk]),
            {"need": "下周签约，请审查采购合同。", "service": 999999},  # a forged service id
        )
    order = Order.objects.get()
    assert response.status_code == 302 and response.url == f"/market/orders/{order.pk}/"
    assert order.service == contract_review and order.provider == contract_review.provider
    assert order.enterprise == user_a.enterprise_membership.enterprise
    assert order.state == OrderState.ORDERED and order.ordered_by == user_a
    note = Notification.objects.get(recipient=lawyer)
    assert note.kind == "market_order_placed" and "合同审查" in note.title


def test_an_empty_need_is_a_400_with_the_form_message(client, user_a, contract_review):
    client.force_login(user_a)
    response = client.post(reverse("market:service", args=[contract_review.pk]), {"need": " "})
    assert response.status_code == 400
    assert "该字段不能为空" in response.content.decode() or "不能为空" in response.content.decode()
    assert not Order.objects.exists()


def test_staff_and_providers_cannot_order(client, lawyer, dispatcher, contract_review):
    for person in (lawyer, dispatcher):
        client.force_login(person)
        response = client.post(reverse("market:service", args=[contract_review.pk]), {"need": "x"})
        assert response.status_code == 404
    assert not Order.objects.exists()
    with pytest.raises(StepRefused):
        _order(lawyer, contract_review)


def test_the_whole_lifecycle_and_the_illegal_steps(user_a, user_b, lawyer, recruiter,
                                                    contract_review, dispatcher):  # fmt: skip
    order = _order(user_a, contract_review)
    # Not the provider's people of another firm, not the enterprise, not staff.
    for person in (recruiter, user_a, user_b, dispatcher):
        assert not steps.accept.allowed(person, order)
        with pytest.raises(StepRefused):
            steps.accept(actor=person, order_id=order.pk)
    # Not delivered before it is accepted, not rated before it is delivered.
    with pytest.raises(StepRefused) as refused:
        steps.complete(actor=lawyer, order_id=order.pk, note="已完成")
    assert refused.value.code == "illegal_state"
    with pytest.raises(StepRefused):
        steps.rate(actor=user_a, order_id=order.pk, rating=5)

    expected = timezone.localdate() + datetime.timedelta(days=3)
    steps.accept(actor=lawyer, order_id=order.pk, price=Decimal(1500), expected_on=expected)
    order.refresh_from_db()
    assert order.state == OrderState.ACCEPTED and order.price == Decimal(1500)
    assert order.expected_on == expected and order.accepted_at is not None
    with pytest.raises(StepRefused):  # accepted once
        steps.accept(actor=lawyer, order_id=order.pk)
    with pytest.raises(StepRefused):  # declined only before it is accepted
        steps.decline(actor=lawyer, order_id=order.pk, reason="排期已满")

    steps.complete(actor=lawyer, order_id=order.pk, note="已出具审查意见书。")
    order.refresh_from_db()
    assert order.state == OrderState.DONE and order.delivery_note == "已出具审查意见书。"
    with pytest.raises(StepRefused):  # too late to cancel
        steps.cancel(actor=user_a, order_id=order.pk, reason="不要了")
    with pytest.raises(StepRefused):  # only the enterprise that ordered rates
        steps.rate(actor=user_b, order_id=order.pk, rating=1)

    steps.rate(actor=user_a, order_id=order.pk, rating=4, comment="很及时")
    order.refresh_from_db()
    assert order.rating == 4 and order.rated_at is not None
    with pytest.raises(StepRefused) as twice:
        steps.rate(actor=user_a, order_id=order.pk, rating=5)
    assert "已评价" in str(twice.value.message) or "rated already" in str(twice.value.message)
    assert [e.step for e in order.events.all()] == ["order", "accept", "complete", "rate"]


def test_declined_and_cancelled_orders_end_there(user_a, lawyer, contract_review):
    declined = _order(user_a, contract_review)
    steps.decline(actor=lawyer, order_id=declined.pk, reason="本月排期已满")
    declined.refresh_from_db()
    assert declined.state == OrderState.DECLINED and declined.decline_reason == "本月排期已满"
    with pytest.raises(StepRefused):
        steps.accept(actor=lawyer, order_id=declined.pk)

    cancelled = _order(user_a, contract_review)
    steps.accept(actor=lawyer, order_id=cancelled.pk)
    steps.cancel(actor=user_a, order_id=cancelled.pk, reason="需求取消")
    cancelled.refresh_from_db()
    assert cancelled.state == OrderState.CANCELLED
    with pytest.raises(StepRefused):
        steps.complete(actor=lawyer, order_id=cancelled.pk, note="x")


def test_each_person_sees_only_their_orders(client, user_a, user_b, lawyer, recruiter,
                                             contract_review, recruiting, supervisor):  # fmt: skip
    a_law = _order(user_a, contract_review, "甲方合同")
    b_hr = _order(user_b, recruiting, "乙方招聘")
    b_law = _order(user_b, contract_review, "乙方合同")
    expect = {
        user_a: {a_law.pk}, user_b: {b_hr.pk, b_law.pk}, lawyer: {a_law.pk, b_law.pk},
        recruiter: {b_hr.pk}, supervisor: {a_law.pk, b_hr.pk, b_law.pk},
    }  # fmt: skip
    for person, seen in expect.items():
        assert set(selectors.orders_visible_to(person).values_list("pk", flat=True)) == seen
        client.force_login(person)
        listed = client.get(reverse("market:orders"))
        assert listed.status_code == 200
        assert listed.content.decode().count('data-testid="order-row"') == len(seen)
        api = client.get("/api/v1/market/orders/").json()["results"]
        assert {row["id"] for row in api} == seen
        for order in (a_law, b_hr, b_law):
            page = client.get(reverse("market:order_detail", args=[order.pk]))
            assert page.status_code == (200 if order.pk in seen else 404)
            detail = client.get(f"/api/v1/market/orders/{order.pk}/")
            assert detail.status_code == (200 if order.pk in seen else 404)
    # A provider of another firm cannot take a step through the API either: the order is
    # outside its scope.
    client.force_login(recruiter)
    answer = client.post(
        f"/api/v1/market/orders/{a_law.pk}/accept/", {}, content_type="application/json"
    )
    assert answer.status_code == 404
    a_law.refresh_from_db()
    assert a_law.state == OrderState.ORDERED


def test_the_steps_over_the_api_and_their_refusals(client, user_a, lawyer, contract_review):
    client.force_login(user_a)
    created = client.post(
        "/api/v1/market/orders/", {"service": contract_review.pk, "need": "审查合同"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201
    pk = created.json()["id"]
    refused = client.post(f"/api/v1/market/orders/{pk}/rate/", {"rating": 5},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 409 and refused.json()["code"] == "illegal_state"
    client.force_login(lawyer)
    bad = client.post(f"/api/v1/market/orders/{pk}/accept/", {"price": "-5"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400
    past = client.post(f"/api/v1/market/orders/{pk}/accept/", {"expected_on": "2020-01-01"},
                       content_type="application/json")  # fmt: skip
    assert past.status_code == 400 and "expected_on" in str(past.json())
    ok = client.post(f"/api/v1/market/orders/{pk}/accept/", {"price": "1200.00"},
                     content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["state"] == "accepted"
    assert [e["step"] for e in ok.json()["events"]] == ["order", "accept"]


def test_a_low_rating_needs_a_comment(client, user_a, lawyer, contract_review):
    order = _order(user_a, contract_review)
    steps.accept(actor=lawyer, order_id=order.pk)
    steps.complete(actor=lawyer, order_id=order.pk, note="已完成")
    client.force_login(user_a)
    response = client.post(reverse("market:order_step", args=[order.pk, "rate"]),
                           {"rating": "2", "comment": ""})  # fmt: skip
    assert response.status_code == 400
    assert "哪里" in response.content.decode() or "went wrong" in response.content.decode()
    order.refresh_from_db()
    assert order.rating is None


def test_figures_per_provider_and_category_are_counted(user_a, user_b, lawyer, recruiter,
                                                       contract_review, recruiting):  # fmt: skip
    ratings = [5, 3]
    for person, rating in zip((user_a, user_b), ratings, strict=True):
        order = _order(person, contract_review)
        steps.accept(actor=lawyer, order_id=order.pk)
        steps.complete(actor=lawyer, order_id=order.pk, note="已完成")
        steps.rate(actor=person, order_id=order.pk, rating=rating, comment="ok")
    open_order = _order(user_a, contract_review)
    declined = _order(user_a, recruiting)
    steps.decline(actor=recruiter, order_id=declined.pk, reason="无合适人选")
    _order(user_b, recruiting)

    by_provider = {row["provider__name"]: row for row in selectors.figures_by_provider()}
    law = by_provider["正衡律师事务所"]
    assert (law["orders"], law["done"], law["declined"], law["open"], law["rated"]) == (
        3,
        2,
        0,
        1,
        2,
    )
    assert law["rating"] == pytest.approx(4.0)
    hr_row = by_provider["众合人力资源有限公司"]
    assert (hr_row["orders"], hr_row["declined"], hr_row["open"], hr_row["rating"]) == (
        2,
        1,
        1,
        None,
    )
    by_category = {row["service__category__name"]: row for row in selectors.figures_by_category()}
    assert by_category["法律服务"]["orders"] == 3 and by_category["人力资源"]["orders"] == 2
    assert open_order.state == OrderState.ORDERED


def test_a_provider_whose_contract_ended_offers_nothing(client, user_a, contract_review):
    provider = contract_review.provider
    provider.contract_until = timezone.localdate() - datetime.timedelta(days=1)
    provider.save()
    assert "合同审查" not in client.get(reverse("market:catalog")).content.decode()
    assert client.get(reverse("market:service", args=[contract_review.pk])).status_code == 404
    client.force_login(user_a)
    answer = client.post("/api/v1/market/orders/", {"service": contract_review.pk, "need": "x"},
                         content_type="application/json")  # fmt: skip
    assert answer.status_code == 400 and not Order.objects.exists()
