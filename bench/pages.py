"""The portal's pages under load, as ratios to the stack's own limit measured in the same run.

Two bench databases are filled once (bench/data.py): a young park (10,000 requests) and a
busy one (1,000,000 requests), each over 10,000 enterprises and one year of steps. The
portal is served exactly as docker-compose.yml serves it (its gunicorn command, workers and
worker class, the production settings module, DEBUG off); beside it the same gunicorn
command serves bench/bare.py, a bare ``JsonResponse`` view with startproject's middleware.
`wrk` (Debian's) drives both: for every scenario, in every round, the bare view first and the
scenario right after, so both see the same machine. Reported: medians over the rounds of
requests per second as a share of the bare view, latency p50 and p99, the load average, the
queries each page runs; the plans of each page's slowest queries go to bench/plans/.

    make bench                                   # 3 rounds of 10 s per run
    python bench/pages.py --rounds 1 --seconds 3 --only figures
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PLANS = ROOT / "bench" / "plans"
SIZES = {"10k": 10_000, "1M": 1_000_000}
BARE_PORT, FIRST_PORT = 8790, 8791
# Keys for the bench databases only: rows are encrypted with these when filled, and the
# portal under test must read them back.
BENCH_ENV = {
    "SECRET_KEY": "bench-secret-key-for-generated-data-only-7c1e4a9b2d8f6e3a5c0b",
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktZm9yLWdlbmVyYXRlZC1kYXQ=",
    "FIELD_HASH_KEY": "bench-only-hash-key-for-generated-data-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # A partner bank's real rate limit would turn the load into 429s: lifted for the run.
    "BANK_API_RATE": "100000000/min",
}


SIMILAR_WHILE_TYPING = (
    "/requests/new/similar/?title=%E5%8E%82%E5%8C%BA%E9%81%93%E8%B7%AF%E7%A0%B4%E6%8D%9F"
    "&description=%E8%B4%A7%E8%BD%A6%E9%80%9A%E8%A1%8C%E5%9B%B0%E9%9A%BE"
)  # 厂区道路破损 / 货车通行困难


def _scenarios(people):
    staff = {"Cookie": f"sessionid={people['staff']}"}
    clerk = {"Cookie": f"sessionid={people['clerk']}"}
    admin = {"Cookie": f"sessionid={people['admin']}"}
    bank = {"X-Api-Key": people["bank_key"]}
    all_time = "?from=2000-01-01"
    return [
        # name, size, path, headers
        ("home, anonymous", "10k", "/", {}),
        ("home, anonymous", "1M", "/", {}),
        ("staff request list API, first page", "1M", "/api/v1/requests/", staff),
        ("enterprise: my requests (1,000)", "1M", "/requests/", clerk),
        ("staff queues", "1M", "/staff/requests/", staff),
        # The dispatcher's view of a waiting request: its steps, the similar open requests of
        # any enterprise (the GIN index on open requests' terms) and the suggested dispatch
        # (the unit profiles, the unit's past requests like it).
        ("dispatcher: a waiting request with similar ones", "10k",
         f"/requests/{people['open_request']}/", staff),
        ("dispatcher: a waiting request with similar ones", "1M",
         f"/requests/{people['open_request']}/", staff),
        # An enterprise typing a new request: the form, and the aside fetched as it types
        # (its own similar open requests and the typical cases like it).
        ("enterprise: the new-request form", "10k", "/requests/new/", clerk),
        ("enterprise: the new-request form", "1M", "/requests/new/", clerk),
        ("enterprise: similar while typing", "10k", SIMILAR_WHILE_TYPING, clerk),
        ("enterprise: similar while typing", "1M", SIMILAR_WHILE_TYPING, clerk),
        ("bank needs API, first page", "1M", "/api/v1/bank/needs/", bank),
        ("figures, last 12 months", "10k", "/staff/figures/", staff),
        ("figures, last 12 months", "1M", "/staff/figures/", staff),
        ("figures, all time", "10k", f"/staff/figures/{all_time}", staff),
        ("figures, all time", "1M", f"/staff/figures/{all_time}", staff),
        ("figures by chain, a filter on one unit", "1M",
         "/staff/figures/?by=chain&lead_unit=1", staff),
        # Every chart a park administrator sees, from the kept figures of each app.
        ("staff dashboard", "10k", "/staff/dashboard/", admin),
        ("staff dashboard", "1M", "/staff/dashboard/", admin),
        # The floor of the portal's own stack: signed in, nothing to list.
        ("floor: signed-in page, empty list (notifications)", "1M", "/notifications/", staff),
        ("floor: signed-in API, empty list (notifications)", "1M",
         "/api/v1/notifications/", staff),
    ]  # fmt: skip


def _database_url(size: str) -> str:
    url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal"))
    name = url.path.lstrip("/") or "portal"
    return urlunparse(url._replace(path=f"/{name}_bench_{size.lower()}"))


def _compose_gunicorn() -> list[str]:
    """The web service's command in docker-compose.yml, without its bind address."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = list(compose["services"]["web"]["command"])
    settings = compose["x-app"]["environment"]["DJANGO_SETTINGS_MODULE"]
    if "--bind" in command:
        at = command.index("--bind")
        del command[at : at + 2]
    assert command[0] == "gunicorn", command
    return command, settings


