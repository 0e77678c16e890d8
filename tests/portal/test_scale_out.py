"""Past one machine: two web replicas, two workers and two beats of docker-compose.yml on one
PostgreSQL and one Redis, with nothing changed but how many run. A reception-day reminder
run (started by the beat, then run again by several workers at once) reaches every contact
once; a burst of the same steps through both replicas is applied once per request; the
logs follow a step's request id into the task that sends its notifications, and the
metrics any replica shows count what the workers did."""

import http.client
import json
import re
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from email import message_from_string, policy

import pytest
from django.utils import timezone

from ..factories import EnterpriseFactory, MembershipFactory, UserFactory
from .stack import PUBLIC_NAME, Stack, as_the_operator

CONTACTS = 12
REQUESTS = 6
TRIES_EACH = 4  # the same sign-for sent four times per request, two through each replica


@pytest.fixture
def stack(transactional_db, tmp_path, image):
    started = Stack(tmp_path, static_root=image / "staticfiles", redis_db=12)
    yield started
    started.stop()


def _park():
    """A reception day tomorrow, its host, enterprise contacts, submitted requests, a
    dispatcher and a handling unit with its handler."""
    from django.test import Client

    from portal.roles import Role
    from services.loop.models import Category, HandlingUnit
    from services.loop.services import submit_request
    from services.reception.models import ReceptionDay

    contacts = []
    for n in range(CONTACTS):
        user = UserFactory(username=f"contact{n}", email=f"contact{n}@firm.example.cn",
                           roles=[Role.ENTERPRISE_USER])  # fmt: skip
        MembershipFactory(user=user, enterprise=EnterpriseFactory(name=f"蓬莱第{n}企业"))
        contacts.append(user)
    host = UserFactory(username="host", email="host@park.example.cn", is_staff=True,
                       roles=[Role.SUPERVISOR])  # fmt: skip
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    ReceptionDay.objects.create(month=tomorrow.strftime("%Y-%m"), date=tomorrow, host=host,
                                place="党群服务中心二楼")  # fmt: skip
    handler = UserFactory(username="handler", email="handler@park.example.cn", is_staff=True,
                          roles=[Role.HANDLER])  # fmt: skip
    unit = HandlingUnit.objects.create(name="企业服务科", kind="department")
    unit.handlers.add(handler)
    category = Category.objects.create(name="土地与建设", default_unit=unit, time_limit_days=10)
    requests = [
        submit_request(
            actor=contacts[n],
            category_id=category.pk,
            title=f"堆场不足 {n}",
            description="厂区面积有限，塔筒发运前无处堆放。",
        )
        for n in range(REQUESTS)
    ]
    dispatcher = UserFactory(username="dispatcher", is_staff=True, roles=[Role.DISPATCHER])
    sessions = {}
    for user in (dispatcher, handler):
        client = Client()
        client.force_login(user)
        sessions[user.username] = client.cookies["sessionid"].value
    return contacts, handler, unit, requests, sessions


def _post(port, path, body, session):
    """A POST as the proxy hands it on: over HTTPS, from the portal's own page."""
    token = secrets.token_hex(16)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("POST", path, body=json.dumps(body), headers={
        "Host": PUBLIC_NAME, "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7",
        "Content-Type": "application/json", "Referer": f"https://{PUBLIC_NAME}/",
        "Cookie": f"sessionid={session}; csrftoken={token}", "X-CSRFToken": token,
    })  # fmt: skip
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response.status, response.getheader("X-Request-ID"), content


def _wait(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.5)


def _mails(folder) -> list:
    messages = []
    for path in folder.iterdir():
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                messages.append(message_from_string(chunk.strip(), policy=policy.default))
    return messages


