"""The demo teams: one per chain with 37 cadres between them (the source story's figures,
counted from these rows), a liaison for each of the 172 chain firms, each chain's "four
ones", a year of visits (some problems entered as requests), 234 paperwork cases, a dozen
policies, some of them sent."""

import datetime
import random

from django.contrib.auth.models import Group
from django.utils import timezone

from alliances.choices import EnterpriseLabel, GrowthStage, Scale
from alliances.models import Chain, Enterprise
from portal.demo import as_of
from portal.models import User
from portal.roles import Role
from services.loop.choices import UnitKind
from services.loop.models import Category, HandlingUnit

from . import services
from .choices import CaseState, ProcedureKind
from .models import (
    Cadre,
    FourOnes,
    Liaison,
    PaperworkCase,
    PlanTarget,
    Policy,
    ServiceTeam,
    Visit,
    VisitPlan,
)

CADRES_PER_TEAM = [10, 9, 9, 9]  # 37 in all
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建国", "海涛", "晓东", "丽华", "志强", "文静", "明辉", "秀英", "国庆", "春燕", "永刚",
         "红梅", "立新", "玉兰", "振华", "雪梅", "德胜", "桂芳", "卫东", "淑珍"]  # fmt: skip
POSTS = ["园区党工委委员", "经济发展局副局长", "招商服务中心主任", "党建办科员", "经发局科员",
         "规划建设科科长", "企业服务科科员", "财政金融科科员", "人社办科员"]  # fmt: skip
BACKGROUNDS = ["党务", "经济", "金融", "规划建设", "人力资源"]

FOUR_ONES = {
    "海工装备": ("宋伟", "园区党工委委员、管委会副主任", "海工装备产业链高质量发展规划",
                 "做强海上风电装备全链条，打造千亿级海工装备产业集群。", "2024–2026",
                 ["海上风电落地项目累计 7 个", "链上规上企业产值增长 15%",
                  "引进海工设计类企业 2 家"]),
    "生物医药": ("周明", "园区党工委副书记", "生物医药产业链提升规划",
                 "以创新药和原料药为主攻方向，建设省级生物医药特色园区。", "2024–2026",
                 ["新增省级研发平台 2 个", "一类新药进入临床 1 个", "GMP 改造企业 5 家"]),
    "绿色建筑": ("陈立", "管委会副主任", "绿色建筑（装配式）产业链规划",
                 "巩固国家装配式建筑产业基地，延伸绿色建材与智能建造。", "2024–2026",
                 ["装配式构件产能提升 20%", "绿色建材认证企业 6 家", "智能建造示范项目 2 个"]),
    "汽车及零部件": ("王刚", "园区党工委委员", "汽车及零部件产业链规划",
                    "稳住车桥等优势零部件市场份额，向新能源汽车零部件转型。", "2024–2026",
                    ["车桥国内市场占有率保持 10% 以上", "新能源零部件项目 3 个",
                     "小升规企业 4 家"]),
}  # fmt: skip

PROCEDURES = [
    (ProcedureKind.PERMIT, "建设工程规划许可证"), (ProcedureKind.PERMIT, "排污许可证变更"),
    (ProcedureKind.PERMIT, "施工许可证"), (ProcedureKind.REGISTRATION, "企业名称变更登记"),
    (ProcedureKind.REGISTRATION, "环评备案"), (ProcedureKind.PROJECT, "技改项目备案"),
    (ProcedureKind.SUBSIDY, "高新技术企业认定申报"), (ProcedureKind.SUBSIDY, "技改补贴申报"),
    (ProcedureKind.CERTIFICATION, "安全生产标准化评审"), (ProcedureKind.OTHER, "不动产权证办理"),
]  # fmt: skip
PAPERWORK_CASES = 234

