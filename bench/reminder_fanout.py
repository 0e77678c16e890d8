"""The week-before reception reminder fanned out to 50,000 enterprise contacts, against a
plain bulk insert of 50,000 notification rows in the same run.

The fan-out is the real ``send_due_reminders``: the recipients read in batches, the
dedupe check, one rendered message per recipient in their language, the rows written one
transaction per batch and the delivery tasks queued on Redis (on a queue of its own,
emptied afterwards; no worker delivers them here). The baseline writes the same number of
rows with one ``bulk_create`` and nothing else. Target: the fan-out within 5x of the
baseline. A rerun of the fan-out (everyone already reminded) is timed too. Results go to
bench/RESULTS.md.

    make bench            # or: python bench/reminder_fanout.py [--contacts 50000]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.enterprise_list import (  # noqa: E402
    _bench_database_url,
    _ensure_database,
    _fill,
    without_change_records,
)

QUEUE = "portal-bench"


def _ensure_contacts(count: int) -> None:
    """``count`` active enterprise users, each acting for an enterprise of their own."""
    from django.contrib.auth.models import Group

    from portal.models import User
    from portal.roles import Role

    have = User.objects.filter(username__startswith="bench-contact-").count()
    if have >= count:
        return
    _fill(max(count, 100_000))
    group = Group.objects.get(name=Role.ENTERPRISE_USER)
    print(f"adding {count - have:,} enterprise contacts…", flush=True)
    with without_change_records() as cur:
        cur.execute(
            """
            WITH firms AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n FROM alliances_enterprise
                WHERE id NOT IN (SELECT enterprise_id FROM alliances_enterprisemembership)
            ), made AS (
                INSERT INTO portal_user (password, is_superuser, username, first_name,
                    last_name, email, is_staff, is_active, date_joined, name, phone, language)
                SELECT '!', false, 'bench-contact-' || g, '', '', 'contact' || g || '@bench.local',
                       false, true, now(), '联系人' || g, NULL, CASE WHEN g %% 10 = 0 THEN 'en' ELSE '' END
                FROM generate_series(%(start)s, %(end)s) AS g
                RETURNING id
            ), numbered AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n FROM made
            ), grouped AS (
                INSERT INTO portal_user_groups (user_id, group_id)
                SELECT id, %(group)s FROM numbered
            )
            INSERT INTO alliances_enterprisemembership (user_id, enterprise_id, is_admin, joined_at)
            SELECT numbered.id, firms.id, true, now()
            FROM numbered JOIN firms USING (n)
            """,
            {"start": have + 1, "end": count, "group": group.pk},
        )
        cur.execute("ANALYZE portal_user; ANALYZE alliances_enterprisemembership")


def _fanout(run: int) -> tuple[float, int]:
    from services.reception.models import ReceptionDay
    from services.reception.services import send_due_reminders

    date = datetime.date(2090, 1, 8) + datetime.timedelta(days=31 * run)
    day = ReceptionDay.objects.create(month=f"B{run:04d}", date=date, place="党群服务中心")
    start = time.perf_counter()
    sent = send_due_reminders(today=date - datetime.timedelta(days=7))
    return time.perf_counter() - start, sent, day


def _bulk_insert(count: int) -> float:
    from portal.models import Notification, User

    ids = list(
        User.objects.filter(username__startswith="bench-contact-").values_list("pk", flat=True)
    )[:count]
    fields = {
        "kind": "reception_reminder",
        "title": "企业家接待日",
        "body": "园区党工委书记接待企业家，请在门户预约。",
        "channels": ["email"],
    }
    rows = [
        Notification(recipient_id=pk, dedupe_key=f"bench-baseline:{pk}", **fields) for pk in ids
    ]
    start = time.perf_counter()
    Notification.objects.bulk_create(rows, batch_size=5000)
    elapsed = time.perf_counter() - start
    Notification.objects.filter(dedupe_key__startswith="bench-baseline:").delete()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["CELERY_QUEUE"] = QUEUE
    import django

    django.setup()
    _ensure_database(os.environ["DATABASE_URL"])
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _ensure_contacts(args.contacts)

    from django.conf import settings

    from portal.celery import app
    from portal.models import Notification, User
    from services.reception.models import ReceptionDay
    from services.reception.services import send_due_reminders

    contacts = User.objects.filter(username__startswith="bench-contact-").count()
    fanouts, reruns, baselines = [], [], []
    try:
        for run in range(args.runs):
            baselines.append(_bulk_insert(contacts))
            elapsed, sent, day = _fanout(run)
            assert sent >= contacts, f"reminded {sent} of {contacts}"
            fanouts.append(elapsed)
            start = time.perf_counter()
            assert send_due_reminders(today=day.date - datetime.timedelta(days=7)) == 0
            reruns.append(time.perf_counter() - start)
    finally:
        Notification.objects.filter(kind="reception_reminder").delete()
        ReceptionDay.objects.filter(month__startswith="B").delete()
        app.control.purge()

    fanout, baseline, rerun = (statistics.median(x) for x in (fanouts, baselines, reruns))
    ratio = fanout / baseline
    lines = [
        "## Reception reminder fan-out",
        "",
        f"The week-before reminder to {contacts:,} enterprise contacts through the real",
        "`send_due_reminders` (batches of "
        f"{settings.REMINDER_BATCH_SIZE}, dedupe check, one rendered",
        "message per recipient, delivery tasks queued on Redis), against one plain `bulk_create`",
        f"of {contacts:,} notification rows; median of {args.runs} runs on this 2-core machine.",
        "",
        "| case | seconds | rows per second |",
        "| --- | ---: | ---: |",
        f"| plain bulk insert | {baseline:.2f} | {contacts / baseline:,.0f} |",
        f"| reminder fan-out | {fanout:.2f} | {contacts / fanout:,.0f} |",
        f"| rerun (everyone already reminded) | {rerun:.2f} | — |",
        "",
        f"Fan-out / bulk insert: **{ratio:.1f}×** (target: within 5×).",
    ]
    from bench._results import write_section

    write_section("reminder-fanout", "\n".join(lines))
    print("\n".join(lines))
    if ratio > 5:
        sys.exit(f"the fan-out is {ratio:.1f}x the bulk insert, above the 5x target")


if __name__ == "__main__":
    main()
