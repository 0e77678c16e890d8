import datetime

import pytest
from django.utils import timezone
from stdnum.cn import ric

from portal.roles import Role
from talent.models import Course, Session, Talent

from ..factories import UserFactory


def id_number(birth: str = "19850312", serial: str = "123") -> str:
    """A resident ID number with a valid check character (Penglai's area code)."""
    body = f"370684{birth}{serial}"
    return body + ric.calc_check_digit(body + "0")


def make_talent(enterprise, *, number=None, name="王海涛", level="shortage", **extra) -> Talent:
    number = number or id_number()
    fields = {
        "name": name, "gender": "male", "birth_year": int(number[6:10]), "id_number": number,
        "mobile": "13912345678", "education": "master", "field": "海洋工程",
        "enterprise": enterprise, "level": level,
    }  # fmt: skip
    return Talent.objects.create(**(fields | extra))


@pytest.fixture
def officer(db):
    return UserFactory(username="talent1", is_staff=True, roles=[Role.TALENT_OFFICER])


@pytest.fixture
def course(db):
    return Course.objects.create(title="新时代党建引领企业发展", topic="party")


def make_session(course, *, in_days=7, hours=0, capacity=2, minutes=90, title="第一讲") -> Session:
    starts = timezone.now() + datetime.timedelta(days=in_days, hours=hours)
    return Session.objects.create(
        course=course, title=title, starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=minutes), place="党群服务中心三楼报告厅",
        teacher="区委党校 王老师", capacity=capacity,
    )  # fmt: skip


@pytest.fixture
def session(course):
    return make_session(course)
