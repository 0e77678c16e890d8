import pytest
from django.urls import reverse

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_park_admin_manages_users_but_cannot_make_a_superuser(client, park_admin):
    target = UserFactory(username="someone")
    client.force_login(park_admin)
    url = reverse("admin:portal_user_change", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    client.post(
        url,
        {
            "username": "someone",
            "name": "新名字",
            "language": "zh-hans",
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    target.refresh_from_db()
    assert target.name == "新名字"
    assert not target.is_superuser


def test_enterprise_user_has_no_admin(client, user_a):
    client.force_login(user_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_dispatcher_sees_the_enterprise_registry_read_only(client, dispatcher, firm_a):
    client.force_login(dispatcher)
    assert client.get(reverse("admin:alliances_enterprise_changelist")).status_code == 200
    assert client.get(reverse("admin:alliances_enterprise_add")).status_code == 403
