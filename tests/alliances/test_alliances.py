import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from alliances import services
from alliances.models import ChainLink, ChainSegment, ChairTerm, Honour
from alliances.selectors import honour_totals, panorama
from portal.errors import StepRefused

from ..factories import AllianceFactory, AllianceMemberFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    alliance = AllianceFactory()
    for order, name in enumerate(["甲", "乙", "丙"], start=1):
        AllianceMemberFactory(alliance=alliance, name=name, rotation_order=order)
    AllianceMemberFactory(alliance=alliance, name="普通成员", tier="member")
    return alliance


def test_rotation_is_generated_and_continues_where_it_stopped(alliance, park_admin):
    terms = services.generate_rotation(actor=park_admin, alliance_id=alliance.pk, year=2026)
    assert [t.member.name for t in terms] == ["甲", "乙", "丙", "甲"]
    assert terms[0].starts_on == datetime.date(2026, 1, 1)
    assert terms[-1].ends_on == datetime.date(2026, 12, 31)
    nxt = services.generate_rotation(actor=park_admin, alliance_id=alliance.pk, year=2027)
    assert [t.member.name for t in nxt] == ["乙", "丙", "甲", "乙"]
    with pytest.raises(StepRefused, match="2027"):
        services.generate_rotation(actor=park_admin, alliance_id=alliance.pk, year=2027)


def test_only_park_admins_plan_the_rotation(alliance, dispatcher):
    with pytest.raises(StepRefused):
        services.generate_rotation(actor=dispatcher, alliance_id=alliance.pk, year=2026)


def test_chair_terms_cannot_overlap(alliance):
    member = alliance.members.first()
    ChairTerm.objects.create(
        alliance=alliance, member=member,
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 3, 31),
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        ChairTerm.objects.create(
            alliance=alliance, member=member,
            starts_on=datetime.date(2026, 3, 31), ends_on=datetime.date(2026, 6, 30),
        )  # fmt: skip


def test_current_and_next_chair_on_the_public_page(client, alliance, park_admin, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 10, 0))
    services.generate_rotation(actor=park_admin, alliance_id=alliance.pk, year=2026)
    page = client.get(reverse("alliances:alliance_detail", args=[alliance.slug])).content.decode()
    assert 'data-testid="current-chair"><strong>乙</strong>' in page
    assert "丙 (2026-07-01)" in page


def test_honour_totals_are_computed_per_alliance_and_year(alliance):
    other = AllianceFactory()
    firm = EnterpriseFactory()
    rows = [
        ("craftsman", alliance, 2025, "100000"),
        ("craftsman", alliance, 2026, "250000.50"),
        ("model_post", alliance, 2026, "50000"),
        ("red_workshop", other, 2026, "400000"),
    ]
    for kind, owner, year, benefit in rows:
        Honour.objects.create(
            kind=kind, title="x", enterprise=firm, alliance=owner, year=year,
            economic_benefit=Decimal(benefit),
        )  # fmt: skip
    totals = honour_totals(alliance=alliance)
    assert totals.counts == {"craftsman": 2, "model_post": 1}
    assert totals.benefit == Decimal("400000.50")
    assert honour_totals(alliance=alliance, year=2026).benefit == Decimal("300000.50")
    assert honour_totals().benefit == Decimal("800000.50")


def test_panorama_marks_links_without_enterprises_as_gaps(client, alliance):
    segment = ChainSegment.objects.create(chain=alliance.chain, position="upstream", name="上游")
    filled = ChainLink.objects.create(segment=segment, name="铸锻件")
    ChainLink.objects.create(segment=segment, name="海工设计")
    EnterpriseFactory(name="锻造企业").links.add(filled)
    [seg] = panorama(alliance.chain)
    by_name = {link.name: link for link in seg.links.all()}
    assert by_name["海工设计"].is_gap and not by_name["铸锻件"].is_gap
    assert by_name["铸锻件"].local_names == ["锻造企业"]
    page = client.get(reverse("alliances:alliance_detail", args=[alliance.slug])).content.decode()
    assert page.count('data-testid="gap-link"') == 1
    assert "招商目标" in page


def test_alliance_page_query_count_does_not_grow_with_members(
    client, alliance, django_assert_max_num_queries
):
    url = reverse("alliances:alliance_detail", args=[alliance.slug])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(30):
        AllianceMemberFactory(alliance=alliance, tier="member", name=f"成员{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_minutes_are_rendered_safely_for_staff_only(client, alliance, supervisor):
    from alliances.models import JointMeeting

    JointMeeting.objects.create(
        alliance=alliance, title="联席会议", held_on=datetime.date(2026, 3, 1),
        minutes="## 纪要\n\n<script>alert(1)</script>**加粗**",
    )  # fmt: skip
    url = reverse("alliances:alliance_detail", args=[alliance.slug])
    assert "加粗" not in client.get(url).content.decode()
    client.force_login(supervisor)
    page = client.get(url).content.decode()
    assert "<strong>加粗</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_admin_action_plans_next_years_rotation(client, alliance, park_admin):
    from django.utils import timezone

    client.force_login(park_admin)
    client.post(
        reverse("admin:alliances_alliance_changelist"),
        {"action": "plan_next_year_rotation", "_selected_action": [alliance.pk]},
    )
    year = timezone.localdate().year + 1
    assert ChairTerm.objects.filter(alliance=alliance, starts_on__year=year).count() == 4
