"""Demo data for the closed loop: units, categories and a year of requests.

Every request goes through the real service functions with the clock set back to when each
step happened, so the timelines, lights and figures come out of real events."""

import datetime
import random

from django.contrib.auth.models import Group
from django.utils import timezone

from alliances.demo import demo_liaisons
from portal.demo import as_of
from portal.models import Notification, User
from portal.roles import Role

from . import lights, services, steps
from .choices import Channel, Decision, Rating, SupervisionLevel
from .demo_texts import REMITS, UNIT_TEXTS
from .models import Category, HandlingUnit, Request, TypicalCase

UNITS = [
    ("园区经济发展局", "department"),
    ("园区招商服务中心", "department"),
    ("自然资源和规划分局园区所", "department"),
    ("园区人力资源和社会保障办公室", "department"),
    ("海工装备红链服务队", "service_team"),
    ("生物医药红链服务队", "service_team"),
    ("绿色建筑红链服务队", "service_team"),
    ("汽车及零部件红链服务队", "service_team"),
    ("烟台嘉合企业服务有限公司", "provider"),
    ("众合人力资源有限公司", "provider"),
]
# name, default unit index, limit, green limit
CATEGORIES = [
    ("政策咨询", 0, 5, 2),
    ("融资", 0, 10, 3),
    ("人才与用工", 3, 10, 3),
    ("土地与建设", 2, 15, 5),
    ("审批与许可", 0, 10, 3),
    ("物流", 1, 10, 3),
    ("科技创新", 4, 15, 5),
    ("其他", 0, 10, 3),
]
# How each demo request ends up: (outcome, how many)
PLAN = [
    ("satisfied", 55), ("basically", 14), ("not_rated", 6), ("redo_then_satisfied", 4),
    ("returned_then_satisfied", 4), ("extended_then_satisfied", 4),
    ("paused_then_satisfied", 3), ("resolved_waiting", 5), ("in_progress", 8), ("paused", 2),
    ("in_progress_overdue", 3), ("dispatched", 4), ("returned", 2), ("submitted", 3),
    ("merged", 3), ("rejected", 3), ("withdrawn", 2),
]  # fmt: skip
# Typical cases an editor wrote from resolved demo requests: (the request's title, the public
# title, the problem, how it was solved), with no enterprise or person named.
CASES = [
    (
        "厂区道路破损",
        "厂区门口道路破损的修复",
        "一家装备制造企业反映厂区门口道路破损，重载货车进出困难，雨天积水。",
        "园区协调建设部门三个工作日内完成修补，并把该路段纳入每月道路巡查。",
    ),
    (
        "高新技术企业认定政策咨询",
        "高新技术企业认定要准备哪些材料",
        "企业计划申报高新技术企业，不清楚研发费用归集和知识产权的要求。",
        "经济发展局一对一讲解认定条件，提供材料清单，并推荐服务机构辅导研发费用归集。",
    ),
    (
        "急需焊工二十名",
        "短期急需焊工的招聘",
        "海工装备企业承接订单后短期急需一批持证焊工，自行招聘进度慢。",
        "人社办公室组织专场招聘会，联系职业院校推荐实习生，两周内到岗十余人。",
    ),
    (
        "大件运输路线审批",
        "大件运输路线审批提速",
        "风电塔筒等大件运输需要审批路线，企业担心影响发货时间。",
        "招商服务中心协调交通部门提前勘验路线，审批与装车同步进行。",
    ),
    (
        "企业用电增容",
        "企业用电增容的办理",
        "企业新上生产线后用电负荷不足，需要增加变压器容量。",
        "园区联系供电公司上门勘查，开辟绿色通道，一个月内完成增容送电。",
    ),
]


def seed_units(handler: User | None) -> list[HandlingUnit]:
    units = []
    for name, kind in UNITS:
        unit, _ = HandlingUnit.objects.get_or_create(
            name=name, defaults={"kind": kind, "remit": REMITS.get(name, "")}
        )
        units.append(unit)
    if handler is not None:
        units[0].handlers.add(handler)
        units[4].handlers.add(handler)
        units[0].leader = units[0].leader or handler
        units[0].save(update_fields=["leader"])
    for i, unit in enumerate(units):
        if not unit.handlers.exists():
            person, _ = User.objects.get_or_create(
                username=f"unit{i + 1:02d}",
                defaults={"name": f"{unit.name}承办人", "is_staff": True},
            )
            person.set_unusable_password()
            person.save()
            person.groups.add(Group.objects.get(name=Role.HANDLER))
            unit.handlers.add(person)
    for name, unit_index, limit, green in CATEGORIES:
        Category.objects.get_or_create(
            name=name,
            defaults={
                "default_unit": units[unit_index], "time_limit_days": limit,
                "green_limit_days": green, "order": len(name), "is_catch_all": name == "其他",
            },
        )  # fmt: skip
    return units


