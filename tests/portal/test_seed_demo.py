import pytest
from django.core.management import CommandError, call_command

from alliances.models import Enterprise
from portal.models import Notification, User
from portal.roles import Role
from services.loop.models import Request

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug_then_seeds_once_and_again_idempotently(
    settings, capsys, client
):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()

    call_command("seed_demo", "--force")
    first = capsys.readouterr().out
    assert "shown only this once" in first
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    line = next(line for line in first.splitlines() if line.strip().startswith("firm_a"))
    signed_in = client.post(
        "/accounts/login/", {"username": "firm_a", "password": line.split()[-1]}
    )
    assert signed_in.status_code == 302

    counts = (
        User.objects.count(), Enterprise.objects.count(),
        Notification.objects.count(), Request.objects.count(),
    )  # fmt: skip
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("seed_demo", "--force")
    second = capsys.readouterr().out
    assert "shown only this once" not in second
    assert (
        User.objects.count(), Enterprise.objects.count(),
        Notification.objects.count(), Request.objects.count(),
    ) == counts  # fmt: skip
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_the_demo_history_queues_no_mail(django_capture_on_commit_callbacks):
    """The demo's history makes hundreds of notifications: they are in the portal, marked
    sent on, and not one delivery task is queued (a first make dev stays readable)."""
    from unittest import mock

    from portal.tasks import deliver_notifications

    with (
        mock.patch.object(deliver_notifications, "delay") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("seed_demo", "--force")
    assert Notification.objects.count() > 100
    assert not Notification.objects.filter(delivered_at__isnull=True).exists()
    queued.assert_not_called()
