"""A year of the park, generated: enterprises, requests with every step a real year leaves,
financing needs shared with banks, and the people the page benchmark signs in as.

Rows are written as a restore writes them (``without_change_records``: one transaction, no
triggers), then the maintained figures are rebuilt from them with the same command an
operator runs. Run inside a Django process whose DATABASE_URL names the bench database:

    python bench/data.py --requests 1000000      # fills once; a second run does nothing
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENTERPRISES = 10_000
# One enterprise holds this many requests: the "my requests" page of a busy firm.
BUSY_FIRM_REQUESTS = 1_000

# How the year's requests end, per thousand (about the demo plan's shares): where a young
# request may still wait, and how a closed one was rated.
REQUESTS_SQL = """
WITH params AS (
    SELECT %(cats)s::bigint[] AS cats, %(units)s::bigint[] AS units,
           %(limits)s::int[] AS limits, now() AS now, cardinality(%(ents)s::bigint[]) AS firms
),
-- the enterprises numbered from 0 (joined, not indexed into an array: a large array would be
-- unpacked again for every row)
firm AS (SELECT k - 1 AS k, id FROM unnest(%(ents)s::bigint[]) WITH ORDINALITY AS e(id, k)),
base AS (
    SELECT g,
           -- submitted within the last year, more on weekdays and in office hours
           date_trunc('day', p.now - make_interval(days => ((g * 7919) %% 365)::int))
             + make_interval(hours => (8 + (g * 31) %% 10)::int, mins => ((g * 17) %% 60)::int,
                             secs => ((g * 13) %% 60)::int) AS submitted_at,
           (g * 7919) %% 365 AS age,
           1 + (g * 2654435761) %% 8 AS cat,
           (g * 40503) %% 1000 AS fate,
           (g * 69069) %% 1000 AS luck,
           -- hours from dispatch to sign-for: most within the morning, some over a weekend
           CASE WHEN (g * 97) %% 10 < 7 THEN ((g * 37) %% 40) / 10.0
                WHEN (g * 97) %% 10 < 9 THEN 4 + ((g * 41) %% 200) / 10.0
                ELSE 24 + ((g * 43) %% 480) / 10.0 END AS sign_hours,
           -- working days from dispatch to resolution
           (1 + ((g * 48271) %% 1000) * ((g * 48271) %% 1000) / 50000)::int AS work_days,
           (ARRAY['web','web','web','web','web','web','web','reception_day','team_visit','phone']
           )[1 + (g * 101) %% 10] AS channel,
           CASE WHEN g <= %(busy)s THEN 0 ELSE (g * 2246822519) %% p.firms END AS firm_k,
           p.now
    FROM generate_series(%(start)s::bigint, %(end)s::bigint) AS g, params p
),
-- Where the request stops: young ones may still wait at a step, old ones went through.
staged AS (
    SELECT b.*,
           CASE WHEN fate < 40 AND age <= 3 THEN 'submitted'
                WHEN fate >= 40 AND fate < 70 THEN 'rejected'
                WHEN fate >= 70 AND fate < 90 THEN 'withdrawn'
                WHEN fate < 130 AND age <= 7 THEN 'dispatched'
                WHEN fate < 260 AND age <= 40 THEN 'in_progress'
                ELSE 'through' END AS stage
    FROM base b
),
timed AS (
    SELECT b.*, p.units[b.cat] AS unit_id, p.limits[b.cat] AS limit_days, p.cats[b.cat] AS category_id,
           f.id AS enterprise_id,
           CASE WHEN stage IN ('submitted', 'rejected', 'withdrawn') THEN NULL
                ELSE submitted_at + make_interval(mins => (20 + (g * 7) %% 200)::int)
           END AS dispatched_at
    FROM staged b JOIN firm f ON f.k = b.firm_k, params p
),
steps AS (
    SELECT t.*,
           dispatched_at + make_interval(days => limit_days + 2 * (limit_days / 5)) AS deadline,
           CASE WHEN dispatched_at IS NULL OR stage = 'dispatched' THEN NULL
                ELSE dispatched_at + make_interval(secs => (sign_hours * 3600)::int) END AS sign_at
    FROM timed t
),
signed AS (
    SELECT s.*, CASE WHEN sign_at > now THEN NULL ELSE sign_at END AS signed_at FROM steps s
),
resolved AS (
    SELECT s.*,
           CASE WHEN stage <> 'through' OR signed_at IS NULL THEN NULL
                ELSE signed_at + make_interval(days => (work_days + 2 * (work_days / 5))::int,
                                               hours => (2 + (g * 3) %% 6)::int) END AS resolved_at
    FROM signed s
),
settled AS (
    SELECT r.*, CASE WHEN resolved_at > now THEN NULL ELSE resolved_at END AS done_at,
           -- a resolution stays unrated for a week at most, then closes without a rating
           resolved_at <= now AND resolved_at > now - interval '7 days' AND fate < 310 AS waiting
    FROM resolved r
)
INSERT INTO services_request (
    number, enterprise_id, submitter_id, category_id, title, description, channel, is_green,
    state, light, lead_unit_id, deadline, is_supervised, reject_reason, result, rating,
    rating_comment, redo_count, return_count, submitted_at, dispatched_at, signed_at,
    resolved_at, signed_in_time, working_days_to_resolve, closed_at, idempotency_key, updated_at)