POLICIES = [
    ("海上风电装备首台套奖励办法", "蓬莱区工业和信息化局", ["海工装备"], [], [], [],
     "首台（套）海上风电装备按销售额给予最高 200 万元奖励。"),
    ("海工装备企业技术改造补助", "蓬莱经济开发区管委会", ["海工装备"], [Scale.ABOVE], [], [],
     "规上海工装备企业技改设备投资按 10% 给予补助，最高 300 万元。"),
    ("生物医药研发投入后补助", "烟台市科学技术局", ["生物医药"], [], [], [],
     "按上年度研发投入增量的 10% 给予后补助。"),
    ("创新药临床试验支持政策", "山东省药品监督管理局", ["生物医药"], [],
     [EnterpriseLabel.HIGH_TECH], [], "进入 II、III 期临床的创新药分阶段给予资金支持。"),
    ("装配式建筑项目容积率奖励", "蓬莱区住房和城乡建设局", ["绿色建筑"], [], [], [],
     "采用装配式建造的项目给予不超过 3% 的容积率奖励。"),
    ("绿色建材认证奖励", "蓬莱经济开发区管委会", ["绿色建筑"], [], [], [],
     "取得绿色建材产品认证的，每个产品奖励 10 万元。"),
    ("新能源汽车零部件项目扶持", "蓬莱区发展和改革局", ["汽车及零部件"], [], [], [],
     "新建新能源汽车零部件项目按设备投资额给予 8% 补助。"),
    ("小升规企业培育奖励", "蓬莱区工业和信息化局", [], [Scale.BELOW], [],
     [GrowthStage.SMALL_TO_SCALE], "首次升规纳统的工业企业一次性奖励 20 万元。"),
    ("规改股企业上市培育扶持", "蓬莱区金融服务中心", [], [Scale.ABOVE], [],
     [GrowthStage.SCALE_TO_SHARE], "完成股份制改造的企业给予 50 万元奖励。"),
    ("专精特新企业奖励", "烟台市工业和信息化局", [], [],
     [EnterpriseLabel.SPECIALISED, EnterpriseLabel.LITTLE_GIANT], [],
     "新认定国家级专精特新“小巨人”奖励 100 万元，省级 30 万元。"),
    ("高新技术企业认定奖励", "烟台市科学技术局", [], [], [], [],
     "首次认定的高新技术企业奖励 10 万元。"),
    ("稳岗就业补贴", "蓬莱区人力资源和社会保障局", [], [], [], [],
     "不裁员或少裁员的参保企业按规定返还失业保险费。"),
]  # fmt: skip

VISIT_PROBLEMS = [
    ("土地与建设", "塔筒堆场场地不足", "新签订单增加，塔筒成品无处堆放，影响发运。"),
    ("人才与用工", "急需电焊工十五名", "三季度订单集中交付，焊工缺口较大。"),
    ("融资", "设备更新资金周转紧张", "计划更新两条生产线，自有资金不足。"),
    ("物流", "重载车辆夜间通行受限", "大件运输只能夜间通行，希望协调通行证。"),
    ("政策咨询", "研发费用加计扣除政策咨询", "不清楚今年新政策的归集口径。"),
    ("审批与许可", "新厂房消防验收排期", "新厂房已完工，消防验收排期较长。"),
]  # fmt: skip


def _person(username: str, name: str, group) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"name": name, "is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(group)
    return user


def seed_team_structure(cadre_account) -> list[ServiceTeam]:
    group = Group.objects.get(name=Role.CADRE)
    rng = random.Random(37)
    teams, serial = [], 0
    for chain, size in zip(Chain.objects.order_by("order")[:4], CADRES_PER_TEAM, strict=True):
        unit, _ = HandlingUnit.objects.get_or_create(
            name=f"{chain.name}红链服务队", defaults={"kind": UnitKind.SERVICE_TEAM}
        )
        team, _ = ServiceTeam.objects.get_or_create(
            chain=chain, defaults={"unit": unit, "founded_on": datetime.date(2023, 3, 1)}
        )
        for i in range(size):
            serial += 1
            user = cadre_account if serial == 1 else _person(
                f"cadre{serial:02d}", rng.choice(SURNAMES) + rng.choice(GIVEN), group
            )  # fmt: skip
            Cadre.objects.get_or_create(user=user, defaults={
                "team": team, "post": POSTS[(serial + i) % len(POSTS)],
                "office_phone": f"0535-56{serial:05d}"[:13],
                "background": BACKGROUNDS[serial % len(BACKGROUNDS)],
            })  # fmt: skip
            if i == 0 and unit.leader_id is None:
                unit.leader = user
                unit.save(update_fields=["leader"])
        leader, post, title, goals, period, targets = FOUR_ONES.get(
            chain.name, FOUR_ONES["海工装备"]
        )
        plan, created = FourOnes.objects.get_or_create(chain=chain, defaults={
            "leader_name": leader, "leader_post": post, "plan_title": title,
            "plan_goals": goals, "plan_period": period,
        })  # fmt: skip
        if created:
            PlanTarget.objects.bulk_create(
                [PlanTarget(four_ones=plan, year=2024 + k, target=t) for k, t in enumerate(targets)]
            )
        teams.append(team)
    return teams


def seed_liaisons(teams) -> int:
    """Every chain firm gets a cadre of its chain's team, round robin; the demo firm accounts'
    enterprises are looked after by the demo cadre account."""
    made = 0
    for team in teams:
        cadres = list(team.cadres.order_by("pk"))
        firms = Enterprise.objects.filter(chains=team.chain, liaison__isnull=True).order_by("pk")
        for i, firm in enumerate(firms):
            Liaison.objects.create(enterprise=firm, cadre=cadres[i % len(cadres)])
            made += 1
    return made


