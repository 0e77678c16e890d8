"""The demo center: its four floors and the 34 venues (阵地) on them (the source story's
figures, counted from these rows), with a few weeks of bookings, one waiting for approval;
events held and to come; the accommodation's rooms with people staying; the services of the
five-minute circle."""

import datetime
import random
from decimal import Decimal

from django.db.backends.postgresql.psycopg_any import DateRange, DateTimeTZRange
from django.utils import timezone

from portal.models import User
from portal.roles import Role

from . import services
from .choices import (
    BookingState,
    Direction,
    EventKind,
    OccupantKind,
    PointKind,
    RoomKind,
    StayState,
    VenueKind,
)
from .models import (
    Bed,
    Booking,
    Event,
    Floor,
    Registration,
    Room,
    ServicePoint,
    StayApplication,
    Venue,
)

FLOORS = [
    (1, "展示服务区", "党建展示、企业服务窗口、企业家之声受理"),
    (2, "学习商务区", "研学阅读、商务洽谈、联盟活动"),
    (3, "会议培训中心", "红盟讲堂、会议、培训"),
    (4, "休闲娱乐区", "健身、文体活动、职工之家"),
]
# floor, name, kind, capacity, needs approval; 34 in all
VENUES = [
    (1, "党建展厅", VenueKind.DISPLAY, 60, True), (1, "产业链成果展区", VenueKind.DISPLAY, 40, True),
    (1, "企业服务大厅", VenueKind.SERVICE, 30, False), (1, "企业家接待室", VenueKind.MEETING, 12, True),
    (1, "政务服务窗口", VenueKind.SERVICE, 10, False), (1, "金融服务驿站", VenueKind.SERVICE, 10, False),
    (1, "人才服务站", VenueKind.SERVICE, 10, False), (1, "志愿服务站", VenueKind.POSITION, 15, False),
    (2, "红色书屋", VenueKind.STUDY, 40, False), (2, "研学室一", VenueKind.STUDY, 20, False),
    (2, "研学室二", VenueKind.STUDY, 20, False), (2, "商务洽谈室一", VenueKind.BUSINESS, 8, False),
    (2, "商务洽谈室二", VenueKind.BUSINESS, 8, False), (2, "商务洽谈室三", VenueKind.BUSINESS, 12, False),
    (2, "海工装备联盟阵地", VenueKind.POSITION, 20, False),
    (2, "生物医药联盟阵地", VenueKind.POSITION, 20, False),
    (2, "绿色建筑联盟阵地", VenueKind.POSITION, 20, False),
    (2, "汽车零部件联盟阵地", VenueKind.POSITION, 20, False),
    (2, "党员活动室", VenueKind.POSITION, 30, False), (3, "报告厅", VenueKind.HALL, 200, True),
    (3, "红盟讲堂", VenueKind.TRAINING, 80, True), (3, "培训室一", VenueKind.TRAINING, 40, False),
    (3, "培训室二", VenueKind.TRAINING, 40, False), (3, "会议室一", VenueKind.MEETING, 20, False),
    (3, "会议室二", VenueKind.MEETING, 20, False), (3, "会议室三", VenueKind.MEETING, 12, False),
    (3, "视频会议室", VenueKind.MEETING, 16, True), (3, "党委会议室", VenueKind.MEETING, 24, True),
    (4, "职工健身房", VenueKind.LEISURE, 30, False), (4, "乒乓球室", VenueKind.LEISURE, 16, False),
    (4, "职工书画室", VenueKind.LEISURE, 20, False), (4, "多功能活动厅", VenueKind.LEISURE, 100, True),
    (4, "心理驿站", VenueKind.LEISURE, 6, False), (4, "母婴室", VenueKind.LEISURE, 4, False),
]  # fmt: skip


def seed_center(accounts):
    if Floor.objects.exists():
        return None, ["Center: the demo floors exist already."]
    floors = {n: Floor.objects.create(number=n, name=name, purpose=purpose)
              for n, name, purpose in FLOORS}  # fmt: skip
    venues = [
        Venue.objects.create(floor=floors[f], name=name, kind=kind, capacity=capacity,
                             needs_approval=approval,
                             equipment="投影、音响、白板" if capacity >= 12 else "")
        for f, name, kind, capacity, approval in VENUES
    ]  # fmt: skip
    booker = accounts["firm_a"]
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    made = 0
    for offset in range(1, 15):
        day = today + datetime.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for i, venue in enumerate(venues[8:20]):
            if (offset + i) % 3:
                continue
            hour = 9 + (offset + i) % 6
            start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)
            services.book_venue(
                actor=accounts["parkadmin"] if venue.needs_approval else booker,
                venue_id=venue.pk, starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                purpose="党支部主题党日活动" if i % 2 else "客户技术交流", attendees=min(8, venue.capacity),
            )  # fmt: skip
            made += 1
    made += _seed_past_bookings(accounts, venues, today)
    hall = next(v for v in venues if v.name == "报告厅")
    start = datetime.datetime.combine(today + datetime.timedelta(days=20), datetime.time(14),
                                      tzinfo=zone)  # fmt: skip
    services.book_venue(actor=booker, venue_id=hall.pk, starts_at=start,
                        ends_at=start + datetime.timedelta(hours=3), purpose="新产品发布会",
                        attendees=150)  # fmt: skip
    lines = [f"Center: {len(floors)} floors, {len(venues)} venues, {made + 1} bookings."]
    lines.append(_seed_events(accounts, {v.name: v for v in venues}))
    lines.append(_seed_rooms(accounts))
    lines.append(_seed_circle())
    return None, lines


