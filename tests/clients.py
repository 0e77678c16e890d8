"""Clients generated from the published OpenAPI schema with openapi-python-client, as a
partner bank's or another system's developer makes them: fetched from a live server in each
language, generated with warnings as errors, imported, and signed in where a person calls."""

import contextlib
import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import httpx

PACKAGE = "penglai_park_party_service_portal_api_client"


def generate(schema: bytes, where: Path) -> Path:
    where.mkdir(parents=True)
    (where / "schema.json").write_bytes(schema)
    venv_bin = str(Path(sys.executable).parent)
    done = subprocess.run(
        [str(Path(venv_bin) / "openapi-python-client"), "generate", "--path", "schema.json",
         "--output-path", "client", "--fail-on-warning"],
        cwd=where, capture_output=True, text=True,
        env={**os.environ, "PATH": venv_bin + os.pathsep + os.environ.get("PATH", "")},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return where / "client"


def _modules(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.py")}


@contextlib.contextmanager
def generated_client(base_url: str, tmp_path: Path):
    """Generates the client from the zh-hans and the English schema (the same modules either
    way), imports every module of the English one and yields its package."""
    schemas = {
        language: httpx.get(
            f"{base_url}/api/v1/schema/?format=json",
            headers={"Accept-Language": language}, timeout=30,
        ).content
        for language in ("zh-hans", "en")
    }  # fmt: skip
    zh, en = (generate(schemas[lang], tmp_path / lang) for lang in ("zh-hans", "en"))
    assert _modules(zh) == _modules(en)  # class and module names do not follow the language
    sys.path.insert(0, str(en))
    try:
        package = importlib.import_module(PACKAGE)
        for module in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
            importlib.import_module(module.name)  # every module imports
        yield package
    finally:
        sys.path.remove(str(en))
        for name in [n for n in sys.modules if n.startswith(PACKAGE)]:
            del sys.modules[name]


def signed_in(package, base_url: str, username: str, password: str):
    """The generated ``Client`` carrying a person's session, signed in through the sign-in
    page as a browser would (the API's session authentication asks for the CSRF token on
    every write)."""
    with httpx.Client(base_url=base_url, follow_redirects=False) as browser:
        browser.get("/accounts/login/")
        token = browser.cookies["csrftoken"]
        done = browser.post(
            "/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base_url}/accounts/login/"},
        )  # fmt: skip
        assert done.status_code == 302, (username, done.status_code)
        cookies = dict(browser.cookies)
    return package.Client(
        base_url=base_url, cookies=cookies, raise_on_unexpected_status=True,
        headers={"X-CSRFToken": cookies["csrftoken"], "Referer": f"{base_url}/"},
    )  # fmt: skip
