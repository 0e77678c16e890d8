"""The demo's talent work, at the source story's figures (counted from these rows): 29
leading talents of municipal level or higher and 860 shortage talents (synthetic people with
ID numbers of a valid check character), 26 R&D platforms, 12 partner universities and
institutes with their agreements, 16 matchmaking events, the 39 joint technical problems
solved (and a few still open), and 41 sessions of the 红盟讲堂 held with 1,300+ attendances,
and sessions to come."""

import datetime
import random
from collections import Counter

from django.utils import timezone
from stdnum.cn import ric

from alliances.models import Enterprise
from portal.demo import as_of
from portal.personal_data import mobile_index
from services.teams.models import ServiceTeam

from . import steps
from .choices import (
    CheckIn,
    DemandState,
    Education,
    EnrolmentState,
    Gender,
    InstitutionKind,
    Level,
    PlatformLevel,
    PlatformType,
    ProblemState,
    Topic,
)
from .models import (
    Agreement,
    Certificate,
    Course,
    Enrolment,
    Matchmaking,
    Platform,
    Problem,
    Session,
    Talent,
    TalentDemand,
    Trainee,
    University,
    resident_id_index,
)

LEADING = {Level.NATIONAL: 3, Level.PROVINCIAL: 9, Level.MUNICIPAL: 17}  # 29
SHORTAGE = 860
PLATFORMS = 26
SOLVED_PROBLEMS = 39
SESSIONS_HELD = 41

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅志国建文辉鹏飞宇浩然晨阳海波"
FIELDS = ["海洋工程", "机械设计", "电气自动化", "焊接工艺", "风电运维", "药物化学", "制药工程",
          "生物技术", "土木工程", "建筑材料", "车辆工程", "质量管理", "数控加工", "软件开发"]  # fmt: skip
TITLES = ["高级工程师", "工程师", "助理工程师", "高级技师", "技师", "研究员", "副研究员", ""]
PROGRAMMES = {
    Level.NATIONAL: "国家级人才计划", Level.PROVINCIAL: "泰山产业领军人才工程",
    Level.MUNICIPAL: "烟台市双百计划",
}  # fmt: skip

UNIVERSITIES = [
    ("中国海洋大学", InstitutionKind.UNIVERSITY, "青岛"),
    ("山东大学", InstitutionKind.UNIVERSITY, "济南"),
    ("哈尔滨工程大学烟台研究院", InstitutionKind.INSTITUTE, "烟台"),
    ("大连理工大学", InstitutionKind.UNIVERSITY, "大连"),
    ("烟台大学", InstitutionKind.UNIVERSITY, "烟台"),
    ("鲁东大学", InstitutionKind.UNIVERSITY, "烟台"),
    ("滨州医学院", InstitutionKind.UNIVERSITY, "烟台"),
    ("中国科学院烟台海岸带研究所", InstitutionKind.INSTITUTE, "烟台"),
    ("山东省科学院海洋仪器仪表研究所", InstitutionKind.INSTITUTE, "青岛"),
    ("山东建筑大学", InstitutionKind.UNIVERSITY, "济南"),
    ("山东交通学院", InstitutionKind.UNIVERSITY, "济南"),
    ("烟台职业学院", InstitutionKind.UNIVERSITY, "烟台"),
]  # fmt: skip

PLATFORM_NAMES = [
    "海上风电装备工程技术研究中心", "海工焊接重点实验室", "企业技术中心", "院士工作站",
    "博士后科研工作站", "创新药研发中心", "装配式建筑工程技术研究中心", "车桥工程技术研究中心",
]  # fmt: skip
PROBLEM_TITLES = [
    ("大型单桩焊接变形控制", "焊接工艺"), ("风机塔筒防腐涂层寿命", "海洋工程"),
    ("原料药结晶工艺放大", "制药工程"), ("装配式构件连接节点抗震", "土木工程"),
    ("车桥壳体轻量化设计", "车辆工程"), ("海工钢板切割精度", "数控加工"),
    ("发酵工艺收率提升", "生物技术"), ("混凝土预制件早强养护", "建筑材料"),
    ("齿轮热处理畸变", "机械设计"), ("产线数据采集与质量追溯", "软件开发"),
]  # fmt: skip
COURSES = [
    ("新时代党建引领企业发展", Topic.PARTY, 1), ("党支部规范化建设实务", Topic.PARTY, 2),
    ("民营企业管理提升", Topic.MANAGEMENT, 2), ("安全生产与应急管理", Topic.MANAGEMENT, 1),
    ("海上风电技术前沿", Topic.TECHNOLOGY, 1), ("智能制造与数字化转型", Topic.TECHNOLOGY, 2),
    ("惠企政策解读", Topic.POLICY, 1), ("高新技术企业认定申报", Topic.POLICY, 1),
    ("知识产权保护与运用", Topic.POLICY, 1), ("企业财务与融资", Topic.MANAGEMENT, 1),
]  # fmt: skip
TEACHERS = ["园区党工委 宋伟", "烟台大学 李教授", "区委党校 王老师", "区税务局 张科长",
            "中国海洋大学 周教授", "区应急局 刘科长", "市知识产权局 陈老师"]  # fmt: skip
