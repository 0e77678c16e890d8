"""The partner-bank needs list with 1,000,000 financing needs.

Fills ``<database>_bench`` (once) with a million needs of the 100k bench enterprises, each
shared by a consent: most with all partner banks, one in twenty with a "rare" bank only,
some already settled. Then times ``GET /api/v1/bank/needs/`` through Django's test client
with a real key (authentication, throttle, scope, masking, access log included): the first
page, a page 50 pages deep by cursor, an amount filter, and the same first page for the rare
bank that few enterprises chose (the scope test has to walk further for it). Also prints the
plan of the page query. Results go to bench/RESULTS.md.

    make bench            # or: python bench/bank_needs.py [--rows 1000000]
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.enterprise_list import (  # noqa: E402
    _bench_database_url,
    _ensure_database,
    _explain,
    _fill,
    _time,
    without_change_records,
)


def _fill_needs(rows: int) -> None:

    from portal.crypto import encrypt
    from portal.models import User
    from services.finance.models import Bank, FinancingNeed

    have = FinancingNeed.objects.count()
    if have >= rows:
        return
    common, _ = Bank.objects.get_or_create(name="基准测试银行", defaults={"short_name": "基准"})
    rare, _ = Bank.objects.get_or_create(name="基准测试小银行", defaults={"short_name": "小行"})
    poster, _ = User.objects.get_or_create(username="bench-poster")
    print(f"filling {rows - have:,} financing needs…", flush=True)
    # Mobiles are stored encrypted: a thousand real ciphertexts, shared round the rows.
    mobiles = [encrypt(f"138{n:08d}") for n in range(1000)]
    with without_change_records() as cur:
        cur.execute(
            """
            WITH firms AS (SELECT array_agg(id ORDER BY id) AS ids FROM alliances_enterprise),
            needs AS (
                INSERT INTO finance_financingneed (
                    enterprise_id, posted_by_id, amount, purpose, term_months, collateral,
                    urgency, contact_name, contact_mobile, contact_id_number, status,
                    created_at, updated_at)
                SELECT firms.ids[1 + g %% array_length(firms.ids, 1)], %(poster)s,
                       50 + (g * 37) %% 3000, '基准测试融资需求', 12, '厂房抵押',
                       (ARRAY['normal','normal','urgent'])[1 + g %% 3], %(name)s,
                       (%(mobiles)s::text[])[1 + g %% 1000], '',
                       CASE WHEN g %% 10 = 0 THEN 'financed' ELSE 'open' END,
                       now() - make_interval(secs => g * 30), now()
                FROM generate_series(%(start)s, %(end)s) AS g, firms
                RETURNING id
            ),
            consents AS (
                INSERT INTO finance_needconsent (need_id, to_all_banks, wording, given_by_id, given_at)
                SELECT id, id %% 20 <> 0, '基准测试授权', %(poster)s, now() FROM needs
                RETURNING id, to_all_banks
            )
            INSERT INTO finance_needconsent_banks (needconsent_id, bank_id)
            SELECT id, %(rare)s FROM consents WHERE NOT to_all_banks
            """,
            {
                "poster": poster.pk,
                "rare": rare.pk,
                "name": encrypt("王建国"),
                "start": have + 1,
                "end": rows,
                "mobiles": mobiles,
            },
        )
        cur.execute(
            "ANALYZE finance_financingneed; ANALYZE finance_needconsent;"
            " ANALYZE finance_needconsent_banks"
        )
    assert common.pk and rare.pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["BANK_API_RATE"] = "1000000/min"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    _ensure_database(os.environ["DATABASE_URL"])
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _fill(100_000)
    _fill_needs(args.rows)

    from urllib.parse import parse_qs, urlparse

    from rest_framework.test import APIClient

    from services.finance.models import Bank, BankAccessLog, BankAPIKey, FinancingNeed

    def client_for(bank_name):
        bank = Bank.objects.get(name=bank_name)
        client = APIClient()
        client.credentials(
            HTTP_AUTHORIZATION=f"Api-Key {BankAPIKey.objects.create_key(bank=bank, name='bench')[1]}"
        )
        return bank, client

    common, client = client_for("基准测试银行")
    rare, rare_client = client_for("基准测试小银行")
    url = "/api/v1/bank/needs/"
    cursor = None
    for _ in range(50):  # walk 50 pages deep by cursor
        body = client.get(url, {"cursor": cursor} if cursor else {}).json()
        cursor = parse_qs(urlparse(body["next"]).query)["cursor"][0]
    cases = [
        ("first page", client, {}),
        ("page 51, by cursor", client, {"cursor": cursor}),
        ("amount 2,000万元 and up", client, {"amount_min": 2000}),
        ("first page, bank chosen by 1 in 20", rare_client, {}),
    ]
    results = [(label, *_time(c, url, params)) for label, c, params in cases]

    from services.finance.actions import open_needs_shared_with

    page_sql, page_params = (
        open_needs_shared_with(common)
        .order_by("-created_at", "-id")[:51]
        .values("id")
        .query.sql_with_params()
    )
    plan = _explain(page_sql, page_params)
    total = FinancingNeed.objects.count()
    BankAccessLog.objects.filter(bank__in=[common, rare]).delete()
    BankAPIKey.objects.filter(name="bench").delete()
    lines = [
        "## Bank API needs list",
        "",
        f"`GET /api/v1/bank/needs/` with {total:,} financing needs (19 in 20 shared with all banks,",
        "1 in 20 with one small bank only, 1 in 10 settled), Django test client with a real key",
        "(authentication, throttle, scope, masking and the access-log write included), median of",
        "15 requests on this 2-core machine. Generated by `make bench`.",
        "",
        "| case | median ms | queries |",
        "| --- | ---: | ---: |",
        *[f"| {label} | {ms:.1f} | {queries} |" for label, ms, queries in results],
        "",
        "Plan of the page query (scope by consent, newest first):",
        "",
        "```",
        plan,
        "```",
    ]
    from bench._results import write_section

    write_section("bank-needs", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