def seed_requests(*, dispatcher: User, supervisor: User) -> int:
    if Request.objects.exists():
        return 0
    rng = random.Random(20260108)
    units = list(HandlingUnit.objects.order_by("pk"))
    categories = list(Category.objects.all())
    submitters = demo_liaisons(30)
    now = timezone.now()
    outcomes = [name for name, count in PLAN for _ in range(count)]
    rng.shuffle(outcomes)
    # The typical cases' requests: the first satisfied ones tell their problems.
    sources = {title: (unit, text) for unit, texts in UNIT_TEXTS.items() for text in texts
               for title in [text[1]]}  # fmt: skip
    case_texts = [sources[case[0]] for case in CASES]
    made = 0
    for i, outcome in enumerate(outcomes):
        forced = case_texts.pop(0) if outcome == "satisfied" and case_texts else None
        recent = outcome in {
            "in_progress",
            "in_progress_overdue",
            "dispatched",
            "returned",
            "submitted",
            "resolved_waiting",
        }
        days_ago = rng.randint(1, 12) if recent else rng.randint(20, 360)
        if outcome == "in_progress_overdue":
            days_ago = rng.randint(25, 40)
        start = now - datetime.timedelta(days=days_ago, hours=rng.randint(0, 8))
        _play(
            outcome,
            rng,
            start,
            now,
            submitters[i % len(submitters)],
            categories,
            units,
            dispatcher,
            supervisor,
            forced,
        )
        made += 1
    # Historic steps were notified when they happened: nothing from the past is sent again.
    Notification.objects.filter(delivered_at__isnull=True).update(delivered_at=now)
    Notification.objects.filter(created_at__lt=now - datetime.timedelta(days=14)).update(
        read_at=now
    )
    for pk in Request.objects.open().values_list("pk", flat=True):
        lights.refresh_light(request_id=pk)
    seed_cases(supervisor)
    # What the suggestions and similar requests learn from, as the nightly task would.
    from .suggestions import refit

    refit()
    return made


def seed_cases(supervisor: User) -> int:
    made = 0
    for source, title, problem, solution in CASES:
        request = Request.objects.filter(title=source, state="closed").order_by("pk").first()
        if request is None or TypicalCase.objects.filter(title=title).exists():
            continue
        chain = request.enterprise.chains.order_by("pk").first()
        TypicalCase.objects.create(
            request=request, category=request.category, chain=chain, title=title,
            problem=problem, solution=solution, published_by=supervisor,
        )  # fmt: skip
        made += 1
    return made