PLACES = ["党群服务中心三楼报告厅", "党群服务中心二楼研学室", "党群服务中心三楼培训室一"]
# The center's venue of each place, when the demo center has it.
VENUE_OF = {PLACES[0]: "报告厅", PLACES[1]: "研学室一", PLACES[2]: "培训室一"}


def _venue(place):
    from services.center.models import Venue

    return Venue.objects.filter(name=VENUE_OF.get(place, "")).first()


def fake_id_number(rng, serial: int, born: datetime.date, gender: str) -> str:
    """A synthetic 18-character ID with a valid check character: Penglai's area code, the
    birth date, a serial (odd for men) and the check character. Not a real person's."""
    sequence = (serial % 500) * 2 + (1 if gender == Gender.MALE else 0)
    body = f"370684{born:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def seed_talents(firms, rng) -> int:
    rows, seen = [], set()
    levels = [level for level, n in LEADING.items() for _ in range(n)] + [Level.SHORTAGE] * SHORTAGE
    for serial, level in enumerate(levels):
        gender = Gender.MALE if rng.random() < 0.7 else Gender.FEMALE
        born = datetime.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        number = fake_id_number(rng, serial, born, gender)
        while number in seen:
            born += datetime.timedelta(days=1)
            number = fake_id_number(rng, serial, born, gender)
        seen.add(number)
        leading = level in Level.leading()
        rows.append(Talent(
            name=_name(rng), gender=gender, birth_year=born.year,
            id_number=number, id_index=resident_id_index(number),
            mobile=f"13{rng.randint(5, 9)}{serial:08d}",
            education=(rng.choice([Education.DOCTORATE, Education.MASTER]) if leading else
                       rng.choice([Education.MASTER, Education.BACHELOR, Education.BACHELOR,
                                   Education.COLLEGE, Education.VOCATIONAL])),
            title=rng.choice(TITLES[:3] if leading else TITLES), field=rng.choice(FIELDS),
            enterprise=rng.choice(firms), level=level, programme=PROGRAMMES.get(level, ""),
            programme_year=rng.randint(2018, 2025) if leading else None,
        ))  # fmt: skip
    Talent.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def seed_demands(firms, accounts, rng, today) -> int:
    rows = []
    for i in range(40):
        firm = firms[(i * 7) % len(firms)]
        low = rng.choice([5000, 6000, 8000, 10000, 12000])
        rows.append(TalentDemand(
            enterprise=firm, title=rng.choice(["焊接工程师", "电气工程师", "质量主管", "工艺员",
                                               "数控操作工", "研发工程师", "风电运维技师"]),
            field=rng.choice(FIELDS), number=rng.randint(1, 8),
            requirements="本科及以上学历，三年以上相关工作经验，能适应海上或现场作业。",
            salary_min=low, salary_max=low + rng.choice([2000, 4000, 6000]),
            state=DemandState.OPEN if i % 5 else DemandState.FILLED,
            posted_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 300)),
        ))  # fmt: skip
    firm_a = accounts.get("firm_a")
    if firm_a is not None and hasattr(firm_a, "enterprise_membership"):
        rows[0].enterprise, rows[0].posted_by = firm_a.enterprise_membership.enterprise, firm_a
    TalentDemand.objects.bulk_create(rows)
    return len(rows)


