"""Schemathesis over the whole /api/v1/, as a dispatcher's session, an enterprise user's
session and a bank's key, with every check Schemathesis has: whatever it sends, the API never
answers 5xx, answers only documented codes and content types, and every body matches the
published schema."""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS, load_all_checks

from portal.models import Notification
from services.finance import actions
from services.finance.models import BankAPIKey
from services.loop import steps

from ..finance.conftest import bank_a, bank_b, post_need  # noqa: F401 - fixtures

load_all_checks()
# Every check, except those that need state Schemathesis cannot set up from one call: valid
# input to a step is refused with 409 when the request is not in that step's state.
SKIPPED = {"positive_data_acceptance", "use_after_free", "ensure_resource_availability",
           "max_response_time"}  # fmt: skip
ALL_CHECKS = [check for check in CHECKS.get_all() if check.__name__ not in SKIPPED]


@pytest.fixture
def api_schema(db):
    """The schema served by the app itself; calls go to the app in this process."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    # As Django's test client does: keep the test's connection (and transaction) open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _session_headers(user) -> dict:
    client = Client()  # one each: signing another user in on the same client ends the session
    client.force_login(user)
    token = _get_new_csrf_string()
    session = client.session
    assert session[SESSION_KEY] == str(user.pk)
    return {
        "headers": {"X-CSRFToken": token},
        "cookies": {
            django_settings.SESSION_COOKIE_NAME: session.session_key,
            django_settings.CSRF_COOKIE_NAME: token,
        },
    }


@pytest.fixture
def principals(settings, user_a, user_b, dispatcher, handler, unit_x, submit, bank_a):  # noqa: F811
    settings.BANK_API_RATE = "100000/min"
    for user in (user_a, user_b):
        need = post_need(user)
        actions.give_consent(actor=user, need_id=need.pk, to_all_banks=True)
    item = submit()
    steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    submit(title="待受理")
    Notification.objects.create(recipient=user_a, kind="message", title="通知", body="")
    key = BankAPIKey.objects.create_key(bank=bank_a, name="schemathesis")[1]
    return {
        "dispatcher": _session_headers(dispatcher),
        "enterprise user": _session_headers(user_a),
        "bank": {"headers": {"X-Api-Key": key}},
    }


def test_the_whole_api_conforms_to_its_schema_for_every_kind_of_caller(api_schema, principals):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 38
    # The callers really are who they say: sessions (with CSRF on writes) and the key work.
    me = api_schema["/api/v1/me/"]["GET"]
    read_all = api_schema["/api/v1/notifications/read-all/"]["POST"]
    needs = api_schema["/api/v1/bank/needs/"]["GET"]
    answer = me.Case().call(**principals["dispatcher"])
    assert answer.json().get("username") == "dispatcher1", (answer.status_code, answer.text)
    assert read_all.Case().call(**principals["enterprise user"]).status_code == 200
    assert len(needs.Case().call(**principals["bank"]).json()["results"]) == 2
    for who, credentials in principals.items():
        for operation in operations:
            try:
                _run(operation, credentials)
            except Exception as failure:
                raise AssertionError(f"as {who}: {operation.label}") from failure


def _run(operation, credentials):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=8, deadline=None, database=None, derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )  # fmt: skip
    def run(case):
        case.call_and_validate(**credentials, checks=ALL_CHECKS)

    run()
