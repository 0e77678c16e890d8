import pytest
from django.core.management import CommandError, call_command

from alliances.models import Enterprise
from portal.models import Notification, User
from portal.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_account_per_role_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = capsys.readouterr().out
    assert "shown only this once" in first
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    counts = (User.objects.count(), Enterprise.objects.count(), Notification.objects.count())
    passwords = dict(User.objects.values_list("username", "password"))

    call_command("seed_demo")
    second = capsys.readouterr().out
    assert "shown only this once" not in second
    assert (
        User.objects.count(),
        Enterprise.objects.count(),
        Notification.objects.count(),
    ) == counts
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_seed_demo_printed_passwords_work(settings, capsys, client):
    settings.DEBUG = True
    call_command("seed_demo")
    line = next(line for line in capsys.readouterr().out.splitlines() if "firm_a" in line)
    password = line.split()[-1]
    assert client.login(username="firm_a", password=password)


def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", "--force")
    assert User.objects.exists()
