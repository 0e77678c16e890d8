"""The month's hot topics (热点诉求) for the dashboard: the terms rising in this month's
requests against the three months before, and the topics open requests of several
enterprises share (路灯 · 5 家企业 · 7 件). Read from the requests' terms in the database
(GIN-indexed over the open ones) and kept in the cache for a quarter of an hour."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from portal.text import weight
from portal.text.core import SETTING

from .choices import State
from .models import Request

CACHE_SECONDS = 15 * 60
# A term shared by more than this share of the requests counted names no topic (once there
# are enough requests for a share to say so).
TOO_COMMON = 0.3
ENOUGH = 50
# Below this general weight a word is too plain to be a topic (办, 说…).
MINIMUM_WEIGHT = 5.0


def _month_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day.replace(day=1), datetime.time()))


def _topical(term: str) -> bool:
    """A thing a topic can be named by (路灯, 班车, 环评): a noun of two characters or more,
    not a word of place, and not too plain. Qualities (太少, 破损) and actions (对接) name no
    topic on their own."""
    from portal.text.dictionary import heads, qualities, tagger

    if len(term) < 2 or term in SETTING or term in qualities() or weight(term) < MINIMUM_WEIGHT:
        return False
    if term in heads():  # a synonym group that names a thing (路灯, 增容, 焊工)
        return True
    # Otherwise a noun by jieba's dictionary (its person tag is too often wrong to trust).
    tag = tagger().word_tag_tab.get(term) or ""
    return (tag.startswith("n") and tag != "nr") or tag in ("vn", "j", "eng")


def _counts(start, end) -> tuple[dict[str, int], int]:
    table = Request._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT t, count(*) FROM {table}, unnest(terms) t "  # noqa: S608
            "WHERE submitted_at >= %s AND submitted_at < %s GROUP BY t",
            [start, end],
        )
        counts = dict(cur.fetchall())
        cur.execute(
            f"SELECT count(*) FROM {table} WHERE submitted_at >= %s AND submitted_at < %s",  # noqa: S608
            [start, end],
        )
        total = cur.fetchone()[0]
    return counts, total


def rising_terms(limit: int = 8, today: datetime.date | None = None) -> list[dict]:
    """This month's terms used by at least three requests, by how much more often they are
    used than in the three months before (per request), each with its counts."""
    today = today or timezone.localdate()
    start = _month_start(today)
    before = _month_start(today - datetime.timedelta(days=92))
    key = f"topics:rising:{start:%Y-%m}:{limit}"
    found = cache.get(key)
    if found is not None:
        return found
    now, total = _counts(start, start + datetime.timedelta(days=32))
    past, past_total = _counts(before, start)
    rows = []
    for term, count in now.items():
        if count < 3 or not _topical(term) or (total >= ENOUGH and count > TOO_COMMON * total):
            continue
        share, earlier = count / total, past.get(term, 0) / past_total if past_total else 0.0
        rows.append({"term": term, "requests": count, "earlier": past.get(term, 0),
                     "rise": round(share / earlier, 1) if earlier else None,
                     "score": share / (earlier + 1 / max(total, 1))})  # fmt: skip
    rows.sort(key=lambda r: (-r["score"], -r["requests"], r["term"]))
    cache.set(key, rows[:limit], CACHE_SECONDS)
    return rows[:limit]


def shared_open_topics(limit: int = 8) -> list[dict]:
    """Topics the open requests of at least two enterprises share: the term, how many
    enterprises and requests, most enterprises first."""
    key = f"topics:open:{limit}"
    found = cache.get(key)
    if found is not None:
        return found
    table = Request._meta.db_table
    states = sorted(State.open_states())
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table} WHERE state = ANY(%s)", [states])  # noqa: S608
        total = cur.fetchone()[0]
        cur.execute(
            f"SELECT t, count(DISTINCT enterprise_id), count(*) FROM {table}, unnest(terms) t "  # noqa: S608
            "WHERE state = ANY(%s) GROUP BY t HAVING count(DISTINCT enterprise_id) >= 2 "
            "ORDER BY 2 DESC, 3 DESC LIMIT 200",
            [states],
        )
        rows = [{"term": t, "enterprises": e, "requests": n} for t, e, n in cur.fetchall()
                if _topical(t) and (total < ENOUGH or n <= TOO_COMMON * total)]  # fmt: skip
    cache.set(key, rows[:limit], CACHE_SECONDS)
    return rows[:limit]
