"""The five-minute service circle is drawn: each service on its direction at its walking
distance, listed beside the drawing."""

import pytest
from django.urls import reverse

from services.center import selectors
from services.center.models import ServicePoint

pytestmark = pytest.mark.django_db


def test_the_circle_places_services_by_direction_and_minutes(client):
    ServicePoint.objects.create(name="园区职工食堂", kind="canteen", walking_minutes=2,
                                direction="e")  # fmt: skip
    ServicePoint.objects.create(name="政务服务中心", kind="government", walking_minutes=5,
                                direction="n")  # fmt: skip
    ServicePoint.objects.create(name="公交站", kind="transit", walking_minutes=5, direction="n")
    circle = selectors.service_circle(size=360)
    canteen, desk, stop = circle["points"]
    middle, step = 180, (180 - 30) / 5
    assert (canteen["x"], canteen["y"]) == (middle + 2 * step, middle)  # two minutes east
    assert (desk["x"], desk["y"]) == (middle, middle - 5 * step)  # five minutes north
    assert (stop["x"], stop["y"]) != (desk["x"], desk["y"])  # fanned out, not hidden
    page = client.get(reverse("center:circle")).content.decode()
    assert page.count('data-testid="point"') == 3
    assert "步行 2 分钟（东）" in page and "3 项服务在中心步行五分钟范围内" in page
