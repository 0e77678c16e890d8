"""The production image and stack, proven by running here what Docker would run: the
Dockerfile's build step with exactly its environment, and the web service's command and
health check as docker-compose.yml writes them (no Docker on these machines)."""

import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from ..conftest import _database_url

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = str(Path(sys.executable).parent)


def _dockerfile():
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    env = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            env.update(dict(re.findall(r"(\w+)=(\S+)", line)))
    runs = [line[4:].strip() for line in text.splitlines() if line.startswith("RUN ")]
    return env, runs


def test_the_images_build_step_runs_with_exactly_its_environment(tmp_path):
    """The RUN that compiles messages and collects static files, in a copy of the project,
    with the image's ENV and nothing from this machine's environment."""
    env, runs = _dockerfile()
    [step] = [run for run in runs if "collectstatic" in run]
    # What belongs to the image's file system (its /app, its user) stays out of this run.
    command = step.split(" && mkdir")[0]
    app = tmp_path / "app"
    skip = shutil.ignore_patterns(
        ".venv", ".git", "staticfiles", "artifacts", "node_modules", "var", "__pycache__"
    )
    shutil.copytree(ROOT, app, ignore=skip)
    clean = {"PATH": f"{VENV_BIN}:/usr/bin:/bin", "HOME": str(tmp_path), **env}
    done = subprocess.run(["sh", "-c", command], cwd=app, env=clean, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (app / "staticfiles" / "staticfiles.json").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_the_web_service_turns_healthy_as_compose_checks_it(tmp_path):
    """gunicorn as the web service runs it, with production settings and the ALLOWED_HOSTS
    an operator sets (the portal's public name), probed by the health check as written."""
    from django.conf import settings
    from django.db import connection

    from portal.models import Heartbeat
    from portal.tasks import BEAT_HEARTBEAT

    Heartbeat.objects.update_or_create(name=BEAT_HEARTBEAT,
                                       defaults={"stamped_at": timezone.now()})  # fmt: skip
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    env = {key: str(value) for key, value in compose["x-app"]["environment"].items()}
    env.update({
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": "an-operators-secret-key-of-more-than-fifty-characters-0123456789",
        "FIELD_ENCRYPTION_KEYS": "YW4tb3BlcmF0b3JzLWZpZWxkLWtleS0zMmJ5dGVzISE=",
        "FIELD_HASH_KEY": "an-operators-hash-key-of-at-least-32-characters",
        "ALLOWED_HOSTS": "portal.example.cn",
        "EMAIL_URL": "consolemail://",
        "SITE_URL": "https://portal.example.cn",
    })  # fmt: skip
    port = _free_port()
    command = list(web["command"])
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[0] = shutil.which(command[0], path=VENV_BIN)
    log = (tmp_path / "web.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                              env={"PATH": f"{VENV_BIN}:/usr/bin:/bin", **env})  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None and time.monotonic() < deadline, (
                tmp_path / "web.log"
            ).read_text()
            time.sleep(0.3)
        test = web["healthcheck"]["test"]
        assert test[0] == "CMD", test
        probe = [arg.replace(":8000/", f":{port}/") for arg in test[1:]]
        checked = subprocess.run(probe, capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, (shlex.join(probe), checked.stdout, checked.stderr,
                                         (tmp_path / "web.log").read_text()[-3000:])  # fmt: skip
        assert '"status": "ok"' in checked.stdout
        # Every other page still refuses a name that is not the portal's.
        home = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{port}/"]
        other = subprocess.run(home, capture_output=True, text=True)
        assert other.stdout == "400"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
