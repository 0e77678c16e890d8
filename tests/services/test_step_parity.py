"""Every declared step, through the web page and the API: both accept the same input, refuse
the same bad input with the same messages, and refuse the same people with the same words.

A step declared without a case here fails ``test_every_declared_step_has_a_case``."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from services.loop import steps
from services.loop.models import Attachment, Request

from ..factories import UserFactory
from ..samples import PNG

pytestmark = pytest.mark.django_db

LATER = (timezone.now() + datetime.timedelta(days=60)).isoformat()


def _file():
    return SimpleUploadedFile("现场照片.png", PNG, content_type="image/png")


# step: (state it needs, who takes it, valid input, bad input or None, who may see but not take)
CASES = {
    "withdraw": ("submitted", "user_a", {}, None, "dispatcher"),
    "dispatch": ("submitted", "dispatcher", {"lead_unit": "unit_x"}, {"lead_unit": "x"}, "user_a"),
    "reject": ("submitted", "dispatcher", {"reason": "不在受理范围"}, {"reason": " "}, "user_a"),
    "sign_for": ("dispatched", "handler", {}, None, "user_a"),
    "apply_return": ("dispatched", "handler", {"reason": "不属本单位"}, {"reason": ""}, "user_a"),
    "review_return": (
        "return_pending", "dispatcher", {"decision": "approve"}, {"decision": "maybe"}, "handler"
    ),
    "progress": ("in_progress", "handler", {"note": "已联系", "files": _file}, {"note": ""},
                 "user_a"),
    "apply_extension": (
        "in_progress", "handler", {"reason": "需协调", "requested_deadline": LATER},
        {"reason": "需协调", "requested_deadline": "明天"}, "user_a",
    ),
    "review_extension": (
        "extension_pending", "supervisor", {"decision": "refuse"}, {"decision": ""}, "handler"
    ),
    "resolve": ("in_progress", "handler", {"result": "已解决", "files": _file}, {"result": ""},
                "user_a"),
    "rate": ("resolved", "user_a", {"rating": "satisfied"},
             {"rating": "unsatisfied", "send_back": True}, "dispatcher"),
    "reopen": ("resolved", "user_a", {"comment": "没解决"}, {"comment": ""}, "dispatcher"),
    "supervise": ("dispatched", "supervisor", {"level": "key", "instruction": "尽快办结"},
                  {"level": "x", "instruction": "尽快"}, "handler"),
    "acknowledge": ("notice_open", "handler", {}, None, "user_a"),
    "add_material": ("in_progress", "user_a", {"note": "补充营业执照", "files": _file},
                     {"note": " "}, "handler"),
    "chase": ("overdue", "user_a", {}, None, "handler"),
    "assign": ("dispatched", "handler", {"handler": "handler"}, {"handler": "x"}, "user_a"),
    "reassign": ("in_progress", "handler", {"handler": "colleague", "reason": "分工调整"},
                 {"handler": "colleague", "reason": ""}, "user_a"),
    "apply_pause": ("in_progress", "handler", {"reason": "等待法院裁定"},
                    {"reason": "等待", "until": "昨天"}, "user_a"),
    "review_pause": ("pause_pending", "dispatcher", {"decision": "approve"}, {"decision": "x"},
                     "handler"),
    "resume": ("paused", "dispatcher", {}, {"note": "长" * 2001}, "user_a"),
    "revisit": ("resolved", "dispatcher", {"reached": True, "rating": "satisfied"},
                {"reached": True}, "handler"),
    "merge": ("submitted", "dispatcher", {"into": lambda: Request.objects.earliest("pk").number},
              {"into": "QY209901-99999"}, "supervisor"),
}  # fmt: skip


def test_every_declared_step_has_a_case():
    assert set(CASES) == {step.name for step in steps.STEPS}


@pytest.fixture
def people(user_a, dispatcher, handler, supervisor, unit_x):
    colleague = UserFactory(username="handler2", is_staff=True, roles=["handler"])
    unit_x.handlers.add(colleague)
    return {"user_a": user_a, "dispatcher": dispatcher, "handler": handler,
            "supervisor": supervisor, "unit_x": unit_x, "colleague": colleague}  # fmt: skip


@pytest.fixture
def in_state(submit, people):
    def make(state: str) -> Request:
        item = submit()
        dispatcher, handler = people["dispatcher"], people["handler"]
        if state == "submitted":
            return item
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=people["unit_x"])
        if state == "return_pending":
            steps.apply_return(actor=handler, request_id=item.pk, reason="不属本单位")
        if state == "notice_open":
            steps.supervise_request(
                actor=people["supervisor"], request_id=item.pk, level="key", instruction="督办"
            )
        if state in ("in_progress", "extension_pending", "resolved", "overdue", "pause_pending",
                     "paused"):  # fmt: skip
            steps.sign_for(actor=handler, request_id=item.pk)
        if state in ("pause_pending", "paused"):
            steps.apply_pause(actor=handler, request_id=item.pk, reason="等待法院裁定")
        if state == "paused":
            steps.review_pause(actor=dispatcher, request_id=item.pk, decision="approve")
        if state == "overdue":
            Request.objects.filter(pk=item.pk).update(
                deadline=timezone.now() - datetime.timedelta(hours=1), light="red"
            )
        if state == "extension_pending":
            steps.apply_extension(
                actor=handler, request_id=item.pk, reason="需协调",
                requested_deadline=timezone.now() + datetime.timedelta(days=60),
            )  # fmt: skip
        if state == "resolved":
            steps.resolve_request(actor=handler, request_id=item.pk, result="已答复")
        return Request.objects.get(pk=item.pk)

    return make


def _data(raw: dict, people) -> dict:
    return {
        key: value() if callable(value) else people[value].pk if value in people else value
        for key, value in raw.items()
    }


def _web(client, item, step, data):
    response = client.post(f"/requests/{item.pk}/{step}/", data)
    if response.status_code == 400:
        form = {s: f for s, f, _open in response.context["steps"]}[steps.STEPS[step]]
        return 400, sorted(str(e) for errors in form.errors.values() for e in errors)
    return response.status_code, sorted(str(m) for m in get_messages(response.wsgi_request))


def _api(client, item, step, data):
    url = f"/api/v1/requests/{item.pk}/{step.replace('_', '-')}/"
    if any(hasattr(value, "read") for value in data.values()):
        response = client.post(url, data)  # multipart, as a browser or curl -F sends files
    else:
        response = client.post(url, json.dumps(data), content_type="application/json")
    body = response.json()
    if response.status_code == 400 and "errors" in body:
        messages = [str(e) for errors in body["errors"].values() for e in errors]
        return 400, sorted(messages)
    return response.status_code, [body.get("detail", "")]


def _flat(value):
    return [value] if isinstance(value, str) else value


@pytest.mark.parametrize("name", list(CASES))
def test_web_and_api_accept_and_refuse_alike(name, client, people, in_state):
    state, who, valid, bad, outsider = CASES[name]
    declared = steps.STEPS[name]

    # Someone who sees the request but may not take the step: the same words on both.
    client.force_login(people[outsider])
    item = in_state(state)
    web_status, web_messages = _web(client, item, name, _data(valid, people))
    api_status, api_messages = _api(client, item, name, _data(valid, people))
    assert web_status == 302 and api_status == declared.refusal_status
    assert web_messages == api_messages == [str(declared.refusal)]
    assert Request.objects.get(pk=item.pk).state == item.state

    client.force_login(people[who])
    if bad is not None:
        web = _web(client, item, name, _data(bad, people))
        api = _api(client, item, name, _data(bad, people))
        assert web[0] == api[0] == 400
        assert web[1] == api[1] and web[1], (web, api)
        assert Request.objects.get(pk=item.pk).events.count() == item.events.count()

    # The valid input: the same outcome through both, files included.
    outcomes = []
    for channel in (_web, _api):
        item = in_state(state)
        status, _messages = channel(client, item, name, _data(valid, people))
        assert status in (200, 302), (channel.__name__, status, _messages)
        after = Request.objects.get(pk=item.pk)
        outcomes.append((
            after.state, list(after.events.values_list("step", flat=True))[-1],
            Attachment.objects.filter(request=after).count(),
        ))  # fmt: skip
    assert outcomes[0] == outcomes[1]
    if "files" in valid:
        assert outcomes[0][2] == 1


def test_submitting_takes_the_same_input_on_the_page_and_the_api(client, user_a, category):
    client.force_login(user_a)
    bad = {"category": "x", "title": "", "description": "急需焊工"}
    page = client.post("/requests/new/", bad)
    api = client.post("/api/v1/requests/", bad, content_type="application/json")
    assert page.status_code == api.status_code == 400
    form_errors = sorted(str(e) for errs in page.context["form"].errors.values() for e in errs)
    api_errors = sorted(str(e) for errs in api.json()["errors"].values() for e in errs)
    assert form_errors == api_errors and len(api_errors) == 2
    good = {"category": category.pk, "title": "用工缺口", "description": "急需焊工",
            "files": _file()}  # fmt: skip
    assert client.post("/requests/new/", good).status_code == 302
    assert client.post("/api/v1/requests/", {**good, "files": _file()}).status_code == 201
    assert Attachment.objects.count() == 2
