"""The request lists and figures at a phone's width and a desk's, in Chinese and English: no
page scrolls sideways (wide tables scroll inside their frame), and the warning light reads as
words on the phone too."""

import datetime

import pytest
from django.utils import timezone

from services.loop import steps
from services.loop.models import Request

from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1366, "height": 900}}
LANGUAGES = {"zh": "zh-CN", "en": "en-US"}


def _open(browser, live_server, username, size, language):
    context = browser.new_context(locale=LANGUAGES[language], viewport=SIZES[size])
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


@pytest.mark.parametrize("language", ["zh", "en"])
def test_lists_fit_a_phone_and_a_desk(
    browser, live_server, submit, dispatcher, unit_x, user_a, artifacts_dir, language
):
    for n in range(6):
        item = submit(title=f"厂区塔筒堆场不足需要协调临时用地第{n}件")
        if n % 2:
            steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    overdue = Request.objects.filter(state="dispatched").first()
    Request.objects.filter(pk=overdue.pk).update(
        deadline=timezone.now() - datetime.timedelta(days=10), light="red"
    )
    word = {"zh": "超期", "en": "Overdue"}[language]
    pages = [
        (dispatcher, "/staff/requests/"), (dispatcher, "/staff/requests/?queue=warning"),
        (dispatcher, "/staff/figures/"), (user_a, "/requests/"), (user_a, "/"),
    ]  # fmt: skip
    for size in SIZES:
        for user, path in pages:
            page = _open(browser, live_server, user.username, size, language)
            page.goto(live_server.url + path)
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            name = f"{path.strip('/').replace('/', '-').replace('?queue=', '-') or 'home'}"
            page.screenshot(path=str(artifacts_dir / f"{name}-{size}-{language}.png"),
                            full_page=True)  # fmt: skip
            assert wide <= 0, f"{path} scrolls {wide}px sideways at {size} width"
            if path.startswith("/staff/requests/"):
                # Titles read as lines of words, not one character a line.
                title = page.get_by_test_id("title").first.bounding_box()
                assert title["width"] >= 150, f"{path} at {size} width: {title}"
            if "warning" in path or path == "/requests/":
                light = page.get_by_test_id("light").first
                assert light.is_visible() and word in light.inner_text()
            page.context.close()


def test_the_chain_panorama_shows_all_three_segments_on_a_phone(
    browser, live_server, artifacts_dir
):
    from alliances.models import ChainLink, ChainSegment

    from ..factories import AllianceFactory

    alliance = AllianceFactory()
    for position, name, links in [
        ("upstream", "上游", ["铸锻件", "海工设计"]), ("midstream", "中游", ["海工平台总装"]),
        ("downstream", "下游", ["海上风电运维服务"]),
    ]:  # fmt: skip
        segment = ChainSegment.objects.create(chain=alliance.chain, position=position, name=name)
        for link in links:
            ChainLink.objects.create(segment=segment, name=link)
    page = browser.new_context(locale="zh-CN", viewport=SIZES["phone"]).new_page()
    page.goto(f"{live_server.url}/alliances/{alliance.slug}/")
    page.screenshot(path=str(artifacts_dir / "panorama-phone-zh.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    downstream = page.get_by_text("海上风电运维服务")
    box = downstream.bounding_box()
    assert downstream.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390
    flow = page.locator(".panorama-flow")
    assert flow.evaluate("f => f.scrollWidth <= f.clientWidth")  # nothing hidden to the side
    page.context.close()
