"""The demo center: its four floors and the 34 venues (阵地) on them (the source story's
figures, counted from these rows), with a few weeks of bookings, one waiting for approval."""

import datetime

from django.utils import timezone

from . import services
from .choices import VenueKind
from .models import Floor, Venue

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
    hall = next(v for v in venues if v.name == "报告厅")
    start = datetime.datetime.combine(today + datetime.timedelta(days=20), datetime.time(14),
                                      tzinfo=zone)  # fmt: skip
    services.book_venue(actor=booker, venue_id=hall.pk, starts_at=start,
                        ends_at=start + datetime.timedelta(hours=3), purpose="新产品发布会",
                        attendees=150)  # fmt: skip
    return None, [f"Center: {len(floors)} floors, {len(venues)} venues, {made + 1} bookings."]