@pytest.mark.worker
def test_two_of_everything_on_one_database_and_redis(stack):
    from portal.models import Notification
    from services.loop.choices import State
    from services.loop.models import Request, RequestEvent

    with as_the_operator():
        contacts, handler, unit, requests, sessions = _park()

    webs = [stack.start("web", name=f"web{n}") for n in (1, 2)]
    for n in (1, 2):
        stack.start("worker", name=f"worker{n}")
    for n in (1, 2):
        stack.start("beat", name=f"beat{n}")

    # The reminder run: the beat that holds the lock sends it as it starts; the other beat
    # waits for the lock (alive, scheduling nothing).
    def reminded():
        return Notification.objects.filter(kind="reception_reminder").count() >= CONTACTS

    _wait(reminded, 90, "no reminder run: " + stack.logs())
    holding = [n for n in (1, 2) if "holds the beat lock" in stack.log(f"beat{n}")]
    assert len(holding) == 1, stack.logs()

    # The same run again, four times at once, on both workers (an hourly tick overlapping a
    # restart, a rerun by hand): nobody is reminded twice.
    from portal.celery import app

    with app.connection_for_write(stack.redis_url) as connection:
        for _ in range(4):
            app.send_task("services.reception.tasks.send_reception_reminders",
                          connection=connection, queue="portal")  # fmt: skip

    # Every request dispatched, through one replica or the other, all at once.
    def dispatch(n_item):
        n, item = n_item
        path = f"/api/v1/requests/{item.pk}/dispatch/"
        return item.pk, *_post(webs[n % 2], path, {"lead_unit": unit.pk}, sessions["dispatcher"])

    with ThreadPoolExecutor(max_workers=6) as pool:
        dispatched = list(pool.map(dispatch, enumerate(requests)))
    assert [status for _pk, status, _id, _body in dispatched] == [200] * REQUESTS, dispatched

    # The burst: the handler's sign-for sent four times per request (a double click, a
    # retry), through both replicas at once. Each request is signed for once.
    jobs = [(webs[t % 2], r.pk) for r in requests for t in range(TRIES_EACH)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(
            lambda job: (job[1], *_post(job[0], f"/api/v1/requests/{job[1]}/sign-for/", {},
                                        sessions["handler"])),
            jobs,
        ))  # fmt: skip
    for pk in (r.pk for r in requests):
        codes = sorted(status for rpk, status, _id, _body in answers if rpk == pk)
        assert codes.count(200) == 1, (pk, codes, [a[3][:300] for a in answers if a[0] == pk])
        assert all(400 <= c < 500 for c in codes if c != 200), codes  # refused, not broken
    for item in Request.objects.filter(pk__in=[r.pk for r in requests]):
        assert item.state == State.IN_PROGRESS
        assert RequestEvent.objects.filter(request=item, step="dispatch").count() == 1
        assert RequestEvent.objects.filter(request=item, step="sign_for").count() == 1

    # Everything queued has run: the queue is empty and every notification is sent on.
    import redis

    queue = redis.Redis.from_url(stack.redis_url)
    undelivered = Notification.objects.filter(delivered_at__isnull=True).exclude(channels=[])
    _wait(lambda: queue.llen("portal") == 0 and not undelivered.exists(), 90,
          "notifications not delivered: " + stack.logs())  # fmt: skip

    reminders = Notification.objects.filter(kind="reception_reminder")
    assert sorted(reminders.values_list("recipient__username", flat=True)) == sorted(
        c.username for c in contacts
    )
    mails = _mails(stack.mail)
    reminder_subject = reminders.first().title
    to = sorted(str(m["To"]) for m in mails if m["Subject"] == reminder_subject)
    assert to == sorted(c.email for c in contacts)  # each contact mailed exactly once
    handler_mail = [m for m in mails if str(m["To"]) == handler.email]
    assert len(handler_mail) == REQUESTS  # one "dispatched to your unit" per request

    # The request id of a successful dispatch, in the worker's lines of the task it queued.
    request_id = dispatched[0][2]
    worker_lines = [
        json.loads(line)
        for n in (1, 2)
        for line in (stack.tmp / f"worker{n}.log").read_text().splitlines()
        if line.startswith("{")
    ]
    carried = [x for x in worker_lines if x.get("request_id") == request_id]
    assert carried and any("deliver_notifications" in x["message"] for x in carried), carried

    # Any replica's metrics count what the workers did.
    connection = http.client.HTTPConnection("127.0.0.1", webs[1], timeout=30)
    connection.request("GET", "/metrics", headers={"Host": "web:8000"})
    text = connection.getresponse().read().decode()
    assert f'portal_notifications_total{{kind="reception_reminder"}} {float(CONTACTS)}' in text
    sent = re.search(
        r'portal_celery_task_wait_seconds_count\{task="portal.tasks.deliver_notifications"\} '
        r"([\d.]+)", text
    )  # fmt: skip
    assert sent and float(sent.group(1)) >= 1, text[-3000:]
    assert f'portal_requests_open{{light="green"}} {float(REQUESTS)}' in text