SELECT 'QY' || to_char(submitted_at, 'YYYYMMDD') || lpad(g::text, 7, '0'),
       enterprise_id, %(submitter)s, category_id,
       -- the demo's problems of the category, at one of a firm's places: many requests tell
       -- the same problem in nearly the same words, as a real year's do
       (%(titles)s::text[])[(cat - 1) * 3 + 1 + (g * 7) %% 3]
         || '（' || (%(places)s::text[])[1 + (g * 11) %% cardinality(%(places)s::text[])] || '）',
       '企业反映：' || (%(titles)s::text[])[(cat - 1) * 3 + 1 + (g * 7) %% 3]
         || '，请园区协调解决。', channel, luck < 60,
       CASE WHEN stage IN ('submitted', 'rejected', 'withdrawn') THEN stage
            WHEN signed_at IS NULL THEN 'dispatched'
            WHEN done_at IS NULL THEN 'in_progress'
            WHEN waiting THEN 'resolved'
            ELSE 'closed' END,
       CASE WHEN done_at IS NULL AND deadline < now THEN 'red'
            WHEN done_at IS NULL AND deadline - make_interval(days => limit_days / 2) < now
                 THEN 'yellow'
            ELSE 'green' END,
       CASE WHEN dispatched_at IS NULL THEN NULL ELSE unit_id END,
       deadline,
       COALESCE(done_at IS NULL AND deadline < now AND luck < 500, false),
       CASE WHEN stage = 'rejected' THEN '不属于园区受理范围' ELSE '' END,
       CASE WHEN done_at IS NULL THEN '' ELSE '已协调解决' END,
       CASE WHEN done_at IS NULL OR waiting THEN ''
            WHEN luck >= 900 THEN 'not_rated'
            WHEN luck >= 880 THEN 'unsatisfied'  -- closed so, without asking for a redo
            WHEN luck < 740 THEN 'satisfied' ELSE 'basically' END,
       '', CASE WHEN done_at IS NOT NULL AND luck %% 20 = 3 THEN 1 ELSE 0 END,
       CASE WHEN dispatched_at IS NOT NULL AND luck %% 20 = 7 THEN 1 ELSE 0 END,
       submitted_at, dispatched_at, signed_at, done_at,
       CASE WHEN signed_at IS NULL THEN NULL ELSE sign_hours <= 24 END,
       CASE WHEN done_at IS NULL THEN NULL ELSE work_days END,
       CASE WHEN stage IN ('rejected', 'withdrawn') THEN submitted_at + interval '1 day'
            WHEN done_at IS NOT NULL AND NOT waiting
                 THEN LEAST(done_at + interval '3 days', now) END,
       '', now
FROM settled
"""

# Each step the request's timestamps say happened, as the timeline shows it.
EVENTS_SQL = """
INSERT INTO services_requestevent (request_id, step, actor_id, unit_id, from_state, to_state,
                                   note, is_internal, data, created_at)
SELECT r.id, e.step, %(actor)s, e.unit_id, e.from_state, e.to_state, e.note, false, '{}', e.at
FROM services_request r
CROSS JOIN LATERAL (VALUES
    ('submit', NULL::bigint, '', 'submitted', '', r.submitted_at),
    ('dispatch', r.lead_unit_id, 'submitted', 'dispatched', '', r.dispatched_at),
    ('reject', NULL, 'submitted', 'rejected', r.reject_reason,
        CASE WHEN r.state = 'rejected' THEN r.closed_at END),
    ('withdraw', NULL, 'submitted', 'withdrawn', '',
        CASE WHEN r.state = 'withdrawn' THEN r.closed_at END),
    ('sign_for', r.lead_unit_id, 'dispatched', 'in_progress', '', r.signed_at),
    ('progress', r.lead_unit_id, 'in_progress', 'in_progress', '已与企业电话沟通，正在协调',
        r.signed_at + interval '1 day'),
    ('resolve', r.lead_unit_id, 'in_progress', 'resolved', r.result, r.resolved_at),
    ('rate', NULL, 'resolved', 'closed', '',
        CASE WHEN r.rating IN ('satisfied', 'basically', 'unsatisfied') THEN r.closed_at END),
    ('auto_close', NULL, 'resolved', 'closed', '',
        CASE WHEN r.rating = 'not_rated' THEN r.closed_at END)
) AS e(step, unit_id, from_state, to_state, note, at)
WHERE e.at IS NOT NULL AND e.at <= now() AND r.id > %(after)s
"""


def _people():
    """The staff member, a park administrator, the busy firm's user and a bank key the
    benchmark uses."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore

    from alliances.models import Enterprise, EnterpriseMembership
    from portal.models import User
    from portal.roles import Role
    from services.finance.models import Bank, BankAPIKey

    staff, _ = User.objects.get_or_create(
        username="bench-staff", defaults={"name": "基准调度员", "is_staff": True}
    )
    staff.groups.add(*Group.objects.filter(name__in=[Role.DISPATCHER, Role.SUPERVISOR]))
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"name": "基准园区管理员", "is_staff": True}
    )
    admin.groups.add(Group.objects.get(name=Role.PARK_ADMIN))
    firm = Enterprise.objects.order_by("pk").first()
    clerk, _ = User.objects.get_or_create(username="bench-clerk", defaults={"name": "基准企业用户"})
    clerk.groups.add(Group.objects.get(name=Role.ENTERPRISE_USER))
    EnterpriseMembership.objects.get_or_create(user=clerk, defaults={"enterprise": firm})

    def session_for(user):
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.set_expiry(7 * 24 * 3600)
        session.save()
        return session.session_key

    bank = Bank.objects.get(name="基准测试银行")
    BankAPIKey.objects.filter(name="bench").delete()
    key = BankAPIKey.objects.create_key(bank=bank, name="bench")[1]
    from services.loop.models import Request

    waiting = Request.objects.filter(state="submitted").order_by("-submitted_at").first()
    return {"staff": session_for(staff), "clerk": session_for(clerk), "bank_key": key,
            "admin": session_for(admin),
            "open_request": waiting.pk if waiting else 1}  # fmt: skip


