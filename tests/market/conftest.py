import datetime
from decimal import Decimal

import pytest

from portal.roles import Role
from services.market.models import MarketService, Provider, ServiceCategory

from ..factories import UserFactory


def make_provider(name: str, *members) -> Provider:
    provider = Provider.objects.create(
        name=name, contract_from=datetime.date(2025, 1, 1),
        contract_until=datetime.date(2030, 12, 31), office_phone="0535-5660000",
    )  # fmt: skip
    provider.members.add(*members)
    return provider


@pytest.fixture
def legal(db):
    return ServiceCategory.objects.create(name="法律服务", order=1)


@pytest.fixture
def hr(db):
    return ServiceCategory.objects.create(name="人力资源", order=0)


@pytest.fixture
def lawyer(db):
    return UserFactory(username="lawyer1", roles=[Role.PROVIDER])


@pytest.fixture
def recruiter(db):
    return UserFactory(username="recruiter1", roles=[Role.PROVIDER])


@pytest.fixture
def law_firm(lawyer):
    return make_provider("正衡律师事务所", lawyer)


@pytest.fixture
def hr_firm(recruiter):
    return make_provider("众合人力资源有限公司", recruiter)


@pytest.fixture
def contract_review(law_firm, legal):
    return MarketService.objects.create(
        category=legal, provider=law_firm, name="合同审查", description="商务合同审查。",
        price_from=Decimal(800), price_to=Decimal(3000), price_unit="份", expected_days=3,
    )  # fmt: skip


@pytest.fixture
def recruiting(hr_firm, hr):
    return MarketService.objects.create(
        category=hr, provider=hr_firm, name="技能人才招聘", description="一线岗位招聘。",
        price_from=Decimal(3000), price_to=None, expected_days=20,
    )  # fmt: skip
