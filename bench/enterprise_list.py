"""How the staff enterprise list behaves with 100,000 enterprises.

Creates (once) a separate database ``<name>_bench`` next to DATABASE_URL's, fills it with
100k enterprises on four chains, then times the staff list page through Django's test
client: the first page, a page deep in the list by key, the same depth by OFFSET (what a
page-number paginator would do), a name search and a label filter. Also prints the query
plans, so a missing index shows up. Results go to bench/RESULTS.md.

    make bench            # or: python bench/enterprise_list.py [--rows 100000]
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _bench_database_url() -> str:
    url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal"))
    name = url.path.lstrip("/") or "portal"
    return urlunparse(url._replace(path=f"/{name}_bench"))


def _ensure_database(url: str) -> None:
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"],
        password=db["PASSWORD"] or None, dbname="postgres",
    )  # fmt: skip
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{db["NAME"]}"')
    conn.close()


@contextmanager
def without_change_records():
    """A cursor that writes the bench's rows as a restore would: in one transaction, without
    firing the history triggers (their records are not what is measured, and a million
    trigger calls would make the fill take many minutes)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")
        yield cur


def _fill(rows: int) -> None:
    import random

    from psycopg2.extras import execute_values
    from stdnum.cn import uscc

    from alliances.models import Chain, Enterprise

    have = Enterprise.objects.count()
    if have >= rows:
        return
    chains = []
    for order, (code, name) in enumerate(
        [
            ("offshore", "海工装备"),
            ("biomedicine", "生物医药"),
            ("green", "绿色建筑"),
            ("auto", "汽车及零部件"),
        ]
    ):
        chains.append(
            Chain.objects.get_or_create(code=code, defaults={"name": name, "order": order})[0]
        )
    rng = random.Random(7)
    stems = list("蓬瀛登仙阁丹崖海庙港湾长岛金沙银滩紫荆华泰鼎盛宏远恒通信诚东升瑞丰")
    words = ["海洋工程", "风电装备", "药业", "生物科技", "建材", "新材料", "汽车零部件", "精密机械"]
    labels = [[], [], [], ["high_tech"], ["gazelle"], ["specialised"], ["unicorn"]]
    print(f"filling {rows - have} enterprises…", flush=True)
    batch = []
    with without_change_records() as cur:
        for n in range(have, rows):
            body = f"91370684{n + 10_000_000:09d}"
            name = f"烟台{rng.choice(stems)}{rng.choice(stems)}{rng.choice(words)}{n}有限公司"
            batch.append(
                (name, body + uscc.calc_check_digit(body), "", "", "", "", rng.choice(labels),
                 rng.choice(["above", "below"]), "")
            )  # fmt: skip
            if len(batch) == 5000 or n == rows - 1:
                ids = execute_values(
                    cur,
                    "INSERT INTO alliances_enterprise (name, credit_code, legal_representative,"
                    " contact_person, contact_mobile, address, labels, scale, growth_stage,"
                    " created_at, updated_at) VALUES %s RETURNING id",
                    batch,
                    template="(%s, %s, %s, %s, %s, %s, %s::varchar[], %s, %s, now(), now())",
                    fetch=True,
                )
                execute_values(
                    cur,
                    "INSERT INTO alliances_enterprise_chains (enterprise_id, chain_id) VALUES %s",
                    [(row[0], rng.choice(chains).pk) for row in ids],
                )
                batch = []
        cur.execute("ANALYZE")


def _time(client, url, params, repeat=15):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, params)
    return statistics.median(times), len(ctx.captured_queries)


def _explain(sql: str, params=()) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY ON) " + sql, params)
        return "\n".join(row[0] for row in cur.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    # Serve static URLs without a collected manifest; the bench measures pages, not files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    _ensure_database(os.environ["DATABASE_URL"])
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _fill(args.rows)

    from django.test import Client

    from alliances.models import Enterprise
    from portal.models import User
    from portal.pagination import encode_key
    from portal.roles import Role

    user, _ = User.objects.get_or_create(username="bench-dispatcher", defaults={"is_staff": True})
    user.groups.add(
        *__import__("django.contrib.auth.models", fromlist=["Group"]).Group.objects.filter(
            name=Role.DISPATCHER
        )
    )
    client = Client()
    client.force_login(user)

    total = Enterprise.objects.count()
    deep = Enterprise.objects.order_by("name", "id").values_list("name", "id")[total * 9 // 10]
    url = "/staff/enterprises/"
    cases = [
        ("first page", {}),
        ("page at 90 % depth, by key", {"after": encode_key(*deep)}),
        ("name search 风电", {"q": "风电"}),
        ("label filter gazelle", {"label": "gazelle"}),
        (
            "credit code lookup",
            {"q": Enterprise.objects.order_by("-id").values_list("credit_code", flat=True).first()},
        ),
    ]
    results = [(label, *_time(client, url, params)) for label, params in cases]

    # What OFFSET pagination would cost at the same depth (not used by the portal).
    start = time.perf_counter()
    list(Enterprise.objects.order_by("name", "id")[total * 9 // 10 : total * 9 // 10 + 50])
    offset_ms = (time.perf_counter() - start) * 1000

    plan_search = _explain(
        "SELECT id FROM alliances_enterprise WHERE UPPER(name::text) LIKE UPPER(%s) ORDER BY name, id LIMIT 51",
        ["%风电%"],
    )
    lines = [
        "## Staff enterprise list",
        "",
        f"Staff enterprise list (`/staff/enterprises/`), {total:,} enterprises, Django test client",
        "(no network), median of 15 requests on this 2-core machine. Generated by `make bench`.",
        "",
        "| case | median ms | queries |",
        "| --- | ---: | ---: |",
        *[f"| {label} | {ms:.1f} | {queries} |" for label, ms, queries in results],
        "",
        f"For comparison, fetching the same deep page with OFFSET: {offset_ms:.1f} ms for the query alone.",
        "",
        "Plan of the name search:",
        "",
        "```",
        plan_search,
        "```",
        "",
    ]
    from bench._results import write_section

    write_section("enterprise-list", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
