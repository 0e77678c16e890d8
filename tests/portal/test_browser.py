"""Real Chromium through Playwright against the live server."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_in_chinese_switch_to_english_and_staff_sign_in(
    live_server, page, dispatcher, artifacts_dir
):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))

    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("蓬莱经济开发区党群服务中心")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.select_option("#language-select", "en")
    expect(page.locator("h1")).to_have_text(
        "Penglai Economic Development Zone Party-Service Center"
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.select_option("#language-select", "zh-hans")
    expect(page.locator("h1")).to_have_text("蓬莱经济开发区党群服务中心")

    page.get_by_role("link", name="登录").click()
    page.get_by_label("用户名或手机号").fill("dispatcher1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.locator("h1")).to_have_text("工作台")
    expect(page.get_by_text("受理派单员")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "workbench-zh.png"), full_page=True)

    # Every CSS, script and font came from this server: no CDN, no outside font.
    assert hosts <= {"localhost", "127.0.0.1"}, hosts


def test_wrong_password_is_shown_in_the_form(live_server, page, user_a):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("13800001111")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("用户名或手机号与密码不匹配")).to_be_visible()
    expect(page.get_by_label("用户名或手机号")).to_have_value("13800001111")
