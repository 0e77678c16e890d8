"""gunicorn's settings for the portal (read from the working directory; every value can be
changed from the environment without rebuilding the image).

Worker class and counts as measured in bench/ (bench/workers.py, bench/RESULTS.md): cores
+ 1 processes of 2 threads each. On two cores it serves a page as fast as sync workers and
keeps the lowest tail latency while staff download ledgers; a process busy writing an export
still answers a page on its second thread. More threads per process let CPU-bound exports
starve the pages.

Timeout: the longest legitimate request is a ledger export of LEDGER_MAX_ROWS requests
(about four seconds) or a spreadsheet upload of IMPORT_MAX_MB over a slow line; reading and
importing spreadsheets runs in Celery, not here. 60 s leaves a wide margin without letting
a stuck worker hold its slot for long.
"""

import os
import shutil
import tempfile

from prometheus_client import multiprocess

_cores = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", _cores + 1))
threads = int(os.environ.get("WEB_THREADS", 2))
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
# Requests in flight get this long to finish when the container is stopped (compose waits
# stop_grace_period, longer than this, before killing).
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", 30))
keepalive = 5
# A worker is replaced after this many requests (spread out by the jitter so that they do
# not all restart together): memory a long-lived process gathers is given back.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 2000))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", 200))
# The portal logs one JSON line per request itself (portal/logs.py), with its request id.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Behind the proxy: it sets X-Forwarded-Proto, and only it reaches gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# The workers' heartbeat files in memory, not on the container's overlay disk (gunicorn's
# advice for containers); gunicorn makes them private to its user.
_shm = "/dev/shm"  # noqa: S108
worker_tmp_dir = _shm if os.path.isdir(_shm) else None

# Metrics from every worker process (django-prometheus in multiprocess mode): the workers
# write them to a directory of this server's own (PROMETHEUS_MULTIPROC_DIR, or a new one),
# emptied when it starts.


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="portal-metrics-")


def child_exit(server, worker):
    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """Read the segmenter's dictionary and the park's words (every enterprise's names, the
    synonyms) before the worker takes its first request: a second or two for a large park,
    which would otherwise fall on the first person to open a request after each restart."""
    import time

    from django.db import connections

    started = time.monotonic()
    try:
        from portal.text import dictionary

        dictionary.tokenizer()
    except Exception:
        worker.log.exception("text dictionary not read at start; the first request will")
    else:
        worker.log.info("text dictionary ready in %.1f s", time.monotonic() - started)
    finally:
        connections.close_all()
