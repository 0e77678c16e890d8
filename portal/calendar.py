"""Working days on the Chinese official calendar.

``CalendarDay`` rows list the exceptions to Monday–Friday: statutory holidays and make-up
working days on weekends (调休). They are loaded from the ``chinese-calendar`` package for the
years it knows and edited in the admin for later years. A year with no rows falls back to
Monday–Friday, and the workbench warns that its calendar is not loaded.
"""

import datetime
import time

from django.utils import timezone

from .models import CalendarDay


def load_official_calendar(*, years=None) -> int:
    """Copy the package's holidays and make-up days into the table; returns rows added."""
    import chinese_calendar

    rows = []
    for table, working in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for day, name in table.items():
            if years is not None and day.year not in years:
                continue
            if working is False and day.weekday() >= 5 and not name:
                continue
            rows.append(CalendarDay(date=day, is_working_day=working, name=str(name or "")))
    created = CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    clear_cache()
    return len(created)


def years_known_to_package() -> list[int]:
    import chinese_calendar

    return sorted({day.year for day in chinese_calendar.holidays})


# Each process keeps a year's exceptions for a minute: deadlines loop day by day, and an
# edit in the admin (another process, perhaps) shows everywhere within that minute.
_CACHE_SECONDS = 60
_cache: dict[int, tuple[float, tuple[frozenset, frozenset, bool]]] = {}


def _year_exceptions(year: int) -> tuple[frozenset, frozenset, bool]:
    hit = _cache.get(year)
    if hit is not None and time.monotonic() - hit[0] < _CACHE_SECONDS:
        return hit[1]
    days = CalendarDay.objects.filter(date__year=year).values_list("date", "is_working_day")
    off = frozenset(d for d, working in days if not working)
    on = frozenset(d for d, working in days if working)
    value = (off, on, bool(off or on))
    _cache[year] = (time.monotonic(), value)
    return value


def clear_cache() -> None:
    """Forget the cached years of this process (the admin calls it after an edit)."""
    _cache.clear()
    _index_cache.clear()


def calendar_loaded(year: int) -> bool:
    return _year_exceptions(year)[2]


def is_working_day(day: datetime.date) -> bool:
    off, on, _loaded = _year_exceptions(day.year)
    if day in on:
        return True
    if day in off:
        return False
    return day.weekday() < 5


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The end (23:59 local time) of the ``days``-th working day after ``start``'s date."""
    local = timezone.localtime(start).date()
    counted = 0
    while counted < days:
        local += datetime.timedelta(days=1)
        if is_working_day(local):
            counted += 1
    end = datetime.datetime.combine(local, datetime.time(23, 59, 59))
    return timezone.make_aware(end)


def _year_index(year: int) -> tuple[list[int], int]:
    """For each day of the year, the working days from 1 January up to and including it."""
    hit = _index_cache.get(year)
    if hit is not None and time.monotonic() - hit[0] < _CACHE_SECONDS:
        return hit[1]
    day, counts, running = datetime.date(year, 1, 1), [], 0
    while day.year == year:
        running += is_working_day(day)
        counts.append(running)
        day += datetime.timedelta(days=1)
    value = (counts, running)
    _index_cache[year] = (time.monotonic(), value)
    return value


_index_cache: dict[int, tuple[float, tuple[list[int], int]]] = {}


def _working_ordinal(day: datetime.date) -> int:
    """Working days from 1 January 2000 up to and including ``day`` (cached per year)."""
    total = sum(_year_index(year)[1] for year in range(2000, day.year))
    return total + _year_index(day.year)[0][day.timetuple().tm_yday - 1]


def working_days_between(start: datetime.datetime, end: datetime.datetime) -> int:
    """Working days after ``start``'s date up to and including ``end``'s date."""
    a = timezone.localtime(start).date()
    b = timezone.localtime(end).date()
    if b <= a:
        return 0
    return _working_ordinal(b) - _working_ordinal(a)