def seed_innovation(firms, rng, today) -> tuple[int, int, int]:
    universities = [
        University.objects.get_or_create(name=n, defaults={"kind": k, "city": c})[0]
        for n, k, c in UNIVERSITIES
    ]
    for i, university in enumerate(universities):
        signed = today - datetime.timedelta(days=200 + 90 * i)
        Agreement.objects.create(
            university=university, title=f"{university.name}产学研合作协议",
            scope="共建研发平台、联合攻关关键技术、联合培养研究生与技能人才。",
            signed_on=signed, ends_on=signed + datetime.timedelta(days=5 * 365),
            enterprise=firms[i * 5 % len(firms)] if i % 2 else None,
        )  # fmt: skip
    levels = [PlatformLevel.NATIONAL] * 2 + [PlatformLevel.PROVINCIAL] * 9
    levels += [PlatformLevel.MUNICIPAL] * (PLATFORMS - len(levels))
    types = list(PlatformType)
    Platform.objects.bulk_create([
        Platform(
            name=f"{firms[i * 3 % len(firms)].name[:12]}{PLATFORM_NAMES[i % len(PLATFORM_NAMES)]}",
            type=types[i % len(types)], level=level, enterprise=firms[i * 3 % len(firms)],
            university=universities[i % len(universities)] if i % 3 == 0 else None,
            year=2015 + i % 10,
        )
        for i, level in enumerate(levels)
    ])  # fmt: skip
    teams = list(ServiceTeam.objects.order_by("pk"))
    for i in range(16):
        event = Matchmaking.objects.create(
            title=f"{['海工装备', '生物医药', '绿色建筑', '汽车零部件'][i % 4]}产学研对接会（第{i // 4 + 1}场）",
            held_on=today - datetime.timedelta(days=30 + 40 * i), place="党群服务中心三楼报告厅",
            arranged_by=teams[i % len(teams)] if teams else None,
            outcomes="企业提出技术需求，院校专家现场对接，达成合作意向。",
            agreements_signed=rng.randint(0, 3),
        )  # fmt: skip
        event.enterprises.set(rng.sample(firms, rng.randint(4, 9)))
        event.universities.set(rng.sample(universities, rng.randint(1, 3)))
    return len(universities), PLATFORMS, 16


def seed_problems(firms, accounts, rng, today) -> int:
    """The 39 problems solved jointly, each through its real steps at the time it happened;
    and nine more: some waiting for a partner, some matched or being solved, one withdrawn."""
    officer, universities = accounts["talent"], list(University.objects.order_by("pk"))
    teams = list(ServiceTeam.objects.order_by("pk"))
    plan = [ProblemState.SOLVED] * SOLVED_PROBLEMS + [ProblemState.POSTED] * 3
    plan += [ProblemState.MATCHED] * 2 + [ProblemState.WORKING] * 3 + [ProblemState.WITHDRAWN]
    firm_a = accounts.get("firm_a")
    own = getattr(getattr(firm_a, "enterprise_membership", None), "enterprise", None)
    for i, target in enumerate(plan):
        title, field = PROBLEM_TITLES[i % len(PROBLEM_TITLES)]
        enterprise = (
            own if (own is not None and i in (1, SOLVED_PROBLEMS)) else firms[i * 11 % len(firms)]
        )
        poster = firm_a if enterprise == own else officer
        posted = timezone.now() - datetime.timedelta(days=700 - 15 * i)
        with as_of(posted):
            problem = Problem.objects.create(
                enterprise=enterprise, title=title, field=field, posted_by=poster,
                description=f"{title}问题长期制约产品质量与产能，企业自身研发力量不足，希望与院校或专业团队联合攻关。",
            )  # fmt: skip
        if target in (ProblemState.POSTED, ProblemState.WITHDRAWN):
            if target == ProblemState.WITHDRAWN:
                Problem.objects.filter(pk=problem.pk).update(state=ProblemState.WITHDRAWN)
            continue
        partner = ({"university": universities[i % len(universities)]} if i % 4 or not teams
                   else {"team": teams[i % len(teams)]})  # fmt: skip
        with as_of(posted + datetime.timedelta(days=6)):
            steps.match(actor=officer, problem_id=problem.pk,
                        note="已对接合作方，约定联合攻关方案。", **partner)  # fmt: skip
        if target == ProblemState.MATCHED:
            continue
        with as_of(posted + datetime.timedelta(days=30)):
            steps.progress(actor=officer, problem_id=problem.pk, note="完成现场调研和试验方案。")
        if target == ProblemState.SOLVED:
            with as_of(posted + datetime.timedelta(days=60 + i % 40)):
                steps.solve(actor=officer, problem_id=problem.pk,
                            solution="联合攻关完成，新工艺已在产线应用，良品率明显提升。")  # fmt: skip
    return len(plan)


