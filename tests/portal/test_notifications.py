import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Notification
from portal.notifications import UnknownKind, notify
from portal.tasks import deliver_notifications

from ..conftest import wait_for
from ..factories import UserFactory


@pytest.mark.django_db
def test_notify_twice_with_the_same_key_stores_one_row_and_sends_one_email(
    user_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = notify(recipients=[user_a], kind="welcome", dedupe_key="welcome")
        second = notify(recipients=[user_a], kind="welcome", dedupe_key="welcome")
    assert len(first) == 1
    assert second == []
    assert Notification.objects.filter(recipient=user_a).count() == 1
    # after commit: the bell's count is dropped once, delivery queued once
    assert len(callbacks) == 2

    deliver_notifications(first)
    deliver_notifications(first)  # a rerun of the task sends nothing more
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user_a.email]
    assert "欢迎" in mail.outbox[0].subject


@pytest.mark.django_db
def test_dedupe_key_is_per_recipient(user_a, user_b):
    notify(recipients=[user_a], kind="welcome", dedupe_key="k1")
    created = notify(recipients=[user_a, user_b], kind="welcome", dedupe_key="k1")
    assert len(created) == 1
    assert Notification.objects.get(pk=created[0]).recipient == user_b


@pytest.mark.django_db
def test_without_a_key_every_call_notifies(user_a):
    notify(recipients=[user_a], kind="message", context={"subject": "A", "body": "x"})
    notify(recipients=[user_a], kind="message", context={"subject": "A", "body": "x"})
    assert Notification.objects.filter(recipient=user_a).count() == 2


@pytest.mark.django_db
def test_notification_speaks_the_recipients_language(user_a):
    user_a.language = "en"
    user_a.save()
    [pk] = notify(recipients=[user_a], kind="welcome")
    notification = Notification.objects.get(pk=pk)
    assert notification.title == "Welcome to the park party-service portal"
    assert "your account" in notification.body


@pytest.mark.django_db
def test_unknown_kind_is_refused(user_a):
    with pytest.raises(UnknownKind):
        notify(recipients=[user_a], kind="no-such-kind")


@pytest.mark.django_db
def test_sms_channel_goes_through_the_adapter(user_a, caplog, monkeypatch):
    from portal import notifications

    kind = notifications.Kind(
        code="test_sms", title="Test", body_template="notifications/message.txt",
        channels=("sms",),
    )  # fmt: skip
    monkeypatch.setitem(notifications.KINDS, "test_sms", kind)
    ids = notify(recipients=[user_a], kind="test_sms", context={"body": "hi"})
    with caplog.at_level("INFO", logger="portal.messaging"):
        deliver_notifications(ids)
    assert "sms message to 138****1111" in caplog.text
    assert "13800001111" not in caplog.text


@pytest.mark.django_db
def test_bell_shows_the_unread_count_and_mark_read_clears_it(client, user_a):
    notify(recipients=[user_a], kind="message", context={"subject": "第一条", "body": "正文"})
    notify(recipients=[user_a], kind="message", context={"subject": "第二条", "body": "正文"})
    client.force_login(user_a)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">2<' in page

    inbox = client.get(reverse("notifications")).content.decode()
    assert "第一条" in inbox and "第二条" in inbox

    response = client.post(reverse("notifications_mark_read"))
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count"' not in page


@pytest.mark.django_db
def test_one_user_cannot_read_or_open_anothers_notifications(client, user_a, user_b):
    [pk] = notify(recipients=[user_b], kind="message", context={"subject": "B 的消息"})
    client.force_login(user_a)
    assert "B 的消息" not in client.get(reverse("notifications")).content.decode()
    assert client.post(reverse("notification_open", args=[pk])).status_code == 404
    client.post(reverse("notifications_mark_read"), {"id": [pk]})
    assert Notification.objects.get(pk=pk).read_at is None


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_follows_the_link(client, user_a):
    [pk] = notify(
        recipients=[user_a], kind="message", context={"subject": "看看"}, url="/enterprise/"
    )
    client.force_login(user_a)
    response = client.post(reverse("notification_open", args=[pk]))
    assert response["Location"] == "/enterprise/"
    assert Notification.objects.get(pk=pk).read_at is not None


@pytest.mark.django_db
def test_open_never_redirects_off_site(client, user_a):
    [pk] = notify(
        recipients=[user_a], kind="message", context={"subject": "x"}, url="https://evil.example/"
    )
    client.force_login(user_a)
    assert client.post(reverse("notification_open", args=[pk]))["Location"] == reverse(
        "notifications"
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_each_notification_once(celery_worker):
    user = UserFactory(email="liaison@example.cn")
    first = notify(recipients=[user], kind="welcome", dedupe_key="welcome")
    again = notify(recipients=[user], kind="welcome", dedupe_key="welcome")
    assert again == []

    delivered = wait_for(
        lambda: Notification.objects.filter(pk=first[0], delivered_at__isnull=False).exists()
    )
    assert delivered
    # The task queued once more (a redelivery) must not send a second e-mail.
    deliver_notifications.delay(first).get(timeout=20)
    messages = list(celery_worker.mail_dir.iterdir())
    assert len(messages) == 1
    text = messages[0].read_text()
    assert "liaison@example.cn" in text
    assert Notification.objects.filter(recipient=user).count() == 1
