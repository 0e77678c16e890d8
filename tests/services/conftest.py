import pytest

from services.loop.models import Category, HandlingUnit

from ..factories import UserFactory


@pytest.fixture
def unit_x(db, handler):
    unit = HandlingUnit.objects.create(name="企业服务科", kind="department")
    unit.handlers.add(handler)
    return unit


@pytest.fixture
def handler_y(db):
    return UserFactory(username="handler_y", is_staff=True, roles=["handler"])


@pytest.fixture
def unit_y(db, handler_y):
    unit = HandlingUnit.objects.create(name="海工装备红链服务队", kind="service_team")
    unit.handlers.add(handler_y)
    return unit


@pytest.fixture
def category(db, unit_x):
    return Category.objects.create(
        name="土地与建设", default_unit=unit_x, time_limit_days=10, green_limit_days=3
    )


@pytest.fixture
def submit(user_a, category):
    from services.loop import services

    def _submit(**kwargs):
        data = {"title": "塔筒堆场不足", "description": "厂区面积有限，塔筒发运前无处堆放。"}
        data.update(kwargs)
        return services.submit_request(actor=user_a, category_id=category.pk, **data)

    return _submit
