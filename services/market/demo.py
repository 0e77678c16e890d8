"""The demo market: 8 providers under contract, 4 categories and 21 services (the source
story's figures, counted from these rows), and a year of orders through the real steps."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from alliances.demo import demo_liaisons
from portal.demo import as_of
from portal.models import User
from portal.roles import Role

from . import services, steps
from .models import MarketService, Provider, ServiceCategory

CATEGORIES = ["人力资源", "法律服务", "财税服务", "知识产权"]

# name, office phone, description, category, services: (name, description, low, high, unit, days)
PROVIDERS = [
    ("烟台嘉合企业服务有限公司", "0535-5660101", "人力资源外包与企业管理咨询。", "人力资源", [
        ("技能人才招聘", "面向制造业一线岗位的批量招聘与到岗跟踪。", 3000, 12000, "批次", 20),
        ("劳务派遣", "依法合规的劳务派遣与用工管理。", 150, 300, "人·月", 10),
        ("薪酬绩效体系设计", "为成长期企业搭建薪酬与绩效考核制度。", 20000, 60000, "项", 30),
    ]),
    ("众合人力资源有限公司", "0535-5660202", "招聘、培训与社保代理。", "人力资源", [
        ("中高端人才寻访", "工程技术与管理岗位的猎头服务。", 15000, 50000, "岗位", 45),
        ("社保公积金代理", "参保登记、基数申报与日常增减员。", 50, 80, "人·月", 5),
        ("岗前技能培训", "焊接、电工等岗位的岗前培训组织。", 800, 1500, "人", 15),
    ]),
    ("山东正衡律师事务所蓬莱分所", "0535-5660303", "企业法律顾问与争议解决。", "法律服务", [
        ("常年法律顾问", "合同审查、法律咨询与风险提示。", 30000, 80000, "年", 5),
        ("合同审查", "单份商务合同的审查与修改意见。", 800, 3000, "份", 3),
        ("劳动争议代理", "劳动仲裁与诉讼代理。", 5000, 20000, "件", 60),
    ]),
    ("蓬莱信达律师事务所", "0535-5660404", "公司治理、股权与合规。", "法律服务", [
        ("股权架构设计", "规改股前的股权梳理与架构设计。", 30000, 100000, "项", 30),
        ("企业合规体检", "安全生产、环保与用工合规检查报告。", 10000, 30000, "次", 20),
    ]),
    ("烟台诚信会计师事务所", "0535-5660505", "审计、验资与财务咨询。", "财税服务", [
        ("年度财务审计", "出具年度审计报告。", 15000, 60000, "年", 30),
        ("高企专项审计", "高新技术企业认定所需的研发费用专项审计。", 8000, 15000, "项", 15),
        ("财务规范辅导", "小升规、规改股企业的财务规范化辅导。", 20000, 50000, "项", 45),
    ]),
    ("蓬莱汇通财税咨询有限公司", "0535-5660606", "代理记账与税务筹划。", "财税服务", [
        ("代理记账", "小微企业记账、报税。", 300, 800, "月", 5),
        ("研发费用加计扣除申报", "研发费用归集与加计扣除申报辅导。", 5000, 12000, "年", 20),
    ]),
    ("烟台知远知识产权代理有限公司", "0535-5660707", "专利、商标代理与知识产权贯标。", "知识产权", [
        ("发明专利申请代理", "技术交底、撰写与审查意见答复。", 6000, 9000, "件", 60),
        ("商标注册代理", "商标查询、申请与续展。", 800, 1500, "件", 10),
        ("知识产权贯标", "GB/T 29490 知识产权管理体系贯标辅导。", 30000, 60000, "项", 90),
    ]),
    ("山东海岱专利事务所", "0535-5660808", "专利挖掘、布局与维权。", "知识产权", [
        ("专利布局分析", "围绕产品的专利检索、挖掘与布局建议。", 20000, 50000, "项", 30),
        ("侵权风险排查", "新产品上市前的专利侵权风险排查。", 10000, 30000, "项", 20),
    ]),
]  # fmt: skip

NEEDS = [
    "今年扩产需要补充一批人员，请协助对接。",
    "新签订单合同条款较复杂，希望尽快审查。",
    "准备申报高新技术企业，需要专项审计。",
    "新产品即将上市，想先做一次风险排查。",
    "希望按月提供服务，请报价。",
]
DELIVERED = "已按约定完成并提交成果，相关材料已交企业留存。"
DECLINED = "本月排期已满，建议下月再约。"
COMMENTS = {5: "响应快，很专业。", 4: "总体满意。", 3: "基本达到预期。", 2: "进度比约定慢。"}


def seed_catalog() -> list[Provider]:
    categories = {
        name: ServiceCategory.objects.get_or_create(name=name, defaults={"order": i})[0]
        for i, name in enumerate(CATEGORIES)
    }
    today = timezone.localdate()
    providers = []
    for i, (name, phone, description, category, offered) in enumerate(PROVIDERS):
        provider, _created = Provider.objects.get_or_create(name=name, defaults={
            "office_phone": phone, "description": description,
            "contract_number": f"PLKF-SC-2025-{i + 1:02d}",
            "contract_from": datetime.date(2025, 1, 1),
            "contract_until": datetime.date(today.year + 1, 12, 31),
        })  # fmt: skip
        for title, text, low, high, unit, days in offered:
            MarketService.objects.get_or_create(provider=provider, name=title, defaults={
                "category": categories[category], "description": text,
                "price_from": Decimal(low), "price_to": Decimal(high), "price_unit": unit,
                "expected_days": days,
            })  # fmt: skip
        providers.append(provider)
    return providers


def _member(provider: Provider, index: int, provider_user) -> User:
    """The person who answers the provider's orders: the demo provider account for 众合人力
    (it sees only that firm's orders), a person who cannot sign in for the others."""
    if index == 1:
        person = provider_user
    else:
        person, created = User.objects.get_or_create(
            username=f"provider{index + 1}", defaults={"name": f"{provider.name[:4]}客服"}
        )
        if created:
            person.set_unusable_password()
            person.save()
            person.groups.add(Group.objects.get(name=Role.PROVIDER))
    provider.members.add(person)
    return person


def seed_orders(providers, provider_user, count: int = 48) -> int:
    """Orders over the last year from chain enterprises, each taken through its steps."""
    rng = random.Random(2608)
    people = demo_liaisons(30)
    offered = list(MarketService.objects.filter(provider__in=providers).select_related("provider"))
    members = {p.pk: _member(p, i, provider_user) for i, p in enumerate(providers)}
    now = timezone.now()
    for i in range(count):
        service = offered[rng.randrange(len(offered))]
        person = people[rng.randrange(len(people))]
        placed = now - datetime.timedelta(days=rng.randint(2, 360), hours=rng.randint(0, 8))
        with as_of(placed):
            order = services.place_order(
                actor=person, service_id=service.pk, need=NEEDS[i % len(NEEDS)]
            )
        answerer = members[service.provider_id]
        roll = rng.random()
        if roll < 0.1:  # still waiting for the provider
            continue
        later = placed + datetime.timedelta(days=1, hours=rng.randint(1, 6))
        with as_of(later):
            if roll < 0.18:
                steps.decline(actor=answerer, order_id=order.pk, reason=DECLINED)
                continue
            if roll < 0.23:
                steps.cancel(actor=person, order_id=order.pk, reason="需求有变，暂不需要。")
                continue
            price = service.price_from + (service.price_to - service.price_from) / 2
            steps.accept(actor=answerer, order_id=order.pk, price=price.quantize(Decimal(1)))
        done = later + datetime.timedelta(days=service.expected_days)
        if roll < 0.33 or done > now:  # being delivered
            continue
        with as_of(done):
            steps.complete(actor=answerer, order_id=order.pk, note=DELIVERED)
        if roll < 0.45:  # not rated yet
            continue
        stars = rng.choice([5, 5, 5, 4, 4, 4, 3, 2])
        with as_of(done + datetime.timedelta(days=rng.randint(1, 5))):
            steps.rate(actor=person, order_id=order.pk, rating=stars, comment=COMMENTS[stars])
    return count


def seed_market(accounts):
    providers = seed_catalog()
    if providers[0].orders.exists():
        return providers, ["Market: the demo catalog exists already."]
    orders = seed_orders(providers, accounts["provider"])
    services_count = MarketService.objects.count()
    return providers, [
        f"Market: {len(providers)} providers, {services_count} services, {orders} orders."
    ]
