"""The Celery application: broker and schedule come from Django settings (CELERY_*)."""

import os
import time

from celery import Celery
from celery.signals import (
    beat_init,
    before_task_publish,
    task_postrun,
    task_prerun,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

# Every task runs in a history context naming it (portal/history.py).
app = Celery("portal", task_cls="portal.history:HistoryTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _run_at_start(sender, **kwargs):
    """An interval task first runs one interval after the beat starts: the heartbeat, and
    whatever a fresh install needs at once (the coming reception days), run now instead
    (``CELERY_BEAT_AT_START``)."""
    from django.conf import settings

    for name in settings.CELERY_BEAT_AT_START:
        sender.app.send_task(name, expires=55)


# --- What an operator sees of the tasks (portal/logs.py, portal/metrics.py) -------------


@before_task_publish.connect
def _stamp_message(headers=None, **kwargs):
    """The id of the web request (if any) that queues a task travels in the message, with
    the time it was queued."""
    from .logs import current_request_id

    if headers is None:
        return
    request_id = current_request_id()
    if request_id:
        headers.setdefault("request_id", request_id)
    headers.setdefault("queued_at", time.time())


_started: dict[str, tuple[float, object]] = {}


@task_prerun.connect
def _task_starts(task_id=None, task=None, **kwargs):
    from . import metrics
    from .logs import REQUEST_ID

    queued_at = getattr(task.request, "queued_at", None)
    if queued_at:
        metrics.observe("portal_celery_task_wait_seconds", time.time() - queued_at,
                        task=task.name)  # fmt: skip
    token = REQUEST_ID.set(getattr(task.request, "request_id", None) or REQUEST_ID.get())
    _started[task_id] = (time.monotonic(), token)


@task_postrun.connect
def _task_ends(task_id=None, task=None, state=None, **kwargs):
    from . import metrics
    from .logs import REQUEST_ID

    started, token = _started.pop(task_id, (None, None))
    if token is not None:
        REQUEST_ID.reset(token)
    if started is not None:
        metrics.observe("portal_celery_task_run_seconds", time.monotonic() - started,
                        task=task.name)  # fmt: skip
    metrics.count("portal_celery_tasks", task=task.name, outcome=(state or "UNKNOWN").lower())
