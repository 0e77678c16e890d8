"""A fresh install has its coming reception days as soon as the beat starts, not six hours
later when the periodic task first comes round."""

import pytest

from services.reception.models import ReceptionDay

from ..conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_coming_reception_days_exist_once_the_beat_has_started(celery_processes):
    assert not ReceptionDay.objects.exists()
    celery_processes.worker()
    celery_processes.beat()
    wait_for(lambda: ReceptionDay.objects.count() == 3, timeout=60)