# Where in a firm a problem is (varies the demo problems' words).
PLACES = ["厂区东门", "二号车间", "仓库", "办公楼", "宿舍区", "北门", "码头堆场", "研发中心"]


def _titles(categories) -> list[str]:
    """Three problems per category, in the categories' order (the SQL indexes by category),
    from the demo's texts (services/loop/demo_texts.py)."""
    from services.loop.demo_texts import UNIT_TEXTS

    by_category = {}
    for texts in UNIT_TEXTS.values():
        for category, title, _description in texts:
            by_category.setdefault(category, []).append(title)
    return [title for c in categories
            for title in (by_category.get(c.name, []) + ["其他问题"] * 3)[:3]]  # fmt: skip


def _fill_terms() -> None:
    """Every request's terms, as submitting writes them (similar requests, the suggestion and
    the hot topics read them). The filled requests tell a few hundred texts: each is read once
    and written to all the rows that tell it, in one statement."""
    from django.db import connection

    from portal.text import terms
    from services.loop.models import Request

    texts = Request.objects.filter(terms__isnull=True).values_list("title", "description")
    pairs = {pair: terms(*pair) for pair in texts.distinct().iterator(chunk_size=5000)}
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_terms (title text, description text, terms text[])")
        cur.executemany(
            "INSERT INTO bench_terms VALUES (%s, %s, %s)",
            [(title, description, found) for (title, description), found in pairs.items()],
        )
        cur.execute(
            "UPDATE services_request r SET terms = b.terms FROM bench_terms b "
            "WHERE r.terms IS NULL AND r.title = b.title AND r.description = b.description"
        )
        cur.execute("DROP TABLE bench_terms")


def fill(requests: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from alliances.models import Enterprise
    from bench.bank_needs import _fill_needs
    from bench.enterprise_list import _fill, without_change_records
    from portal.models import User
    from services.loop.demo import seed_units
    from services.loop.models import Category, Request

    call_command("migrate", verbosity=0)
    _fill(ENTERPRISES)
    seed_units(None)
    have = Request.objects.count()
    if have < requests:
        categories = list(Category.objects.order_by("pk"))
        submitter, _ = User.objects.get_or_create(username="bench-submitter")
        ents = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
        after = Request.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        print(f"filling {requests - have:,} requests and their steps…", flush=True)
        with without_change_records() as cur:
            cur.execute(
                REQUESTS_SQL,
                {
                    "ents": ents, "cats": [c.pk for c in categories],
                    "units": [c.default_unit_id for c in categories],
                    "limits": [c.time_limit_days for c in categories],
                    "submitter": submitter.pk, "busy": BUSY_FIRM_REQUESTS,
                    "start": have + 1, "end": requests, "titles": _titles(categories),
                    "places": PLACES,
                },
            )  # fmt: skip
            cur.execute(EVENTS_SQL, {"actor": submitter.pk, "after": after})
        _fill_terms()
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE services_request")
            cur.execute("VACUUM ANALYZE services_requestevent")
        call_command("rebuild_figures")
        started = time.monotonic()
        call_command("refit_text")
        print(
            f"refit of the text model on {requests:,} requests: {time.monotonic() - started:.1f} s",
            flush=True,
        )
    _fill_needs(max(requests // 10, 1_000))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from bench.enterprise_list import _ensure_database

    _ensure_database(os.environ["DATABASE_URL"])
    fill(args.requests)
    print(json.dumps(_people()))


if __name__ == "__main__":
    main()
