"""The loop's later steps in real Chromium: an enterprise chases its overdue request and adds
a file; the unit pauses the clock and a dispatcher resumes it; the service center records a
revisit; a supervisor publishes the case; a second enterprise typing the same problem sees
it beside the form."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from services.loop import steps
from services.loop.models import Pause, Request, Revisit, TypicalCase

from ..samples import PDF
from .test_browser_loop import _card

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chase_pause_revisit_publish_and_the_next_enterprise_sees_it(
    live_server, signed_in, submit, user_a, user_b, dispatcher, handler, supervisor, unit_x,
    tmp_path, artifacts_dir,
):  # fmt: skip
    base = live_server.url
    item = submit(
        title="厂区门口道路破损，货车通行困难", description="东门外道路塌陷，重载货车无法进出。"
    )
    steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=item.pk)
    Request.objects.filter(pk=item.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=2), light="red"
    )
    url = f"{base}/requests/{item.pk}/"

    # The enterprise chases the overdue request, then adds a file.
    firm = signed_in(user_a.username)
    firm.goto(url)
    _card(firm, "催办").get_by_role("button", name="催办").click()
    expect(firm.get_by_text("已催办，承办单位会收到通知。")).to_be_visible()
    expect(firm.get_by_test_id("chased")).to_contain_text("1")
    photo = tmp_path / "塌陷照片.pdf"
    photo.write_bytes(PDF)
    material = _card(firm, "补充材料")
    material.get_by_label("补充内容").fill("补充塌陷处照片")
    material.get_by_label("附件").set_input_files(str(photo))
    material.get_by_role("button", name="补充材料").click()
    expect(firm.get_by_test_id("timeline")).to_contain_text("补充塌陷处照片")
    expect(firm.get_by_role("link", name="塌陷照片.pdf")).to_be_visible()

    # The unit asks to pause the clock; a dispatcher approves, later resumes it.
    unit = signed_in(handler.username)
    unit.goto(url)
    pause = _card(unit, "申请挂起（暂停计时）")
    pause.get_by_label("等待的事项").fill("等待管网施工许可")
    pause.get_by_role("button", name="申请挂起（暂停计时）").click()
    expect(unit.get_by_text("挂起申请已提交派单员审批。")).to_be_visible()

    staff = signed_in(dispatcher.username)
    staff.goto(url)
    _card(staff, "审批挂起申请").get_by_role("button", name="通过").click()
    expect(staff.get_by_test_id("pause-notice")).to_contain_text("等待管网施工许可")
    firm.reload()
    expect(firm.get_by_test_id("pause-notice")).to_be_visible()  # the enterprise sees why it waits
    resume = _card(staff, "恢复计时")
    resume.get_by_role("button", name="恢复计时").click()
    expect(staff.get_by_test_id("pause-notice")).to_have_count(0)
    assert Pause.objects.get(request=item).end_reason == "resumed"

    # The unit resolves; the center calls the enterprise back.
    unit.reload()
    resolve = _card(unit, "办结")
    resolve.get_by_label("办理结果").fill("协调施工单位修复东门道路")
    resolve.get_by_role("button", name="办结").click()
    expect(unit.get_by_test_id("state")).to_have_text("已办结（待评价）")
    staff.reload()
    revisit = _card(staff, "登记回访")
    revisit.get_by_label("已联系上企业").check()
    revisit.get_by_label("满意", exact=True).check()
    revisit.get_by_label("回访记录").fill("企业表示道路已修好")
    revisit.get_by_role("button", name="登记回访").click()
    expect(staff.get_by_test_id("revisits")).to_contain_text("企业表示道路已修好")
    assert Revisit.objects.get(request=item).rating == "satisfied"

    # A supervisor publishes it as a typical case, without the enterprise: the form starts
    # from the request's words anonymised, each removal shown beside it; the supervisor
    # rewrites it and confirms.
    boss = signed_in(supervisor.username)
    boss.goto(url)
    boss.get_by_test_id("publish-case").click()
    expect(boss.get_by_test_id("source-draft")).to_be_visible()
    boss.get_by_label("标题").fill("厂区门口道路破损的修复")
    boss.locator("textarea[name=problem]").fill("一家企业反映厂区门口道路破损，重载货车进出困难。")
    boss.locator("textarea[name=solution]").fill(
        "园区协调施工单位三个工作日内修复，并纳入道路巡查。"
    )
    boss.get_by_label("我已通读全文：从中无法辨认出任何企业或个人。").check()
    boss.get_by_test_id("publish").click()
    expect(boss.get_by_test_id("case-solution")).to_contain_text("三个工作日内修复")
    case = TypicalCase.objects.get()

    # Another enterprise typing the same problem in its own words sees the case.
    other = signed_in(user_b.username)
    other.goto(base + "/requests/new/")
    other.get_by_label("标题").fill("厂区东门道路损坏影响货车")
    aside = other.get_by_test_id("similar-cases")
    expect(aside).to_contain_text("厂区门口道路破损的修复")
    expect(other.get_by_text(item.number)).to_have_count(0)  # firm A's request stays its own
    other.screenshot(path=str(artifacts_dir / "similar-case-zh.png"), full_page=True)
    with other.expect_popup() as opened:
        aside.get_by_role("link", name="厂区门口道路破损的修复").click()
    expect(opened.value.get_by_test_id("case-problem")).to_contain_text("重载货车")
    assert other.locator("input[name=cases_seen]").input_value() == str(case.pk)
