"""The services of docker-compose.yml started here, natively, as Docker would start them:
each with its command and environment as the file writes them, the production settings and
an operator's values; only what names the container's world is mapped to this machine (host
names to 127.0.0.1, ports to free ones, the image's folders to the test's). Each mapping is
applied where the file says it must be, or the test stops: a change to the file that these
tests no longer follow breaks them instead of passing unseen."""

import contextlib
import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import yaml

from ..conftest import _database_url

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = str(Path(sys.executable).parent)
PUBLIC_NAME = "portal.example.cn"
# The beat's pid file inside its container (docker-compose.yml).
CONTAINER_PIDFILE = "/tmp/celerybeat.pid"  # noqa: S108

# What an operator puts in .env beside docker-compose.yml.
OPERATOR_ENV = {
    "SECRET_KEY": "an-operators-secret-key-of-more-than-fifty-characters-0123456789",
    "FIELD_ENCRYPTION_KEYS": "YW4tb3BlcmF0b3JzLWZpZWxkLWtleS0zMmJ5dGVzISE=",
    "FIELD_HASH_KEY": "an-operators-hash-key-of-at-least-32-characters",
    "POSTGRES_PASSWORD": "an-operators-database-password",
    "REDIS_PASSWORD": "an-operators-redis-password",
    "ALLOWED_HOSTS": PUBLIC_NAME,
    "SITE_URL": f"https://{PUBLIC_NAME}",
}


@contextlib.contextmanager
def as_the_operator():
    """Rows written by the test as the stack's portal would write them: sessions signed and
    personal data encrypted with the operator's keys."""
    from django.test import override_settings

    from portal import crypto

    keys = {
        "SECRET_KEY": OPERATOR_ENV["SECRET_KEY"],
        "FIELD_ENCRYPTION_KEYS": [OPERATOR_ENV["FIELD_ENCRYPTION_KEYS"]],
        "FIELD_HASH_KEY": OPERATOR_ENV["FIELD_HASH_KEY"],
    }
    crypto._fernet.cache_clear()
    crypto._hash_key.cache_clear()
    try:
        with override_settings(**keys):
            yield
    finally:
        crypto._fernet.cache_clear()
        crypto._hash_key.cache_clear()


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _interpolate(value: str, variables: dict) -> str:
    """Compose's ``${VAR}``, ``${VAR:-default}``, ``${VAR:?error}`` and ``$$``."""

    def one(match):
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if variables.get(name):
            return variables[name]
        if op == ":?":
            raise AssertionError(f"compose would stop: {arg}")
        return arg or ""

    value = re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, value)
    return value.replace("$$", "$")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected {old!r} once in the compose or proxy file"
    return text.replace(old, new)


