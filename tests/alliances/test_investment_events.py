"""A chain's investment-attraction events are counted and listed on its alliance's page with
the gaps they targeted and the projects that followed."""

import datetime

import pytest
from django.urls import reverse

from alliances.models import (
    Alliance,
    Chain,
    ChainLink,
    ChainSegment,
    InvestmentEvent,
    InvestmentProject,
)
from alliances.selectors import investment_event_counts

pytestmark = pytest.mark.django_db


def test_the_alliance_page_counts_conferences_negotiations_and_projects(client):
    chain = Chain.objects.create(code="offshore", name="海工装备")
    other = Chain.objects.create(code="bio", name="生物医药")
    alliance = Alliance.objects.create(chain=chain, name="海工装备产业链党建联盟", slug="offshore")
    segment = ChainSegment.objects.create(chain=chain, position="upstream", name="上游")
    gap = ChainLink.objects.create(segment=segment, name="海工设计")
    project = InvestmentProject.objects.create(
        name="风电主机项目", chain=chain, investment_amount=10**9, stage="producing"
    )
    seminar = InvestmentEvent.objects.create(
        kind="conference",
        title="海上风电装备产业发展研讨会",
        chain=chain,
        held_on=datetime.date(2024, 3, 1),
    )
    seminar.gaps.add(gap)
    seminar.projects.add(project)
    for n in range(3):
        online = InvestmentEvent.objects.create(
            kind="negotiation",
            title=f"线上洽谈{n}",
            chain=chain,
            held_on=datetime.date(2024, 4, n + 1),
        )
        online.projects.add(project)  # one project, counted once
    InvestmentEvent.objects.create(kind="conference", title="医药招商会", chain=other,
                                   held_on=datetime.date(2024, 5, 1))  # fmt: skip
    assert investment_event_counts(chain) == {"conferences": 1, "negotiations": 3, "projects": 1}
    assert investment_event_counts() == {"conferences": 2, "negotiations": 3, "projects": 1}
    page = client.get(reverse("alliances:alliance_detail", args=[alliance.slug])).content.decode()
    assert "1 场招商推介会 · 3 场线上洽谈 · 促成项目 1 个" in page
    assert "海上风电装备产业发展研讨会" in page and "医药招商会" not in page
