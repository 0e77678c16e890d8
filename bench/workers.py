"""Which gunicorn worker class and counts serve the portal best on this machine.

The portal is served by the web service's command (docker-compose.yml, gunicorn.conf.py)
with the worker settings under test given on the command line, on the young bench park
(10,000 requests, bench/data.py). For each setting, in every round:

- a signed-in page alone (the staff queues), requests per second as a share of the bare
  view served by the same setting right before it;
- the same page while three staff members download ledger exports back to back (month's
  end): what the others' pages then take at p50 and p99. A sync worker is held for the
  whole export; with threads, a process that runs one still serves pages.

    python bench/workers.py                # 3 rounds of 10 s
    python bench/workers.py --rounds 1 --seconds 3
"""

import argparse
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages
from _results import write_section

SETTINGS = {
    "sync, 3 workers (before)": ["--worker-class", "sync", "--workers", "3"],
    "gthread, 2 workers × 4 threads": ["--worker-class", "gthread", "--workers", "2",
                                       "--threads", "4"],
    "gthread, 3 workers × 2 threads": ["--worker-class", "gthread", "--workers", "3",
                                       "--threads", "2"],
    "gthread, 3 workers × 4 threads": ["--worker-class", "gthread", "--workers", "3",
                                       "--threads", "4"],
}  # fmt: skip
PORTAL_PORT, BARE_PORT = 8795, 8796


class ExportLoop(threading.Thread):
    """One person downloading the ledger again and again while the load runs."""

    def __init__(self, port, cookie):
        super().__init__(daemon=True)
        self.port, self.cookie, self.stop = port, cookie, threading.Event()
        self.times = []

    def run(self):
        while not self.stop.is_set():
            request = urllib.request.Request(
                f"http://127.0.0.1:{self.port}/staff/requests/ledger.xlsx?from=2000-01-01",
                headers={"Cookie": self.cookie, "X-Forwarded-Proto": "https",
                         "Host": "127.0.0.1"},
            )  # fmt: skip
            started = time.monotonic()
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
                response.read()
            self.times.append(time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--exporters", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    command, settings = pages._compose_gunicorn()
    people = pages._prepare("10k")
    env = pages._env("10k", settings)
    import subprocess

    subprocess.run([pages.PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=pages.ROOT, env=env, check=True)  # fmt: skip
    staff = {"Cookie": f"sessionid={people['staff']}"}
    logs = pages.ROOT / "bench" / "logs"
    logs.mkdir(exist_ok=True)
    results = {name: {"alone": [], "export": [], "p50": [], "p99": [], "exports": []}
               for name in SETTINGS}  # fmt: skip
    for round_ in range(args.rounds):
        for name, extra in SETTINGS.items():
            servers = [
                pages._serve("bench.bare:application", BARE_PORT, pages._env(None, settings),
                             [*command, *extra], logs / "workers-bare.log"),
                pages._serve("portal.wsgi", PORTAL_PORT, env, [*command, *extra],
                             logs / "workers-portal.log"),
            ]  # fmt: skip
            try:
                pages._check(PORTAL_PORT, "/staff/requests/", staff)
                bare = pages._wrk(BARE_PORT, "/", {}, args)
                alone = pages._wrk(PORTAL_PORT, "/staff/requests/", staff, args)
                exporters = [ExportLoop(PORTAL_PORT, staff["Cookie"])
                             for _ in range(args.exporters)]  # fmt: skip
                for exporter in exporters:
                    exporter.start()
                time.sleep(1)
                loaded = pages._wrk(PORTAL_PORT, "/staff/requests/", staff, args)
                for exporter in exporters:
                    exporter.stop.set()
                for exporter in exporters:
                    exporter.join(timeout=120)
            finally:
                for process in servers:
                    pages.os.killpg(process.pid, pages.signal.SIGTERM)
                for process in servers:
                    process.wait(timeout=30)
            entry = results[name]
            entry["alone"].append(alone["rate"] / bare["rate"])
            entry["export"].append(loaded["rate"] / bare["rate"])
            entry["p50"].append(loaded["p50"])
            entry["p99"].append(loaded["p99"])
            entry["exports"] += [t for exporter in exporters for t in exporter.times]
            print(f"round {round_ + 1} {name}: alone {alone['rate']:.0f}/s "
                  f"(bare {bare['rate']:.0f}/s); with exports {loaded['rate']:.0f}/s, "
                  f"p50 {loaded['p50']:.0f} ms, p99 {loaded['p99']:.0f} ms", flush=True)  # fmt: skip

    lines = [
        "## gunicorn worker class",
        "",
        f"`bench/workers.py`, {args.rounds} round(s) of {args.seconds} s, wrk "
        f"-t{args.threads} -c{args.connections}; the staff queues of the 10k park, alone and "
        f"while {args.exporters} staff download the ledger back to back; medians. "
        f"{pages._machine()}.",
        "",
        "| setting | page alone ÷ bare | page during exports ÷ bare | p50 ms | p99 ms | export s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, entry in results.items():
        exports = statistics.median(entry["exports"]) if entry["exports"] else float("nan")
        lines.append(
            f"| {name} | {statistics.median(entry['alone']):.3f} | "
            f"{statistics.median(entry['export']):.3f} | {statistics.median(entry['p50']):.0f} | "
            f"{statistics.median(entry['p99']):.0f} | {exports:.1f} |"
        )
    lines += [
        "",
        "The bare view is served by the same setting in each row, so each ratio is to that "
        "setting's own limit (threads cost the bare view itself a little). Rule for "
        "gunicorn.conf.py: the lowest median p99 while exports run, unless the page alone "
        "loses more than a tenth; the rounds printed above show how much each figure moves.",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("workers", text)


if __name__ == "__main__":
    main()
