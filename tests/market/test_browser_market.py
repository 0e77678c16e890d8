"""In real Chromium: an enterprise orders a legal service from the catalog, the law firm
accepts and delivers it, the enterprise rates it; each sees the order move on its page."""

import pytest
from playwright.sync_api import expect

from services.market.models import Order

from ..services.test_browser_loop import _card

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_order_accept_deliver_rate(live_server, signed_in, user_a, lawyer, contract_review,
                                   recruiting, artifacts_dir):  # fmt: skip
    base = live_server.url

    firm = signed_in(user_a.username)
    firm.goto(f"{base}/market/")
    expect(firm.get_by_role("heading", name="法律服务")).to_be_visible()
    firm.get_by_role("link", name="合同审查").click()
    expect(firm.get_by_test_id("price")).to_contain_text("¥800–3000 / 份")
    firm.locator("textarea[name=need]").fill("下周与客户签约，请审查采购合同。")
    firm.get_by_role("button", name="提交订单").click()
    expect(firm.get_by_test_id("order-state")).to_have_text("已下单（待服务商响应）")
    order_url = firm.url
    order = Order.objects.get()

    # The law firm finds it among the orders placed with it, accepts with a price, delivers.
    provider = signed_in(lawyer.username)
    provider.goto(f"{base}/market/orders/")
    rows = provider.get_by_test_id("order-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(user_a.enterprise_membership.enterprise.name)
    rows.first.get_by_role("link").click()
    accept = _card(provider, "接受订单")
    accept.get_by_label("商定价格（元）").fill("1500")
    accept.get_by_role("button", name="接受订单").click()
    expect(provider.get_by_test_id("order-state")).to_have_text("已接受（服务中）")
    deliver = _card(provider, "标记为已交付")
    deliver.locator("textarea[name=note]").fill("已出具合同审查意见书，共 12 条修改建议。")
    deliver.get_by_role("button", name="标记为已交付").click()
    expect(provider.get_by_test_id("order-state")).to_have_text("已交付")

    # The enterprise reads what was delivered and rates it.
    firm.goto(order_url)
    expect(firm.get_by_test_id("order-price")).to_have_text("1500.00")
    expect(firm.locator("dd", has_text="共 12 条修改建议")).to_be_visible()
    rate = _card(firm, "评价服务")
    rate.get_by_label("5 – 非常好").check()
    rate.locator("textarea[name=comment]").fill("意见专业，响应及时。")
    rate.get_by_role("button", name="评价服务").click()
    expect(firm.get_by_test_id("order-rating")).to_contain_text("5 – 非常好")
    expect(firm.get_by_test_id("order-events")).to_contain_text("评价 · ")
    firm.screenshot(path=str(artifacts_dir / "market-order-rated.png"), full_page=True)

    order.refresh_from_db()
    assert (order.state, order.rating, order.price) == ("done", 5, 1500)
