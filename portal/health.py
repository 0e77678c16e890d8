"""``GET /healthz``: is the database, Redis and the Celery beat scheduler alive?"""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Heartbeat
from .tasks import BEAT_HEARTBEAT


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _check_redis() -> dict:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True}


def heartbeat_age() -> float | None:
    """Seconds since the beat last stamped its heartbeat through a worker; None before the
    first one."""
    stamped = (
        Heartbeat.objects.filter(name=BEAT_HEARTBEAT).values_list("stamped_at", flat=True).first()
    )
    return None if stamped is None else (timezone.now() - stamped).total_seconds()


def _check_beat() -> dict:
    age = heartbeat_age()
    if age is None:
        return {"ok": False, "error": "no heartbeat yet: is celery beat running?"}
    result = {"ok": age <= settings.BEAT_HEARTBEAT_MAX_AGE, "age_seconds": round(age, 1)}
    if not result["ok"]:
        result["error"] = f"last heartbeat {int(age)} s ago"
    return result


CHECKS = {"database": _check_database, "redis": _check_redis, "beat": _check_beat}


@never_cache
@require_GET
def healthz(request):
    checks = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception as exc:  # a health check reports failures, it never raises them
            checks[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    failing = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "ok" if not failing else "fail", "failing": failing, "checks": checks}
    return JsonResponse(body, status=200 if not failing else 503)


class HealthCheckMiddleware:
    """Answers the probes, ``GET /healthz`` and ``/metrics``, before anything asks for the
    request's host name: the container's health check, a load balancer and Prometheus reach
    a replica by its address, not by the public name ALLOWED_HOSTS lists, and must not be
    turned away with a 400. Every other path goes through the whole stack, host check
    included. Before everything but the request id and the request metrics in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method == "GET":
            return healthz(request)
        if request.path == "/metrics":
            from .metrics import metrics

            return metrics(request)
        return self.get_response(request)
