"""The production image and stack, proven by running here what Docker would run: the
Dockerfile's build step with exactly its environment, and every service of
docker-compose.yml with its command, environment and health check as the file writes them,
behind the TLS proxy (no Docker on these machines; see tests/portal/stack.py)."""

import fnmatch
import http.client
import json
import re
import shlex
import shutil
import ssl
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from ..conftest import wait_for
from ..factories import EnterpriseFactory, MembershipFactory, UserFactory
from ..samples import PDF
from .stack import PUBLIC_NAME, ROOT, VENV_BIN, Stack, as_the_operator


def _dockerfile():
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    env = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            env.update(dict(re.findall(r"(\w+)=(\S+)", line)))
    runs = [line[4:].strip() for line in text.splitlines() if line.startswith("RUN ")]
    return env, runs


def test_the_images_build_step_runs_with_exactly_its_environment(image):
    """The RUN that compiles messages and collects static files, in a copy of the project,
    with the image's ENV and nothing from this machine's environment."""
    assert (image / "staticfiles" / "staticfiles.json").exists()
    assert (image / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").exists()


def _dockerignore():
    """What ``docker build`` leaves out of the context (.dockerignore), as copytree's ignore:
    a developer's .venv, .git and .dev (where the embedded PostgreSQL keeps its socket) never
    reach the image."""
    patterns = [
        line.strip().strip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def ignore(folder, names):
        here = Path(folder).relative_to(ROOT)
        return {
            name for name in names
            if any(fnmatch.fnmatch((here / name).as_posix(), p) or fnmatch.fnmatch(name, p)
                   for p in patterns)
        }  # fmt: skip

    return ignore


def build(tmp_path):
    """The Dockerfile's build step in a copy of the project; returns the copy (the image's
    /app). The ``image`` fixture runs it once per test run."""
    env, runs = _dockerfile()
    [step] = [run for run in runs if "collectstatic" in run]
    # What belongs to the image's file system (its /app, its user) stays out of this run.
    command = step.split(" && mkdir")[0]
    app = tmp_path / "app"
    shutil.copytree(ROOT, app, ignore=_dockerignore())
    clean = {"PATH": f"{VENV_BIN}:/usr/bin:/bin", "HOME": str(tmp_path), **env}
    done = subprocess.run(["sh", "-c", command], cwd=app, env=clean, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return app


@pytest.fixture
def stack(transactional_db, tmp_path, image):
    started = Stack(tmp_path, static_root=image / "staticfiles")
    yield started
    started.stop()


@pytest.mark.worker
def test_every_service_turns_healthy_as_compose_checks_it(stack):
    """migrate runs to its end; then web, worker, beat and the proxy start with their
    commands as written, and each one's health check, run as written, passes. The web check
    reaches gunicorn by address (a name ALLOWED_HOSTS does not list) and needs a beat that
    stamps its heartbeat through a worker: the whole stack must work for it to pass."""
    migrated = stack.run("migrate")
    assert migrated.returncode == 0, migrated.stdout[-2000:] + migrated.stderr[-2000:]

    for service in ("postgres", "redis"):  # the machine's own, reached as the file asks
        done = stack.healthy(service, env={**stack.env_of("web"), "PGHOST": "127.0.0.1"})
        assert done.returncode == 0, (service, done.stdout, done.stderr)

    web = stack.start("web")
    stack.start("worker")
    stack.start("beat")
    for service, port in (("worker", None), ("beat", None), ("web", web)):
        done = stack.healthy(service, port=port, env=stack.env_of(service))
        assert done.returncode == 0, (
            service, shlex.join(stack.health_command(service, port=port)), done.stdout,
            done.stderr, stack.logs(),
        )  # fmt: skip
        if service == "web":
            assert json.loads(done.stdout)["status"] == "ok"
    # Each web worker reads the segmenter's dictionary as it starts, not in a request.
    log = next(log for name, _process, log in stack.processes if name == "web")
    deadline = time.monotonic() + 60
    while True:
        text = log.read_text()
        booted, ready = text.count("Booting worker"), text.count("text dictionary ready in")
        if (booted >= 1 and ready == booted) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert booted >= 1 and ready == booted, text[-3000:]

    proxy = stack.start_proxy([web])
    done = stack.healthy("proxy", port=proxy["https"], env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, (done.stdout, done.stderr, stack.logs())


def _https(port, path, *, method="GET", headers=None, body=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=60)
    connection.request(method, path, body=body, headers={"Host": PUBLIC_NAME, **(headers or {})})
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def _http(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {"Host": PUBLIC_NAME})
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def _signed_in_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _request_with_a_file():
    from portal.roles import Role
    from services.loop.models import Category, HandlingUnit
    from services.loop.services import submit_request

    firm = EnterpriseFactory(name="蓬莱风电塔筒有限公司")
    owner = UserFactory(username="tower_clerk", roles=[Role.ENTERPRISE_USER])
    MembershipFactory(user=owner, enterprise=firm, is_admin=True)
    other = UserFactory(username="other_clerk", roles=[Role.ENTERPRISE_USER])
    MembershipFactory(user=other, enterprise=EnterpriseFactory(name="另一家企业"))
    unit = HandlingUnit.objects.create(name="企业服务科", kind="department")
    category = Category.objects.create(name="土地与建设", default_unit=unit, time_limit_days=10)
    item = submit_request(
        actor=owner, category_id=category.pk, title="塔筒堆场不足",
        description="厂区面积有限，塔筒发运前无处堆放。",
        files=[SimpleUploadedFile("堆场照片.pdf", PDF, content_type="application/pdf")],
    )  # fmt: skip
    return owner, other, item.attachments.get()


@pytest.mark.worker
def test_the_proxy_terminates_tls_and_sends_files_only_when_the_portal_says_so(stack):
    """Through nginx as deploy/nginx/portal.conf configures it (checked with ``nginx -t``):
    plain HTTP is sent to HTTPS; over HTTPS the portal knows the request is secure (no
    redirect loop, secure cookies); an attachment is sent by nginx after the portal's
    permission check and never by asking nginx for it directly; bodies over the upload
    limit stop at the proxy; /metrics is not reachable through it; the proxy's request id
    is the one the portal logs and answers with."""
    from django.conf import settings

    with as_the_operator(), override_settings(MEDIA_ROOT=stack.media):  # web's and proxy's volume
        owner, other, attachment = _request_with_a_file()
        cookies = {user: _signed_in_cookie(user) for user in (owner, other)}
    web = stack.start("web")
    proxy = stack.start_proxy([web])
    assert "test is successful" in proxy["check"].stderr

    response, _ = _http(proxy["http"], "/requests/")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{PUBLIC_NAME}/requests/"

    response, content = _https(proxy["https"], "/accounts/login/")
    assert response.status == 200, content[:500]
    assert "secure" in response.getheader("Set-Cookie", "").lower()
    assert response.getheader("Strict-Transport-Security")

    # The file: its owner gets its bytes (sent by nginx: the portal's answer had none).
    url = reverse("services:attachment_download", args=[attachment.pk])
    response, content = _https(proxy["https"], url, headers={"Cookie": cookies[owner]})
    assert response.status == 200, stack.logs()
    assert content == PDF
    assert "attachment" in response.getheader("Content-Disposition")
    assert response.getheader("X-Accel-Redirect") is None  # nginx consumed it
    # Another enterprise's user, nobody, and nginx's internal location asked directly: no.
    response, content = _https(proxy["https"], url, headers={"Cookie": cookies[other]})
    assert response.status == 404 and PDF not in content
    response, content = _https(proxy["https"], f"/protected-media/{attachment.file.name}")
    assert response.status == 404 and PDF not in content

    # Bodies: the largest legitimate one passes the proxy, one over it is refused there.
    limit = settings.REQUEST_MAX_TOTAL_MB * 1024 * 1024
    boundary = uuid.uuid4().hex
    for size, refused in ((limit, False), (limit + 2 * 1024 * 1024, True)):
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                f"filename=\"a.pdf\"\r\n\r\n").encode() + b"0" * size + (
                f"\r\n--{boundary}--\r\n").encode()  # fmt: skip
        form = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        response, _ = _https(proxy["https"], "/requests/new/", method="POST", body=body,
                             headers=form)  # fmt: skip
        assert (response.status == 413) is refused, (size, response.status)

    # Metrics: for the operator's network, straight to a replica; never through the proxy.
    response, _ = _https(proxy["https"], "/metrics")
    assert response.status == 404
    response, content = _http(web, "/metrics", headers={"Host": "web:8000"})
    assert response.status == 200
    assert b"portal_requests_open" in content

    # One request id from the proxy to the portal's log and back to the browser.
    response, _ = _https(proxy["https"], "/accounts/login/")
    request_id = response.getheader("X-Request-ID")
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    lines = [json.loads(line) for line in stack.log("web").splitlines() if line.startswith("{")]
    [line] = [x for x in lines if x.get("request_id") == request_id]
    assert (line["path"], line["status"]) == ("/accounts/login/", 200)
    # nginx writes its access line once the response has gone out: the client may read the
    # answer a moment before the line is there.
    access = stack.tmp / "proxy-access.log"
    wait_for(lambda: f'"request_id":"{request_id}"' in access.read_text(), timeout=5)