class Stack:
    """Compose services as processes; everything they write goes under ``tmp_path``."""

    def __init__(self, tmp_path: Path, *, static_root: Path, redis_db: int = 13):
        from django.conf import settings
        from django.db import connection

        self.file = compose()
        self.tmp = tmp_path
        self.static_root = static_root
        self.media = tmp_path / "media"
        self.mail = tmp_path / "mail"
        self.media.mkdir()
        self.mail.mkdir()
        redis = urlparse(settings.REDIS_URL)
        # A Redis database of its own: the queue, the beat lock and the cache start empty.
        self.redis_url = urlunparse(redis._replace(path=f"/{redis_db}"))
        self.database_url = _database_url(connection.settings_dict)
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        import redis as redis_lib

        redis_lib.Redis.from_url(self.redis_url).flushdb()

    # --- environment and commands ------------------------------------------------------

    def env_of(self, service: str, **extra) -> dict:
        spec = self.file["services"][service]
        declared = {k: str(v) for k, v in (spec.get("environment") or {}).items()}
        env = {k: _interpolate(v, OPERATOR_ENV) for k, v in declared.items()}
        # The container's world mapped to this machine.
        assert urlparse(env["DATABASE_URL"]).hostname == "postgres"
        assert urlparse(env["REDIS_URL"]).hostname == "redis"
        env["DATABASE_URL"] = self.database_url
        env["REDIS_URL"] = self.redis_url
        env["MEDIA_ROOT"] = str(self.media)  # the image's /app/var/media volume
        env["STATIC_ROOT"] = str(self.static_root)  # collected when the image was built
        env["EMAIL_URL"] = f"filemail:///{self.mail}"  # django-environ drops one slash
        env["PATH"] = f"{VENV_BIN}:/usr/bin:/bin:/usr/sbin:/sbin"
        env["HOME"] = str(self.tmp)
        env["HOSTNAME"] = socket.gethostname()
        env.update(extra)
        return env

    def command_of(self, service: str, name: str) -> tuple[list[str], int | None]:
        command = list(self.file["services"][service]["command"])
        command[0] = shutil.which(command[0], path=VENV_BIN) or command[0]
        port = None
        if "--bind" in command:
            port = free_port()
            at = command.index("--bind")
            assert command[at + 1] == "0.0.0.0:8000", command
            command[at + 1] = f"127.0.0.1:{port}"
        command = [arg.replace(CONTAINER_PIDFILE, str(self.tmp / f"{name}.pid")) for arg in command]
        if service == "worker" and name != service:
            command += ["--hostname", f"{name}@%h"]  # a second worker on this one machine
        return command, port

    # --- processes ---------------------------------------------------------------------

    def run(self, service: str, timeout: int = 300) -> subprocess.CompletedProcess:
        command, _port = self.command_of(service, service)
        return subprocess.run(command, cwd=ROOT, env=self.env_of(service), capture_output=True,
                              text=True, timeout=timeout)  # fmt: skip

    def start(self, service: str, name: str | None = None, **extra) -> int | None:
        name = name or service
        command, port = self.command_of(service, name)
        if port:  # a gunicorn of its own on this machine: its own metrics folder
            extra.setdefault("PROMETHEUS_MULTIPROC_DIR", str(self.tmp / f"{name}-metrics"))
        env = self.env_of(service, **extra)
        log = self.tmp / f"{name}.log"
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"),
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        self.processes.append((name, process, log))
        if port:
            self.wait_for_port(port, name)
        return port

    def wait_for_port(self, port: int, name: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
            process = self.process(name)
            assert process.poll() is None, self.log(name)
            assert time.monotonic() < deadline, self.log(name)
            time.sleep(0.2)

    def process(self, name: str) -> subprocess.Popen:
        return next(p for n, p, _log in self.processes if n == name)

    def log(self, name: str) -> str:
        return next(log for n, _p, log in self.processes if n == name).read_text()[-4000:]

    def logs(self) -> str:
        return "\n".join(f"--- {n}\n{log.read_text()[-2500:]}" for n, _p, log in self.processes)

    def stop(self) -> None:
        for _name, process, _log in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process, _log in reversed(self.processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    # --- health checks as written ------------------------------------------------------

    def health_command(self, service: str, *, name: str | None = None,
                       port: int | None = None) -> list[str]:  # fmt: skip
        test = self.file["services"][service]["healthcheck"]["test"]
        kind, rest = test[0], test[1:]
        if kind == "CMD-SHELL":
            [line] = rest
            rest = ["sh", "-c", line.replace("$$", "$")]
        else:
            assert kind == "CMD", test
        mapped = []
        for arg in rest:
            if port:
                arg = arg.replace("127.0.0.1:8000/", f"127.0.0.1:{port}/")
                arg = arg.replace("https://127.0.0.1/", f"https://127.0.0.1:{port}/")
            arg = arg.replace(CONTAINER_PIDFILE, str(self.tmp / f"{name or service}.pid"))
            mapped.append(arg)
        return mapped

    def healthy(self, service: str, *, name: str | None = None, port: int | None = None,
                env: dict | None = None, seconds: float = 90):  # fmt: skip
        """Runs the service's health check as compose would (again until it passes or the
        time runs out); returns the last run."""
        command = self.health_command(service, name=name, port=port)
        env = env if env is not None else self.env_of(service)
        deadline = time.monotonic() + seconds
        while True:
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                  timeout=60)  # fmt: skip
            if done.returncode == 0 or time.monotonic() > deadline:
                return done
            time.sleep(1)

    # --- the TLS proxy -----------------------------------------------------------------

    def start_proxy(self, web_ports: list[int]) -> dict:
        """nginx with deploy/nginx/portal.conf as the proxy service mounts it; returns its
        ports and the command that checks its configuration (``nginx -t``)."""
        certs = self.tmp / "certs"
        certs.mkdir()
        _self_signed(certs)
        spec = self.file["services"]["proxy"]
        mounts = {m.split(":")[1]: m.split(":")[0] for m in spec["volumes"]}
        assert mounts["/etc/nginx/conf.d/default.conf"] == "./deploy/nginx/portal.conf"
        text = (ROOT / "deploy/nginx/portal.conf").read_text()
        http, https = free_port(), free_port()
        text = replace_once(text, "server web:8000;",
                            " ".join(f"server 127.0.0.1:{p};" for p in web_ports))  # fmt: skip
        text = replace_once(text, "listen 80;", f"listen 127.0.0.1:{http};")
        text = replace_once(text, "listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;")
        text = replace_once(text, "    listen [::]:80;\n", "")
        text = replace_once(text, "    listen [::]:443 ssl;\n", "")
        text = text.replace("/etc/nginx/certs/", f"{certs}/")
        text = replace_once(text, "alias /app/var/media/;", f"alias {self.media}/;")
        text = text.replace("/dev/stdout", str(self.tmp / "proxy-access.log"))
        (self.tmp / "portal.conf").write_text(text)
        user = "user root root;" if os.getuid() == 0 else ""
        (self.tmp / "nginx.conf").write_text(f"""{user}
worker_processes 1;
pid {self.tmp}/nginx.pid;
error_log {self.tmp}/proxy-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {self.tmp}/client_body;
    proxy_temp_path {self.tmp}/proxy_temp;
    fastcgi_temp_path {self.tmp}/fastcgi; uwsgi_temp_path {self.tmp}/uwsgi;
    scgi_temp_path {self.tmp}/scgi;
    include {self.tmp}/portal.conf;
}}
""")
        nginx = shutil.which("nginx", path="/usr/sbin:/usr/bin")
        assert nginx, "nginx is missing: apt-get install nginx-light (.ci/run installs it)"
        base = [nginx, "-p", str(self.tmp), "-c", str(self.tmp / "nginx.conf")]
        checked = subprocess.run([*base, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        log = self.tmp / "proxy.log"
        process = subprocess.Popen([*base, "-g", "daemon off;"], stdout=log.open("w"),
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        self.processes.append(("proxy", process, log))
        self.wait_for_port(https, "proxy")
        return {"http": http, "https": https, "check": checked}


def _self_signed(folder: Path) -> None:
    """What the operator mounts: a certificate for the portal's name and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, PUBLIC_NAME)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(PUBLIC_NAME)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (folder / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
