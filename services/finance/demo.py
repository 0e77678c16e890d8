"""Demo financing: the twelve partner banks, 34 matchmaking meetings held and loans to 91
enterprises adding up to 2.6亿元, all played through the real steps with the clock set
back, so every figure is counted from the rows those steps wrote."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from alliances.demo import demo_liaisons
from portal.demo import as_of

from . import actions
from .models import Bank, BankAPIKey, FinancingNeed, Loan, MatchmakingMeeting

BANKS = [
    ("中国工商银行蓬莱支行", "工商银行"), ("中国农业银行蓬莱支行", "农业银行"),
    ("中国银行蓬莱支行", "中国银行"), ("中国建设银行蓬莱支行", "建设银行"),
    ("交通银行烟台蓬莱支行", "交通银行"), ("中国邮政储蓄银行蓬莱区支行", "邮储银行"),
    ("烟台银行蓬莱支行", "烟台银行"), ("恒丰银行烟台蓬莱支行", "恒丰银行"),
    ("山东蓬莱农村商业银行", "蓬莱农商行"), ("齐鲁银行烟台蓬莱支行", "齐鲁银行"),
    ("威海市商业银行烟台蓬莱支行", "威海银行"), ("兴业银行烟台蓬莱支行", "兴业银行"),
]  # fmt: skip
FINANCED = 91
TOTAL_WAN = 26_000  # 2.6亿元
MEETINGS_HELD = 34
PURPOSES = [
    "采购原材料，保障订单交付", "购置数控设备，技术改造", "扩建厂房", "研发投入",
    "海上风电项目配套资金", "流动资金周转", "出口订单备货",
]  # fmt: skip
COLLATERAL = ["厂房抵押", "设备抵押", "应收账款质押", "担保公司担保", "信用", "知识产权质押"]


def _amounts(rng: random.Random) -> list[Decimal]:
    """91 loan amounts in 万元, 50 and up, adding up to exactly 26,000."""
    weights = [rng.uniform(0.3, 3.0) for _ in range(FINANCED)]
    scale = (TOTAL_WAN - 50 * FINANCED) / sum(weights)
    amounts = [50 + int(w * scale) for w in weights]
    amounts[-1] += TOTAL_WAN - sum(amounts)
    return [Decimal(a) for a in amounts]


DEMO_KEY_NAME = "演示密钥"


def seed_banks(*, renew: bool = False) -> list[tuple[str, str]]:
    """The partner banks, and a key for each bank that has none, or a new one in place of
    its demo keys when ``renew`` (returned to print once)."""
    issued = []
    rng = random.Random(12)
    for name, short in BANKS:
        bank, _created = Bank.objects.get_or_create(
            name=name,
            defaults={"short_name": short, "response_days": rng.choice([3, 3, 5]),
                      "agreement_signed_on": datetime.date(2022, rng.randint(3, 10), rng.randint(1, 28))},
        )  # fmt: skip
        if renew:
            bank.api_keys.filter(name=DEMO_KEY_NAME, revoked=False).update(revoked=True)
        if not bank.api_keys.filter(revoked=False).exists():
            issued.append((short, actions.issue_key(BankAPIKey(bank=bank, name=DEMO_KEY_NAME))))
    return issued


def seed_financing() -> int:
    if Loan.objects.exists():
        return 0
    rng = random.Random(20260260)
    banks = list(Bank.objects.order_by("pk"))
    liaisons = demo_liaisons(FINANCED + 10)
    now = timezone.now()
    start = now - datetime.timedelta(days=3 * 365)
    loans = []
    for user, amount in zip(liaisons[:FINANCED], _amounts(rng), strict=True):
        posted = start + datetime.timedelta(
            days=rng.randint(0, 3 * 365 - 30), hours=rng.randint(1, 8)
        )
        bidders = rng.sample(banks, rng.randint(1, 3))
        with as_of(posted):
            need = _post(user, rng, amount)
            actions.give_consent(actor=user, need_id=need.pk, to_all_banks=False,
                                 bank_ids=[b.pk for b in bidders])  # fmt: skip
        offers = []
        for i, bank in enumerate(bidders):
            with as_of(posted + datetime.timedelta(days=1 + i, hours=2)):
                offers.append(actions.make_offer(
                    bank=bank, need_id=need.pk, amount=amount, rate=Decimal(rng.randint(310, 480)) / 100,
                    term_months=need.term_months, conditions=rng.choice(COLLATERAL),
                    valid_until=(posted + datetime.timedelta(days=30)).date(),
                ))  # fmt: skip
        chosen = min(offers, key=lambda o: o.rate)
        decided = posted + datetime.timedelta(days=len(bidders) + 2)
        with as_of(decided):
            actions.accept_offer(actor=user, offer_id=chosen.pk)
        with as_of(decided + datetime.timedelta(days=rng.randint(3, 12))):
            loans.append(actions.record_loan(
                bank=chosen.bank, offer_id=chosen.pk, amount=amount,
                granted_on=timezone.localdate(), term_months=need.term_months,
            ))  # fmt: skip
    # Needs still open today: shared with every bank, some with a first offer.
    for user in liaisons[FINANCED:]:
        with as_of(now - datetime.timedelta(days=rng.randint(1, 20))):
            need = _post(user, rng, Decimal(rng.randint(100, 1500)))
            actions.give_consent(actor=user, need_id=need.pk, to_all_banks=True)
        if rng.random() < 0.5:
            with as_of(now - datetime.timedelta(hours=rng.randint(1, 20))):
                actions.make_offer(
                    bank=rng.choice(banks), need_id=need.pk, amount=need.amount,
                    rate=Decimal("3.85"), term_months=need.term_months, conditions="信用",
                    valid_until=(now + datetime.timedelta(days=20)).date(),
                )  # fmt: skip
    _seed_meetings(rng, banks, loans, start, now)
    return len(loans)


def _post(user, rng, amount) -> FinancingNeed:
    return actions.post_need(
        actor=user, amount=amount, purpose=rng.choice(PURPOSES), term_months=rng.choice([6, 12, 24, 36]),
        collateral=rng.choice(COLLATERAL), urgency=rng.choice(["normal", "normal", "urgent"]),
        contact_name=user.name[:6] or "联络员", contact_mobile=f"139{rng.randint(10_000_000, 99_999_999)}",
    )  # fmt: skip


def _seed_meetings(rng, banks, loans, start, now) -> None:
    """34 meetings held over the three years (and one ahead): each links the loans granted in
    the weeks after it, and its outcome line is counted from them."""
    span = (now - start).days
    dates = sorted(
        (start + datetime.timedelta(days=span * (i + rng.random() * 0.5) / MEETINGS_HELD)).date()
        for i in range(MEETINGS_HELD)
    )
    chains = ["海工装备", "生物医药", "绿色建筑", "汽车及零部件", "专精特新"]
    for i, date in enumerate(dates):
        meeting = MatchmakingMeeting.objects.create(
            title=f"{rng.choice(chains)}产业链“政银企”对接洽谈会", date=date,
            place="党群服务中心二楼会议室", registration_open=False,
        )  # fmt: skip
        meeting.banks.set(rng.sample(banks, rng.randint(4, 8)))
        until = dates[i + 1] if i + 1 < len(dates) else now.date()
        followed = [loan for loan in loans if date <= loan.granted_on < until]
        meeting.loans.set(followed)
        meeting.needs.set([loan.need_id for loan in followed])
        total = sum((loan.amount for loan in followed), Decimal(0))
        meeting.outcomes = (
            f"促成贷款{len(followed)}笔，{total:.0f}万元" if followed else "交流融资政策"
        )
        meeting.save(update_fields=["outcomes"])
    upcoming = MatchmakingMeeting.objects.create(
        title="海工装备产业链“政银企”对接洽谈会", date=(now + datetime.timedelta(days=12)).date(),
        place="党群服务中心二楼会议室",
    )  # fmt: skip
    upcoming.banks.set(banks[:6])
