"""The beat scheduler: django-celery-beat's database scheduler that refuses to run beside
another beat.

Two beats would send every periodic task twice. The tasks are idempotent, but the guard
keeps it from happening at all: a beat holds a lock in Redis while it runs, renews it on
every tick, and releases it when it stops. A second beat waits ``BEAT_LOCK_WAIT`` seconds
for the lock (so a restart after a crash takes over once the dead beat's lock expires) and
then exits with an error naming the holder.
"""

import os
import socket
import uuid

import redis
from celery.utils.log import get_logger
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler
from redis.exceptions import LockError

logger = get_logger(__name__)


def lock_name() -> str:
    """One lock per task queue: deployments sharing a Redis on other queues do not clash."""
    return f"{settings.CELERY_TASK_DEFAULT_QUEUE}:celery-beat"


class AnotherBeatIsRunning(RuntimeError):
    pass


def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=5, socket_timeout=5)


class SingleBeatScheduler(DatabaseScheduler):
    def setup_schedule(self):
        name = lock_name()
        self._lock = _client().lock(name, timeout=settings.BEAT_LOCK_TTL, thread_local=False)
        token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        if not self._lock.acquire(blocking_timeout=settings.BEAT_LOCK_WAIT, token=token):
            holder = self._lock.redis.get(name)
            holder = holder.decode() if holder else "unknown"
            raise AnotherBeatIsRunning(
                f"another celery beat holds the lock {name!r} ({holder}); only one beat may run"
            )
        try:
            super().setup_schedule()
        except BaseException:  # stopped or failed while starting: let another beat start
            self._lock.release()
            raise
        self._ticked = False

    def tick(self, *args, **kwargs):
        try:
            self._lock.reacquire()
        except LockError as exc:
            raise AnotherBeatIsRunning(
                f"this beat lost the lock {lock_name()!r} (was it paused longer than "
                f"{settings.BEAT_LOCK_TTL} s?); stopping so that only one beat runs"
            ) from exc
        if not self._ticked:
            self._ticked = True
            token = self._lock.local.token
            token = token.decode() if isinstance(token, bytes) else token
            logger.info("beat is running and holds the beat lock as %s", token)
        # Wake often enough to renew the lock well before it expires.
        return min(super().tick(*args, **kwargs), settings.BEAT_LOCK_TTL / 3)

    def close(self):
        try:
            super().close()
        finally:
            lock = getattr(self, "_lock", None)
            if lock is not None and lock.owned():
                lock.release()