def seed_lectures(firms, accounts, rng, now) -> tuple[int, int]:
    """41 sessions held over two years with their attendance, and four to come, at half past
    two in the afternoon, local time."""
    now = timezone.localtime(now)
    courses = [Course.objects.create(title=t, topic=topic, sessions_to_complete=n,
                                     summary=f"{t}：短时多次、学用结合。")
               for t, topic, n in COURSES]  # fmt: skip
    people = []
    for i in range(520):
        firm = firms[rng.randrange(len(firms))]
        mobile = f"150{i:08d}"
        people.append(Trainee(enterprise=firm, name=_name(rng), mobile=mobile,
                              mobile_index=mobile_index(mobile)))  # fmt: skip
    firm_a = accounts.get("firm_a")
    own = getattr(getattr(firm_a, "enterprise_membership", None), "enterprise", None)
    if own is not None:  # the demo's enterprise account attends too (it can scan codes)
        people.append(Trainee(enterprise=own, name=firm_a.name, mobile=firm_a.phone,
                              mobile_index=mobile_index(firm_a.phone)))  # fmt: skip
    Trainee.objects.bulk_create(people)
    people = list(Trainee.objects.order_by("pk"))
    venues = [_venue(place) for place in PLACES]
    enrolments, attended = [], Counter()
    start = now - datetime.timedelta(days=730)
    for i in range(SESSIONS_HELD):
        course = courses[i % len(courses)]
        begins = (start + datetime.timedelta(days=17 * i)).replace(hour=14, minute=30, second=0,
                                                                      microsecond=0)  # fmt: skip
        session = Session.objects.create(
            course=course, title=f"{course.title}（第{i // len(courses) + 1}讲）", starts_at=begins,
            ends_at=begins + datetime.timedelta(minutes=90), place=PLACES[i % len(PLACES)],
            venue=venues[i % len(PLACES)],
            teacher=TEACHERS[i % len(TEACHERS)], capacity=40,
        )  # fmt: skip
        came = rng.sample(people, rng.randint(30, 36))
        for person in came:
            enrolments.append(Enrolment(
                session=session, trainee=person, state=EnrolmentState.ENROLLED,
                created_at=begins - datetime.timedelta(days=3),
                attended_at=begins + datetime.timedelta(minutes=rng.randint(-20, 10)),
                check_in=CheckIn.QR if rng.random() < 0.8 else CheckIn.STAFF,
            ))  # fmt: skip
            attended[(course.pk, person.pk)] += 1
    Enrolment.objects.bulk_create(enrolments, batch_size=1000)
    by_pk = {c.pk: c for c in courses}
    Certificate.objects.bulk_create([
        Certificate(course_id=course_id, trainee_id=trainee_id,
                    number=f"HM{now:%Y}{course_id:04d}{trainee_id:07d}",
                    issued_on=timezone.localdate(now))
        for (course_id, trainee_id), n in attended.items() if n >= by_pk[course_id].sessions_to_complete
    ])  # fmt: skip
    for k in range(4):  # to come; the first nearly full, so the next enrolments wait
        begins = (now + datetime.timedelta(days=7 + 10 * k)).replace(hour=14, minute=30,
                                                                      second=0, microsecond=0)  # fmt: skip
        course = courses[k]
        session = Session.objects.create(
            course=course, title=f"{course.title}（新一期）", starts_at=begins,
            ends_at=begins + datetime.timedelta(minutes=90), place=PLACES[k % len(PLACES)],
            venue=venues[k % len(PLACES)],
            teacher=TEACHERS[k], capacity=30 if k else 12,
        )  # fmt: skip
        Enrolment.objects.bulk_create([
            Enrolment(session=session, trainee=person, state=EnrolmentState.ENROLLED)
            for person in rng.sample(people[:-1], 10 if k == 0 else 6)
        ])  # fmt: skip
    return SESSIONS_HELD, len(enrolments)


def seed_talent(done):
    accounts = done["accounts"]
    if Talent.objects.exists():
        return None, ["Talent: the demo talent registry exists already."]
    rng = random.Random(889)
    now, today = timezone.now(), timezone.localdate()
    firms = list(Enterprise.objects.filter(chains__isnull=False).distinct().order_by("pk"))
    if not firms:
        return None, ["Talent: no chain enterprises to attach talents to."]
    talents = seed_talents(firms, rng)
    demands = seed_demands(firms, accounts, rng, today)
    universities, platforms, events = seed_innovation(firms, rng, today)
    problems = seed_problems(firms, accounts, rng, today)
    sessions, attendances = seed_lectures(firms, accounts, rng, now)
    return None, [
        f"Talent: {talents} talents, {demands} shortage positions, {universities} universities, "
        f"{platforms} R&D platforms, {events} matchmaking events, {problems} technical "
        f"problems, {sessions} lecture sessions held with {attendances} attendances."
    ]
