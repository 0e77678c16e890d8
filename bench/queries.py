"""Queries each benchmarked page runs, and the plans of its slowest ones (bench/plans/).

Called by bench/pages.py with the scenarios of one bench database, as JSON; prints
{name: query count} as JSON on its last line.
"""

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PLANS = ROOT / "bench" / "plans"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    size = os.environ["DATABASE_URL"].rsplit("_", 1)[-1]
    PLANS.mkdir(exist_ok=True)
    counts = {}
    for name, path, headers in json.loads(sys.argv[1]):
        client = Client()
        extra = {}
        for header, value in headers.items():
            if header == "Cookie":
                client.cookies["sessionid"] = value.split("=", 1)[1]
            else:
                extra["HTTP_" + header.upper().replace("-", "_")] = value
        client.get(path, **extra)  # warm: the first visit fills caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, **extra)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured.captured_queries)
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
        lines = [f"# {name} [{size}] GET {path}: {counts[name]} queries", ""]
        with connection.cursor() as cur:
            for query in slowest:
                sql = query["sql"]
                lines += [f"-- {float(query['time']) * 1000:.1f} ms", sql, ""]
                if sql.lstrip().upper().startswith("SELECT"):
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    lines += [row[0] for row in cur.fetchall()] + [""]
        (PLANS / f"{_slug(name)}-{size}.txt").write_text("\n".join(lines))
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
