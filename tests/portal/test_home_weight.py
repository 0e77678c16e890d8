"""A visitor's first look at the home page, through the production stack as it runs (gunicorn
with the production settings and the built static files, behind the TLS proxy configured by
deploy/nginx/portal.conf): in Chinese by default and in English through the switcher, under
100 KB on the wire with an empty cache, and no request leaving the site."""

from urllib.parse import urlparse

import pytest

from .stack import PUBLIC_NAME
from .test_container import stack  # noqa: F401  (the production stack fixture)

pytestmark = [pytest.mark.browser, pytest.mark.worker]
LIMIT = 100 * 1024


@pytest.fixture
def visitor(browser_type, browser_type_launch_args):
    """Chromium that finds the portal's public name on this machine (as DNS would)."""
    args = [*browser_type_launch_args["args"], f"--host-resolver-rules=MAP {PUBLIC_NAME} 127.0.0.1"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    yield browser
    browser.close()


def test_a_first_visit_reads_in_chinese_and_english_under_100_kb(stack, visitor, artifacts_dir):  # noqa: F811
    from alliances.models import Alliance, Chain

    chain = Chain.objects.create(code="offshore", name="海工装备", order=1)
    Alliance.objects.create(chain=chain, name="海工装备产业链党建联盟", slug="offshore")
    web = stack.start("web")
    proxy = stack.start_proxy([web])
    site = f"https://{PUBLIC_NAME}:{proxy['https']}"

    context = visitor.new_context(ignore_https_errors=True, locale="zh-CN")  # an empty cache
    page = context.new_page()
    transfers = []
    page.on("requestfinished", lambda request: transfers.append(
        (request.url, sum(request.sizes()[part] for part in ("responseBodySize",
                                                             "responseHeadersSize")))))  # fmt: skip
    page.goto(site + "/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "蓬莱经济开发区党群服务中心"
    assert page.get_by_role("link", name="海工装备产业链党建联盟").is_visible()
    first_visit = sum(size for _url, size in transfers)
    hosts = {urlparse(url).hostname for url, _size in transfers if not url.startswith("data:")}
    assert hosts == {PUBLIC_NAME}, transfers  # nothing from another site
    assert any(url.endswith(".css") for url, _size in transfers)  # styled, and counted
    assert first_visit < LIMIT, transfers
    print(f"home page, first visit: {first_visit:,} bytes in {len(transfers)} requests")
    page.screenshot(path=str(artifacts_dir / "home-zh.png"), full_page=True)

    with page.expect_navigation():
        page.select_option("#language-select", "en")  # the switcher submits itself
    assert (
        page.locator("h1").inner_text() == "Penglai Economic Development Zone Party-Service Center"
    )
    assert page.get_by_text("The park in figures").is_visible()
    page.screenshot(path=str(artifacts_dir / "home-en.png"), full_page=True)
    context.close()
