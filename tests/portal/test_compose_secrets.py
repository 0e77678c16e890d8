"""docker-compose.yml holds no default secret and lets no log grow without end: compose stops
without the database's and Redis's passwords; Redis started with the file's own command asks
for its password, its health check passes only with it, and the portal's REDIS_URL as the
file writes it gets in; every container's log is rotated."""

import shutil
import subprocess
import time
from urllib.parse import urlparse

import pytest
import redis

from .stack import OPERATOR_ENV, _interpolate, compose, free_port


def _environment(service: str, variables: dict) -> dict:
    spec = compose()["services"][service]
    return {k: _interpolate(str(v), variables) for k, v in (spec.get("environment") or {}).items()}


@pytest.mark.parametrize("secret", ["POSTGRES_PASSWORD", "REDIS_PASSWORD"])
def test_compose_refuses_to_start_without_each_password(secret):
    without = {k: v for k, v in OPERATOR_ENV.items() if k != secret}
    for service in ("web", "worker", "beat", "migrate"):
        with pytest.raises(AssertionError, match=f"set {secret} in .env"):
            _environment(service, without)
    env = _environment("web", OPERATOR_ENV)
    assert OPERATOR_ENV[secret] in env["DATABASE_URL"] + env["REDIS_URL"]


def test_every_container_log_is_rotated():
    for name, spec in compose()["services"].items():
        options = (spec.get("logging") or {}).get("options") or {}
        assert options.get("max-size") and int(options.get("max-file", 0)) >= 2, name


@pytest.fixture
def redis_as_composed(tmp_path):
    """redis-server with the compose file's command (its password), on a free port."""
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("no redis-server on PATH")
    spec = compose()["services"]["redis"]
    command = [_interpolate(arg, OPERATOR_ENV) for arg in spec["command"]]
    assert command[0] == "redis-server" and "--requirepass" in command
    port = free_port()
    process = subprocess.Popen(
        [server, *command[1:], "--port", str(port), "--bind", "127.0.0.1", "--dir",
         str(tmp_path), "--save", ""],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis(port=port, password=OPERATOR_ENV["REDIS_PASSWORD"]).ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    yield spec, port
    process.terminate()
    process.wait(timeout=10)


def test_redis_asks_for_its_password_and_the_health_check_knows_it(redis_as_composed):
    spec, port = redis_as_composed
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(port=port).ping()

    composed = urlparse(_environment("web", OPERATOR_ENV)["REDIS_URL"])
    assert composed.hostname == "redis"
    portal = redis.Redis.from_url(composed._replace(netloc=f":{composed.password}@127.0.0.1:{port}")
                                  .geturl())  # fmt: skip
    assert portal.ping()

    [line] = spec["healthcheck"]["test"][1:]
    check = ["sh", "-c", line.replace("$$", "$").replace("redis-cli", f"redis-cli -p {port}")]
    cli = shutil.which("redis-cli")
    if not cli:
        pytest.skip("no redis-cli on PATH")
    own = _environment("redis", OPERATOR_ENV)
    assert subprocess.run(check, env={"PATH": "/usr/bin:/bin", **own}).returncode == 0
    wrong = {**own, "REDISCLI_AUTH": "not-the-password"}
    assert subprocess.run(check, env={"PATH": "/usr/bin:/bin", **wrong},
                          capture_output=True).returncode != 0  # fmt: skip
