"""Words a reader stumbles on: each was wrong once."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_time_limits_on_the_submit_form_read_in_working_days(client, user_a):
    from services.loop.models import Category, HandlingUnit

    unit = HandlingUnit.objects.create(name="企业服务科", kind="department")
    Category.objects.create(
        name="土地与建设", default_unit=unit, time_limit_days=10, green_limit_days=3
    )
    client.force_login(user_a)
    page = client.get("/requests/new/").content.decode()
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "10 个工作日" in table and "3 个工作日" in table
    assert "待审核" not in table
    english = client.get("/requests/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "10 working days" in english


def test_page_titles_hold_words_not_markup(client):
    page = client.get("/alliances/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.strip() == "产业链党建联盟" and "<" not in title


def test_the_registry_names_its_enterprises_and_the_colleagues_their_people(
    client, park_admin, user_a
):
    client.force_login(park_admin)
    page = client.get("/staff/enterprises/").content.decode()
    assert "<th>企业</th>" in page and "<th>姓名</th>" not in page
    client.force_login(user_a)
    colleagues = client.get("/enterprise/").content.decode()
    assert "<th>姓名</th>" in colleagues


def test_an_enterprise_finds_its_next_step_on_the_home_and_enterprise_pages(
    client, user_a, dispatcher
):
    """Signed in, an enterprise user sees "提交诉求" first on the home page and its own page,
    and no note that the services are yet to come; others see no such buttons."""

    def actions(page):
        if 'data-testid="actions"' not in page:
            return []
        block = page.split('data-testid="actions"', 1)[1].split("</div>", 1)[0]
        return re.findall(r'href="([^"]+)">([^<]+)</a>', block)

    client.force_login(user_a)
    home = actions(client.get("/").content.decode())
    assert home[0] == ("/requests/new/", "提交诉求")
    assert {url for url, _label in home} == {
        "/requests/new/",
        "/reception/",
        "/finance/new/",
        "/paperwork/",
    }
    own = client.get("/enterprise/").content.decode()
    assert actions(own) == home and "开通" not in own
    for url, _label in home:
        assert client.get(url).status_code == 200
    client.force_login(dispatcher)
    assert actions(client.get("/").content.decode()) == []
    assert actions(client.logout() or client.get("/").content.decode()) == []


def test_the_admin_names_sign_in_lockouts_in_chinese(client, park_admin):
    client.force_login(park_admin)
    page = client.get("/admin/").content.decode()
    assert "登录锁定" in page and "登录尝试" in page
    assert "Access attempts" not in page and "Axes" not in page
    listing = client.get("/admin/axes/accessattempt/").content.decode()
    assert "IP 地址" in listing or "尝试时间" in listing


def test_the_figures_period_reads_from_and_to(client, dispatcher):
    client.force_login(dispatcher)
    page = client.get("/staff/figures/").content.decode()
    assert re.search(r'<label[^>]*for="to">至</label>', page) and "新状态" not in page
