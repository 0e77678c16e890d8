"""Every screen of every role, in Chromium at a desk's and a phone's size, in Chinese and
English. A screen fails when it scrolls sideways, logs a console error, asks another host for
anything, or has a serious or critical accessibility violation (axe-core, bundled). The
screenshots land in tests/artifacts/screens/ for people to look at."""

import datetime
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from services.loop import steps
from services.loop.models import TypicalCase

from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desk": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
LANGUAGES = {"zh": "zh-CN", "en": "en-US"}
SERIOUS = {"serious", "critical"}


@pytest.fixture
def world(submit, dispatcher, handler, unit_x, supervisor, park_admin, user_a):
    from alliances.models import ChainLink, ChainSegment
    from services.finance import actions as finance
    from services.reception.models import ReceptionDay

    from ..factories import AllianceFactory

    waiting = submit(title="用电增容")
    handled = submit(title="塔筒堆场不足", is_green=True)
    steps.dispatch_request(actor=dispatcher, request_id=handled.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=handled.pk)
    steps.add_progress(actor=handler, request_id=handled.pk, note="已联系财金公司")
    soon = timezone.localdate() + datetime.timedelta(days=8)
    day = ReceptionDay.objects.create(month=soon.strftime("%Y-%m"), date=soon, host=supervisor,
                                      place="党群服务中心一楼企业家接待室")  # fmt: skip
    need = finance.post_need(
        actor=user_a, amount="500", purpose="采购钢材", term_months=12, collateral="厂房抵押",
        urgency="normal", contact_name="王建国", contact_mobile="13800001111",
        contact_id_number="",
    )  # fmt: skip
    alliance = AllianceFactory()
    segment = ChainSegment.objects.create(chain=alliance.chain, position="upstream", name="上游")
    ChainLink.objects.create(segment=segment, name="铸锻件")
    firm = user_a.enterprise_membership.enterprise
    case = TypicalCase.objects.create(
        category=handled.category, title="厂区门口道路破损的修复", published_by=supervisor,
        problem="一家企业反映厂区门口道路破损，重载货车进出困难。",
        solution="园区协调施工单位三个工作日内修复，并纳入道路巡查。",
    )  # fmt: skip
    more = _teams_and_market(alliance.chain, user_a, firm)
    talent = _talent(user_a, firm)
    center = _center(user_a, park_admin)
    venue, event = center["venue"], center["event"]
    return {
        None: ["/", "/alliances/", f"/alliances/{alliance.slug}/", "/accounts/login/", "/join/",
               "/cases/", f"/cases/{case.pk}/", "/market/", f"/market/services/{more['service']}/",
               "/teams/", f"/teams/{more['team']}/", "/policies/", f"/policies/{more['policy']}/",
               "/innovation/", "/lectures/", f"/lectures/sessions/{talent['session']}/",
               "/center/", f"/center/venues/{venue}/", "/center/events/",
               f"/center/events/{event}/", "/center/accommodation/", "/center/circle/"],
        more["cadre"]: ["/workbench/", "/teams/visits/new/", "/paperwork/",
                        f"/paperwork/{more['case']}/", "/teams/visits/"],
        more["provider"]: ["/market/orders/", f"/market/orders/{more['order']}/"],
        user_a: [
            "/", "/me/", "/requests/", "/requests/new/", f"/requests/{handled.pk}/",
            "/reception/", "/finance/", "/finance/new/", f"/finance/{need.pk}/", "/enterprise/",
            "/notifications/", "/me/data/", "/paperwork/", "/market/orders/",
            f"/market/orders/{more['order']}/", "/policies/", "/talent/", "/talent/new/",
            f"/talent/{talent['talent']}/", "/talent/positions/", "/innovation/problems/",
            f"/innovation/problems/{talent['problem']}/",
            f"/lectures/sessions/{talent['session']}/", "/lectures/certificates/",
            f"/lectures/certificates/{talent['certificate']}/", f"/center/venues/{venue}/",
            "/center/bookings/", f"/center/events/{event}/", "/center/accommodation/",
        ],
        talent["officer"]: [
            "/workbench/", "/talent/", f"/talent/{talent['talent']}/",
            f"/talent/{talent['talent']}/edit/", "/staff/talent/", "/imports/talents/",
            f"/innovation/problems/{talent['problem']}/",
            f"/lectures/sessions/{talent['session']}/",
            f"/lectures/sessions/{talent['session']}/qr/", f"/lectures/check-in/{talent['code']}/",
        ],
        dispatcher: [
            "/workbench/", "/staff/requests/", "/staff/requests/?queue=submitted",
            f"/requests/{waiting.pk}/", "/staff/figures/", "/staff/enterprises/",
            f"/staff/enterprises/{firm.pk}/", "/staff/reception/", "/staff/finance/",
            "/staff/requests/?queue=revisit", "/staff/teams/", "/staff/market/",
        ],
        handler: ["/workbench/", "/staff/requests/", f"/requests/{handled.pk}/",
                  "/staff/requests/?queue=mine"],
        supervisor: [
            "/workbench/", "/staff/requests/?queue=supervised", f"/staff/reception/{day.pk}/",
        ],
        park_admin: ["/workbench/", "/staff/figures/", "/imports/enterprises/",
                     "/staff/center/bookings/", "/staff/center/accommodation/", "/staff/dashboard/",
                     "/staff/center/events/new/", f"/staff/center/events/{event}/attendance/",
                     "/staff/teams/liaisons/", f"/policies/{more['policy']}/"],
    }  # fmt: skip


