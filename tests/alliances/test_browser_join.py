"""A person applies to join, a park admin approves, the new user edits the profile."""

import re

import pytest
from playwright.sync_api import expect

from alliances.models import EnterpriseChange

from ..factories import PASSWORD, EnterpriseFactory, credit_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_approve_and_edit_the_profile(
    live_server, browser, signed_in, park_admin, artifacts_dir
):
    enterprise = EnterpriseFactory(name="蓬坞合金有限公司", credit_code=credit_code(4242))

    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.goto(live_server.url + "/")
    visitor.get_by_role("link", name="企业入驻").click()
    visitor.get_by_label("用户名").fill("liaison")
    visitor.get_by_label("姓名").fill("衣骏飞")
    visitor.get_by_label("手机号").fill("13655556666")
    visitor.locator("#id_password1").fill(PASSWORD)
    visitor.locator("#id_password2").fill(PASSWORD)
    visitor.get_by_label("统一社会信用代码").fill(enterprise.credit_code)
    visitor.get_by_label("企业名称").fill("蓬坞合金有限公司")
    visitor.get_by_role("button", name="提交申请").click()
    expect(visitor.get_by_text("申请已提交")).to_be_visible()
    expect(visitor.get_by_test_id("application")).to_contain_text("待审核")

    staff = signed_in(park_admin.username)
    staff.get_by_test_id("applications-link").click()
    card = staff.get_by_test_id("pending-application")
    expect(card).to_contain_text("蓬坞合金有限公司")
    expect(card).to_contain_text("已登记企业")
    card.get_by_role("button", name="通过").click()
    expect(staff.get_by_text("已通过，已通知申请人")).to_be_visible()

    visitor.goto(live_server.url + "/notifications/")
    expect(visitor.get_by_text("您已可以代表蓬坞合金有限公司办理事务")).to_be_visible()
    visitor.goto(live_server.url + "/enterprise/")
    expect(visitor.get_by_test_id("enterprise-name")).to_have_text("蓬坞合金有限公司")
    visitor.get_by_role("link", name="修改企业资料").click()
    visitor.get_by_label("地址").fill("蓬莱经济开发区海港路8号")
    visitor.get_by_label("职工人数").fill("260")
    visitor.get_by_role("button", name="保存").click()
    expect(visitor).to_have_url(re.compile(r"/enterprise/$"))
    expect(visitor.get_by_text("蓬莱经济开发区海港路8号")).to_be_visible()
    expect(visitor.get_by_test_id("pending-changes")).to_contain_text("260")
    visitor.screenshot(path=str(artifacts_dir / "my-enterprise-zh.png"), full_page=True)

    assert EnterpriseChange.objects.get(field="employees").status == "pending"
    assert EnterpriseChange.objects.get(field="address").status == "applied"
