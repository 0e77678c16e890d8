"""Settings shared by every environment, read from the environment (12-factor)."""

import datetime
from pathlib import Path
from urllib.parse import unquote

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from portal.logs import logging_config
from portal.sentry import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is a convenience for developers; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin: its templates add "Events" (the change records) to each object.
    "pghistory.admin",
    "django.contrib.admin",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_api_key",
    "portal.axes_app.AxesConfig",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "django_prometheus",
    "import_export",
    "pgtrigger",
    "pghistory",
    "portal",
    "alliances",
    "services.loop",
    "services.reception",
    "services.finance",
    "services.market",
    "services.teams",
    "services.center",
    "talent",
]

MIDDLEWARE = [
    # Every log line of a request, and of the tasks it queues, carries the request's id.
    "portal.logs.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The probes (/healthz, /metrics) are answered by address, before the host name is checked.
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every change a request makes is recorded with who made it and through which page.
    "portal.history.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content Security Policy: scripts, styles, fonts and images from the portal only.
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# No inline script or style anywhere (behaviours live in static/js/portal.js); nothing is
# loaded from another origin; the portal is never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/portal")
}
# A Unix-socket host arrives percent-encoded in the URL (postgres://u@%2Fpath/db).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"] or "")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

CACHES = {
    "default": {
        "BACKEND": "portal.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal",
    }
}

# --- Accounts ----------------------------------------------------------------
# Sessions are read from the cache and written through to the database (nothing is lost
# when Redis restarts).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "portal.User"
# django-axes first: it refuses a sign-in while the account is locked out from this address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.backends.UsernameOrPhoneBackend",
]
# Sign-in throttling: after LOGIN_FAILURE_LIMIT wrong passwords for one account from one
# address, that account is locked there for LOGIN_COOLOFF_MINUTES; a success resets it.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind the TLS proxy (docker-compose.yml) every request comes from the proxy's address:
# the client's is the one the proxy writes in X-Forwarded-For (it replaces what a client
# sent there, deploy/nginx/portal.conf). Only set this where nothing reaches the portal but
# through such a proxy.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_USERNAME_CALLABLE = "portal.backends.sign_in_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.views.locked_out"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time -------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files live on this machine's disk (MEDIA_ROOT) unless MEDIA_STORAGE=s3: then in
# an S3-compatible bucket (MinIO, a cloud's object storage), which every web host shares.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            # Files are private: the portal reads them and hands them over after its own
            # permission check; nothing in the bucket is public or overwritten.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# With files on local disk behind nginx: the portal checks who may download a file, then
# hands the sending to nginx with X-Accel-Redirect to this internal location (empty: the
# portal streams the file itself, e.g. when no proxy is in front).
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT", default="")

# --- Mail and outbound messages ---------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="党群服务中心 <noreply@penglai-park.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Dotted paths of the SMS and WeChat adapters; the logging backends only write a log line.
SMS_BACKEND = env("SMS_BACKEND", default="portal.messaging.LoggingBackend")
WECHAT_BACKEND = env("WECHAT_BACKEND", default="portal.messaging.LoggingBackend")

