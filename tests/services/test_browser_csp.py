"""The Content Security Policy forbids inline script: the pages' behaviours still work and
Chromium reports no violation on the public, enterprise, staff, admin and API pages."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_run_under_the_content_security_policy(
    live_server, signed_in, park_admin, user_a, category
):
    violations = []

    def watch(page):
        page.on("console", lambda m: violations.append((page.url, m.text))
                if "Content Security" in m.text else None)  # fmt: skip
        return page

    firm = watch(signed_in(user_a.username))
    firm.goto(live_server.url + "/requests/new/")
    assert "script-src 'self'" in firm.context.request.get(
        live_server.url + "/requests/new/").headers["content-security-policy"]  # fmt: skip
    firm.get_by_label("诉求类别").select_option(label=category.name)
    firm.get_by_label("标题").fill("塔筒堆场不足")
    firm.get_by_label("问题描述").fill("厂区面积有限，塔筒发运前无处堆放。")
    firm.locator("#request-form").evaluate(
        "form => form.addEventListener('submit', e => e.preventDefault())"
    )
    firm.locator("#submit-request").click()
    expect(firm.locator("#submit-request")).to_be_disabled()  # portal.js, not inline script
    firm.select_option("#language-select", "en")  # the switch submits on change
    expect(firm.locator("html")).to_have_attribute("lang", "en")

    staff = watch(signed_in(park_admin.username))
    for path in ("/workbench/", "/staff/requests/", "/admin/", "/admin/portal/user/add/",
                 "/api/v1/docs/"):  # fmt: skip
        staff.goto(live_server.url + path)
        staff.wait_for_load_state("networkidle")
    expect(staff.locator(".swagger-ui")).to_be_visible()
    assert violations == []
