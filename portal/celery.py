"""The Celery application: broker and schedule come from Django settings (CELERY_*)."""

import os

from celery import Celery
from celery.signals import beat_init

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
