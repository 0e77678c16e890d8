"""Named users of every role, a real Celery worker, and Chromium for browser journeys."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from portal.roles import Role

from .databases import Templates
from .factories import EnterpriseFactory, MembershipFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# test around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


# --- Databases ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def database_templates():
    """The migrated and seeded templates (tests/databases.py) on the test server."""
    from django.db import connection

    return Templates(connection.settings_dict)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, database_templates, django_db_blocker
):
    """Each test process's database is a copy of the migrated template: one migration per
    version of the code, not one per process and run."""
    from django.conf import settings

    with django_db_blocker.unblock():
        template = database_templates.migrated()
    settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = template


@pytest.fixture
def scratch_databases(database_templates):
    """Databases of their own for a test that runs ``manage.py`` as an operator would,
    dropped afterwards: ``make(template=None)`` gives (DATABASE_URL, connect), the database
    empty or a copy of a template (``database_templates.migrated()`` or ``.seeded()``)."""
    made = []

    def make(template=None):
        name = database_templates.copy(template)
        made.append(name)
        return database_templates.url(name), lambda: database_templates.connect(name)

    yield make
    for name in made:
        database_templates.drop(name)


@pytest.fixture
def scratch_database(scratch_databases):
    """One empty database of its own: (DATABASE_URL, connect)."""
    return scratch_databases()


@pytest.fixture
def seeded_database(scratch_databases, database_templates):
    """A database of its own holding the migrated schema and the demo park, as ``migrate``
    and ``seed_demo --force`` leave it: (DATABASE_URL, connect)."""
    return scratch_databases(database_templates.seeded())


@pytest.fixture(autouse=True)
def _fresh_user_cache():
    """Each test starts with no cached roles, permissions, unread counts or home figures:
    user ids repeat from one test database to the next, the cache outlives them."""
    from portal.registry import forget_cached_blocks
    from portal.usercache import _bump_version
    from services.loop.selectors import FILTER_CHOICES, QUEUES_STAMP

    _bump_version()
    forget_cached_blocks()
    for stamp in (QUEUES_STAMP, FILTER_CHOICES):
        stamp._bump_now()  # a rolled-back test leaves no signal behind


@pytest.fixture
def firm_a(db):
    return EnterpriseFactory(name="蓬坞合金有限公司")


@pytest.fixture
def firm_b(db):
    return EnterpriseFactory(name="大金海洋重工有限公司")


@pytest.fixture
def user_a(firm_a):
    """An enterprise user (and administrator) of firm A."""
    user = UserFactory(username="firm_a_user", phone="13800001111", roles=[Role.ENTERPRISE_USER])
    MembershipFactory(user=user, enterprise=firm_a, is_admin=True)
    return user


@pytest.fixture
def user_b(firm_b):
    user = UserFactory(username="firm_b_user", phone="13800002222", roles=[Role.ENTERPRISE_USER])
    MembershipFactory(user=user, enterprise=firm_b)
    return user


@pytest.fixture
def dispatcher(db):
    return UserFactory(username="dispatcher1", is_staff=True, roles=[Role.DISPATCHER])


@pytest.fixture
def handler(db):
    return UserFactory(username="handler1", is_staff=True, roles=[Role.HANDLER])


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor1", is_staff=True, roles=[Role.SUPERVISOR])


@pytest.fixture
def park_admin(db):
    return UserFactory(username="parkadmin1", is_staff=True, roles=[Role.PARK_ADMIN])


# --- A real Celery worker -------------------------------------------------------------------


def _database_url(settings_dict) -> str:
    host = quote(settings_dict["HOST"] or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{settings_dict['USER']}{password}@{host}{port}/{settings_dict['NAME']}"


class CeleryProcesses:
    """Starts Celery workers and beats in their own processes, on the test database and the
    real Redis; each consumes the test queue and writes mail as files to ``mail_dir``."""

    def __init__(self, tmp_path):
        from django.conf import settings
        from django.db import connection

        self.tmp_path = tmp_path
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": _database_url(connection.settings_dict),
            "REDIS_URL": settings.REDIS_URL,
            "CONN_MAX_AGE": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
        }
        self.started = []

    def _start(self, args, ready, env, name):
        log_path = self.tmp_path / f"{name}-{len(self.started)}.log"
        with open(log_path, "w") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "portal", *args],
                cwd=ROOT, env={**self.env, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        proc.log_path, proc.mail_dir = log_path, self.mail_dir
        self.started.append(proc)
        if ready:
            deadline = time.monotonic() + 60
            while ready not in log_path.read_text():
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"celery {args[0]} did not start:\n{log_path.read_text()}")
                time.sleep(0.2)
        return proc

    def worker(self, env=None):
        name = f"test-{uuid.uuid4().hex[:8]}@%h"
        args = [
            "worker", "--pool=solo", "--loglevel=INFO", "-n", name, "-Q", self.queue,
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        return self._start(args, "ready.", env, "worker")

    def beat(self, env=None, wait_until_ready=True):
        schedule = self.tmp_path / f"beat-{len(self.started)}"
        args = ["beat", "--loglevel=INFO", f"--schedule={schedule}"]
        ready = "holds the beat lock as" if wait_until_ready else None
        return self._start(args, ready, env, "beat")

    def stop_all(self):
        for proc in self.started:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.started:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def celery_processes(transactional_db, tmp_path):
    from portal.celery import app

    app.control.purge()
    processes = CeleryProcesses(tmp_path)
    yield processes
    processes.stop_all()
    app.control.purge()


@pytest.fixture
def celery_worker(celery_processes):
    """A Celery worker in its own process; mail it sends lands in ``celery_worker.mail_dir``."""
    return celery_processes.worker()


def wait_for(predicate, timeout=20.0, interval=0.1):
    """Poll until predicate() is truthy; return its value or fail after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")


# --- Chromium through Playwright -------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


# Tests that take minutes each (see the run's slowest durations): migrating across old
# versions, the production stack (one group, in one process), and every screen in Chromium
# with the accessibility check.
LONGEST_FIRST = (
    "tests/portal/test_migrations.py", "tests/portal/test_container.py",
    "tests/portal/test_home_weight.py", "tests/portal/test_scale_out.py",
    "tests/services/test_browser_screens.py",
)  # fmt: skip


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Without Chromium a developer's run skips the browser journeys; CI never does. The tests
    of the production stack (the ``image`` fixture) run one after another in one test process
    (``--dist loadgroup``): the image is built once, and their Redis databases are theirs."""
    for item in items:
        if "image" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("production-stack"))
    # The longest first, so that no process is left with one of them at the end of the run.
    items.sort(key=lambda item: next(
        (rank for rank, name in enumerate(LONGEST_FIRST) if name in item.nodeid),
        len(LONGEST_FIRST),
    ))  # fmt: skip
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A park user's browser asks for Chinese.
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture
def signed_in(browser, live_server):
    """A new zh-CN browser page signed in as the given user (the test factories' password)."""
    from .factories import PASSWORD

    def open_page(username):
        page = browser.new_context(locale="zh-CN").new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("用户名或手机号").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        return page

    return open_page


@pytest.fixture
def generated_api(live_server, tmp_path):
    """The package openapi-python-client generates from the live server's schema
    (tests/clients.py): the client a bank's or another system's developer would write."""
    from .clients import generated_client

    with generated_client(live_server.url, tmp_path) as package:
        yield package


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
