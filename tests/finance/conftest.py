import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from services.finance import actions
from services.finance.models import Bank, BankAPIKey

from ..factories import UserFactory

ID_NUMBER = "37068419950101123X"
MOBILE = "13812345678"


def bank_client(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return client


def make_bank(name: str) -> Bank:
    bank = Bank.objects.create(name=name, short_name=name[:4], response_days=2)
    bank.staff.add(UserFactory(username=f"staff-{bank.pk}"))
    return bank


@pytest.fixture
def bank_a(db):
    return make_bank("蓬莱农村商业银行")


@pytest.fixture
def bank_b(db):
    return make_bank("烟台银行蓬莱支行")


@pytest.fixture
def bank_c(db):
    return make_bank("中国工商银行蓬莱支行")


@pytest.fixture
def client_a(bank_a):
    return bank_client(BankAPIKey.objects.create_key(bank=bank_a, name="core")[1])


@pytest.fixture
def client_b(bank_b):
    return bank_client(BankAPIKey.objects.create_key(bank=bank_b, name="core")[1])


def post_need(user, **changes):
    fields = {
        "amount": Decimal("500.00"),
        "purpose": "采购钢材，扩大产能",
        "term_months": 12,
        "collateral": "厂房抵押",
        "urgency": "urgent",
        "contact_name": "王建国",
        "contact_mobile": MOBILE,
        "contact_id_number": ID_NUMBER,
    }
    return actions.post_need(actor=user, **{**fields, **changes})


@pytest.fixture
def need(user_a, bank_a):
    """Firm A's need, shared with bank A only."""
    need = post_need(user_a)
    actions.give_consent(actor=user_a, need_id=need.pk, to_all_banks=False, bank_ids=[bank_a.pk])
    return need


def offer_body(need, **changes):
    valid = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    body = {
        "need": need.pk,
        "amount": "500.00",
        "rate": "3.65",
        "term_months": 12,
        "conditions": "厂房抵押，按月付息",
        "valid_until": valid,
        "bank_contact": "普惠金融部 李经理",
    }
    return {**body, **changes}