def _env(size: str | None, settings: str) -> dict:
    env = {**os.environ, **BENCH_ENV, "DJANGO_SETTINGS_MODULE": settings, "DEBUG": "false"}
    env.pop("PYTHONDEVMODE", None)
    if size:
        env["DATABASE_URL"] = _database_url(size)
    return env


def _prepare(size: str) -> dict:
    env = _env(size, "portal.settings.dev")
    out = subprocess.run(
        [PYTHON, "bench/data.py", "--requests", str(SIZES[size])],
        cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    print(out.stdout.rsplit("\n", 2)[0], flush=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _serve(app: str, port: int, env: dict, command: list[str], log: Path):
    argv = [shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"]
    argv += [app if c == "portal.wsgi" else c for c in command[1:]]
    argv += ["--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process  # it answers (the bare app has no /healthz)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"gunicorn on port {port} did not start; see {log}")


def _check(port: int, path: str, headers: dict) -> None:
    """Every scenario must answer 200 before it is timed: a fast error is not a result."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={**headers, "X-Forwarded-Proto": "https", "Host": "127.0.0.1"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (http only)
        assert response.status == 200, (path, response.status)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def _wrk(port: int, path: str, headers: dict, args) -> dict:
    argv = [shutil.which("wrk"), f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s",
            "--latency", "--timeout", "60s", "-H", "X-Forwarded-Proto: https", "-H", "Host: 127.0.0.1"]  # fmt: skip
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    load = os.getloadavg()[0]
    out = subprocess.run(
        [*argv, f"http://127.0.0.1:{port}{path}"], check=True, capture_output=True, text=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+(?:us|ms|s))\s*$", out, re.M))
    if len(latency) < 2:  # nothing finished within the run: slower than the run itself
        with (ROOT / "bench" / "logs" / "wrk-unparsed.log").open("a") as log:
            log.write(f"{port} {path}\n{out}\n")
        latency = {"50": f"{args.seconds}s", "99": f"{args.seconds}s", **latency}
    # Requests still queued in the workers when wrk stops would slow the next run: let the
    # server drain (about what the connections left in flight take to finish).
    average = re.search(r"Latency\s+([\d.]+(?:us|ms|s))", out)
    if average:
        time.sleep(min(30.0, max(0.5, 3 * _ms(average.group(1)) / 1000)))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: .*", out)
    return {
        "rate": rate, "p50": _ms(latency["50"]), "p99": _ms(latency["99"]), "load": load,
        "errors": (int(bad.group(1)) if bad else 0) + (1 if errors else 0),
    }  # fmt: skip


def _profile(size: str, scenarios, people) -> dict:
    """Queries per page, and EXPLAIN ANALYZE of each page's slowest, in plans/."""
    env = _env(size, "portal.settings.dev")
    todo = [(name, path, headers) for name, s, path, headers in scenarios if s == size]
    out = subprocess.run(
        [PYTHON, "bench/queries.py", json.dumps(todo)],
        cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def _machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    postgres = subprocess.run(
        [PYTHON, "-c", "import psycopg2,os;c=psycopg2.connect(os.environ['DATABASE_URL']);"
         "cur=c.cursor();cur.execute('SHOW server_version');print(cur.fetchone()[0])"],
        env=_env("10k", "portal.settings.dev"), capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    wrk = subprocess.run([shutil.which("wrk"), "-v"], capture_output=True, text=True)
    wrk_version = (wrk.stdout + wrk.stderr).split()[1] if (wrk.stdout + wrk.stderr) else "?"
    return (
        f"{os.cpu_count()} × {cpu}, {memory} GiB, Linux {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {postgres}, wrk {wrk_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--only",
        default="",
        help="run only scenarios whose name holds this (or one of these, comma-separated)",
    )
    parser.add_argument("--label", default="", help="a note for the results (e.g. 'before')")
    parser.add_argument("--no-write", action="store_true", help="print, do not write RESULTS")
    parser.add_argument(
        "--section", default="pages",
        help="the RESULTS.md section to write (a run of some scenarios: a section of its own)",
    )  # fmt: skip
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")

    command, settings = _compose_gunicorn()
    people = {size: _prepare(size) for size in SIZES}
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=_env("10k", settings), check=True,
    )  # fmt: skip
    logs = ROOT / "bench" / "logs"
    logs.mkdir(exist_ok=True)
    servers = {None: _serve("bench.bare:application", BARE_PORT, _env(None, settings),
                            command, logs / "bare.log")}  # fmt: skip
    ports = {None: BARE_PORT}
    for n, size in enumerate(SIZES):
        ports[size] = FIRST_PORT + n
        servers[size] = _serve("portal.wsgi", ports[size], _env(size, settings), command,
                               logs / f"portal-{size}.log")  # fmt: skip
    try:
        scenarios = []
        for size in SIZES:
            scenarios += [s for s in _scenarios(people[size]) if s[1] == size]
        wanted = [w.strip() for w in args.only.split(",")]
        scenarios = [s for s in scenarios if any(w in s[0] for w in wanted)]
        for _name, size, path, headers in scenarios:
            _check(ports[size], path, headers)
        runs = {(name, size): [] for name, size, _path, _headers in scenarios}
        for round_ in range(args.rounds):
            for name, size, path, headers in scenarios:
                bare = _wrk(BARE_PORT, "/", {}, args)
                page = _wrk(ports[size], path, headers, args)
                runs[name, size].append((bare, page))
                print(f"round {round_ + 1} {name} [{size}]: {page['rate']:.1f}/s, "
                      f"bare {bare['rate']:.1f}/s → {page['rate'] / bare['rate']:.3f}; "
                      f"p99 {page['p99']:.1f} ms; load {page['load']:.2f}", flush=True)  # fmt: skip
    finally:
        for process in servers.values():
            os.killpg(process.pid, signal.SIGTERM)
        for process in servers.values():
            process.wait(timeout=30)

    queries = {}
    for size in SIZES:
        queries.update({(k, size): v for k, v in _profile(size, scenarios, people[size]).items()})
    rows = []
    for name, size, path, _headers in scenarios:
        pairs = runs[name, size]
        ratio = statistics.median(p["rate"] / b["rate"] for b, p in pairs)
        rows.append({
            "name": name, "size": size, "path": path, "ratio": ratio,
            "rate": statistics.median(p["rate"] for _b, p in pairs),
            "bare": statistics.median(b["rate"] for b, _p in pairs),
            "p50": statistics.median(p["p50"] for _b, p in pairs),
            "p99": statistics.median(p["p99"] for _b, p in pairs),
            "load": max(max(b["load"], p["load"]) for b, p in pairs),
            "errors": sum(p["errors"] + b["errors"] for b, p in pairs),
            "queries": queries.get((name, size), "?"),
        })  # fmt: skip
    _report(rows, args, command, settings)


def _report(rows, args, command, settings) -> None:
    ratio_of = {(r["name"], r["size"]): r for r in rows}
    growth = []
    for name in sorted({r["name"] for r in rows}):
        small, large = ratio_of.get((name, "10k")), ratio_of.get((name, "1M"))
        if small and large:
            growth.append(f"| {name} | {small['p50']:.1f} | {large['p50']:.1f} | "
                          f"{large['p50'] / small['p50']:.2f} |")  # fmt: skip
    today = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        "## Pages under load, as a share of the bare view",
        "",
        f"{today}{' · ' + args.label if args.label else ''}. Machine: {_machine()}.",
        "",
        f"Portal served as compose serves it: `{shlex.join(command)}` with `{settings}`, DEBUG"
        " off; the bare view (`bench/bare.py`: startproject's middleware, no SQL) under the same"
        f" command. `wrk -t{args.threads} -c{args.connections} -d{args.seconds}s`, bare view then"
        f" page, {args.rounds} interleaved rounds; medians. 10k / 1M: requests in the year over"
        " 10,000 enterprises (bench/data.py).",
        "",
        "| page | data | req/s | ÷ bare | p50 ms | p99 ms | queries | max load | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {r['name']} | {r['size']} | {r['rate']:.0f} | {r['ratio']:.3f} | {r['p50']:.1f} "
            f"| {r['p99']:.1f} | {r['queries']} | {r['load']:.2f} | {r['errors']} |"
            for r in rows
        ],
        "",
        f"Bare view: {statistics.median(r['bare'] for r in rows):.0f} req/s (median of its runs).",
        "",
        "Time at 1M ÷ time at 10k (median latency):",
        "",
        "| page | p50 at 10k | p50 at 1M | ratio |",
        "| --- | ---: | ---: | ---: |",
        *growth,
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        from bench._results import write_section

        write_section(args.section, text)


if __name__ == "__main__":
    main()
