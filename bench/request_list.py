"""The staff request list API with 1,000,000 requests, against a bare Django JSON view.

Fills ``<database>_bench`` (once) with a million requests, starts gunicorn (2 workers) on
the portal with one extra bare view (bench/urls.py), and drives both over keep-alive HTTP
from 4 client threads for a fixed time each. The target: the API keeps at least half the
bare view's throughput. Results go to bench/RESULTS.md.

    make bench            # or: python bench/request_list.py [--rows 1000000] [--seconds 15]
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import threading
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

PORT = 8765


def _fill_requests(rows: int) -> None:

    from alliances.models import Enterprise
    from portal.models import User
    from services.loop.models import Category, HandlingUnit, Request

    have = Request.objects.count()
    if have >= rows:
        return
    unit, _ = HandlingUnit.objects.get_or_create(
        name="基准测试承办单位", defaults={"kind": "department"}
    )
    category, _ = Category.objects.get_or_create(
        name="基准测试类别", defaults={"default_unit": unit}
    )
    submitter, _ = User.objects.get_or_create(username="bench-submitter")
    enterprise_ids = list(Enterprise.objects.values_list("pk", flat=True)[:20000])
    print(f"filling {rows - have:,} requests…", flush=True)
    states = ["closed", "closed", "closed", "in_progress", "dispatched", "submitted", "resolved"]
    with without_change_records() as cur:
        cur.execute(
            """
            INSERT INTO services_request (
                number, enterprise_id, submitter_id, category_id, title, description, channel,
                is_green, state, light, lead_unit_id, deadline, is_supervised, reject_reason,
                result, rating, rating_comment, redo_count, return_count, submitted_at,
                dispatched_at, idempotency_key, updated_at)
            SELECT 'QB' || lpad(g::text, 9, '0'),
                   (%(ents)s::bigint[])[1 + g %% %(n)s], %(sub)s, %(cat)s,
                   '诉求 ' || g, '基准测试数据', 'web', g %% 9 = 0,
                   (%(states)s::text[])[1 + g %% 7],
                   (ARRAY['green','green','green','yellow','red'])[1 + g %% 5],
                   %(unit)s, now() + interval '10 days', g %% 13 = 0, '', '', '', '', 0, 0,
                   now() - make_interval(mins => g), now() - make_interval(mins => g), '', now()
            FROM generate_series(%(start)s, %(end)s) AS g
            """,
            {
                "ents": enterprise_ids, "n": len(enterprise_ids), "sub": submitter.pk,
                "cat": category.pk, "unit": unit.pk, "states": states,
                "start": have + 1, "end": rows,
            },
        )  # fmt: skip
        cur.execute("ANALYZE services_request")


def _session_cookie() -> str:
    from django.contrib.auth.models import Group
    from django.test import Client

    from portal.models import User
    from portal.roles import Role

    user, _ = User.objects.get_or_create(username="bench-dispatcher", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=Role.DISPATCHER))
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _drive(path: str, cookie: str, seconds: float, threads: int = 4) -> tuple[float, int]:
    """Requests per second over keep-alive connections; errors counted apart."""
    done, errors = [0] * threads, [0] * threads
    stop = time.monotonic() + seconds

    def worker(i):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        headers = {"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"}
        while time.monotonic() < stop:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                done[i] += 1
            else:
                errors[i] += 1
        conn.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    start = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(done) / (time.monotonic() - start), sum(errors)


def _wait_for_port() -> None:
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", PORT)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    _ensure_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)
    _fill(20_000)
    _fill_requests(args.rows)
    cookie = _session_cookie()
    from services.loop.models import Request

    total = Request.objects.count()

    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )  # fmt: skip
    try:
        _wait_for_port()
        cases = [
            ("bare Django JSON view (session check, .values()), newest 50", "/bench/bare/"),
            ("staff list API, newest 50", "/api/v1/requests/"),
            ("staff list API, state=in_progress", "/api/v1/requests/?state=in_progress"),
        ]
        for _label, path in cases:  # warm both workers
            _drive(path, cookie, 1.5)
        results = [(label, *_drive(path, cookie, args.seconds)) for label, path in cases]
    finally:
        server.terminate()
        server.wait(timeout=20)

    bare = results[0][1]
    lines = [
        "## Staff request list API",
        "",
        f"{total:,} requests; gunicorn with 2 workers; 4 keep-alive client threads on the same",
        f"machine, {args.seconds:.0f} s per case. Target: the API keeps at least half the bare",
        "view's throughput.",
        "",
        "| case | requests/s | errors | share of bare |",
        "| --- | ---: | ---: | ---: |",
        *[f"| {label} | {rps:.1f} | {err} | {rps / bare:.0%} |" for label, rps, err in results],
        "",
    ]
    from bench._results import write_section

    write_section("request-list", "\n".join(lines))
    print("\n".join(lines))
    api = results[1][1]
    if api < bare / 2:
        raise SystemExit(f"the API fell below half the bare view's throughput ({api / bare:.0%})")


if __name__ == "__main__":
    main()
