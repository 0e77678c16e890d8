"""The demo park reproduces the story's figures when they are counted from rows."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from alliances.choices import HonourKind
from alliances.models import Alliance, Chain, ChainLink, Enterprise, InvestmentProject
from alliances.selectors import honour_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_park(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_park_figures_come_out_of_the_rows(demo_park):
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


def test_public_pages_show_the_computed_figures(client, demo_park):
    page = client.get("/alliances/").content.decode()
    assert 'data-testid="total-craftsmen">41<' in page
    assert 'data-testid="total-posts">161<' in page
    assert 'data-testid="total-workshops">19<' in page
    home = client.get("/").content.decode()
    assert 'data-testid="figure-enterprises">172<' in home