def _teams_and_market(chain, user_a, firm):
    """A service team with a cadre, a policy and a paperwork case; a provider with a service
    and an order from firm A."""
    from portal.roles import Role
    from services.loop.models import HandlingUnit
    from services.market import services as market
    from services.market.models import MarketService, Provider, ServiceCategory
    from services.teams import services as teams
    from services.teams.models import Cadre, Policy, ServiceTeam

    from ..factories import UserFactory

    firm.chains.add(chain)
    unit = HandlingUnit.objects.create(name=f"{chain.name}红链服务队", kind="service_team")
    team = ServiceTeam.objects.create(chain=chain, unit=unit)
    cadre = UserFactory(username="cadre1", is_staff=True, roles=[Role.CADRE])
    Cadre.objects.create(user=cadre, team=team, post="经发局科员", office_phone="0535-5661001")
    policy = Policy.objects.create(
        title="首台套奖励", issuer="园区管委会", benefits="最高奖励两百万元",
        valid_from=timezone.localdate(),
    )  # fmt: skip
    case = teams.ask_for_paperwork(actor=user_a, enterprise=firm, kind="permit",
                                   procedure="建设工程规划许可证")  # fmt: skip
    provider_user = UserFactory(username="provider1", roles=[Role.PROVIDER])
    provider = Provider.objects.create(
        name="正衡律师事务所", contract_from=datetime.date(2025, 1, 1),
        contract_until=datetime.date(2030, 12, 31),
    )  # fmt: skip
    provider.members.add(provider_user)
    service = MarketService.objects.create(
        category=ServiceCategory.objects.create(name="法律服务"), provider=provider,
        name="合同审查", description="商务合同审查。", price_from=800, price_to=3000,
        price_unit="份", expected_days=3,
    )  # fmt: skip
    order = market.place_order(actor=user_a, service_id=service.pk, need="审查采购合同")
    return {"team": team.pk, "cadre": cadre, "policy": policy.pk, "case": case.pk,
            "provider": provider_user, "service": service.pk, "order": order.pk}  # fmt: skip


def _talent(user_a, firm):
    """A talent officer; a talent, a position and a problem of the enterprise; a university
    with a platform and a matchmaking event; a lecture session with an enrolment and a
    certificate."""
    from portal.roles import Role
    from talent import services as talent
    from talent.models import Certificate, Course, Matchmaking, Platform, TalentDemand, University

    from ..factories import UserFactory
    from ..talent.conftest import make_session, make_talent

    officer = UserFactory(username="talent1", is_staff=True, roles=[Role.TALENT_OFFICER])
    person = make_talent(firm)
    TalentDemand.objects.create(
        enterprise=firm, title="焊接工程师", field="焊接工艺", number=2,
        requirements="持证上岗", salary_min=8000, salary_max=12000,
    )  # fmt: skip
    problem = talent.post_problem(actor=user_a, enterprise=firm, title="大型单桩焊接变形控制",
                                  field="焊接工艺", description="单桩焊后变形超差。")  # fmt: skip
    university = University.objects.create(name="中国海洋大学", kind="university", city="青岛")
    Platform.objects.create(
        name="海上风电装备工程技术研究中心", type="engineering", level="provincial",
        enterprise=firm, university=university, year=2021,
    )  # fmt: skip
    event = Matchmaking.objects.create(
        title="海工装备产学研对接会", held_on=timezone.localdate(),
        outcomes="达成合作意向 3 项", agreements_signed=2,
    )  # fmt: skip
    event.enterprises.add(firm)
    event.universities.add(university)
    session = make_session(Course.objects.create(title="惠企政策解读", topic="policy"))
    [enrolment] = talent.enrol(actor=user_a, session_id=session.pk, enterprise=firm,
                               people=[{"name": "张伟", "mobile": "13700000001"}])  # fmt: skip
    certificate = Certificate.objects.create(course=session.course, trainee=enrolment.trainee,
                                             number="HM202600010000001",
                                             issued_on=timezone.localdate())  # fmt: skip
    return {"officer": officer, "talent": person.pk, "problem": problem.pk,
            "session": session.pk, "code": session.check_in_code,
            "certificate": certificate.number}  # fmt: skip


