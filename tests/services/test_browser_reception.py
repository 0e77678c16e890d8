"""An enterprise user books the next reception day and sees it on their page; the host opens
the day sheet and turns the booking into a request."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from services.loop.models import Request
from services.reception.models import ReceptionDay

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_book_then_host_assigns(
    live_server, signed_in, user_a, supervisor, unit_x, category, artifacts_dir
):
    soon = timezone.localdate() + datetime.timedelta(days=5)
    day = ReceptionDay.objects.create(
        month=soon.strftime("%Y-%m"), date=soon, host=supervisor, place="党群服务中心三楼"
    )
    base = live_server.url

    firm = signed_in(user_a.username)
    firm.goto(base + "/")
    expect(firm.get_by_test_id("next-reception-day")).to_contain_text(soon.strftime("%Y-%m-%d"))
    firm.get_by_role("link", name="企业家接待日").first.click()
    firm.get_by_label("您要反映什么问题？").fill("塔筒堆场不足")
    firm.get_by_label("参加人员").fill("衣骏飞、总经理")
    firm.get_by_role("button", name="预约").click()
    expect(firm.get_by_text("预约成功")).to_be_visible()
    expect(firm.get_by_test_id("booking")).to_contain_text("已预约")

    host = signed_in(supervisor.username)
    host.goto(f"{base}/staff/reception/{day.pk}/")
    sheet = host.get_by_test_id("sheet-booking")
    expect(sheet).to_contain_text("塔筒堆场不足")
    sheet.get_by_label("诉求类别").select_option(label=category.name)
    sheet.get_by_label("主办单位").select_option(label=unit_x.name)
    sheet.get_by_label("反映的问题").fill("塔筒发运前堆场不足")
    sheet.get_by_label("详细情况及商定意见").fill("协调蓬莱财金闲置土地")
    sheet.get_by_role("button", name="交办并督办").click()
    expect(host.get_by_text("已交办并纳入督办")).to_be_visible()
    host.screenshot(path=str(artifacts_dir / "reception-sheet-zh.png"), full_page=True)

    request = Request.objects.get()
    assert (request.channel, request.is_supervised, request.lead_unit) == (
        "reception_day",
        True,
        unit_x,
    )
    firm.goto(f"{base}/requests/")
    expect(firm.get_by_test_id("request-row")).to_contain_text("塔筒发运前堆场不足")