def seed_visits(teams, today) -> int:
    """A year of visits: each cadre sees most of their firms once a quarter or so; a few
    problems found became requests through the real intake."""
    rng = random.Random(2024)
    rows = []
    start = today - datetime.timedelta(days=365)
    for team in teams:
        for liaison in Liaison.objects.filter(cadre__team=team).select_related("cadre"):
            day = start + datetime.timedelta(days=rng.randint(0, 40))
            while day < today:
                rows.append(Visit(
                    team=team, cadre=liaison.cadre, enterprise_id=liaison.enterprise_id,
                    visited_on=day, people_met="总经理、行政负责人",
                    topics="了解生产经营、订单与用工情况，宣讲惠企政策。",
                ))  # fmt: skip
                day += datetime.timedelta(days=rng.randint(70, 130))
    Visit.objects.bulk_create(rows)
    categories = {c.name: c for c in Category.objects.all()}
    liaisons = list(Liaison.objects.select_related("cadre__user", "enterprise").order_by("pk"))
    for i, (category, title, description) in enumerate(VISIT_PROBLEMS):
        liaison = liaisons[(i * 29) % len(liaisons)]
        day = today - datetime.timedelta(days=10 + 9 * i)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15)))
        if category not in categories:
            continue
        with as_of(moment):
            services.log_visit(
                actor=liaison.cadre.user, enterprise=liaison.enterprise, visited_on=day,
                people_met="生产副总", topics="走访了解企业困难。",
                problems=[{"category": categories[category], "title": title,
                           "description": description}],
            )  # fmt: skip
    for team in teams:
        firms = Liaison.objects.filter(cadre__team=team).count()
        for quarter in range(1, 5):
            VisitPlan.objects.get_or_create(
                team=team, year=today.year, quarter=quarter,
                defaults={"planned_visits": max(1, round(firms * 0.8))},
            )  # fmt: skip
    return len(rows) + len(VISIT_PROBLEMS)


def seed_paperwork(teams, today) -> int:
    """234 cases over the year, nearly all done; a few still asked for or in hand."""
    rng = random.Random(234)
    liaisons = list(Liaison.objects.select_related("cadre").order_by("pk"))
    cases = []
    for i in range(PAPERWORK_CASES):
        liaison = liaisons[rng.randrange(len(liaisons))]
        kind, procedure = PROCEDURES[rng.randrange(len(PROCEDURES))]
        opened = today - datetime.timedelta(days=rng.randint(20, 360))
        state = CaseState.NOT_POSSIBLE if i % 60 == 7 else CaseState.DONE
        cases.append(PaperworkCase(
            enterprise_id=liaison.enterprise_id, team=liaison.cadre.team, cadre=liaison.cadre,
            kind=kind, procedure=procedure, state=state, opened_on=opened,
            finished_on=opened + datetime.timedelta(days=rng.randint(2, 18)),
            result="已办结，证照已交企业。" if state == CaseState.DONE else "材料不全，待企业补齐后重新申报。",
        ))  # fmt: skip
    # The newest few are still open: asked for by an enterprise, or in a cadre's hands.
    for case in cases[-4:]:
        case.opened_on = today - datetime.timedelta(days=2)
        case.state, case.finished_on, case.result = CaseState.IN_PROGRESS, None, ""
    cases[-1].state, cases[-1].cadre = CaseState.ASKED, None
    PaperworkCase.objects.bulk_create(cases)
    return len(cases)


def seed_policies(actor, today) -> int:
    chains = {c.name: c for c in Chain.objects.all()}
    for i, (title, issuer, chain_names, scales, labels, stages, benefits) in enumerate(POLICIES):
        policy, created = Policy.objects.get_or_create(title=title, defaults={
            "issuer": issuer, "benefits": benefits, "scales": scales, "labels": labels,
            "growth_stages": stages, "valid_from": datetime.date(today.year - 1, 1, 1),
            "valid_until": datetime.date(today.year + 1, 12, 31),
        })  # fmt: skip
        if created:
            policy.chains.set([chains[n] for n in chain_names if n in chains])
        if created and i % 3 == 0:
            services.push_policy(actor=actor, policy=policy)
    return len(POLICIES)


def seed_teams(accounts):
    if ServiceTeam.objects.exists() and PaperworkCase.objects.exists():
        return None, ["Teams: the demo teams exist already."]
    today = timezone.localdate()
    teams = seed_team_structure(accounts["cadre"])
    liaisons = seed_liaisons(teams)
    visits = seed_visits(teams, today)
    cases = seed_paperwork(teams, today)
    policies = seed_policies(accounts["parkadmin"], today)
    cadres = Cadre.objects.count()
    return teams, [
        f"Teams: {len(teams)} teams, {cadres} cadres, {liaisons} liaisons, {visits} visits, "
        f"{cases} paperwork cases, {policies} policies."
    ]
