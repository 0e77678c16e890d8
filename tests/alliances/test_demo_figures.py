"""The demo park reproduces the story's figures when they are counted from rows."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from alliances.choices import HonourKind
from alliances.models import Alliance, Chain, ChainLink, Enterprise, InvestmentProject
from alliances.selectors import honour_totals
from services.loop.choices import State
from services.loop.models import Pause, Request, Revisit, TypicalCase

from ..article_figures import assert_the_story_figures_come_out_of_the_dashboard_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_park(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_park_figures_come_out_of_the_rows(demo_park, client):
    """One seeded park (seeding takes a while) checked from every side."""
    _assert_public_pages_show_the_counts(client)
    _assert_demo_requests_cover_the_loop()
    _assert_financing_comes_out_of_the_loans()
    _assert_teams_and_market_come_out_of_the_rows(client)
    _assert_talent_comes_out_of_the_rows(client)
    _assert_the_center_comes_out_of_the_rows(client)
    assert_the_story_figures_come_out_of_the_dashboard_selectors()
    assert Alliance.objects.count() == 4
    assert Enterprise.objects.filter(chains__isnull=False).distinct().count() == 172
    totals = honour_totals()
    assert totals.count(HonourKind.CRAFTSMAN) == 41
    assert totals.count(HonourKind.MODEL_POST) == 161
    assert totals.count(HonourKind.RED_WORKSHOP) == 19
    assert totals.benefit > Decimal(30_000_000)
    assert Enterprise.objects.growth_firms().count() == 57

    offshore = Chain.objects.get(code="offshore")
    landed = InvestmentProject.objects.landed().filter(chain=offshore)
    assert landed.count() == 7
    output = Enterprise.objects.filter(chains=offshore).aggregate(total=Sum("annual_output"))
    assert output["total"] > Decimal(10_000_000_000)
    # the panorama has gaps to attract investment to
    assert ChainLink.objects.filter(enterprises__isnull=True).exists()
    # every alliance has one lead, core members and a chair right now
    for alliance in Alliance.objects.all():
        assert alliance.members.filter(tier="lead").count() == 1
        assert alliance.members.filter(tier="core").exists()
        assert alliance.chair_terms.exists()


def _assert_public_pages_show_the_counts(client):
    page = client.get("/alliances/").content.decode()
    assert 'data-testid="total-craftsmen">41<' in page
    assert 'data-testid="total-posts">161<' in page
    assert 'data-testid="total-workshops">19<' in page
    home = client.get("/").content.decode()
    assert 'data-testid="figure-enterprises">172<' in home
    assert 'data-testid="figure-financed">91<' in home


def _assert_financing_comes_out_of_the_loans():
    """12 partner banks, 34 meetings held, 91 enterprises financed for 2.6亿元 (26,000万元),
    counted from loans the bank steps recorded."""
    from services.finance import figures
    from services.finance.models import Loan, MatchmakingMeeting

    totals = figures.totals()
    assert (totals["banks"], totals["meetings_held"], totals["enterprises"]) == (12, 34, 91)
    assert totals["amount"] == Loan.objects.aggregate(s=Sum("amount"))["s"] == Decimal(26_000)
    banks = figures.by_bank()
    assert sum(row["enterprises"] for row in banks) == 91  # one loan per firm
    assert sum(row["amount"] or 0 for row in banks) == Decimal(26_000)
    assert sum(row["amount"] for row in figures.by_month(months=48)) == Decimal(26_000)
    assert all(loan.offer.status == "accepted" for loan in Loan.objects.select_related("offer"))
    assert MatchmakingMeeting.objects.filter(loans__isnull=False).distinct().count() > 20


def _assert_demo_requests_cover_the_loop():
    """A year of requests: every state, at least 76 resolved, some returned, extended,
    supervised and redone, lights of every colour."""
    assert Request.objects.filter(events__step="resolve").distinct().count() >= 76
    assert set(Request.objects.values_list("state", flat=True)) == set(State.values)
    assert Request.objects.filter(return_count__gt=0).exists()
    assert Request.objects.filter(redo_count__gt=0).exists()
    assert Request.objects.filter(is_supervised=True).exists()
    assert Request.objects.filter(events__step="approve_extension").exists()
    assert {"green", "yellow", "red"} <= set(Request.objects.values_list("light", flat=True))
    # Pauses running and ended, revisit calls reached and not, duplicates merged, cases.
    assert Request.objects.filter(paused_at__isnull=False).exists()
    assert Pause.objects.filter(end_reason="material").exists()
    assert Revisit.objects.filter(reached=True).exists()
    assert Revisit.objects.filter(reached=False).exists()
    assert Request.objects.filter(merged_into__isnull=False).count() == 3
    assert TypicalCase.objects.count() >= 3
    assert Request.objects.filter(handler__isnull=False).exists()


def _assert_teams_and_market_come_out_of_the_rows(client):
    """4 teams of 37 cadres look after all 172 chain firms; 234 paperwork cases; 8 providers
    offer 21 services in 4 categories: counted by the selectors the pages use."""
    from services.market.selectors import catalog_totals
    from services.teams.selectors import chain_firms, totals

    teams = totals()
    assert (teams["teams"], teams["cadres"], teams["firms"]) == (4, 37, 172)
    assert teams["with_liaison"] == 172 and not chain_firms().filter(liaison__isnull=True)
    assert teams["paperwork"] == 234
    assert teams["pushes"] > 0 and teams["visits"] > 172
    market = catalog_totals()
    assert (market["providers"], market["categories"], market["services"]) == (8, 4, 21)
    home = client.get("/").content.decode()
    assert 'data-testid="figure-teams">4<' in home
    assert 'data-testid="figure-market">21<' in home
    assert "37 名党员干部包联 172 家链上企业，提供帮办代办 234 次" in home


def _assert_talent_comes_out_of_the_rows(client):
    """29 leading talents (municipal level or higher) and 860 shortage talents with valid ID
    numbers; 26 platforms; 12 universities; 16 matchmaking events; the 39 problems solved
    jointly; 41 lecture sessions held with 1,300+ attendances: counted by the selectors the
    pages use, and shown on them."""
    from talent.models import Talent
    from talent.selectors import innovation_figures, lecture_figures, talent_figures

    talents = talent_figures()
    assert (talents["leading"], talents["shortage"]) == (29, 860)
    sample = Talent.objects.order_by("?")[:20]
    assert all(validate_id(t.id_number) for t in sample)
    innovation = innovation_figures()
    assert (innovation["platforms"], innovation["universities"]) == (26, 12)
    assert (innovation["matchmakings"], innovation["solved"]) == (16, 39)
    assert innovation["problems"] > 39  # and some still open
    lectures = lecture_figures()
    assert lectures["sessions_held"] == 41 and lectures["attendances"] >= 1300
    assert lectures["trainees"] < lectures["attendances"]  # people came more than once
    page = client.get("/lectures/").content.decode()
    assert f"参训人次 {lectures['attendances']}" in page and "已举办期数 41" in page
    home = client.get("/").content.decode()
    assert f'data-testid="figure-attendances">{lectures["attendances"]}<' in home


def validate_id(number: str) -> bool:
    """The portal's own check (the one every form uses): 18 characters, a real birth date,
    the right check character."""
    from django.core.exceptions import ValidationError

    from portal.personal_data import validate_resident_id

    try:
        validate_resident_id(number)
    except ValidationError:
        return False
    return True


def _assert_the_center_comes_out_of_the_rows(client):
    """4 floors and 34 venues (阵地), counted from the rows and shown to visitors."""
    from services.center.models import Booking, Floor, Venue

    assert (Floor.objects.count(), Venue.objects.count()) == (4, 34)
    assert Booking.objects.filter(state="confirmed").exists()
    assert Booking.objects.filter(state="pending").exists()
    page = client.get("/center/").content.decode()
    assert page.count('data-testid="floor"') == 4
    assert "4 层楼共 34 处场地" in client.get("/").content.decode()
    _assert_events_rooms_and_circle(client)


def _assert_events_rooms_and_circle(client):
    """The center's events, accommodation and service circle, and the chains' investment
    events (12 conferences, 30+ online negotiations), counted from the rows."""
    from alliances.selectors import investment_event_counts
    from services.center import selectors as center
    from services.center.models import StayApplication

    figures = center.event_figures()
    assert figures["held"] == 10 and figures["upcoming"] == 3
    assert figures["attendances"] > 200
    assert (
        f"已举办 10 场活动 · 出席 {figures['attendances']} 人次"
        in client.get("/center/events/").content.decode()
    )
    beds = center.accommodation_occupancy(timezone.localdate())
    assert beds["beds"] == 62 and 0 < beds["taken"] < beds["beds"]
    assert StayApplication.objects.filter(state="applied").count() == 2
    assert center.service_circle()["within"] == 10
    counts = investment_event_counts()
    assert counts["conferences"] == 12 and counts["negotiations"] >= 30
    offshore = investment_event_counts(Chain.objects.get(code="offshore"))
    assert (
        offshore["projects"]
        == InvestmentProject.objects.landed().filter(chain__code="offshore").count()
        == 7
    )
    page = client.get("/alliances/offshore/").content.decode()
    assert "海上风电装备产业发展研讨会" in page
    assert (
        f"{offshore['conferences']} 场招商推介会 · {offshore['negotiations']} 场线上洽谈 · "
        "促成项目 7 个"
    ) in page
