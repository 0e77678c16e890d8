"""The closed loop in real Chromium: submit → dispatch → sign for, progress, resolve → rate;
and return → re-dispatch."""

import pytest
from playwright.sync_api import expect

from services.loop.models import Request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _card(page, title):
    """A step's card by its name; a folded one (not the likely next step) is opened first,
    as a user would."""
    folded = page.locator("details[data-step]", has=page.locator("summary", has_text=title))
    if folded.count():
        folded.locator("summary").click()
        return folded
    return page.locator(".card", has=page.get_by_role("heading", name=title, exact=True))


def test_submit_dispatch_handle_and_rate(
    live_server, signed_in, user_a, dispatcher, handler, unit_x, category, artifacts_dir
):
    base = live_server.url
    firm = signed_in(user_a.username)
    firm.goto(base + "/requests/new/")
    firm.get_by_label("诉求类别").select_option(label=category.name)
    firm.get_by_label("标题").fill("塔筒堆场不足")
    firm.get_by_label("问题描述").fill("订单增长，塔筒发运前没有足够场地堆放。")
    firm.get_by_role("button", name="提交", exact=True).click()
    expect(firm.get_by_text("已提交，每个办理环节都会通知您")).to_be_visible()
    expect(firm.get_by_test_id("state")).to_have_text("已提交（待受理）")
    number = Request.objects.get().number

    staff = signed_in(dispatcher.username)
    staff.goto(base + "/staff/requests/?queue=submitted")
    staff.get_by_role("link", name=number).click()
    dispatch = _card(staff, "派单")
    dispatch.get_by_label("主办单位").select_option(label=unit_x.name)
    dispatch.get_by_role("button", name="派单").click()
    expect(staff.get_by_test_id("state")).to_have_text("已派单（待签收）")

    unit = signed_in(handler.username)
    unit.goto(base + "/staff/requests/?queue=dispatched")
    unit.get_by_role("link", name=number).click()
    unit.get_by_role("button", name="签收").click()
    expect(unit.get_by_test_id("state")).to_have_text("办理中")
    progress = _card(unit, "填写进展")
    progress.get_by_label("办理进展").fill("已协调蓬莱财金公司闲置土地")
    progress.get_by_role("button", name="填写进展").click()
    resolve = _card(unit, "办结")
    resolve.get_by_label("办理结果").fill("协调两家公司闲置土地作为堆场")
    resolve.get_by_role("button", name="办结").click()
    expect(unit.get_by_test_id("state")).to_have_text("已办结（待评价）")

    firm.reload()
    expect(firm.get_by_test_id("timeline")).to_contain_text("已协调蓬莱财金公司闲置土地")
    rate = _card(firm, "评价办理结果")
    rate.get_by_label("满意", exact=True).check()
    rate.get_by_role("button", name="评价办理结果").click()
    expect(firm.get_by_test_id("state")).to_have_text("已关闭")
    firm.screenshot(path=str(artifacts_dir / "request-closed-zh.png"), full_page=True)
    assert Request.objects.get().rating == "satisfied"


def test_return_and_redispatch(
    live_server, signed_in, submit, dispatcher, handler, handler_y, unit_x, unit_y
):
    base = live_server.url
    item = submit()
    staff = signed_in(dispatcher.username)
    staff.goto(f"{base}/requests/{item.pk}/")
    dispatch = _card(staff, "派单")
    dispatch.get_by_label("主办单位").select_option(label=unit_x.name)
    dispatch.get_by_role("button", name="派单").click()

    unit = signed_in(handler.username)
    unit.goto(f"{base}/requests/{item.pk}/")
    back = _card(unit, "申请退单")
    back.get_by_label("理由").fill("属于海工装备服务队职责")
    back.get_by_role("button", name="申请退单").click()
    expect(unit.get_by_text("退单申请已提交受理派单员")).to_be_visible()

    staff.reload()
    review = _card(staff, "审核退单申请")
    expect(review).to_contain_text("属于海工装备服务队职责")
    review.get_by_role("button", name="通过").click()
    expect(staff.get_by_test_id("state")).to_have_text("已退单")
    dispatch = _card(staff, "派单")
    dispatch.get_by_label("主办单位").select_option(label=unit_y.name)
    dispatch.get_by_role("button", name="派单").click()
    expect(staff.get_by_test_id("state")).to_have_text("已派单（待签收）")

    other = signed_in(handler_y.username)
    other.goto(f"{base}/requests/{item.pk}/")
    other.get_by_role("button", name="签收").click()
    expect(other.get_by_test_id("state")).to_have_text("办理中")
    unit.goto(f"{base}/requests/{item.pk}/")
    assert "页面不存在" in unit.content()  # the first unit no longer sees it
