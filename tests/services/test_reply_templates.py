"""Reply templates (常用语): a unit keeps short texts for progress notes and results; on a
request its handlers put one into the text box with one click."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from services.loop import steps
from services.loop.models import ReplyTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_progress(submit, dispatcher, handler, unit_x):
    def make(unit=unit_x, person=handler):
        item = submit()
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit)
        steps.sign_for(actor=person, request_id=item.pk)
        return item

    return make


def test_a_handler_keeps_the_units_replies(client, handler, unit_x, unit_y, handler_y):
    client.force_login(handler)
    page = client.get(reverse("services:staff_replies")).content.decode()
    assert "还没有常用语" in page and unit_y.name not in page  # only their own units offered
    url = reverse("services:staff_replies")
    text = "已电话联系企业负责人，约定现场查看。"
    response = client.post(url, {"unit": unit_x.pk, "title": "已联系企业", "text": text},
                           follow=True)  # fmt: skip
    assert "已添加常用语“已联系企业”" in response.content.decode()
    again = client.post(url, {"unit": unit_x.pk, "title": "已联系企业", "text": "重复"})
    assert again.status_code == 400 and "本单位已有同名的常用语" in again.content.decode()
    other_unit = client.post(url, {"unit": unit_y.pk, "title": "冒名", "text": "不属本单位"})
    assert other_unit.status_code == 400 and not ReplyTemplate.objects.filter(unit=unit_y)

    reply = ReplyTemplate.objects.get()
    client.force_login(handler_y)
    delete = reverse("services:staff_reply_delete", args=[reply.pk])
    assert client.post(delete).status_code == 404
    assert "已电话联系" not in client.get(reverse("services:staff_replies")).content.decode()
    client.force_login(handler)
    assert client.post(delete).status_code == 302
    assert not ReplyTemplate.objects.exists()


def test_people_without_a_unit_have_no_replies_page(client, user_a, dispatcher):
    for person in (user_a, dispatcher):
        client.force_login(person)
        assert client.get(reverse("services:staff_replies")).status_code == 404


def test_the_request_page_offers_the_units_replies_where_text_is_written(
    client, in_progress, handler, unit_x, unit_y, handler_y, user_a
):
    ReplyTemplate.objects.create(unit=unit_x, title="已联系企业", text="已电话联系企业负责人。")
    ReplyTemplate.objects.create(unit=unit_y, title="别的单位", text="不该出现")
    item = in_progress()
    client.force_login(handler)
    page = client.get(reverse("services:request_detail", args=[item.pk])).content.decode()
    assert page.count('data-insert="已电话联系企业负责人。"') == 2  # progress and result
    assert "不该出现" not in page
    client.force_login(user_a)
    page = client.get(reverse("services:request_detail", args=[item.pk])).content.decode()
    assert "data-insert" not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_one_click_puts_the_reply_into_the_progress_note(
    live_server, signed_in, in_progress, handler, unit_x
):
    ReplyTemplate.objects.create(unit=unit_x, title="已联系企业", text="已电话联系企业负责人。")
    item = in_progress()
    page = signed_in(handler.username)
    page.goto(live_server.url + reverse("services:request_detail", args=[item.pk]))
    card = page.locator("[data-step=progress]")
    if card.evaluate("node => node.tagName") == "DETAILS":
        card.locator("summary").click()
    note = card.get_by_label("办理进展")
    note.fill("上午")
    card.get_by_role("button", name="已联系企业").click()
    expect(note).to_have_value("上午已电话联系企业负责人。")
    card.get_by_role("button", name="填写进展").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("上午已电话联系企业负责人。")