def _play(outcome, rng, start, now, submitter, categories, units, dispatcher, supervisor,
          forced=None):  # fmt: skip
    # The unit that ends up handling it, and what the enterprise wrote (demo_texts.py);
    # ``forced`` (unit name, text) for a typical case's request.
    right_unit = rng.choice([u for u in units if u.name in UNIT_TEXTS])
    category_name, title, description = rng.choice(UNIT_TEXTS[right_unit.name])
    if forced is not None:
        right_unit = next(u for u in units if u.name == forced[0])
        category_name, title, description = forced[1]
    category = next(c for c in categories if c.name == category_name)
    channel = rng.choice(
        [Channel.WEB] * 6 + [Channel.RECEPTION_DAY, Channel.TEAM_VISIT, Channel.PHONE]
    )
    t = start

    def later(hours_low, hours_high):
        nonlocal t
        t = min(
            t + datetime.timedelta(hours=rng.uniform(hours_low, hours_high)),
            now - datetime.timedelta(minutes=5),
        )
        return t

    with as_of(t):
        if channel == Channel.WEB:
            request = services.submit_request(
                actor=submitter, category_id=category.pk, title=title,
                description=description, is_green=rng.random() < 0.15,
            )  # fmt: skip
        else:
            request = services.submit_request(
                actor=dispatcher, enterprise=submitter.enterprise_membership.enterprise,
                category_id=category.pk, title=title, description=description,
                channel=channel,
                supervision={"level": SupervisionLevel.KEY, "instruction": "接待日交办件，按期办结并反馈"}
                if channel == Channel.RECEPTION_DAY else None,
            )  # fmt: skip
    if outcome == "submitted":
        return
    if outcome == "merged":
        others = Request.objects.exclude(pk=request.pk).exclude(
            state__in=["merged", "rejected", "withdrawn"]
        )
        main = (
            others.filter(category=category).order_by("-submitted_at").first()
            or others.order_by("-submitted_at").first()
        )
        if main is not None:
            with as_of(later(1, 8)):
                steps.merge_request(actor=dispatcher, request_id=request.pk, into=main,
                                    note="同一问题，合并办理")  # fmt: skip
        return
    if outcome == "withdrawn":
        with as_of(later(1, 20)):
            steps.withdraw_request(actor=submitter, request_id=request.pk)
        return
    if outcome == "rejected":
        with as_of(later(2, 30)):
            steps.reject_request(
                actor=dispatcher,
                request_id=request.pk,
                reason="属于司法诉讼事项，不在受理范围，请通过法律途径解决",
            )
        return
    # A returned request was first sent to another unit (the category's usual one), which
    # handed it back; the rest go to the unit that handles it.
    unit = right_unit
    if outcome.startswith("returned"):
        unit = category.default_unit if category.default_unit != right_unit else units[-1]
    with as_of(later(1, 20)):
        steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit)
    if outcome == "dispatched":
        return
    handler = unit.handlers.first()
    if outcome.startswith("returned"):
        with as_of(later(2, 20)):
            steps.apply_return(actor=handler, request_id=request.pk, reason="该事项由其他单位负责")
        with as_of(later(1, 10)):
            steps.review_return(actor=dispatcher, request_id=request.pk, decision=Decision.APPROVE)
        if outcome == "returned":
            return
        unit = right_unit
        handler = unit.handlers.first()
        with as_of(later(1, 10)):
            steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit)
    with as_of(later(1, 30)):
        steps.sign_for(actor=handler, request_id=request.pk)
    with as_of(later(10, 60)):
        steps.add_progress(
            actor=handler, request_id=request.pk, note="已实地走访企业，了解具体情况"
        )
    if outcome == "in_progress_overdue":
        with as_of(later(24, 48)):
            steps.supervise_request(
                actor=supervisor,
                request_id=request.pk,
                level="listed",
                instruction="已超期，请尽快办结并报告",
            )
        return
    if outcome.startswith("extended"):
        current = Request.objects.get(pk=request.pk).deadline
        with as_of(later(10, 40)):
            steps.apply_extension(
                actor=handler, request_id=request.pk, reason="需协调多个部门",
                requested_deadline=current + datetime.timedelta(days=10),
            )  # fmt: skip
        with as_of(later(2, 20)):
            steps.review_extension(
                actor=supervisor, request_id=request.pk, decision=Decision.APPROVE
            )
    if outcome.startswith("paused"):
        with as_of(later(2, 24)):
            steps.apply_pause(actor=handler, request_id=request.pk,
                              reason="等待企业补充不动产权证明材料", awaits_material=True)  # fmt: skip
        with as_of(later(1, 8)):
            steps.review_pause(actor=dispatcher, request_id=request.pk, decision=Decision.APPROVE)
        if outcome == "paused":
            return
        with as_of(later(48, 120)):
            steps.add_material(actor=submitter, request_id=request.pk, note="已补充产权证明复印件")
    if outcome == "in_progress":
        return
    with as_of(later(24, 200)):
        steps.resolve_request(actor=handler, request_id=request.pk, result=f"已协调解决：{title}")
    if outcome == "resolved_waiting":
        return
    if outcome == "not_rated":
        with as_of(min(t + datetime.timedelta(days=8), now - datetime.timedelta(minutes=1))):
            services.auto_close(request_id=request.pk)
        return
    if outcome == "redo_then_satisfied":
        with as_of(later(5, 48)):
            steps.reopen_request(actor=submitter, request_id=request.pk, comment="问题没有彻底解决")
        with as_of(later(24, 120)):
            steps.resolve_request(actor=handler, request_id=request.pk, result="重新协调后已解决")
    rating = Rating.BASICALLY if outcome == "basically" else Rating.SATISFIED
    with as_of(later(5, 72)):
        steps.rate_request(
            actor=submitter, request_id=request.pk, rating=rating, comment="感谢园区"
        )
    # The service center calls most enterprises back within a few days (回访).
    chance = rng.random()
    if chance < 0.75:
        with as_of(later(4, 60)):
            steps.revisit_request(
                actor=dispatcher, request_id=request.pk, reached=chance < 0.65,
                rating=(Rating.BASICALLY if chance < 0.1 else Rating.SATISFIED)
                if chance < 0.65 else "",
                remarks="企业反映问题已解决" if chance < 0.65 else "电话无人接听",
            )  # fmt: skip