def _center(user_a, park_admin) -> dict:
    """A floor with a venue that needs approval, booked by enterprise A (waiting); an event A
    registered for; rooms with a stay and A's application waiting; the service circle."""
    from services.center import services as center
    from services.center.models import Bed, Floor, Room, ServicePoint, Venue

    from ..center.conftest import at

    floor = Floor.objects.create(number=3, name="会议培训中心", purpose="红盟讲堂、会议、培训")
    hall = Venue.objects.create(floor=floor, name="报告厅", kind="hall", capacity=200,
                                equipment="投影、音响", needs_approval=True)  # fmt: skip
    Venue.objects.create(floor=floor, name="会议室一", kind="meeting", capacity=20)
    room = Venue.objects.create(floor=floor, name="培训室一", kind="training", capacity=40)
    center.book_venue(actor=user_a, venue_id=hall.pk, starts_at=at(1, 14), ends_at=at(1, 16),
                      purpose="新产品发布会", attendees=120)  # fmt: skip
    event = center.schedule_event(
        actor=park_admin, venue_id=room.pk, title="“书香园区”读书分享会", kind="reading",
        starts_at=at(2, 9), ends_at=at(2, 11), capacity=30, organiser="园区党群服务中心",
        description="共读一本书，交流读书心得。",
    )  # fmt: skip
    center.register(actor=user_a, event_id=event.pk)
    flat = Room.objects.create(building="人才公寓1号楼", number="201", kind="double",
                               monthly_rent=1200, facilities="空调、热水、宽带")  # fmt: skip
    Bed.objects.bulk_create([Bed(room=flat, label="A"), Bed(room=flat, label="B")])
    today = timezone.localdate()
    for name in ("王伟", "李娜"):
        application = center.apply_for_stay(
            actor=user_a, occupant=name, occupant_kind="talent", starts=today,
            ends=today + datetime.timedelta(days=90), note="新入职工程师",
        )  # fmt: skip
    center.allocate_stay(actor=park_admin, application_id=application.pk, room_id=flat.pk,
                         starts=today, ends=today + datetime.timedelta(days=90))  # fmt: skip
    for name, kind, minutes, direction in (("园区职工食堂", "canteen", 2, "e"),
                                           ("开发区政务服务中心", "government", 5, "w"),
                                           ("蓬莱农商银行开发区支行", "bank", 3, "s")):  # fmt: skip
        ServicePoint.objects.create(name=name, kind=kind, walking_minutes=minutes,
                                    direction=direction, hours="08:30–17:30")  # fmt: skip
    return {"venue": hall.pk, "event": event.pk}


def _sign_in(page, base, user):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_every_screen_reads_well(browser, live_server, world, artifacts_dir, size, language):
    base = live_server.url
    host = urlparse(base).netloc
    folder = artifacts_dir / "screens"
    folder.mkdir(exist_ok=True)
    axe = Axe()
    problems = []
    for user, paths in world.items():
        who = user.username if user else "public"
        context = browser.new_context(locale=LANGUAGES[language], viewport=SIZES[size])
        page = context.new_page()
        seen = {"errors": [], "elsewhere": []}
        page.on("console", lambda m, s=seen: m.type == "error" and s["errors"].append(m.text))
        page.on("pageerror", lambda e, s=seen: s["errors"].append(str(e)))
        page.on("request", lambda r, s=seen: urlparse(r.url).netloc not in (host, "")
                and s["elsewhere"].append(r.url))  # fmt: skip
        if user:
            _sign_in(page, base, user)
        for path in paths:
            seen["errors"].clear()
            # The pages load nothing after their load event (no script fetches content), so
            # waiting for the network to be idle would only add half a second a screen.
            response = page.goto(base + path, wait_until="load")
            name = f"{who}{path}".strip("/").replace("/", "_").replace("?", "_") or "home"
            page.screenshot(path=str(folder / f"{name}-{size}-{language}.png"), full_page=True)
            where = f"{who} {path} ({size}, {language})"
            if response is None or response.status >= 400:
                problems.append(f"{where}: answered {response and response.status}")
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if wide > 0:
                problems.append(f"{where}: scrolls {wide}px sideways")
            problems += [f"{where}: console: {text}" for text in seen["errors"]]
            found = axe.run(page).response["violations"]
            problems += [
                f"{where}: axe {v['id']} ({v['impact']}): "
                + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
                for v in found if v["impact"] in SERIOUS
            ]  # fmt: skip
        problems += [f"{who}: asked another host for {url}" for url in seen["elsewhere"]]
        context.close()
    assert not problems, "\n".join(problems)
