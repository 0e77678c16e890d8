"""Databases of their own for tests that run ``manage.py`` as an operator would."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scratch_databases():
    """Makes databases of their own, dropped afterwards: ``make()`` gives (DATABASE_URL,
    connect)."""
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"] or None, "port": settings["PORT"] or None,
        "user": settings["USER"], "password": settings["PASSWORD"] or None,
    }  # fmt: skip

    def connect(dbname):
        conn = psycopg2.connect(dbname=dbname, **params)
        conn.autocommit = True
        return conn

    admin = connect("postgres")
    made = []

    def make():
        name = f"scratch_{uuid.uuid4().hex[:8]}"
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        host = (settings["HOST"] or "").replace("/", "%2F")
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        port = f":{settings['PORT']}" if settings["PORT"] else ""
        url = f"postgres://{settings['USER']}{password}@{host}{port}/{name}"
        return url, lambda: connect(name)

    try:
        yield make
    finally:
        for name in made:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def scratch_database(scratch_databases):
    """One database of its own: (DATABASE_URL, connect)."""
    return scratch_databases()


def manage(url, *args, check=True, **env_overrides):
    """``manage.py`` in its own process on the database at ``url``; returns the finished
    process (its output asserted when ``check``)."""
    env = {
        **os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DEMO_PASSWORD": "migration-check-1", **env_overrides,
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    if check:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


@pytest.fixture(scope="session")
def image(tmp_path_factory):
    """The Dockerfile's build step, run once: a copy of the project as the image holds it."""
    from .test_container import build

    return build(tmp_path_factory.mktemp("image"))
