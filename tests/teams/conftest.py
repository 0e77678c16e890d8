import pytest

from alliances.models import Chain
from portal.roles import Role
from services.loop.models import Category, HandlingUnit
from services.teams.models import Cadre, ServiceTeam

from ..factories import UserFactory


def make_team(code: str, name: str, order: int) -> ServiceTeam:
    chain = Chain.objects.create(code=code, name=name, order=order)
    unit = HandlingUnit.objects.create(name=f"{name}红链服务队", kind="service_team")
    return ServiceTeam.objects.create(chain=chain, unit=unit)


def make_cadre(team, username: str, **extra) -> Cadre:
    user = UserFactory(username=username, is_staff=True, roles=[Role.CADRE])
    return Cadre.objects.create(user=user, team=team, **extra)


@pytest.fixture
def offshore(db):
    return make_team("offshore", "海工装备", 0)


@pytest.fixture
def pharma(db):
    return make_team("pharma", "生物医药", 1)


@pytest.fixture
def cadre_a(offshore):
    cadre = make_cadre(offshore, "cadre_a", post="经发局科员", office_phone="0535-5661001")
    offshore.unit.leader = cadre.user
    offshore.unit.save()
    return cadre


@pytest.fixture
def cadre_b(offshore):
    return make_cadre(offshore, "cadre_b", office_phone="0535-5661002")


@pytest.fixture
def cadre_p(pharma):
    return make_cadre(pharma, "cadre_p")


@pytest.fixture
def land(db):
    return Category.objects.create(name="土地与建设", time_limit_days=15, green_limit_days=5)


@pytest.fixture
def chain_firm(offshore, firm_a):
    firm_a.chains.add(offshore.chain)
    return firm_a


@pytest.fixture
def pharma_firm(pharma, firm_b):
    firm_b.chains.add(pharma.chain)
    return firm_b


@pytest.fixture
def firm_user(chain_firm, user_a):
    return user_a
