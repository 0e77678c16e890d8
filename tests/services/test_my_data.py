"""A person sees and downloads what the portal holds about them, and asks for its deletion;
a park administrator decides; carrying it out anonymises what need not be kept and says
what is kept and why."""

import io
import json

import openpyxl
import pytest
from django.db import connection

from portal.models import ErasureRequest, Notification
from portal.privacy import decide
from services.loop.models import Request

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(user_a, user_b, category):
    from services.loop import services

    mine = services.submit_request(actor=user_a, category_id=category.pk, title="塔筒堆场不足",
                                   description="厂区面积有限")  # fmt: skip
    theirs = services.submit_request(actor=user_b, category_id=category.pk, title="别家的诉求",
                                     description="不该看到")  # fmt: skip
    Notification.objects.create(recipient=user_a, kind="message", title="欢迎使用", body="")
    return mine, theirs


def test_the_page_shows_what_is_held_about_me_and_nobody_else(client, user_a, story):
    mine, theirs = story
    client.force_login(user_a)
    html = client.get("/me/data/").content.decode()
    assert "13800001111" in html  # one's own mobile, in full
    assert mine.number in html and "塔筒堆场不足" in html
    assert theirs.number not in html and "别家的诉求" not in html
    assert "欢迎使用" in html
    assert user_a.enterprise_membership.enterprise.name in html


def test_downloads_hold_the_same_in_json_and_excel(client, user_a, story):
    mine, _theirs = story
    client.force_login(user_a)
    data = json.loads(client.get("/me/data/export.json").content)
    sections = {s["key"]: s["rows"] for s in data["sections"]}
    assert sections["account"][0]["手机号"] == "13800001111"
    assert [r["编号"] for r in sections["requests"]] == [mine.number]
    book = openpyxl.load_workbook(io.BytesIO(client.get("/me/data/export.xlsx").content))
    assert "您提交的诉求" in book.sheetnames
    assert client.get("/me/data/export.exe").status_code == 404


def test_deletion_carried_out_anonymises_and_keeps_what_must_be_kept(
    client, user_a, park_admin, story
):
    mine, _theirs = story
    client.force_login(user_a)
    client.post("/me/data/erase/", {"reason": "已离职"})
    again = client.post("/me/data/erase/", {"reason": "再次申请"}, follow=True)
    assert "正在等待审核" in again.content.decode()
    assert ErasureRequest.objects.count() == 1
    item = ErasureRequest.objects.get()

    client.force_login(park_admin)
    page = client.post(f"/admin/portal/erasurerequest/{item.pk}/change/",
                       {"decision": "carry_out", "note": ""})  # fmt: skip
    assert page.status_code == 302
    item.refresh_from_db()
    assert item.status == ErasureRequest.Status.DONE
    assert "诉求" in item.outcome and "保留" in item.outcome and "账号已关闭" in item.outcome

    user_a.refresh_from_db()
    assert (user_a.phone, user_a.email, user_a.is_active) == (None, "", False)
    assert user_a.name.startswith("已注销用户") or user_a.name.startswith("Former user")
    assert not Notification.objects.filter(recipient=user_a).exists()
    assert Request.objects.get(pk=mine.pk).submitter_id == user_a.pk  # the request is kept
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM portal_userhistory t WHERE pgh_obj_id = %s",
                       [user_a.pk])  # fmt: skip
        history = " ".join(row[0] for row in cursor.fetchall())
    assert "user_a" not in history and "13800001111" not in history
    client.logout()
    signed = client.post("/accounts/login/", {"username": "13800001111", "password": PASSWORD})
    assert signed.status_code == 200  # the form again: nobody signs in with it


def test_a_refusal_needs_a_reason_which_the_person_sees(client, user_a, park_admin, story):
    client.force_login(user_a)
    client.post("/me/data/erase/", {"reason": ""})
    item = ErasureRequest.objects.get()
    client.force_login(park_admin)
    page = client.post(f"/admin/portal/erasurerequest/{item.pk}/change/",
                       {"decision": "refuse", "note": ""})  # fmt: skip
    assert page.status_code == 200 and "请写明拒绝的原因" in page.content.decode()
    client.post(f"/admin/portal/erasurerequest/{item.pk}/change/",
                {"decision": "refuse", "note": "有未办结的融资需求，办结后再申请"})  # fmt: skip
    client.force_login(user_a)
    html = client.get("/me/data/").content.decode()
    assert "已拒绝" in html and "办结后再申请" in html


def test_only_park_admins_decide_and_nobody_decides_their_own(
    client, user_a, dispatcher, park_admin
):
    item = ErasureRequest.objects.create(user=user_a)
    client.force_login(dispatcher)
    assert client.get(f"/admin/portal/erasurerequest/{item.pk}/change/").status_code == 403
    own = ErasureRequest.objects.create(user=park_admin)
    from portal.errors import StepRefused

    with pytest.raises(StepRefused):
        decide(actor=park_admin, request_id=own.pk, carry_out=True)
    with pytest.raises(StepRefused):
        decide(actor=dispatcher, request_id=item.pk, carry_out=True)


def test_an_overlong_reason_is_a_400_with_the_form(client, user_a):
    client.force_login(user_a)
    response = client.post("/me/data/erase/", {"reason": "长" * 2001})
    assert response.status_code == 400
    assert not ErasureRequest.objects.exists()
