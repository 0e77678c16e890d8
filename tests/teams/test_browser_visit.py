"""In real Chromium at a phone's width (390 px): a cadre logs a visit with a problem found;
the page does not scroll sideways; the problem arrives as a request of the loop that the
dispatcher sees with its visit, and the enterprise sees its liaison on its own page."""

import pytest
from playwright.sync_api import expect

from services.loop.models import Request
from services.teams.models import Liaison

from ..services.test_browser_phone import SIZES, _open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cadre_logs_a_visit_from_a_phone(
    browser, live_server, cadre_a, chain_firm, user_a, dispatcher, land, artifacts_dir
):
    Liaison.objects.create(enterprise=chain_firm, cadre=cadre_a)
    phone = _open(browser, live_server, cadre_a.user.username, "phone", "zh")
    phone.goto(live_server.url + "/teams/visits/new/")
    phone.get_by_label("企业").select_option(label=chain_firm.name)
    phone.get_by_label("接待人员").fill("王总（总经理）")
    phone.get_by_label("交流内容").fill("三季度订单与用工情况")
    first = phone.get_by_test_id("problem").first
    first.get_by_label("类别").select_option(label="土地与建设")
    first.get_by_label("问题").fill("塔筒堆场不足")
    first.locator("textarea").fill("成品塔筒无处堆放，影响发运。")
    wide = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    phone.screenshot(path=str(artifacts_dir / "visit-new-phone.png"), full_page=True)
    assert wide <= 0, f"the visit form scrolls {wide}px sideways on a phone"
    phone.get_by_role("button", name="提交走访记录").click()
    expect(phone.get_by_text("走访已登记，1 个问题已转为诉求。")).to_be_visible()
    expect(phone.get_by_test_id("visit-requests")).to_contain_text("塔筒堆场不足")
    assert SIZES["phone"]["width"] == 390

    item = Request.objects.get()
    assert item.channel == "team_visit" and item.enterprise == chain_firm
    desk = _open(browser, live_server, dispatcher.username, "desk", "zh")
    desk.goto(f"{live_server.url}/requests/{item.pk}/")
    expect(desk.get_by_test_id("from-visit")).to_be_visible()
    desk.get_by_test_id("from-visit").click()
    expect(desk.get_by_role("heading", name=chain_firm.name, exact=False)).to_be_visible()

    firm = _open(browser, live_server, user_a.username, "phone", "zh")
    firm.goto(live_server.url + "/enterprise/")
    expect(firm.get_by_test_id("liaison")).to_contain_text(cadre_a.user.get_full_name())
    expect(firm.get_by_test_id("liaison")).to_contain_text("0535-5661001")
