"""Databases made once per version of the code and copied where a test needs one.

Migrating an empty database takes over a minute and seeding the demo park half a minute more;
the suite needs a migrated database per test process and seeded ones for the tests that run
``manage.py`` as an operator would. Each is made once, as a template named after a digest of
the code that shapes it, and copied with ``CREATE DATABASE … TEMPLATE`` (a second or two).
A template is made under a temporary name and renamed when complete, so a run that was
stopped half-way never leaves a broken one behind; an advisory lock lets one test process
make it while the others wait. Templates of older code are dropped when a new one is made."""

import contextlib
import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "alliances", "services", "talent")
PREFIX = "tpl_"
LOCK_KEY = 73_500_118  # pg_advisory_lock: one maker of templates at a time, any process
DEMO_PASSWORD = "migration-check-1"


def code_digest() -> str:
    """Every file of the apps (models, migrations, the demo and its data): a change to any of
    them may change the schema or the demo rows."""
    digest = hashlib.sha256()
    for app in APPS:
        files = (p for p in (ROOT / app).rglob("*") if p.is_file() and p.suffix != ".pyc")
        for path in sorted(files):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def connection_params(settings_dict) -> dict:
    return {
        "host": settings_dict["HOST"] or None, "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"], "password": settings_dict["PASSWORD"] or None,
    }  # fmt: skip


def database_url(settings_dict, name: str) -> str:
    host = (settings_dict["HOST"] or "").replace("/", "%2F")
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{settings_dict['USER']}{password}@{host}{port}/{name}"


def manage(url, *args, check=True, **env_overrides):
    """``manage.py`` in its own process on the database at ``url``, with the test settings;
    returns the finished process (its success asserted when ``check``)."""
    env = {
        **os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DEMO_PASSWORD": DEMO_PASSWORD, **env_overrides,
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=900,
    )  # fmt: skip
    if check:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


class Templates:
    """The templates on the server the settings name: ``migrated()`` and ``seeded()`` return
    a template's name, made if missing; ``copy(template)`` a new database made from it."""

    def __init__(self, settings_dict):
        self.settings_dict = settings_dict
        self.params = connection_params(settings_dict)
        self.digest = code_digest()

    def connect(self, dbname="postgres"):
        conn = psycopg2.connect(dbname=dbname, **self.params)
        conn.autocommit = True
        return conn

    def url(self, name: str) -> str:
        return database_url(self.settings_dict, name)

    def _exists(self, cursor, name) -> bool:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None

    def _ensure(self, kind: str, make) -> str:
        name = f"{PREFIX}{kind}_{self.digest}"
        with contextlib.closing(self.connect()) as admin, admin.cursor() as cursor:
            if self._exists(cursor, name):
                return name
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
            try:
                if self._exists(cursor, name):  # another process made it while we waited
                    return name
                building = f"{PREFIX}building_{uuid.uuid4().hex[:8]}"
                try:
                    make(cursor, building)
                    cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
                finally:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                self._drop_stale(cursor, kind, name)
                return name
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])

    def _drop_stale(self, cursor, kind, keep):
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [f"{PREFIX}{kind}_%", keep],
        )
        for (stale,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')

    def migrated(self) -> str:
        """The schema at the head of every app's migrations, with the roles made."""

        def make(cursor, building):
            cursor.execute(f'CREATE DATABASE "{building}"')
            manage(self.url(building), "migrate", "--no-input")

        return self._ensure("migrated", make)

    def seeded(self) -> str:
        """The migrated schema with the demo park (``seed_demo``; every demo account's
        password is ``DEMO_PASSWORD``)."""
        source = self.migrated()

        def make(cursor, building):
            cursor.execute(f'CREATE DATABASE "{building}" TEMPLATE "{source}"')
            manage(self.url(building), "seed_demo", "--force")

        return self._ensure("seeded", make)

    def copy(self, template: str | None = None) -> str:
        """A new database, empty or made from ``template``; the caller drops it."""
        name = f"scratch_{uuid.uuid4().hex[:8]}"
        with contextlib.closing(self.connect()) as admin, admin.cursor() as cursor:
            source = f' TEMPLATE "{template}"' if template else ""
            cursor.execute(f'CREATE DATABASE "{name}"{source}')
        return name

    def drop(self, name: str) -> None:
        with contextlib.closing(self.connect()) as admin, admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
