"""An enterprise posts a financing need, shares it with two banks, sees an offer a bank made
through the API and accepts it."""

import datetime

import pytest
from playwright.sync_api import expect

from services.finance.models import BankAPIKey, FinancingNeed, Offer

from .conftest import bank_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_post_share_with_two_banks_and_accept_an_offer(
    live_server, signed_in, user_a, bank_a, bank_b, bank_c, artifacts_dir
):
    base = live_server.url
    firm = signed_in(user_a.username)
    firm.goto(base + "/")
    firm.get_by_role("link", name="融资服务").click()
    firm.get_by_role("link", name="发布融资需求").click()
    firm.get_by_label("金额（万元）").fill("800")
    firm.get_by_label("用途").fill("海上风电塔筒扩产，采购钢板")
    firm.get_by_label("期限（月）").fill("24")
    firm.get_by_label("抵押或担保").fill("设备抵押")
    firm.get_by_label("紧急程度").select_option(label="紧急")
    firm.get_by_label("联系人*", exact=True).fill("衣骏飞")
    firm.get_by_label("联系人手机").fill("13912345678")
    firm.get_by_role("button", name="发布").click()
    expect(firm.get_by_text("需求已发布")).to_be_visible()
    expect(firm.get_by_test_id("consent")).to_contain_text("没有银行可以查看该需求")

    consent = firm.get_by_test_id("consent-form")
    consent.get_by_label("仅限我选择的银行").check()
    consent.get_by_label(str(bank_a)).check()
    consent.get_by_label(str(bank_b)).check()
    consent.get_by_role("button", name="我同意：共享").click()
    expect(firm.get_by_text("已共享")).to_be_visible()
    expect(firm.get_by_test_id("consent")).to_contain_text(str(bank_a))
    expect(firm.get_by_test_id("consent")).not_to_contain_text(str(bank_c))

    # Bank B's system reads the need and answers through the API; bank C cannot see it.
    need = FinancingNeed.objects.get()
    key_b = BankAPIKey.objects.create_key(bank=bank_b, name="core")[1]
    key_c = BankAPIKey.objects.create_key(bank=bank_c, name="core")[1]
    assert bank_client(key_c).get(f"/api/v1/bank/needs/{need.pk}/").status_code == 404
    api = bank_client(key_b)
    shown = api.get(f"/api/v1/bank/needs/{need.pk}/").json()
    assert shown["contact_mobile"] == "139****5678"
    valid = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    made = api.post(
        "/api/v1/bank/offers/",
        {
            "need": need.pk,
            "amount": "800.00",
            "rate": "3.45",
            "term_months": 24,
            "conditions": "设备抵押，按季付息",
            "valid_until": valid,
            "bank_contact": "公司部 孙经理",
        },
        format="json",
    )
    assert made.status_code == 201

    firm.reload()
    offer_row = firm.get_by_test_id("offer")
    expect(offer_row).to_contain_text(str(bank_b))
    expect(offer_row).to_contain_text("3.45%")
    expect(firm.get_by_test_id("reads")).to_contain_text(str(bank_b))
    firm.screenshot(path=str(artifacts_dir / "financing-offers-zh.png"), full_page=True)
    offer_row.get_by_role("button", name="接受").click()
    expect(firm.get_by_text("已接受方案。")).to_be_visible()
    expect(firm.get_by_test_id("need-status")).to_have_text("已接受方案")
    assert Offer.objects.get().status == "accepted"
