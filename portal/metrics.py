"""Prometheus metrics at ``/metrics``, for the operator's network only.

Three sources, one page:

- django-prometheus: requests, responses and their latency per view, from every gunicorn
  worker (multiprocess mode when ``PROMETHEUS_MULTIPROC_DIR`` is set, see gunicorn.conf.py);
- counts kept in Redis by whichever process did the work, so that what Celery workers and
  beat do is seen from the web: tasks run and failed, how long they waited in the queue and
  ran, notifications created by kind (the reminders among them);
- figures read when scraped: the Celery queue's depth, and what the apps add
  (``registry.metric_sources``: open requests by warning light...).

The page is answered before the host name is checked (the scraper reaches a replica by its
address) and only to addresses in ``METRICS_ALLOWED_NETWORKS``; a request that came through
the proxy (it carries ``X-Forwarded-For``) is refused whatever its address.
"""

import ipaddress
import logging
import os
from functools import cache

import redis
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from .registry import registry

log = logging.getLogger(__name__)

KEY = "portal:metrics"
# Seconds: a task waits for a worker, then runs. The last bucket is the task time limit.
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)
_SEP = "\x1f"


@cache
def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)


def _field(name: str, labels: dict) -> str:
    return _SEP.join([name, *(f"{k}={v}" for k, v in sorted(labels.items()))])


def _parse(field: bytes) -> tuple[str, dict]:
    name, *pairs = field.decode().split(_SEP)
    return name, dict(pair.split("=", 1) for pair in pairs)


def count(name: str, amount: float = 1, **labels) -> None:
    """Adds to a counter shared by every process. Never raises: a metric lost to a Redis
    hiccup must not fail the work it counts."""
    try:
        _client().hincrbyfloat(f"{KEY}:counters", _field(name, labels), amount)
    except redis.RedisError as exc:
        log.warning("metric %s not counted: %s", name, exc)


def observe(name: str, seconds: float, **labels) -> None:
    """Adds one observation to a histogram shared by every process."""
    seconds = max(0.0, seconds)
    try:
        pipe = _client().pipeline(transaction=False)
        key = f"{KEY}:histograms"
        pipe.hincrbyfloat(key, _field(name, {**labels, "_": "sum"}), seconds)
        pipe.hincrby(key, _field(name, {**labels, "_": "count"}), 1)
        for bound in BUCKETS:
            if seconds <= bound:
                pipe.hincrby(key, _field(name, {**labels, "_": "le", "le": bound}), 1)
        pipe.execute()
    except redis.RedisError as exc:
        log.warning("metric %s not observed: %s", name, exc)


COUNTERS = {
    "portal_celery_tasks": ("Celery tasks finished, by task and outcome.", ["task", "outcome"]),
    "portal_notifications": (
        "Notifications created, by kind (reception-day and deadline reminders among them).",
        ["kind"],
    ),
}
HISTOGRAMS = {
    "portal_celery_task_wait_seconds": ("Time a task waited in the queue.", ["task"]),
    "portal_celery_task_run_seconds": ("Time a task ran.", ["task"]),
}


class PortalCollector:
    """Reads the shared counts and the live figures when scraped."""

    def collect(self):
        client = _client()
        yield from self._counters(client.hgetall(f"{KEY}:counters"))
        yield from self._histograms(client.hgetall(f"{KEY}:histograms"))
        depth = GaugeMetricFamily(
            "portal_celery_queue_length", "Tasks waiting in the Celery queue.", labels=["queue"]
        )
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        depth.add_metric([queue], client.llen(queue))
        yield depth
        yield self._heartbeat()
        for source in registry.metric_sources:
            yield from source()

    def _heartbeat(self):
        """Seconds since the beat's last heartbeat (none yet: no sample, which the alert
        rules read as silence too)."""
        from .health import heartbeat_age

        family = GaugeMetricFamily(
            "portal_beat_heartbeat_age_seconds",
            "Seconds since Celery beat last stamped its heartbeat (through a worker).",
        )
        age = heartbeat_age()
        if age is not None:
            family.add_metric([], age)
        return family

    def _counters(self, values):
        families = {
            name: CounterMetricFamily(name, doc, labels=labels)
            for name, (doc, labels) in COUNTERS.items()
        }
        for field, value in sorted(values.items()):
            name, labels = _parse(field)
            if name in families:
                family_labels = COUNTERS[name][1]
                families[name].add_metric([labels.get(k, "") for k in family_labels], float(value))
        yield from families.values()

    def _histograms(self, values):
        series: dict[tuple, dict] = {}
        for field, value in values.items():
            name, labels = _parse(field)
            if name not in HISTOGRAMS:
                continue
            part = labels.pop("_")
            bound = labels.pop("le", None)
            key = (name, tuple(labels.get(k, "") for k in HISTOGRAMS[name][1]))
            entry = series.setdefault(key, {"buckets": {}, "sum": 0.0, "count": 0})
            if part == "le":
                entry["buckets"][float(bound)] = int(value)
            elif part == "sum":
                entry["sum"] = float(value)
            else:
                entry["count"] = int(value)
        families = {
            name: HistogramMetricFamily(name, doc, labels=labels)
            for name, (doc, labels) in HISTOGRAMS.items()
        }
        for (name, label_values), entry in sorted(series.items()):
            buckets = [(str(b), entry["buckets"].get(b, 0)) for b in BUCKETS]
            buckets.append(("+Inf", entry["count"]))
            families[name].add_metric(list(label_values), buckets, entry["sum"])
        yield from families.values()


_portal_registry = CollectorRegistry(auto_describe=False)
_portal_registry.register(PortalCollector())


@cache
def _allowed_networks():
    return [ipaddress.ip_network(n, strict=False) for n in settings.METRICS_ALLOWED_NETWORKS]


def may_scrape(request) -> bool:
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False  # came through the public proxy
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _allowed_networks())


def metrics(request):
    """The exposition page. A refusal looks like any unknown address (404)."""
    if request.method != "GET" or not may_scrape(request):
        return HttpResponseNotFound()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    body = generate_latest(processes) + generate_latest(_portal_registry)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
