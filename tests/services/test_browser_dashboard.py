"""A park administrator opens the dashboard in Chromium: every chart is drawn (bars and axis
labels of real size, styled by the dashboard's stylesheet, nothing refused by the content
security policy), a bar leads to the list it counts, and the page is saved as a screenshot."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from services.loop.models import Request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_charts_render_and_a_bar_opens_its_list(live_server, signed_in, park_admin, submit,
                                                    unit_x, artifacts_dir):  # fmt: skip
    for n in range(5):
        item = submit(title=f"厂区道路破损{n}")
        if n % 2:
            Request.objects.filter(pk=item.pk).update(
                state="in_progress", lead_unit=unit_x, dispatched_at=timezone.now()
            )
    page = signed_in(park_admin.username)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/staff/dashboard/")
    page.wait_for_load_state("networkidle")
    charts = page.locator('[data-testid="chart"]')
    assert charts.count() >= 8
    for index in range(charts.count()):
        chart = charts.nth(index)
        drawing = chart.locator("svg.pygal-chart")
        box = drawing.bounding_box()
        assert box and box["width"] > 250 and box["height"] > 150, chart.get_attribute("data-chart")
    by_state = page.locator('[data-chart="requests-by-state"] svg.pygal-chart')
    bars = by_state.locator(".rect")
    assert bars.count() == 2  # submitted, in progress
    assert bars.first.bounding_box()["width"] > 20  # a bar drawn to its length
    # Styled by the dashboard's stylesheet: transparent background, grey axis labels.
    background = by_state.locator(".background").first.evaluate("e => getComputedStyle(e).fill")
    assert background in ("transparent", "rgba(0, 0, 0, 0)")
    expect(by_state.locator("text", has_text="办理中")).to_be_visible()
    # A bar's link is named by its label and value, as a screen reader says it.
    expect(by_state.locator('a[*|href$="state=in_progress"]')).to_have_attribute(
        "aria-label", "办理中: 2"
    )
    page.screenshot(path=str(artifacts_dir / "dashboard.png"), full_page=True)
    assert not refused, refused
    # The bar of "in progress" leads to the list of requests in progress.
    by_state.locator('a[*|href$="state=in_progress"] .rect').click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/staff/requests/?state=in_progress")
    assert page.locator('[data-testid="request-row"]').count() == 2
