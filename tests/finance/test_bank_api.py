"""The partner-bank API: who may read what, masking, the access log, idempotency and limits."""

import datetime
import re

import pytest
from django.utils import timezone

from portal.models import Notification
from services.finance import actions
from services.finance.choices import NeedStatus
from services.finance.models import BankAccessLog, BankAPIKey, Offer

from .conftest import ID_NUMBER, MOBILE, bank_client, offer_body, post_need

pytestmark = pytest.mark.django_db

NEEDS = "/api/v1/bank/needs/"
OFFERS = "/api/v1/bank/offers/"
LOANS = "/api/v1/bank/loans/"


def test_a_bank_reads_only_needs_shared_with_it(need, client_a, client_b, user_a, firm_b):
    assert [n["id"] for n in client_a.get(NEEDS).json()["results"]] == [need.pk]
    assert client_a.get(f"{NEEDS}{need.pk}/").status_code == 200
    assert client_b.get(NEEDS).json()["results"] == []
    response = client_b.get(f"{NEEDS}{need.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_after_withdrawal_the_need_is_gone_at_once(need, client_a, user_a):
    assert client_a.get(f"{NEEDS}{need.pk}/").status_code == 200
    actions.withdraw_consent(actor=user_a, need_id=need.pk)
    assert client_a.get(f"{NEEDS}{need.pk}/").status_code == 404
    assert client_a.get(NEEDS).json()["results"] == []
    assert client_a.post(OFFERS, offer_body(need), format="json").status_code == 404
    consent = need.consents.get()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == user_a


def test_withdrawing_consent_freezes_the_banks_open_offer(need, client_a, user_a):
    offer = client_a.post(OFFERS, offer_body(need), format="json").json()
    actions.withdraw_consent(actor=user_a, need_id=need.pk)
    changed = client_a.patch(f"{OFFERS}{offer['id']}/", {"rate": "1.00"}, format="json")
    assert changed.status_code == 409 and "不再" in changed.json()["detail"]
    assert client_a.post(f"{OFFERS}{offer['id']}/withdraw/").status_code == 409
    assert str(Offer.objects.get(pk=offer["id"]).rate) == "3.65"


def test_sharing_with_all_banks_reaches_every_bank(user_a, client_a, client_b):
    need = post_need(user_a)
    assert client_b.get(NEEDS).json()["results"] == []  # posted is not shared
    actions.give_consent(actor=user_a, need_id=need.pk, to_all_banks=True)
    assert client_b.get(f"{NEEDS}{need.pk}/").status_code == 200


def test_other_banks_offers_and_loans_answer_404(need, client_a, client_b, user_a, bank_b):
    actions.give_consent(actor=user_a, need_id=need.pk, to_all_banks=True)
    mine = client_a.post(OFFERS, offer_body(need), format="json").json()
    assert client_b.get(f"{OFFERS}{mine['id']}/").status_code == 404
    assert (
        client_b.patch(f"{OFFERS}{mine['id']}/", {"rate": "1.00"}, format="json").status_code == 404
    )
    assert client_b.post(f"{OFFERS}{mine['id']}/withdraw/").status_code == 404
    assert client_b.get(OFFERS).json()["results"] == []
    actions.accept_offer(actor=user_a, offer_id=mine["id"])
    loan = client_a.post(
        LOANS,
        {
            "offer": mine["id"],
            "amount": "500.00",
            "granted_on": str(timezone.localdate()),
            "term_months": 12,
        },
        format="json",
    ).json()
    assert client_b.get(f"{LOANS}{loan['id']}/").status_code == 404
    assert client_b.get(LOANS).json()["results"] == []
    assert (
        client_b.post(
            LOANS,
            {"offer": mine["id"], "amount": "1", "granted_on": "2026-01-05", "term_months": 1},
            format="json",
        ).status_code
        == 404
    )


def test_keys_that_do_not_work(need, bank_a, client):
    _revoked, raw_revoked = BankAPIKey.objects.create_key(bank=bank_a, name="old", revoked=True)
    _expired, raw_expired = BankAPIKey.objects.create_key(
        bank=bank_a, name="temp", expiry_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    for raw in (raw_revoked, raw_expired, "nonsense.key", raw_expired[:-1] + "x"):
        response = bank_client(raw).get(NEEDS)
        assert response.status_code == 401, raw
        assert response["WWW-Authenticate"] == "Api-Key"
        assert response.json()["detail"]
    assert client.get(NEEDS).status_code == 401  # no key at all


def test_portal_sessions_are_not_banks(need, client, user_a, dispatcher, park_admin):
    for user in (user_a, dispatcher, park_admin):
        client.force_login(user)
        assert client.get(NEEDS).status_code == 401
        assert client.get(f"{NEEDS}{need.pk}/").status_code == 401
        assert (
            client.post(OFFERS, offer_body(need), content_type="application/json").status_code
            == 401
        )
        assert client.get("/api/v1/bank/stats/").status_code == 401


UNMASKED_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
UNMASKED_ID = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


def test_no_bank_response_carries_unmasked_personal_data(need, client_a, user_a):
    created = client_a.post(OFFERS, offer_body(need), format="json")
    offer_id = created.json()["id"]
    actions.accept_offer(actor=user_a, offer_id=offer_id)
    loan = client_a.post(
        LOANS,
        {
            "offer": offer_id,
            "amount": "480.00",
            "granted_on": str(timezone.localdate()),
            "term_months": 12,
        },
        format="json",
    )
    responses = [created, loan] + [
        client_a.get(url)
        for url in (
            NEEDS,
            f"{NEEDS}{need.pk}/",
            OFFERS,
            f"{OFFERS}{offer_id}/",
            LOANS,
            f"{LOANS}{loan.json()['id']}/",
            "/api/v1/bank/stats/",
        )
    ]
    for response in responses:
        assert response.status_code in (200, 201), response.content
        # An enterprise's credit code may be 18 digits too: it is public, not a person's ID.
        body = response.content.decode().replace(need.enterprise.credit_code, "")
        assert not UNMASKED_MOBILE.search(body), body
        assert not UNMASKED_ID.search(body), body
        assert "王建国" not in body
    detail = client_a.get(f"{NEEDS}{need.pk}/").json()
    assert detail["contact_mobile"] == MOBILE[:3] + "****" + MOBILE[-4:]
    assert detail["contact_id_number"] == ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
    assert detail["contact_name"] == "王**"
    assert detail["enterprise"]["credit_code"] == need.enterprise.credit_code


def test_every_call_is_logged_with_the_needs_it_read(need, client_a, bank_a):
    client_a.get(NEEDS)
    client_a.get(f"{NEEDS}{need.pk}/")
    client_a.get(f"{NEEDS}999999/")
    log = list(
        BankAccessLog.objects.order_by("id").values_list(
            "bank", "method", "path", "status_code", "need_ids"
        )
    )
    assert log == [
        (bank_a.pk, "GET", NEEDS, 200, [need.pk]),
        (bank_a.pk, "GET", f"{NEEDS}{need.pk}/", 200, [need.pk]),
        (bank_a.pk, "GET", f"{NEEDS}999999/", 404, []),
    ]
    assert BankAPIKey.objects.get(bank=bank_a).last_used_at is not None


def test_a_retried_post_with_the_same_idempotency_key_creates_one_offer(need, client_a):
    first = client_a.post(OFFERS, offer_body(need), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client_a.post(OFFERS, offer_body(need), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Offer.objects.filter(need=need).count() == 1
    other = client_a.post(
        OFFERS, offer_body(need, rate="2.00"), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency_conflict"
    # Without a key a second offer on the same need is refused by the rules, not duplicated.
    assert client_a.post(OFFERS, offer_body(need), format="json").status_code == 409


def test_each_key_has_its_own_limit_and_a_clear_429(need, client_a, client_b, settings):
    settings.BANK_API_RATE = "3/min"
    for _ in range(3):
        assert client_a.get(NEEDS).status_code == 200
    response = client_a.get(NEEDS)
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled" and body["retry_after"] > 0 and body["detail"]
    assert client_b.get(NEEDS).status_code == 200  # another bank's key is not affected


def test_offer_lifecycle(need, client_a):
    created = client_a.post(OFFERS, offer_body(need), format="json")
    assert created.status_code == 201
    offer = created.json()
    assert offer["status"] == "open"
    changed = client_a.patch(f"{OFFERS}{offer['id']}/", {"rate": "3.45"}, format="json")
    assert changed.status_code == 200 and changed.json()["rate"] == "3.45"
    past = client_a.patch(f"{OFFERS}{offer['id']}/", {"valid_until": "2020-01-01"}, format="json")
    assert past.status_code == 400
    withdrawn = client_a.post(f"{OFFERS}{offer['id']}/withdraw/")
    assert withdrawn.json()["status"] == "withdrawn"
    assert (
        client_a.patch(f"{OFFERS}{offer['id']}/", {"rate": "3.00"}, format="json").status_code
        == 409
    )
    # A withdrawn offer leaves room for a new one.
    assert client_a.post(OFFERS, offer_body(need, rate="3.30"), format="json").status_code == 201
    bad = client_a.post(OFFERS, offer_body(need, amount="-5"), format="json")
    assert bad.status_code == 400 and "amount" in bad.json()["errors"]


def test_accept_one_the_others_are_told_and_the_loan_closes_the_need(
    user_a, bank_a, bank_b, client_a, client_b
):
    need = post_need(user_a)
    actions.give_consent(
        actor=user_a, need_id=need.pk, to_all_banks=False, bank_ids=[bank_a.pk, bank_b.pk]
    )
    a = client_a.post(OFFERS, offer_body(need, rate="3.80"), format="json").json()
    b = client_b.post(OFFERS, offer_body(need, rate="3.60"), format="json").json()
    assert Notification.objects.filter(recipient=user_a, kind="offer_received").count() == 2
    with pytest.raises(actions.StepRefused):
        actions.record_loan(
            bank=bank_b, offer_id=b["id"], amount=1, granted_on=timezone.localdate(), term_months=1
        )
    actions.accept_offer(actor=user_a, offer_id=b["id"])
    assert Offer.objects.get(pk=a["id"]).status == "not_chosen"
    assert Notification.objects.filter(
        recipient__in=bank_a.staff.all(), kind="offer_not_chosen"
    ).exists()
    assert Notification.objects.filter(
        recipient__in=bank_b.staff.all(), kind="offer_accepted"
    ).exists()
    assert client_a.post(f"{OFFERS}{a['id']}/withdraw/").status_code == 409
    # The losing bank no longer sees the settled need; the winner still does.
    assert client_a.get(f"{NEEDS}{need.pk}/").status_code == 404
    assert client_b.get(f"{NEEDS}{need.pk}/").json()["status"] == "accepted"
    loan = client_b.post(
        LOANS,
        {
            "offer": b["id"],
            "amount": "450.00",
            "granted_on": str(timezone.localdate()),
            "term_months": 12,
        },
        format="json",
    )
    assert loan.status_code == 201
    need.refresh_from_db()
    assert need.status == NeedStatus.FINANCED
    assert Notification.objects.filter(recipient=user_a, kind="loan_recorded").count() == 1
    stats = client_b.get("/api/v1/bank/stats/").json()
    assert (
        stats["loans"] == 1 and stats["amount"] == "450.00" and stats["financed_enterprises"] == 1
    )
    assert stats["offers"]["accepted"] == 1
    assert client_a.get("/api/v1/bank/stats/").json()["offers"]["not_chosen"] == 1


def test_declining_all_closes_the_need_and_tells_the_banks(need, client_a, user_a, bank_a):
    offer = client_a.post(OFFERS, offer_body(need), format="json").json()
    actions.close_need(actor=user_a, need_id=need.pk)
    assert Offer.objects.get(pk=offer["id"]).status == "declined"
    assert Notification.objects.filter(
        recipient__in=bank_a.staff.all(), kind="offer_not_chosen"
    ).exists()
    assert client_a.get(f"{NEEDS}{need.pk}/").status_code == 404


def test_needs_filter_by_amount_chain_and_date(user_a, user_b, client_a, bank_a):
    from alliances.models import Chain

    chain = Chain.objects.create(code="offshore-test", name="海工装备", order=9)
    user_b.enterprise_membership.enterprise.chains.add(chain)
    small = post_need(user_a, amount="80")
    big = post_need(user_b, amount="2000")
    for need, user in ((small, user_a), (big, user_b)):
        actions.give_consent(actor=user, need_id=need.pk, to_all_banks=True)

    def ids(**params):
        return [n["id"] for n in client_a.get(NEEDS, params).json()["results"]]

    assert ids() == [big.pk, small.pk]
    assert ids(amount_min=100) == [big.pk]
    assert ids(amount_max=100) == [small.pk]
    assert ids(chain="offshore-test") == [big.pk]
    assert ids(chain="海工装备") == [big.pk]  # the name the needs give works as well
    shown = client_a.get(f"{NEEDS}{big.pk}/").json()["enterprise"]["chains"]
    assert shown == [{"code": "offshore-test", "name": "海工装备"}]
    assert ids(posted_since=str(timezone.localdate() + datetime.timedelta(days=1))) == []
    assert client_a.get(NEEDS, {"amount_min": "lots"}).status_code == 400


def test_idempotency_keys_are_forgotten_after_a_week(need, client_a, time_machine):
    from services.finance.models import IdempotentResponse
    from services.finance.tasks import purge_idempotency_records

    client_a.post(OFFERS, offer_body(need), format="json", HTTP_IDEMPOTENCY_KEY="k-old")
    assert purge_idempotency_records() == 0
    time_machine.move_to(timezone.now() + datetime.timedelta(days=8))
    assert purge_idempotency_records() == 1
    assert not IdempotentResponse.objects.exists()


def test_the_schema_describes_the_bank_api_for_banks(client):
    """A bank reads the docs without a portal account: key scheme, errors and examples."""
    assert client.get("/api/v1/docs/").status_code == 200
    schema = client.get("/api/v1/schema/?format=json").json()
    scheme = schema["components"]["securitySchemes"]["bankApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-Api-Key")
    offers = schema["paths"]["/api/v1/bank/offers/"]["post"]
    assert offers["security"] == [{"bankApiKey": []}]
    assert {"201", "401", "404", "409", "422", "429"} <= set(offers["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in offers["parameters"])
    assert list(offers["requestBody"]["content"]) == ["application/json"]  # one body type
    assert "examples" in offers["requestBody"]["content"]["application/json"]
    needs = schema["paths"]["/api/v1/bank/needs/"]["get"]
    assert {"amount_min", "amount_max", "chain", "posted_since", "cursor"} <= {
        p["name"] for p in needs["parameters"]
    }


def test_a_malformed_idempotency_key_is_a_clear_400(need, client_a):
    for key in ("a\x00b", "k" * 101, "键"):
        response = client_a.post(OFFERS, offer_body(need), format="json", HTTP_IDEMPOTENCY_KEY=key)
        assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert not Offer.objects.exists()
    assert client_a.get(NEEDS, {"chain": "a\x00b"}).status_code == 400
    bad = client_a.post(OFFERS, offer_body(need, conditions="x\x00y"), format="json")
    assert bad.status_code == 400


def test_the_key_goes_in_x_api_key_or_authorization(need, bank_a):
    from rest_framework.test import APIClient

    from services.finance.models import BankAPIKey

    key = BankAPIKey.objects.create_key(bank=bank_a, name="header")[1]
    assert APIClient().get(NEEDS, HTTP_X_API_KEY=key).status_code == 200
    assert APIClient().get(NEEDS, HTTP_AUTHORIZATION=f"Api-Key {key}").status_code == 200
    wrong = APIClient().get(NEEDS, HTTP_X_API_KEY="nope.nope")
    assert wrong.status_code == 401


def test_a_missing_need_is_a_translated_404_naming_no_model(client_a):
    body = client_a.get(f"{NEEDS}999999/").json()
    assert body == {"detail": "未找到。", "code": "not_found"}


def test_the_list_answers_each_need_exactly_as_its_own_page(user_a, user_b, client_a, bank_a):
    """The list draws plain rows; each item must be what the need's own page answers: the
    enterprise with its chains in order, masked personal data, amounts, times, the bank's
    own offer, and empty values."""
    from alliances.models import Chain

    firm_b = user_b.enterprise_membership.enterprise
    firm_b.labels = ["高新技术企业", "专精特新"]
    firm_b.save()
    firm_b.chains.add(
        Chain.objects.create(code="z-auto", name="汽车及零部件", order=2),
        Chain.objects.create(code="a-sea", name="海工装备", order=1),
    )
    needs = [
        post_need(user_a, amount="80.5"),
        post_need(user_b, amount="2000", collateral="", contact_id_number="", term_months=36),
        post_need(user_b, contact_mobile="13900001111"),
    ]
    for need in needs:
        user = (
            user_a if need.enterprise_id == user_a.enterprise_membership.enterprise_id else user_b
        )
        actions.give_consent(actor=user, need_id=need.pk, to_all_banks=True)
    client_a.post(OFFERS, offer_body(needs[1]), format="json")

    listed = client_a.get(NEEDS).json()["results"]
    assert [item["id"] for item in listed] == [n.pk for n in reversed(needs)]
    assert listed == [client_a.get(f"{NEEDS}{item['id']}/").json() for item in listed]
    by_id = {item["id"]: item for item in listed}
    assert by_id[needs[1].pk]["enterprise"]["chains"] == [
        {"code": "a-sea", "name": "海工装备"}, {"code": "z-auto", "name": "汽车及零部件"}
    ]  # fmt: skip
    assert by_id[needs[1].pk]["your_offer"] is not None and by_id[needs[0].pk]["your_offer"] is None
    assert by_id[needs[2].pk]["contact_mobile"] == "139****1111"
    assert by_id[needs[0].pk]["amount"] == "80.50"


def test_the_needs_list_runs_a_fixed_number_of_queries(user_a, user_b, client_a, bank_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def post_and_share(n):
        for _ in range(n):
            for user in (user_a, user_b):
                need = post_need(user)
                actions.give_consent(actor=user, need_id=need.pk, to_all_banks=True)

    def queries():
        client_a.get(NEEDS)  # the key's last use is written at most once a minute
        with CaptureQueriesContext(connection) as seen:
            assert client_a.get(NEEDS).status_code == 200
        return len(seen)

    post_and_share(1)
    few = queries()
    post_and_share(10)
    # the key with its bank, the page, the enterprises' chains, the access log
    assert queries() == few == 4
