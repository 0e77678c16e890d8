"""A backup restores into an empty database with every row and every file; a restore refuses
a database that holds data unless forced, and a damaged backup before touching anything."""

import io
import tarfile

import pytest

from ..databases import manage
from .test_migrations import _row_counts

pytestmark = pytest.mark.django_db


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_seeded_portal_round_trips_with_no_row_and_no_file_lost(
    scratch_databases, database_templates, tmp_path
):
    source_url, connect_source = scratch_databases(database_templates.seeded())
    target_url, connect_target = scratch_databases()
    media, restored_media = tmp_path / "media", tmp_path / "restored"
    (media / "requests" / "7").mkdir(parents=True)
    (media / "requests" / "7" / "a1b2").write_bytes(b"%PDF-1.4 report")
    (media / "imports" / "2026").mkdir(parents=True)
    (media / "imports" / "2026" / "企业.xlsx").write_bytes(b"PK\x03\x04 sheet")
    archive = tmp_path / "portal.tar"

    made = manage(source_url, "backup", "--output", str(archive), MEDIA_ROOT=str(media))
    assert "FIELD_ENCRYPTION_KEYS" in made.stdout  # the operator is told the keys are apart
    done = manage(target_url, "restore", str(archive), MEDIA_ROOT=str(restored_media))
    assert "every count matches" in done.stdout

    source, target = connect_source(), connect_target()
    counts = _row_counts(source)
    assert counts["services_request"] > 0 and counts["alliances_enterprise"] > 0
    assert _row_counts(target) == counts
    assert _files(restored_media) == _files(media)
    # Encrypted personal data reads back with the same keys.
    shown = manage(target_url, "shell", "-c", "from portal.models import User; "
                   "print(User.objects.exclude(phone=None).count())")  # fmt: skip
    assert int(shown.stdout.strip().splitlines()[-1]) > 0

    again = manage(target_url, "restore", str(archive), check=False, MEDIA_ROOT=str(restored_media))
    assert again.returncode != 0 and "not empty" in again.stderr
    cursor = target.cursor()
    cursor.execute("DELETE FROM portal_notification")
    forced = manage(target_url, "restore", str(archive), "--force",
                    MEDIA_ROOT=str(restored_media))  # fmt: skip
    assert forced.returncode == 0
    assert _row_counts(target) == counts
    source.close()
    target.close()


def test_a_damaged_backup_is_refused_before_anything_changes(
    scratch_databases, database_templates, tmp_path
):
    url, _connect = scratch_databases(database_templates.migrated())
    archive = tmp_path / "portal.tar"
    manage(url, "backup", "--output", str(archive), MEDIA_ROOT=str(tmp_path / "media"))
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as good, tarfile.open(damaged, "w") as bad:
        for member in good.getmembers():
            data = good.extractfile(member).read()
            if member.name == "database.dump":
                data = data[:-100] + b"\0" * 100
            member.size = len(data)

            bad.addfile(member, io.BytesIO(data))
    empty_url, _connect = scratch_databases()
    refused = manage(empty_url, "restore", str(damaged), check=False,
                     MEDIA_ROOT=str(tmp_path / "other"))  # fmt: skip
    assert refused.returncode != 0 and "checksum" in refused.stderr
    not_a_backup = tmp_path / "notes.tar"
    with tarfile.open(not_a_backup, "w"):
        pass
    assert (
        "not a portal backup" in manage(empty_url, "restore", str(not_a_backup), check=False).stderr
    )


@pytest.mark.worker
def test_the_nightly_backup_is_private_and_old_ones_are_pruned(celery_processes, tmp_path):
    """The beat's nightly task, run by a real worker: a backup readable by its owner only,
    the backups older than BACKUP_KEEP_DAYS deleted, the newest three always kept."""
    import os
    import stat
    import subprocess
    import sys
    import time

    from portal.tasks import nightly_backup

    from ..conftest import wait_for
    from ..databases import ROOT

    folder = tmp_path / "backups"
    folder.mkdir()
    month_ago = time.time() - 30 * 86400
    old = []
    for day in range(1, 6):
        path = folder / f"portal-2026010{day}-023000.tar"
        path.write_bytes(b"an old backup")
        os.utime(path, (month_ago + day * 3600,) * 2)
        old.append(path)
    celery_processes.worker(env={"BACKUP_DIR": str(folder), "BACKUP_KEEP_DAYS": "14",
                                 "MEDIA_ROOT": str(tmp_path / "media")})  # fmt: skip
    nightly_backup.delay()

    def made():
        return [p for p in folder.glob("portal-*.tar") if p not in old]

    [new] = wait_for(made, timeout=120)
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    with tarfile.open(new) as archive:
        assert {"manifest.json", "database.dump"} <= set(archive.getnames())
    wait_for(lambda: len(list(folder.glob("portal-*.tar"))) == 3)
    assert sorted(folder.glob("portal-*.tar")) == sorted([new, old[-1], old[-2]])

    scheduled = subprocess.run(
        [sys.executable, "-c", "import django, os; django.setup(); from django.conf import "
         "settings; print(settings.CELERY_BEAT_SCHEDULE['nightly-backup']['schedule'])"],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "BACKUP_NIGHTLY": "true",
             "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )  # fmt: skip
    assert "<crontab: 30 2 * * *" in scheduled.stdout, scheduled.stderr[-2000:]
