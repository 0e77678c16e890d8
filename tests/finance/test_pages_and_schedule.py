"""The enterprise's financing pages, the key admin, and the response-time reminder."""

import datetime
import re

import pytest
from django.utils import timezone

from portal.models import Notification
from services.finance import actions
from services.finance.models import BankAccessLog, BankAPIKey, FinancingNeed, MatchmakingMeeting

from .conftest import ID_NUMBER, MOBILE, bank_client, offer_body, post_need

pytestmark = pytest.mark.django_db


def test_posting_sharing_and_withdrawing_from_the_pages(client, user_a, bank_a, bank_b):
    client.force_login(user_a)
    response = client.post(
        "/finance/new/",
        {
            "amount": "300",
            "purpose": "购置设备",
            "term_months": "24",
            "collateral": "",
            "urgency": "normal",
            "contact_name": "衣骏飞",
            "contact_mobile": "+86 138 1234 5678",
            "contact_id_number": "",
        },
    )
    need = FinancingNeed.objects.get(enterprise=user_a.enterprise_membership.enterprise)
    assert response.url == f"/finance/{need.pk}/"
    assert need.contact_mobile == "13812345678"  # stored normalised
    assert not need.consents.exists()  # posting is not sharing

    client.post(f"/finance/{need.pk}/consent/", {"scope": "chosen", "banks": [bank_b.pk]})
    consent = need.consents.get()
    assert list(consent.banks.all()) == [bank_b] and not consent.to_all_banks
    assert str(bank_b) in consent.wording and consent.given_by == user_a

    page = client.get(f"/finance/{need.pk}/").content.decode()
    assert str(bank_b) in page
    # The form shows what is shared now: "only the banks I choose", with bank B ticked.
    form = page.split('data-testid="consent-form"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'value="chosen"[^>]*checked', form)
    assert re.search(rf'value="{bank_b.pk}"[^>]*checked', form)
    client.post(f"/finance/{need.pk}/consent/", {"scope": "all"})
    page = client.get(f"/finance/{need.pk}/").content.decode()
    form = page.split('data-testid="consent-form"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'value="all"[^>]*checked', form) and "checked" not in form.split(
        'value="chosen"', 1)[1].split(">", 1)[0]  # fmt: skip

    client.post(f"/finance/{need.pk}/withdraw/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert client.get(f"/finance/{need.pk}/").context["consent"] is None


def test_a_bad_need_keeps_what_was_typed(client, user_a):
    client.force_login(user_a)
    response = client.post(
        "/finance/new/",
        {
            "amount": "300",
            "purpose": "购置设备",
            "term_months": "24",
            "urgency": "normal",
            "contact_name": "衣骏飞",
            "contact_mobile": "12345",
        },
    )
    assert response.status_code == 200
    assert "contact_mobile" in response.context["form"].errors
    assert "购置设备" in response.content.decode()
    assert not FinancingNeed.objects.exists()


def test_one_enterprise_never_sees_anothers_need(client, user_a, user_b, need, dispatcher):
    client.force_login(user_b)
    assert client.get(f"/finance/{need.pk}/").status_code == 404
    assert client.post(f"/finance/{need.pk}/withdraw/").status_code == 404
    assert need.consents.get().withdrawn_at is None  # refused, nothing changed
    assert client.post(f"/finance/{need.pk}/close/").status_code == 404
    need.refresh_from_db()
    assert need.status == "open"
    client.force_login(dispatcher)  # staff use the admin, not the enterprise pages
    assert client.get("/finance/").status_code == 404


def test_the_enterprise_sees_which_banks_read_its_need(client, user_a, need, client_a, bank_a):
    client_a.get(f"/api/v1/bank/needs/{need.pk}/")
    client.force_login(user_a)
    page = client.get(f"/finance/{need.pk}/")
    reads = page.context["reads"]
    assert [r.bank for r in reads] == [bank_a]
    assert str(bank_a) in page.content.decode()
    assert BankAccessLog.objects.filter(need_ids__contains=[need.pk]).count() == 1


def test_offers_side_by_side_and_accept_from_the_page(client, user_a, need, client_a, bank_a):
    offer = client_a.post("/api/v1/bank/offers/", offer_body(need), format="json").json()
    client.force_login(user_a)
    page = client.get(f"/finance/{need.pk}/").content.decode()
    assert "3.65%" in page and "普惠金融部" in page
    client.post(f"/finance/{need.pk}/offers/{offer['id']}/accept/")
    need.refresh_from_db()
    assert need.status == "accepted"


def test_registering_for_a_matchmaking_meeting_once(client, user_a, bank_a):
    meeting = MatchmakingMeeting.objects.create(
        title="海工装备产业链政银企对接会", date=timezone.localdate() + datetime.timedelta(days=5)
    )
    meeting.banks.add(bank_a)
    client.force_login(user_a)
    assert meeting.title in client.get("/finance/").content.decode()
    client.post(f"/finance/meetings/{meeting.pk}/register/", {"attendees": "衣骏飞"})
    client.post(f"/finance/meetings/{meeting.pk}/register/", {"attendees": "衣骏飞"})
    assert meeting.registrations.count() == 1


def test_a_key_is_shown_once_at_creation_and_rotation_keeps_the_old_one_briefly(
    client, park_admin, bank_a, need
):
    client.force_login(park_admin)
    response = client.post(
        "/admin/finance/bankapikey/add/",
        {"bank": bank_a.pk, "name": "核心系统", "expiry_date_0": "", "expiry_date_1": ""},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    raw = re.search(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", " ".join(shown)).group(0)
    key = BankAPIKey.objects.get(name="核心系统")
    assert raw not in key.hashed_key and key.prefix == raw.split(".")[0]
    assert bank_client(raw).get("/api/v1/bank/needs/").status_code == 200
    page = client.get(f"/admin/finance/bankapikey/{key.pk}/change/").content.decode()
    assert raw not in page  # never shown again

    response = client.post(
        "/admin/finance/bankapikey/",
        {"action": "rotate", "_selected_action": [key.pk]},
        follow=True,
    )
    new_raw = re.search(
        r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", " ".join(str(m) for m in response.context["messages"])
    ).group(0)
    key.refresh_from_db()
    assert key.expiry_date <= timezone.now() + datetime.timedelta(days=7, minutes=1)
    assert bank_client(raw).get("/api/v1/bank/needs/").status_code == 200  # still, for a week
    assert bank_client(new_raw).get("/api/v1/bank/needs/").status_code == 200


def test_banks_that_did_not_answer_in_time_are_reminded_once(
    time_machine, user_a, bank_a, bank_b, bank_c, client_b
):
    # Shared on Monday 2026-11-23 at 10:00 with all banks; each has two working days.
    time_machine.move_to(datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC))
    need = post_need(user_a)
    actions.give_consent(actor=user_a, need_id=need.pk, to_all_banks=True)
    client_b.post("/api/v1/bank/offers/", offer_body(need), format="json")  # bank B answered
    bank_c.is_active = False
    bank_c.save()

    def reminded(bank):
        return Notification.objects.filter(
            recipient__in=bank.staff.all(), kind="need_unanswered"
        ).count()

    time_machine.move_to(datetime.datetime(2026, 11, 25, 15, 0, tzinfo=datetime.UTC))
    assert actions.remind_unanswered_banks() == 0  # Wednesday 23:00: still the second day
    time_machine.move_to(datetime.datetime(2026, 11, 26, 1, 0, tzinfo=datetime.UTC))
    assert actions.remind_unanswered_banks() == 1  # Thursday 09:00: two working days passed
    assert actions.remind_unanswered_banks() == 0  # the hourly rerun sends nothing more
    assert (reminded(bank_a), reminded(bank_b), reminded(bank_c)) == (1, 0, 0)


def test_the_personal_data_of_a_need_is_kept_as_typed_for_the_enterprise(user_a, need):
    assert need.contact_mobile == MOBILE and need.contact_id_number == ID_NUMBER


def test_staff_see_financing_figures_counted_from_loans(
    client, dispatcher, user_a, need, client_a, django_assert_max_num_queries
):
    offer = client_a.post("/api/v1/bank/offers/", offer_body(need, amount="450.00"), format="json")
    actions.accept_offer(actor=user_a, offer_id=offer.json()["id"])
    client_a.post(
        "/api/v1/bank/loans/",
        {
            "offer": offer.json()["id"],
            "amount": "450.00",
            "granted_on": str(timezone.localdate()),
            "term_months": 12,
        },
        format="json",
    )
    client.force_login(dispatcher)
    # A first visit: the roles, permissions, units and enterprise are read, then cached.
    with django_assert_max_num_queries(17):
        page = client.get("/staff/finance/")
    body = page.content.decode()
    assert 'data-testid="financed-enterprises">1<' in body
    assert 'data-testid="financed-amount">450万元<' in body
    # Twelve months, those without loans as zeros, this month's loan last.
    months = body.split('data-testid="by-month"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(\d{4}-\d{2})</td><td[^>]*>(\d+)</td>", months)
    assert len(rows) == 12 and rows[-1] == (timezone.localdate().strftime("%Y-%m"), "1")
    assert [n for _month, n in rows[:-1]] == ["0"] * 11
    client.force_login(user_a)
    assert client.get("/staff/finance/").status_code == 404


def test_staff_open_every_financing_admin_page(client, park_admin, dispatcher, need, client_a):
    offer = client_a.post("/api/v1/bank/offers/", offer_body(need), format="json").json()
    meeting = MatchmakingMeeting.objects.create(title="对接会", date=timezone.localdate())
    meeting.offers.add(offer["id"])
    client.force_login(park_admin)
    for path in (
        "bank/",
        "bankapikey/",
        "bankapikey/add/",
        "financingneed/",
        f"financingneed/{need.pk}/change/",
        "offer/",
        "loan/",
        "bankaccesslog/",
        "matchmakingmeeting/",
        f"matchmakingmeeting/{meeting.pk}/change/",
        "matchmakingmeeting/add/",
    ):
        assert client.get(f"/admin/finance/{path}").status_code == 200, path
    # Personal data stays out of the admin's need page.
    page = client.get(f"/admin/finance/financingneed/{need.pk}/change/").content.decode()
    assert MOBILE not in page and ID_NUMBER not in page
    client.force_login(dispatcher)  # dispatchers run meetings but do not hold bank keys
    assert client.get("/admin/finance/matchmakingmeeting/add/").status_code == 200
    assert client.get("/admin/finance/bankapikey/").status_code == 403


def test_an_expired_offer_shows_as_expired_and_cannot_be_accepted(
    client, user_a, need, client_a, time_machine
):
    offer = client_a.post("/api/v1/bank/offers/", offer_body(need), format="json").json()
    time_machine.move_to(timezone.now() + datetime.timedelta(days=40))
    client.force_login(user_a)
    page = client.get(f"/finance/{need.pk}/")
    row = page.content.decode().split('data-testid="offer"')[1]
    assert "已过期" in row and "/accept/" not in row
    client.post(f"/finance/{need.pk}/offers/{offer['id']}/accept/")
    need.refresh_from_db()
    assert need.status == "open"
