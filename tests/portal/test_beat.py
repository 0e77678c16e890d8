"""Only one Celery beat runs: a second one finds the lock held and exits with an error."""

import time

import pytest
import redis
from django.conf import settings

from portal.beat import lock_name

from ..conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_second_beat_refuses_to_run_and_a_later_one_takes_over(celery_processes):
    first = celery_processes.beat()
    holder = redis.Redis.from_url(settings.REDIS_URL).get(lock_name()).decode()
    assert f":{first.pid}:" in holder

    second = celery_processes.beat(wait_until_ready=False)
    assert second.wait(timeout=60) != 0
    log = second.log_path.read_text()
    assert "another celery beat holds the lock" in log and holder in log
    assert first.poll() is None  # the first one keeps running

    first.terminate()
    first.wait(timeout=30)
    assert redis.Redis.from_url(settings.REDIS_URL).get(lock_name()) is None  # released
    third = celery_processes.beat()
    assert third.poll() is None


def test_the_beat_renews_its_lock_while_it_runs(celery_processes):
    client = redis.Redis.from_url(settings.REDIS_URL)
    celery_processes.beat(env={"BEAT_LOCK_TTL": "6"})
    # Without renewal the 6-second lock would be gone after 6 s; the beat keeps it alive.
    wait_for(lambda: client.pttl(lock_name()) > 0)
    time.sleep(8)
    assert client.get(lock_name()) is not None
    assert 0 < client.pttl(lock_name()) <= 6000
