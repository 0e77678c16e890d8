"""Tests: real PostgreSQL and Redis (from DATABASE_URL / REDIS_URL), fast hashing."""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import REDIS_URL, env

# Test processes run side by side (pytest-xdist's gw0, gw1…): each has its own Redis database
# (cache, broker, beat lock) and Celery queue. The processes a test starts inherit the name
# and land on the same ones.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    if int(XDIST_WORKER[2:]) >= 10:  # 12 and 13 are the production-stack tests' own
        raise ValueError("At most ten test processes: make test PYTEST_WORKERS=8")
    REDIS_URL = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{1 + int(XDIST_WORKER[2:])}"))
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)

DEBUG = False
SECRET_KEY = "test-only-secret-key-with-enough-length-and-variety-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A Celery worker started by a test runs in its own process: it writes mail to files there.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=None)
# Tests use their own Celery queue so a developer's running worker never eats their messages.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default=f"portal-test{XDIST_WORKER}")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Live-server threads must not keep connections that would block dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
