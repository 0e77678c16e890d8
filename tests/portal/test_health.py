from datetime import timedelta

import pytest
from django.utils import timezone

from portal.models import Heartbeat
from portal.tasks import BEAT_HEARTBEAT, stamp_heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_is_green_when_database_redis_and_beat_are_alive(client):
    stamp_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "redis",
        "beat",
    }


def test_healthz_names_redis_when_it_is_unreachable(client, settings):
    stamp_heartbeat()
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["redis"]
    assert "Connection" in body["checks"]["redis"]["error"]


def test_healthz_names_beat_when_the_heartbeat_is_stale(client):
    Heartbeat.objects.create(name=BEAT_HEARTBEAT, stamped_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["beat"]
    assert response.json()["checks"]["beat"]["age_seconds"] >= 600


def test_healthz_names_beat_before_any_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["beat"]


def test_beat_schedule_stamps_the_heartbeat_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["beat-heartbeat"]
    assert entry["task"] == "portal.tasks.stamp_heartbeat"
    assert entry["schedule"] == 60.0