def _seed_past_bookings(accounts, venues, today) -> int:
    """The last thirty days' use of the rooms (mornings; the afternoons held events), written
    as they were confirmed then."""
    from alliances.selectors import enterprise_of

    zone = timezone.get_current_timezone()
    firm = enterprise_of(accounts["firm_a"])
    rows = []
    for offset in range(1, 31):
        day = today - datetime.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for i, venue in enumerate(venues[8:31]):
            if (offset + i) % 3 == 0:
                continue
            start = datetime.datetime.combine(day, datetime.time(9), tzinfo=zone)
            hours = 2 + (offset + i) % 2
            rows.append(Booking(
                venue=venue, during=DateTimeTZRange(start, start + datetime.timedelta(hours=hours)),
                purpose="党支部学习" if i % 2 else "客户洽谈", attendees=min(8, venue.capacity),
                booked_by=accounts["firm_a"], enterprise=firm, state=BookingState.CONFIRMED,
            ))  # fmt: skip
    Booking.objects.bulk_create(rows)
    return len(rows)


# (title, kind, venue, places, days ago)
PAST_EVENTS = [
    ("“书香园区”读书分享会", EventKind.READING, "红色书屋", 40, 150),
    ("企业家沙龙：海上风电产业链协同", EventKind.SALON, "多功能活动厅", 60, 130),
    ("安全生产专题培训", EventKind.TRAINING, "培训室一", 40, 110),
    ("青年职工读书会", EventKind.READING, "红色书屋", 30, 95),
    ("“七一”主题党日活动", EventKind.PARTY_DAY, "党员活动室", 30, 80),
    ("企业家沙龙：人才引育留用", EventKind.SALON, "多功能活动厅", 50, 60),
    ("企业财务人员税收政策培训", EventKind.TRAINING, "培训室二", 40, 45),
    ("职工书画交流会", EventKind.OTHER, "职工书画室", 20, 30),
    ("“书香园区”读书分享会（秋季）", EventKind.READING, "红色书屋", 40, 20),
    ("数字化转型沙龙", EventKind.SALON, "多功能活动厅", 60, 9),
]  # fmt: skip
COMING_EVENTS = [
    ("新就业形态劳动者读书会", EventKind.READING, "红色书屋", 30),
    ("企业家沙龙：出口合规", EventKind.SALON, "多功能活动厅", 60),
    ("安全生产月度培训", EventKind.TRAINING, "培训室一", 40),
]  # fmt: skip


