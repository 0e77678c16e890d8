"""The demo park for seed_demo. Figures the park reports (172 chain enterprises, 41
craftsmen, 161 model posts, 19 red-heart workshops, 57 growth firms, 7 offshore-wind
projects...) come out of these rows when counted; nothing here stores a total."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from stdnum.cn import uscc

from portal.demo import DEMO_ACCOUNTS
from portal.models import User
from portal.roles import Role

from .choices import (
    EnterpriseLabel,
    GrowthStage,
    HonourKind,
    InvestmentEventKind,
    MemberKind,
    MemberTier,
    PartyOrgType,
    ProjectStage,
    Scale,
    SegmentPosition,
)
from .models import (
    Alliance,
    AllianceMember,
    Campaign,
    Chain,
    ChainLink,
    ChainSegment,
    Enterprise,
    EnterpriseMembership,
    GrowthStep,
    Honour,
    InvestmentEvent,
    InvestmentProject,
    JointMeeting,
    MeetingDecision,
    PartyOrganization,
)

# 370684 is the administrative code of Penglai; 91 marks a company.
_PREFIX = "91370684"
WAN = Decimal(10_000)
YI = Decimal(100_000_000)

CHAINS = [
    (
        "offshore",
        "海工装备",
        "海工装备产业链党建联盟",
        {
            SegmentPosition.UPSTREAM: ["钢材与原材料", "铸锻件", "海工设计"],
            SegmentPosition.MIDSTREAM: [
                "风电塔筒",
                "风电主机",
                "风电叶片",
                "海缆",
                "海工平台与船舶",
            ],
            SegmentPosition.DOWNSTREAM: ["海上风电施工安装", "运维服务", "港口物流"],
        },
        ["海工设计"],
    ),
    (
        "biomedicine",
        "生物医药",
        "生物医药产业链党建联盟",
        {
            SegmentPosition.UPSTREAM: ["原料药", "药用辅料", "研发外包"],
            SegmentPosition.MIDSTREAM: ["化学制药", "生物制剂", "医疗器械", "中药"],
            SegmentPosition.DOWNSTREAM: ["医药流通", "检验检测", "健康服务"],
        },
        ["研发外包", "生物制剂"],
    ),
    (
        "green-building",
        "绿色建筑",
        "绿色建筑产业链党建联盟",
        {
            SegmentPosition.UPSTREAM: ["新型建材", "钢结构材料", "建筑设计"],
            SegmentPosition.MIDSTREAM: ["装配式构件", "钢结构制造", "节能门窗"],
            SegmentPosition.DOWNSTREAM: ["装配式施工", "建筑运维", "建筑垃圾再生"],
        },
        ["建筑垃圾再生"],
    ),
    (
        "automotive",
        "汽车及零部件",
        "汽车及零部件产业链党建联盟",
        {
            SegmentPosition.UPSTREAM: ["钢材与铸件", "橡胶塑料件", "电子元器件"],
            SegmentPosition.MIDSTREAM: ["车桥", "制动系统", "汽车电子", "内饰件"],
            SegmentPosition.DOWNSTREAM: ["整车配套", "后市场服务", "新能源汽车"],
        },
        ["汽车电子", "新能源汽车"],
    ),
]

# (name, chain code, link, annual output in 亿元, labels): the firms the park's story names.
NAMED_FIRMS = [
    ("蓬坞合金有限公司", "offshore", "铸锻件", "6.5", ["high_tech"]),
    ("大金海洋重工有限公司", "offshore", "风电塔筒", "32", ["gazelle", "high_tech"]),
    ("诺康药业有限公司", "biomedicine", "化学制药", "9.8", ["little_giant", "high_tech"]),
    ("巨涛重工有限公司", "offshore", "海工平台与船舶", "12", ["unicorn", "high_tech"]),
    ("蓬莱车桥有限公司", "automotive", "车桥", "8.6", ["specialised", "high_tech"]),
    ("东方电气（蓬莱）海上风电装备有限公司", "offshore", "风电主机", "26", ["high_tech"]),
    ("上海电气（蓬莱）风电有限公司", "offshore", "风电主机", "18", ["high_tech"]),
]

# How many more firms each chain gets, and words to name them by.
CHAIN_FILL = {
    "offshore": (43, ["海洋工程", "风电装备", "重工", "钢构", "船舶", "海缆", "锚链", "海工"]),
    "biomedicine": (38, ["药业", "生物科技", "医疗器械", "制药", "健康科技", "医药"]),
    "green-building": (40, ["建材", "装配式建筑", "新材料", "钢结构", "门窗", "建筑科技"]),
    "automotive": (44, ["汽车零部件", "精密机械", "制动", "车桥", "橡塑", "汽车电子"]),
}
NAME_STEMS = list("蓬瀛登仙阁丹崖海庙港湾长岛金沙银滩紫荆华泰鼎盛宏远恒通信诚东升瑞丰")

COMPANY_SUFFIX = "有限公司"
HONOUR_TARGETS = {HonourKind.CRAFTSMAN: 41, HonourKind.MODEL_POST: 161, HonourKind.RED_WORKSHOP: 19}
# Benefit per honour in 万元 (low, high): adds up to a little over 3,000万元 in all.
HONOUR_BENEFIT = {
    HonourKind.CRAFTSMAN: (20, 40),
    HonourKind.MODEL_POST: (4, 8),
    HonourKind.RED_WORKSHOP: (40, 60),
}
GROWTH_FIRMS = 57
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国海峰鹏辉波斌宇浩凯健俊帆")


def demo_credit_code(serial: int) -> str:
    body = f"{_PREFIX}{serial:09d}"
    return body + uscc.calc_check_digit(body)


def _person(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def seed_chains() -> dict[str, Chain]:
    chains = {}
    for order, (code, name, _alliance, segments, _gaps) in enumerate(CHAINS):
        chain, _ = Chain.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        for s_order, (position, links) in enumerate(segments.items()):
            segment, _ = ChainSegment.objects.get_or_create(
                chain=chain,
                position=position,
                defaults={"name": position.label, "order": s_order},
            )
            for l_order, link_name in enumerate(links):
                ChainLink.objects.get_or_create(
                    segment=segment, name=link_name, defaults={"order": l_order}
                )
        chains[code] = chain
    return chains


def _links_by_chain() -> dict[str, dict[str, ChainLink]]:
    result: dict[str, dict[str, ChainLink]] = {}
    for link in ChainLink.objects.select_related("segment__chain"):
        result.setdefault(link.segment.chain.code, {})[link.name] = link
    return result


def seed_enterprises() -> list[Enterprise]:
    """172 chain enterprises: the named firms first, then plausible others per chain."""
    if Enterprise.objects.filter(credit_code=demo_credit_code(172)).exists():
        return list(
            Enterprise.objects.filter(credit_code__startswith=_PREFIX).order_by("credit_code")
        )
    rng = random.Random(20221001)
    chains = seed_chains()
    links = _links_by_chain()
    gaps = {code: set(gap_names) for code, *_rest, gap_names in CHAINS}
    plan = [
        (name, code, link, Decimal(output) * YI, labels)
        for name, code, link, output, labels in NAMED_FIRMS
    ]
    used_names = {p[0] for p in plan}
    for code, (count, words) in CHAIN_FILL.items():
        open_links = [name for name in links[code] if name not in gaps[code]]
        made = 0
        while made < count:
            name = f"烟台{rng.choice(NAME_STEMS)}{rng.choice(NAME_STEMS)}{rng.choice(words)}{COMPANY_SUFFIX}"
            if name in used_names:
                continue
            used_names.add(name)
            output = Decimal(rng.randint(3_000, 60_000)) * WAN
            plan.append((name, code, rng.choice(open_links), output, []))
            made += 1

    # 57 growth firms in all: the named ones with growth labels plus enough of the others.
    named_growth = sum(
        1 for *_x, labels in plan if set(labels) & set(EnterpriseLabel.growth_labels())
    )
    others = [i for i, (*_x, labels) in enumerate(plan) if not labels]
    for i in rng.sample(others, GROWTH_FIRMS - named_growth):
        plan[i] = (*plan[i][:4], [rng.choice(EnterpriseLabel.growth_labels())])
    for i in rng.sample(others, 30):
        if not plan[i][4]:
            plan[i] = (*plan[i][:4], [EnterpriseLabel.HIGH_TECH])

    enterprises = []
    stages = list(GrowthStage.values)
    for serial, (name, code, link_name, output, labels) in enumerate(plan, start=1):
        existing = Enterprise.objects.filter(credit_code=demo_credit_code(serial)).first()
        if existing is not None and existing.chains.exists():
            enterprises.append(existing)
            continue
        above = output >= 2 * YI / 10  # 2,000万元 a year: the statistical line for 规上
        big = output > 5 * YI
        org = PartyOrganization.objects.create(
            name=f"{name.removesuffix(COMPANY_SUFFIX)}党{'委' if big else '支部'}",
            org_type=PartyOrgType.COMMITTEE if big else PartyOrgType.BRANCH,
            secretary=_person(rng),
            member_count=rng.randint(5, 120),
        )
        attrs = {
            "name": name,
            "legal_representative": _person(rng),
            "contact_person": _person(rng),
            "contact_mobile": f"13{rng.randint(5, 9)}{rng.randint(0, 99_999_999):08d}",
            "address": f"蓬莱经济开发区{rng.choice(['海港路', '金创路', '登州路'])}{rng.randint(1, 300)}号",
            "founded_on": datetime.date(
                rng.randint(1998, 2022), rng.randint(1, 12), rng.randint(1, 28)
            ),
            "employees": max(12, int(output / WAN / 150)),
            "annual_output": output,
            "annual_tax": (output * Decimal("0.045")).quantize(Decimal("0.01")),
            "scale": Scale.ABOVE if above else Scale.BELOW,
            "labels": sorted(set(labels)),
            "party_organization": org,
        }
        # An enterprise seeded by an earlier version (no chain yet) is completed in place.
        enterprise, _ = Enterprise.objects.update_or_create(
            credit_code=demo_credit_code(serial), defaults=attrs
        )
        enterprise.chains.add(chains[code])
        enterprise.links.add(links[code][link_name])
        steps = stages[: rng.choice((0, 1, 1, 2, 3))] if not above else stages[: rng.choice((2, 3))]
        for i, stage in enumerate(steps):
            GrowthStep.objects.create(
                enterprise=enterprise, stage=stage, reached_on=datetime.date(2019 + i * 2, 6, 30)
            )
        if steps:
            enterprise.growth_stage = steps[-1]
            enterprise.save(update_fields=["growth_stage"])
        enterprises.append(enterprise)
    return enterprises


def seed_alliances(enterprises: list[Enterprise], actor) -> list[Alliance]:
    """The four alliances with their 1+X+N members, meetings, campaigns, honours, projects."""
    from .services import generate_rotation

    if Alliance.objects.exists():
        return list(Alliance.objects.all())
    rng = random.Random(20221002)
    alliances = []
    for code, _name, alliance_name, *_ in CHAINS:
        chain = Chain.objects.get(code=code)
        alliance = Alliance.objects.create(
            chain=chain,
            name=alliance_name,
            slug=code,
            founded_on=datetime.date(2021, 7, 1),
            description=f"{chain.name}产业链链上企业党组织、高校院所、金融机构和服务机构组成的党建联盟。",
        )
        on_chain = sorted(
            (e for e in enterprises if chain in e.chains.all()),
            key=lambda e: -(e.annual_output or 0),
        )
        lead, core, rest = on_chain[0], on_chain[1:4], on_chain[4:]
        joined = datetime.date(2021, 7, 1)
        members = [
            AllianceMember(
                alliance=alliance, tier=MemberTier.LEAD, kind=MemberKind.ENTERPRISE, name=lead.name,
                enterprise=lead, party_organization=lead.party_organization, rotation_order=1,
                joined_on=joined,
            )
        ]  # fmt: skip
        for i, enterprise in enumerate(core, start=2):
            members.append(
                AllianceMember(
                    alliance=alliance, tier=MemberTier.CORE, kind=MemberKind.ENTERPRISE,
                    name=enterprise.name, enterprise=enterprise,
                    party_organization=enterprise.party_organization, rotation_order=i,
                    joined_on=joined,
                )
            )  # fmt: skip
        for enterprise in rest:
            members.append(
                AllianceMember(
                    alliance=alliance, tier=MemberTier.MEMBER, kind=MemberKind.ENTERPRISE,
                    name=enterprise.name, enterprise=enterprise,
                    party_organization=enterprise.party_organization,
                    joined_on=joined + datetime.timedelta(days=rng.randint(0, 900)),
                )
            )  # fmt: skip
        for kind, name in (
            (MemberKind.UNIVERSITY, f"烟台大学{chain.name}研究团队"),
            (
                MemberKind.BANK,
                rng.choice(["中国银行蓬莱支行", "农业银行蓬莱支行", "烟台银行蓬莱支行"]),
            ),
            (MemberKind.PROVIDER, rng.choice(["烟台嘉合企业服务有限公司", "众合人力资源有限公司"])),
        ):
            members.append(
                AllianceMember(
                    alliance=alliance, tier=MemberTier.MEMBER, kind=kind, name=name,
                    joined_on=datetime.date(2022, 3, 1),
                )
            )  # fmt: skip
        AllianceMember.objects.bulk_create(members)
        for year in (2025, 2026, 2027):
            generate_rotation(actor=actor, alliance_id=alliance.pk, year=year)
        _seed_meetings(alliance, rng)
        alliances.append(alliance)
    _seed_campaigns_and_honours(alliances, enterprises, rng)
    _seed_projects(rng)
    _seed_investment_events(rng)
    return alliances


def _seed_meetings(alliance: Alliance, rng) -> None:
    members = list(alliance.members.filter(tier__in=[MemberTier.LEAD, MemberTier.CORE]))
    for i, (held_on, title) in enumerate(
        [
            (datetime.date(2026, 3, 18), "一季度联席会议：链上协作与用工对接"),
            (datetime.date(2026, 9, 16), "三季度联席会议：补链招商与技术攻关"),
        ]
    ):
        meeting = JointMeeting.objects.create(
            alliance=alliance,
            title=title,
            held_on=held_on,
            chair=members[i % len(members)],
            agenda="1. 通报上季度决定事项办理情况\n2. 链上企业反映问题梳理\n3. 下阶段重点工作",
            minutes=(
                f"## {title}\n\n会议由轮值主席单位主持，{len(members)}家核心成员单位参加。\n\n"
                "- 梳理链上企业反映的用工、场地和融资问题\n- 确定补链招商重点环节\n"
            ),
        )
        meeting.attendees.set(members)
        MeetingDecision.objects.create(
            meeting=meeting,
            text="组织链上企业开展一次供需对接活动",
            owner=members[0],
            due_on=held_on + datetime.timedelta(days=60),
            status="done" if i == 0 else "open",
            done_on=held_on + datetime.timedelta(days=45) if i == 0 else None,
        )
        MeetingDecision.objects.create(
            meeting=meeting,
            text="摸排本链缺失环节，形成招商目标清单",
            owner=members[-1],
            due_on=held_on + datetime.timedelta(days=90),
        )


def _seed_campaigns_and_honours(alliances, enterprises, rng) -> None:
    campaigns = [
        Campaign.objects.create(name="三亮三比三争", year=2025, description="亮身份、亮承诺、亮作为；比技能、比贡献、比作风；争当先锋、争创佳绩、争做表率。"),
        Campaign.objects.create(name="五争一树", year=2026, description="链上企业党员职工创先争优活动。"),
    ]  # fmt: skip
    for campaign in campaigns:
        campaign.participants.set(rng.sample(enterprises, 90))
    by_chain = {a.chain_id: a for a in alliances}
    honours = []
    for kind, target in HONOUR_TARGETS.items():
        low, high = HONOUR_BENEFIT[kind]
        for n in range(target):
            enterprise = rng.choice(enterprises)
            alliance = by_chain[next(iter(enterprise.chains.all())).pk]
            title = {
                HonourKind.CRAFTSMAN: _person(rng),
                HonourKind.MODEL_POST: f"{rng.choice(['焊接', '装配', '质检', '研发', '仓储', '设备'])}岗党员示范岗{n + 1}",
                HonourKind.RED_WORKSHOP: f"{rng.choice(['一', '二', '三', '总装', '精加工'])}车间",
            }[kind]
            honours.append(
                Honour(
                    kind=kind,
                    title=title,
                    enterprise=enterprise,
                    alliance=alliance,
                    campaign=rng.choice(campaigns),
                    year=rng.choice((2024, 2025, 2026)),
                    economic_benefit=Decimal(rng.randint(low * 10, high * 10)) * WAN / 10,
                )
            )
    Honour.objects.bulk_create(honours)


def _seed_projects(rng) -> None:
    offshore = Chain.objects.get(code="offshore")
    links = _links_by_chain()["offshore"]
    landed = [
        ("东方电气海上风电全产业链项目", "风电主机", "东方电气（蓬莱）海上风电装备有限公司", "45", ProjectStage.PRODUCING),
        ("上海电气海上风电主机项目", "风电主机", "上海电气（蓬莱）风电有限公司", "30", ProjectStage.PRODUCING),
        ("大金海工超大型塔筒扩产项目", "风电塔筒", "大金海洋重工有限公司", "12", ProjectStage.PRODUCING),
        ("海上风电导管架基础项目", "海工平台与船舶", "巨涛重工有限公司", "8", ProjectStage.COMPLETED),
        ("海上风电运维母港项目", "运维服务", None, "6", ProjectStage.UNDER_CONSTRUCTION),
        ("风电叶片生产基地项目", "风电叶片", None, "10", ProjectStage.UNDER_CONSTRUCTION),
        ("海缆及附件生产项目", "海缆", None, "9", ProjectStage.COMPLETED),
    ]  # fmt: skip
    for name, link_name, firm, amount, stage in landed:
        enterprise = Enterprise.objects.filter(name=firm).first() if firm else None
        if enterprise is None:
            enterprise = Enterprise.objects.filter(links=links[link_name]).first()
        InvestmentProject.objects.create(
            name=name, chain=offshore, link=links[link_name], investment_amount=Decimal(amount) * YI,
            stage=stage, partners="蓬莱经济开发区管委", signed_on=datetime.date(2023, rng.randint(1, 12), 1),
            enterprise=enterprise,
        )  # fmt: skip
    gap = links["海工设计"]
    InvestmentProject.objects.create(
        name="海工装备设计研发中心（洽谈中）", chain=offshore, link=gap,
        investment_amount=Decimal(2) * YI, stage=ProjectStage.SIGNED, partners="待定",
    )  # fmt: skip


# (chain, title, place, counterparts); 12 conferences in all, the first the offshore-wind
# seminar that the landed wind projects followed.
CONFERENCES = [
    ("offshore", "海上风电装备产业发展研讨会", "党群服务中心报告厅", "中国可再生能源学会风能专委会、整机与部件企业"),
    ("offshore", "海工装备产业链（上海）招商推介会", "上海", "长三角海工装备企业"),
    ("offshore", "海上风电运维与港口物流对接会", "党群服务中心报告厅", "运维服务商、港航企业"),
    ("offshore", "海工设计研发机构恳谈会", "青岛", "海工设计院所"),
    ("biomedicine", "生物医药产业招商推介会", "济南", "医药研发外包机构"),
    ("biomedicine", "生物制剂项目对接会", "党群服务中心报告厅", "生物制药企业、投资机构"),
    ("biomedicine", "医药健康产业（深圳）招商会", "深圳", "大湾区医疗器械企业"),
    ("green-building", "绿色建筑与装配式建筑招商推介会", "党群服务中心报告厅", "装配式建筑企业"),
    ("green-building", "建筑垃圾资源化利用项目对接会", "烟台", "再生建材企业"),
    ("automotive", "汽车零部件产业链招商推介会", "党群服务中心报告厅", "整车及零部件企业"),
    ("automotive", "新能源汽车配套产业（合肥）招商会", "合肥", "新能源整车配套企业"),
    ("automotive", "汽车电子项目恳谈会", "苏州", "汽车电子企业"),
]  # fmt: skip
NEGOTIATIONS_PER_CHAIN = 8  # 32 online negotiations


def _seed_investment_events(rng) -> None:
    """Twelve conferences and 32 online negotiations, each aimed at its chain's panorama
    gaps; the offshore chain's landed projects followed the first events."""
    gap_names = {code: gaps for code, _short, _name, _segments, gaps in CHAINS}
    links = _links_by_chain()
    chains = {chain.code: chain for chain in Chain.objects.all()}
    landed = list(InvestmentProject.objects.landed().filter(chain__code="offshore")
                  .order_by("name"))  # fmt: skip
    events = []
    for n, (code, title, place, counterparts) in enumerate(CONFERENCES):
        event = InvestmentEvent.objects.create(
            kind=InvestmentEventKind.CONFERENCE, title=title, chain=chains[code],
            held_on=datetime.date(2024, 3, 1) + datetime.timedelta(days=61 * n), place=place,
            counterparts=counterparts, outcome="达成合作意向，纳入项目库跟踪",
        )  # fmt: skip
        event.gaps.set([links[code][name] for name in gap_names[code]])
        events.append(event)
    for code, chain in chains.items():
        for n in range(NEGOTIATIONS_PER_CHAIN):
            gap = links[code][gap_names[code][n % len(gap_names[code])]]
            event = InvestmentEvent.objects.create(
                kind=InvestmentEventKind.NEGOTIATION, title=f"{gap.name}项目线上洽谈（第{n + 1}场）",
                chain=chain, held_on=datetime.date(2024, 1, 15) + datetime.timedelta(days=80 * n + rng.randint(0, 20)),
                counterparts="意向投资企业", outcome="持续跟进",
            )  # fmt: skip
            event.gaps.add(gap)
    seminar, roadshow = events[0], events[1]
    seminar.projects.set(landed[:4])
    roadshow.projects.set(landed[4:])


