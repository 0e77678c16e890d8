"""In real Chromium: an enterprise user enrols two employees in a lecture session from the
lectures page; a talent officer ticks them present on the session's roster; the enterprise
opens the certificate of completion, laid out to print."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from talent.models import Certificate, Enrolment

from ..services.test_browser_phone import _open
from .conftest import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enrol_two_employees_mark_them_present_and_print_the_certificate(
    browser, live_server, course, firm_a, user_a, officer, artifacts_dir
):
    session = make_session(course, in_days=0, capacity=30, title="党建引领企业发展第一讲")
    # It starts in half an hour: enrolment is still open and staff may already tick people.
    starts = timezone.now() + datetime.timedelta(minutes=30)
    session.starts_at, session.ends_at = starts, starts + datetime.timedelta(minutes=90)
    session.save()

    firm = _open(browser, live_server, user_a.username, "desk", "zh")
    firm.goto(live_server.url + "/lectures/")
    firm.get_by_role("link", name="党建引领企业发展第一讲").click()
    people = firm.get_by_test_id("person")
    people.nth(0).get_by_label("姓名").fill("张伟")
    people.nth(0).get_by_label("手机号").fill("13700000001")
    people.nth(1).get_by_label("姓名").fill("李娜")
    people.nth(1).get_by_label("手机号").fill("13700000002")
    firm.get_by_role("button", name="报名", exact=True).click()
    expect(firm.get_by_text("已报名：张伟、李娜。")).to_be_visible()
    expect(firm.get_by_test_id("own-enrolments")).to_contain_text("张伟")
    expect(firm.get_by_test_id("seats")).to_contain_text("已报 2 个")
    assert Enrolment.objects.filter(session=session, state="enrolled").count() == 2

    desk = _open(browser, live_server, officer.username, "desk", "zh")
    desk.goto(f"{live_server.url}/lectures/sessions/{session.pk}/")
    roster = desk.get_by_test_id("roster")
    roster.get_by_label("张伟").check()
    roster.get_by_label("李娜").check()
    desk.get_by_role("button", name="将勾选人员登记为到场").click()
    expect(desk.get_by_text("已登记签到 2 人。")).to_be_visible()
    expect(desk.get_by_test_id("roster")).to_contain_text("工作人员签到")

    firm.goto(live_server.url + "/lectures/certificates/")
    expect(firm.get_by_test_id("certificate-row")).to_have_count(2)
    firm.get_by_test_id("certificate-row").filter(has_text="李娜").get_by_role("link").click()
    expect(firm.get_by_test_id("certificate-text")).to_contain_text(
        f"{firm_a.name} 李娜 同志已完成红盟讲堂“{course.title}”课程的学习"
    )
    number = Certificate.objects.get(trainee__name="李娜").number
    expect(firm.get_by_test_id("certificate")).to_contain_text(number)
    firm.screenshot(path=str(artifacts_dir / "certificate.png"), full_page=True)
    firm.emulate_media(media="print")
    expect(firm.get_by_role("button", name="打印或另存为 PDF")).to_be_hidden()