def _seed_events(accounts, venues) -> str:
    """Past events held in their venues with who came, and events to come scheduled
    through the service (which books their venues)."""
    rng = random.Random(17)
    people = list(User.objects.filter(groups__name=Role.ENTERPRISE_USER, is_active=True)
                  .order_by("pk")[:80])  # fmt: skip
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    attended = 0
    for title, kind, venue_name, places, days_ago in PAST_EVENTS:
        venue = venues[venue_name]
        start = datetime.datetime.combine(today - datetime.timedelta(days=days_ago),
                                          datetime.time(14), tzinfo=zone)  # fmt: skip
        end = start + datetime.timedelta(hours=2)
        booking = Booking.objects.create(
            venue=venue, during=DateTimeTZRange(start, end), purpose=title[:120],
            attendees=places, booked_by=accounts["parkadmin"], state=BookingState.CONFIRMED,
        )  # fmt: skip
        event = Event.objects.create(
            title=title, kind=kind, venue=venue, booking=booking, starts_at=start, ends_at=end,
            capacity=places, organiser="园区党群服务中心",
        )  # fmt: skip
        came = rng.sample(people, min(len(people), places - rng.randint(0, places // 4)))
        rows = [Registration(event=event, user=person,
                             attended_at=start if rng.random() < 0.85 else None)
                for person in came]  # fmt: skip
        Registration.objects.bulk_create(rows)
        attended += sum(1 for row in rows if row.attended_at)
    saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)
    for n, (title, kind, venue_name, places) in enumerate(COMING_EVENTS):
        start = datetime.datetime.combine(saturday + datetime.timedelta(days=7 * n),
                                          datetime.time(9, 30), tzinfo=zone)  # fmt: skip
        event = services.schedule_event(
            actor=accounts["parkadmin"], venue_id=venues[venue_name].pk, title=title, kind=kind,
            starts_at=start, ends_at=start + datetime.timedelta(hours=2), capacity=places,
            organiser="园区党群服务中心",
        )  # fmt: skip
        services.register(actor=accounts["firm_a"], event_id=event.pk)
    return (f"Center: {len(PAST_EVENTS)} events held ({attended} attendances), "
            f"{len(COMING_EVENTS)} to come.")  # fmt: skip


# building, rooms of each kind (single, double, four-bed), rent per bed
BUILDINGS = [
    ("人才公寓1号楼", {RoomKind.SINGLE: 8, RoomKind.DOUBLE: 6, RoomKind.FAMILY: 2}, "600"),
    ("职工宿舍2号楼", {RoomKind.DOUBLE: 6, RoomKind.QUAD: 6}, "200"),
]
BEDS = {RoomKind.SINGLE: 1, RoomKind.DOUBLE: 2, RoomKind.QUAD: 4, RoomKind.FAMILY: 3}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"


def _seed_rooms(accounts) -> str:
    """Rooms and beds; people staying now (allocated by staff), two applications waiting."""
    from alliances.models import Enterprise

    rng = random.Random(18)
    beds = []
    for building, kinds, rent in BUILDINGS:
        number = 100
        for kind, count in kinds.items():
            for _ in range(count):
                number += 1
                room = Room.objects.create(
                    building=building, number=str(number), kind=kind,
                    monthly_rent=Decimal(rent) * BEDS[kind],
                    facilities="空调、热水、宽带、独立卫浴" if kind != RoomKind.QUAD else "空调、热水、宽带",
                )  # fmt: skip
                beds += Bed.objects.bulk_create(
                    [Bed(room=room, label=chr(ord("A") + i)) for i in range(BEDS[kind])]
                )
    firms = list(Enterprise.objects.order_by("pk")[:40])
    today = timezone.localdate()
    staying = beds[: int(len(beds) * 0.7)]
    for bed in staying:
        start = today - datetime.timedelta(days=rng.randint(5, 200))
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        StayApplication.objects.create(
            enterprise=rng.choice(firms), applied_by=accounts["firm_a"], occupant=name,
            occupant_kind=rng.choice(OccupantKind.values), wanted=DateRange(start, start + datetime.timedelta(days=365)),
            state=StayState.ALLOCATED, bed=bed, stay=DateRange(start, start + datetime.timedelta(days=365)),
            decided_by=accounts["parkadmin"],
        )  # fmt: skip
    for name, kind in (("陈思远", OccupantKind.TALENT), ("刘晓东", OccupantKind.STAFF)):
        services.apply_for_stay(
            actor=accounts["firm_a"], occupant=name, occupant_kind=kind,
            starts=today + datetime.timedelta(days=7), ends=today + datetime.timedelta(days=190),
            note="新入职",
        )  # fmt: skip
    return f"Center: {Room.objects.count()} rooms, {len(beds)} beds, {len(staying)} taken."


POINTS = [
    ("园区职工食堂", PointKind.CANTEEN, 2, Direction.E, "06:30–19:30"),
    ("开发区社区卫生服务站", PointKind.CLINIC, 4, Direction.SE, "08:00–17:30"),
    ("蓬莱农商银行开发区支行", PointKind.BANK, 3, Direction.S, "08:30–17:00"),
    ("中国邮政开发区营业点", PointKind.POST, 4, Direction.SW, "08:30–17:00"),
    ("开发区政务服务中心", PointKind.GOVERNMENT, 5, Direction.W, "08:30–17:30"),
    ("园区便利店", PointKind.SHOP, 1, Direction.N, "07:00–22:00"),
    ("人才公寓", PointKind.HOUSING, 5, Direction.NE, ""),
    ("职工运动场", PointKind.SPORTS, 3, Direction.NW, "06:00–21:00"),
    ("开发区管委公交站", PointKind.TRANSIT, 2, Direction.S, ""),
    ("建设银行蓬莱支行自助网点", PointKind.BANK, 5, Direction.E, "24小时"),
]  # fmt: skip


def _seed_circle() -> str:
    ServicePoint.objects.bulk_create([
        ServicePoint(name=name, kind=kind, walking_minutes=minutes, direction=direction,
                     hours=hours)
        for name, kind, minutes, direction, hours in POINTS
    ])  # fmt: skip
    return f"Center: {len(POINTS)} services in the five-minute circle."