# --- Celery ------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="portal")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task held by a worker that died goes back to the queue after this many seconds. Keep it
# well above CELERY_TASK_TIME_LIMIT so that a slow task is never handed to a second worker.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
}
# django-celery-beat's database scheduler, guarded so that only one beat runs (portal/beat.py).
CELERY_BEAT_SCHEDULER = "portal.beat:SingleBeatScheduler"
# The beat lock expires this many seconds after a beat stops renewing it (a crash); a second
# beat waits up to BEAT_LOCK_WAIT seconds for it before giving up.
BEAT_LOCK_TTL = env.int("BEAT_LOCK_TTL", default=60)
BEAT_LOCK_WAIT = env.int("BEAT_LOCK_WAIT", default=0)
# Sent once when the beat starts, not one interval later (portal/celery.py): a restart
# neither leaves the heartbeat stale nor holds back reminders due today for an hour.
CELERY_BEAT_AT_START = [
    "portal.tasks.stamp_heartbeat",
    "services.reception.tasks.create_reception_days",
    "services.reception.tasks.send_reception_reminders",
]
# Defined here in code; django-celery-beat's scheduler copies it into its tables at start.
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {
        "task": "portal.tasks.stamp_heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "reception-days-ahead": {
        "task": "services.reception.tasks.create_reception_days",
        "schedule": 6 * 3600.0,
        "options": {"expires": 3600},
    },
    "reception-reminders": {
        "task": "services.reception.tasks.send_reception_reminders",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "venue-booking-reminders": {
        "task": "services.center.tasks.remind_bookings",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "center-event-reminders": {
        "task": "services.center.tasks.remind_events",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "lecture-reminders": {
        "task": "talent.tasks.remind_sessions",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "bank-response-reminders": {
        "task": "services.finance.tasks.remind_unanswered_banks",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "bank-idempotency-purge": {
        "task": "services.finance.tasks.purge_idempotency_records",
        "schedule": 24 * 3600.0,
        "options": {"expires": 3600},
    },
    "request-sweep": {
        "task": "services.loop.tasks.sweep_requests",
        "schedule": 15 * 60.0,
        "options": {"expires": 14 * 60},
    },
    "security-log-retention": {
        "task": "portal.tasks.purge_security_logs",
        "schedule": 24 * 3600.0,
        "options": {"expires": 3600},
    },
    "bank-access-log-retention": {
        "task": "services.finance.tasks.purge_bank_access_log",
        "schedule": 24 * 3600.0,
        "options": {"expires": 3600},
    },
    "unconfirmed-imports": {
        "task": "portal.tasks.forget_unconfirmed_imports",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "request-orphan-files": {
        "task": "services.loop.tasks.remove_orphan_uploads",
        "schedule": 24 * 3600.0,
        "options": {"expires": 3600},
    },
    # What similar requests and the dispatch suggestion learn from the day's requests.
    "refit-text": {
        "task": "services.loop.tasks.refit_text",
        "schedule": crontab(hour=3, minute=10),
        "options": {"expires": 3 * 3600},
    },
}
# The nightly backup (portal.tasks.nightly_backup): on in production (compose), where it
# writes, and how many days of backups are kept.
BACKUP_NIGHTLY = env.bool("BACKUP_NIGHTLY", default=False)
BACKUP_DIR = env("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups"))
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=14)
if BACKUP_NIGHTLY:
    CELERY_BEAT_SCHEDULE["nightly-backup"] = {
        "task": "portal.tasks.nightly_backup",
        # 02:30 local time, when nobody works on the portal; an hour late is still useful.
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 3600},
    }
# Scheduled reminders go out in batches of this many recipients, one transaction each.
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=500)
# /healthz calls the scheduler stale after this many seconds without a heartbeat.
BEAT_HEARTBEAT_MAX_AGE = env.int("BEAT_HEARTBEAT_MAX_AGE", default=180)

# --- REST API ----------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.CreatedCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["portal.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.PortalAutoSchema",
    # API clients send JSON; the steps that carry files also take multipart.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "portal.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Fernet keys for personal data stored encrypted (portal/crypto.py), newest first. Empty in
# development and tests: a key is then derived from SECRET_KEY. Production requires them.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
# The key of the blind indexes that let encrypted mobile numbers be found (sign-in by mobile).
# Derived from SECRET_KEY in development and tests; production requires one of its own.
FIELD_HASH_KEY = env("FIELD_HASH_KEY", default="")

# Calls per key to the partner-bank API (DRF rate: "600/min", "20/s", ...).
BANK_API_RATE = env("BANK_API_RATE", default="600/min")
# How long a bank's Idempotency-Key is remembered (a retry after that creates anew).
IDEMPOTENCY_DAYS = env.int("IDEMPOTENCY_DAYS", default=7)
# How long logs are kept (docs/personal-data.md): the bank access log and the sign-in logs
# six months; staff reads of personal data three years (the PIPL's record-keeping term).
LOG_RETENTION_DAYS = env.int("LOG_RETENTION_DAYS", default=183)
PERSONAL_DATA_READ_RETENTION_DAYS = env.int("PERSONAL_DATA_READ_RETENTION_DAYS", default=3 * 365)

SPECTACULAR_SETTINGS = {
    "TITLE": "Penglai Park Party-Service Portal API",
    "DESCRIPTION": "REST API of the park party-service center. Partner banks call "
    "`/api/v1/bank/` with their API key in the `X-Api-Key` header (`Authorization: Api-Key "
    "<key>` works too), see docs/banks.md. Signed-in users call the portal endpoints with "
    "their session cookie; a session call that changes something (POST, PATCH) must also send "
    "the `csrftoken` cookie's value in an `X-CSRFToken` header, as Django requires. Errors are "
    "JSON `{detail, code}` (and `errors` per field on 400) in every operation.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Named here, so that enums sharing a field name keep one name in every language.
    "ENUM_NAME_OVERRIDES": {
        "RequestStateEnum": "services.loop.choices.State",
        "ChannelEnum": "services.loop.choices.Channel",
        "IntakeChannelEnum": "services.loop.choices.INTAKE_CHANNELS",
        "RatingEnum": "services.loop.choices.Rating",
        "GivenRatingEnum": "services.loop.choices.REVISIT_RATINGS",
        "OrderStateEnum": "services.market.choices.OrderState",
        "StarsEnum": "services.market.choices.Stars",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.postprocess",
    ],
}

# --- History of changes (portal/history.py) ----------------------------------

# Reads change nothing: only writing requests open a history context.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# The admin's "Events" list shows who changed what, when and how.
PGHISTORY_ADMIN_MODEL = "portal.ChangeRecord"
PGHISTORY_ADMIN_LIST_DISPLAY = [
    "pgh_created_at", "pgh_label", "pgh_obj_model", "pgh_obj_id", "user", "via", "url", "pgh_diff",
]  # fmt: skip

# --- Forms -------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging -----------------------------------------------------------------

# One JSON object a line in production (LOG_FORMAT=json), with the request id everywhere
# (portal/logs.py); plain lines in a developer's terminal.
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)
# The worker and beat log through LOGGING too, instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Metrics and error reports -----------------------------------------------

