"""The arrows between apps (docs/architecture.md) are checked by import-linter's contract in
pyproject.toml; these tests run it on the code as it is, and on a copy with one arrow turned
the wrong way, which it must catch."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "alliances", "services", "talent")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", "pyproject.toml"],
        cwd=cwd, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_the_code_keeps_its_arrows():
    done = _lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_the_floor_importing_an_app_above_it_is_caught(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "portal" / "figures_of_the_day.py").write_text(
        "from services.loop.selectors import queue_counts  # noqa: F401\n"
    )
    done = _lint_imports(tmp_path)
    assert done.returncode != 0
    assert "portal.figures_of_the_day -> services.loop.selectors" in done.stdout
