"""Logs an operator can search: one JSON object a line, each carrying the id of the web
request it belongs to, and that id carried on into the Celery tasks the request queues.

The id comes from the proxy (``X-Request-ID``, nginx's ``$request_id``) or is made here; it
goes back to the browser in the response's ``X-Request-ID`` header, so a user who reports a
problem can be matched with its lines in the web and worker logs alike.
"""

import contextvars
import logging
import re
import time
import uuid

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# What a proxy may hand over: nginx's 32 hex digits, a UUID, another tracer's id.
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Probes would drown everything else: their answers are not logged.
_QUIET_PATHS = frozenset({"/healthz", "/metrics"})

log = logging.getLogger("portal.request")
# Record attributes left out of the line unless the format names them.
# "request" (on Django's lines) is the request object: its id is what the line needs.
_RESERVED = [*RESERVED_ATTRS, "taskName", "request"]


def current_request_id() -> str:
    return REQUEST_ID.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (empty outside a request or a task)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            # Django's own line about a failed request is written after the middleware has
            # returned: the id is read from the request it names.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or REQUEST_ID.get()
        return True


class PortalJsonFormatter(JsonFormatter):
    """python-json-logger's formatter with the fields every line has, in a fixed order."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*_RESERVED, "color_message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__("%(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs)


class RequestIdMiddleware:
    """Gives the request its id, answers with it, and logs one line per request (method,
    path, status, time taken, who asked). First in MIDDLEWARE, so every line of the
    request, the health check's included, carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _ACCEPTED_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if request.path not in _QUIET_PATHS:
                user = getattr(request, "user", None)
                log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                        "user_id": user.pk if user is not None and user.is_authenticated else None,
                    },
                )
            return response
        finally:
            REQUEST_ID.reset(token)


def logging_config(level: str, fmt: str) -> dict:
    """Django's LOGGING: ``fmt`` is "json" (production) or "plain" (a developer's terminal).
    Celery's worker and beat log through the same handlers (they do not take over the root
    logger, see CELERY_WORKER_HIJACK_ROOT_LOGGER)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "portal.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "portal.logs.PortalJsonFormatter"},
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # One line per request is written by RequestIdMiddleware; Django's own line for
            # a 4xx would say the same thing again.
            "django.request": {"level": "ERROR"},
            "celery.app.trace": {"level": level},
        },
    }