def seed_demo_enterprises(done: dict):
    """The demo enterprises and alliances; the demo firm accounts act for the first two."""
    enterprises = seed_enterprises()
    accounts = done["accounts"]
    for username, *_rest, firm, firm_admin in DEMO_ACCOUNTS:
        if firm is not None:
            EnterpriseMembership.objects.get_or_create(
                user=accounts[username],
                defaults={"enterprise": enterprises[firm], "is_admin": firm_admin},
            )
    seed_alliances(enterprises, actor=accounts["parkadmin"])
    return enterprises, [f"Demo data ready: {len(enterprises)} enterprises."]


def demo_liaisons(count: int) -> list[User]:
    """One contact user per enterprise (the demo accounts first); others cannot sign in."""
    users = [m.user for m in EnterpriseMembership.objects.select_related("user").order_by("pk")]
    taken = {u.enterprise_membership.enterprise_id for u in users}
    group = Group.objects.get(name=Role.ENTERPRISE_USER)
    for enterprise in Enterprise.objects.exclude(pk__in=taken).order_by("pk")[
        : max(0, count - len(users))
    ]:
        user = User.objects.create(
            username=f"liaison{enterprise.pk}", name=f"{enterprise.name[:6]}联络员"
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
        EnterpriseMembership.objects.create(user=user, enterprise=enterprise, is_admin=True)
        users.append(user)
    return users
