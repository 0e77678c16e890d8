"""Reception-day reminders: exactly once per day, recipient and kind."""

import datetime

import pytest
from django.utils import timezone

from portal.models import Notification
from portal.roles import Role
from services.reception import services as reception
from services.reception.models import ReceptionDay

from ..conftest import wait_for
from ..factories import EnterpriseFactory, MembershipFactory, UserFactory


def _contact():
    user = UserFactory(roles=[Role.ENTERPRISE_USER])
    MembershipFactory(user=user, enterprise=EnterpriseFactory())
    return user


@pytest.mark.django_db
def test_week_before_day_before_and_morning(supervisor, handler, unit_x):
    contacts = [_contact() for _ in range(3)]
    day = ReceptionDay.objects.create(
        month="2026-12", date=datetime.date(2026, 12, 8), host=supervisor
    )
    day.departments.add(unit_x)

    def kinds(user):
        return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))

    assert reception.send_due_reminders(today=datetime.date(2026, 12, 1)) == 3
    assert reception.send_due_reminders(today=datetime.date(2026, 12, 1)) == 0  # rerun: nothing
    assert kinds(contacts[0]) == ["reception_reminder"]

    day.bookings.create(
        enterprise=contacts[0].enterprise_membership.enterprise, booked_by=contacts[0],
        topic="堆场", attendees="衣骏飞", status="booked",
    )  # fmt: skip
    reception.send_due_reminders(today=datetime.date(2026, 12, 7))
    reception.send_due_reminders(today=datetime.date(2026, 12, 7))
    assert kinds(contacts[1]) == ["reception_reminder", "reception_reminder"]  # week + eve
    sheet = Notification.objects.get(recipient=supervisor, kind="reception_sheet_ready")
    assert "堆场" in sheet.body
    assert Notification.objects.filter(recipient=handler, kind="reception_sheet_ready").count() == 1

    reception.send_due_reminders(today=datetime.date(2026, 12, 8))
    reception.send_due_reminders(today=datetime.date(2026, 12, 8))
    assert Notification.objects.filter(recipient=contacts[0], kind="reception_today").count() == 1
    assert not Notification.objects.filter(recipient=contacts[1], kind="reception_today").exists()


@pytest.mark.django_db
def test_a_cancelled_day_sends_nothing():
    _contact()
    ReceptionDay.objects.create(
        month="2026-12", date=datetime.date(2026, 12, 8), status="cancelled"
    )
    assert reception.send_due_reminders(today=datetime.date(2026, 12, 1)) == 0


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_running_the_task_twice_reminds_once(celery_worker):
    from services.reception.tasks import send_reception_reminders

    contacts = [_contact() for _ in range(4)]
    in_a_week = timezone.localdate() + datetime.timedelta(days=7)
    ReceptionDay.objects.create(month=in_a_week.strftime("%Y-%m"), date=in_a_week)
    send_reception_reminders.delay()
    send_reception_reminders.delay()  # beat fired twice
    wait_for(lambda: Notification.objects.filter(kind="reception_reminder").count() >= 4)
    # both runs finished before counting: the second one found nothing left to send
    wait_for(lambda: celery_worker.log_path.read_text().count("send_reception_reminders") >= 4)
    for user in contacts:
        assert Notification.objects.filter(recipient=user, kind="reception_reminder").count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_is_replaced_and_nobody_is_reminded_twice(celery_processes):
    """The worker dies after the first batch of recipients was committed and while the second
    is being written; the broker hands the unacknowledged task to the next worker, which
    reminds the rest and nobody twice, in the portal or by e-mail."""
    from django.db import connection, transaction

    from services.reception.tasks import send_reception_reminders

    contacts = [_contact() for _ in range(9)]
    in_a_week = timezone.localdate() + datetime.timedelta(days=7)
    day = ReceptionDay.objects.create(month=in_a_week.strftime("%Y-%m"), date=in_a_week)
    # Batches of three; a task a dead worker held comes back after three seconds.
    env = {"REMINDER_BATCH_SIZE": "3", "CELERY_VISIBILITY_TIMEOUT": "3"}
    reminders = Notification.objects.filter(kind="reception_reminder")

    first = celery_processes.worker(env)
    with transaction.atomic():
        # An uncommitted reminder for the first recipient of the second batch makes the
        # worker's insert of that batch wait for this transaction: it stops mid-batch.
        blocker = Notification.objects.create(
            recipient=contacts[3], kind="reception_reminder", title="-",
            dedupe_key=f"reception:{day.pk}:{day.date}:contacts:week",
        )  # fmt: skip
        send_reception_reminders.delay()
        wait_for(lambda: reminders.exclude(pk=blocker.pk).count() == 3)  # first batch in

        def worker_waits_on_the_lock():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                return cursor.fetchone()[0]

        wait_for(worker_waits_on_the_lock)
        first.kill()  # SIGKILL: no goodbye, the task stays unacknowledged
        first.wait()
        transaction.set_rollback(True)
    assert reminders.count() == 3  # the half-written second batch was rolled back

    second = celery_processes.worker(env)
    wait_for(lambda: reminders.count() == 9, timeout=30)
    wait_for(lambda: not reminders.filter(delivered_at__isnull=True).exists(), timeout=30)
    assert "send_reception_reminders" in second.log_path.read_text()  # it was redelivered
    for user in contacts:
        assert reminders.filter(recipient=user).count() == 1
    addressed = [
        line.split(":", 1)[1].strip()
        for message in second.mail_dir.iterdir()
        for line in message.read_text().splitlines()
        if line.startswith("To:")
    ]
    assert sorted(addressed) == sorted(user.email for user in contacts)
