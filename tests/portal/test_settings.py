"""Production settings refuse to start unsafely and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What a production host would not have: no secret yet, and no test-only switches.
_STRIPPED = (
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "FIELD_ENCRYPTION_KEYS",
    "FIELD_HASH_KEY",
)  # fmt: skip
FIELD_KEY = "uKJ0ks4ChSyvWOvFWh3rGB0ykXjkZmXmD0v1Yvzj6Ks="  # a Fernet key for these runs only
HASH_KEY = "for-these-runs-only-0123456789abcdefghijklmnop"


def _run(args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in _STRIPPED}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.prod", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run(["check"], ALLOWED_HOSTS="portal.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_development_key():
    result = _run(
        ["check"],
        SECRET_KEY="dev-only-secret-key-never-used-in-production-3f9a1c",
        ALLOWED_HOSTS="portal.example.cn",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_without_a_personal_data_key():
    result = _run(
        ["check"], SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="portal.example.cn"
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must hold a Fernet key" in result.stderr


def test_production_refuses_without_a_key_for_the_mobile_lookup():
    result = _run(
        ["check"], SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="portal.example.cn",
        FIELD_ENCRYPTION_KEYS=FIELD_KEY,
    )  # fmt: skip
    assert result.returncode != 0
    assert "FIELD_HASH_KEY must be" in result.stderr


def test_production_refuses_without_allowed_hosts():
    result = _run(
        ["check"], SECRET_KEY=secrets.token_urlsafe(60), FIELD_ENCRYPTION_KEYS=FIELD_KEY,
        FIELD_HASH_KEY=HASH_KEY,
    )  # fmt: skip
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_with_production_environment():
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="portal.example.cn",
        FIELD_ENCRYPTION_KEYS=FIELD_KEY,
        FIELD_HASH_KEY=HASH_KEY,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


def test_tests_run_on_postgresql(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
