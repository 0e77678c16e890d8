"""Guessing passwords is slowed down: five wrong tries for one account from one address lock
it there for a while; the right password then waits too; a success resets the count."""

import datetime

import pytest
from django.utils import timezone

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _try(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_wrong_passwords_pause_sign_in_for_that_account(client, user_a, user_b, time_machine):
    for _ in range(3):
        assert _try(client, user_a.username, "wrong").status_code == 200  # the form again
    # The account's mobile number, in any spelling, counts for the same account.
    assert _try(client, "13800001111", "wrong").status_code == 200
    assert _try(client, "+86 138-0000-1111", "wrong").status_code == 429
    locked = _try(client, user_a.username, PASSWORD)
    assert locked.status_code == 429
    assert 'data-testid="locked-out"' in locked.content.decode()
    assert "15" in locked.content.decode()
    assert _try(client, "13800001111", PASSWORD).status_code == 429
    assert _try(client, user_b.username, PASSWORD).status_code == 302  # others sign in

    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=16))
    assert _try(client, user_a.username, PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, user_a):
    for _ in range(4):
        _try(client, user_a.username, "wrong")
    assert _try(client, user_a.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _try(client, user_a.username, "wrong").status_code == 200


def test_park_admins_can_lift_a_lockout(client, user_a, park_admin):
    from axes.models import AccessAttempt

    for _ in range(5):
        _try(client, user_a.username, "wrong")
    attempt = AccessAttempt.objects.get()
    client.force_login(park_admin)
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    client.logout()
    assert _try(client, user_a.username, PASSWORD).status_code == 302
