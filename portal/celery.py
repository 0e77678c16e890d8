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
def _heartbeat_at_start(sender, **kwargs):
    """An interval task first runs one interval after start; stamp at once instead."""
    sender.app.send_task("portal.tasks.stamp_heartbeat", expires=55)
