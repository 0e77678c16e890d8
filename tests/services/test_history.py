"""Every change on record: whoever makes it, through the admin, the API, the bank API, a
Celery task or a command, the change records say who and how; staff read them in the admin;
staff reads of unmasked personal data are logged."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from portal.models import PersonalDataRead
from services.loop import steps
from services.loop.models import Category, Request

from ..finance.conftest import bank_client, make_bank, offer_body, post_need

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def _last_change(model, pk):
    """The newest change record of one row, with its context."""
    return model.history.rel.related_model.objects.filter(pgh_obj_id=pk).order_by("-pgh_id").first()


def test_an_admin_edit_names_the_admin_and_the_page(client, park_admin, category):
    client.force_login(park_admin)
    url = f"/admin/services/category/{category.pk}/change/"
    response = client.post(url, {
        "name": "土地与规划", "default_unit": category.default_unit_id, "time_limit_days": 12,
        "green_limit_days": 3, "order": 0, "is_active": "on",
    })  # fmt: skip
    assert response.status_code == 302
    record = _last_change(Category, category.pk)
    assert (record.pgh_label, record.name, record.time_limit_days) == ("update", "土地与规划", 12)
    context = record.pgh_context.metadata
    assert context["user"] == park_admin.pk and context["via"] == "admin"
    assert context["url"] == url


def test_an_api_step_names_the_dispatcher_and_the_api(client, submit, dispatcher, unit_x):
    item = submit()
    client.force_login(dispatcher)
    response = client.post(
        f"/api/v1/requests/{item.pk}/dispatch/", {"lead_unit": unit_x.pk},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200
    record = _last_change(Request, item.pk)
    assert (record.state, record.lead_unit_id) == ("dispatched", unit_x.pk)
    assert record.pgh_context.metadata["user"] == dispatcher.pk
    assert record.pgh_context.metadata["via"] == "api"


def test_a_bank_offer_names_the_bank_and_its_key(user_a, settings):
    from services.finance import actions
    from services.finance.models import BankAPIKey, Offer

    bank = make_bank("蓬莱农村商业银行")
    key, raw = BankAPIKey.objects.create_key(bank=bank, name="core")
    need = post_need(user_a)
    actions.give_consent(actor=user_a, need_id=need.pk, to_all_banks=True)
    response = bank_client(raw).post("/api/v1/bank/offers/", offer_body(need), format="json")
    assert response.status_code == 201, response.content
    record = _last_change(Offer, response.json()["id"])
    assert record.pgh_label == "insert"
    context = record.pgh_context.metadata
    assert (context["bank"], context["api_key"], context["via"]) == (bank.pk, key.prefix, "api")


def test_a_task_names_itself(submit, dispatcher, handler, unit_x, time_machine):
    from services.loop.tasks import sweep_requests

    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC))
    item = submit()
    steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=item.pk)
    steps.resolve_request(actor=handler, request_id=item.pk, result="已解决")
    time_machine.move_to(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC))
    sweep_requests.apply()  # through Celery's task machinery, as the worker runs it
    record = _last_change(Request, item.pk)
    assert (record.state, record.rating) == ("closed", "not_rated")
    assert record.pgh_context.metadata["via"] == "task"
    assert record.pgh_context.metadata["task"] == "services.loop.tasks.sweep_requests"


def test_a_step_taken_in_code_still_names_its_actor(submit, dispatcher, unit_x):
    item = submit()
    steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    assert _last_change(Request, item.pk).pgh_context.metadata["user"] == dispatcher.pk


@pytest.mark.django_db(transaction=True)
def test_a_change_from_the_shell_names_the_command(submit, dispatcher, unit_x):
    from django.db import connection

    from tests.conftest import _database_url

    item = submit()
    code = (
        "from portal.models import User; from services.loop import steps; "
        "from services.loop.models import HandlingUnit; "
        f"steps.dispatch_request(actor=User.objects.get(pk={dispatcher.pk}), "
        f"request_id={item.pk}, lead_unit=HandlingUnit.objects.get(pk={unit_x.pk}))"
    )
    env = {**os.environ, "DATABASE_URL": _database_url(connection.settings_dict),
           "DJANGO_SETTINGS_MODULE": "portal.settings.test"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    context = _last_change(Request, item.pk).pgh_context.metadata
    assert (context["via"], context["command"], context["user"]) == (
        "command", "shell", dispatcher.pk,
    )  # fmt: skip


def test_staff_read_an_objects_changes_in_the_admin(client, park_admin, supervisor, handler,
                                                    category):  # fmt: skip
    category.time_limit_days = 15
    category.save()
    url = f"/admin/portal/changerecord/?method=tracks&obj=services.Category:{category.pk}"
    client.force_login(park_admin)
    page = client.get(url)
    assert page.status_code == 200
    assert "15" in page.content.decode() and "update" in page.content.decode()
    change_form = client.get(f"/admin/services/category/{category.pk}/change/").content.decode()
    assert "/admin/portal/changerecord/?method=tracks" in change_form
    client.force_login(supervisor)
    assert client.get(url).status_code == 200
    client.force_login(handler)
    assert client.get(url).status_code == 403


def test_unmasked_personal_data_read_by_staff_is_logged(client, park_admin, firm_a):
    firm_a.contact_mobile = "13812345678"
    firm_a.save()
    client.force_login(park_admin)
    page = client.get(f"/admin/alliances/enterprise/{firm_a.pk}/change/").content.decode()
    assert "13812345678" in page
    read = PersonalDataRead.objects.get()
    assert (read.reader, read.fields) == (park_admin, "contact_mobile")
    assert firm_a.name in read.subject and read.read_at <= timezone.now()
    assert client.get("/admin/portal/personaldataread/").status_code == 200


def test_the_request_page_shows_its_change_record_to_dispatchers_only(
    client, submit, dispatcher, user_a, unit_x
):
    item = submit()
    steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    client.force_login(dispatcher)
    page = client.get(f"/requests/{item.pk}/")
    record = page.context["change_record"]
    assert [change["label"] for change in record] == ["update", "insert"]
    assert record[0]["who"] == dispatcher.get_full_name()
    assert ("state", ["submitted", "dispatched"]) in record[0]["diff"]
    assert 'data-testid="change-record"' in page.content.decode()
    client.force_login(user_a)
    assert 'data-testid="change-record"' not in client.get(f"/requests/{item.pk}/").content.decode()
