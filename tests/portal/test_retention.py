"""Logs are kept for their configured period and then purged; younger rows stay."""

import datetime

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

from portal.models import PersonalDataRead
from portal.tasks import purge_security_logs
from services.finance.models import Bank, BankAccessLog
from services.finance.tasks import purge_bank_access_log

pytestmark = pytest.mark.django_db


def _aged(model, field, days, **values):
    row = model.objects.create(**values)
    model.objects.filter(pk=row.pk).update(**{field: timezone.now() - datetime.timedelta(days)})
    return row


def test_sign_in_logs_go_after_six_months_and_reads_after_three_years(park_admin):
    access = {"user_agent": "x", "ip_address": "127.0.0.1", "username": "user:1",
              "http_accept": "", "path_info": "/accounts/login/"}  # fmt: skip
    old_log = _aged(AccessLog, "attempt_time", 200, **access)
    new_log = _aged(AccessLog, "attempt_time", 100, **access)
    old_failure = _aged(AccessFailureLog, "attempt_time", 190, locked_out=False, **access)
    read = {"reader": park_admin, "subject": "用户: 王芳", "fields": "phone", "url": "/admin/"}
    kept_read = _aged(PersonalDataRead, "read_at", 400, **read)
    old_read = _aged(PersonalDataRead, "read_at", 3 * 365 + 10, **read)

    assert settings.LOG_RETENTION_DAYS == 183
    done = purge_security_logs.apply().get()
    assert done["access_logs"] == 1 and done["access_failures"] == 1
    assert done["personal_data_reads"] == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [new_log.pk]
    assert not AccessLog.objects.filter(pk=old_log.pk).exists()
    assert not AccessFailureLog.objects.filter(pk=old_failure.pk).exists()
    assert list(PersonalDataRead.objects.values_list("pk", flat=True)) == [kept_read.pk]
    assert not PersonalDataRead.objects.filter(pk=old_read.pk).exists()


def test_the_bank_access_log_follows_the_configured_period(settings):
    settings.LOG_RETENTION_DAYS = 30
    bank = Bank.objects.create(name="蓬莱农商银行", short_name="农商")
    row = {"bank": bank, "method": "GET", "path": "/api/v1/bank/needs/", "status_code": 200}
    for days in (10, 29, 31, 400):
        _aged(BankAccessLog, "at", days, **row)
    assert purge_bank_access_log.apply().get() == 2
    assert BankAccessLog.objects.count() == 2


def test_both_purges_are_on_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "portal.tasks.purge_security_logs" in tasks
    assert "services.finance.tasks.purge_bank_access_log" in tasks