# /metrics answers these addresses only (the operator's Prometheus reaches a replica
# directly on the internal network); never what comes through the public proxy.
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])
# Errors go to Sentry (or a compatible service, e.g. GlitchTip) when a DSN is given.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Absolute address of the portal, for links in e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Excel import and export -------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True  # a confirmed import is all rows or none
# Spreadsheet imports (portal/imports.py): the largest file and the most rows one may hold.
IMPORT_MAX_MB = env.int("IMPORT_MAX_MB", default=5)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "change"  # exports carry full contact numbers

# --- The request closed loop ---------------------------------------------------
REQUEST_RATING_WINDOW_DAYS = env.int("REQUEST_RATING_WINDOW_DAYS", default=7)
# The service center calls the enterprise within this many working days of resolution (回访).
REQUEST_REVISIT_DAYS = env.int("REQUEST_REVISIT_DAYS", default=5)
# The revisit queue lists the requests resolved in the last this many days (not the years
# before the portal kept revisits).
REQUEST_REVISIT_QUEUE_DAYS = env.int("REQUEST_REVISIT_QUEUE_DAYS", default=30)
REQUEST_YELLOW_AT = env.float("REQUEST_YELLOW_AT", default=0.8)  # share of the time used
REQUEST_MAX_UPLOAD_MB = env.int("REQUEST_MAX_UPLOAD_MB", default=10)
# All files of one request together, and how many one step may carry.
REQUEST_MAX_TOTAL_MB = env.int("REQUEST_MAX_TOTAL_MB", default=40)
REQUEST_MAX_FILES = env.int("REQUEST_MAX_FILES", default=10)
# The most requests one ledger export (xlsx, written while the browser waits) may hold:
# about four seconds of writing; beyond it the staff are asked to narrow the filters.
LEDGER_MAX_ROWS = env.int("LEDGER_MAX_ROWS", default=20_000)
