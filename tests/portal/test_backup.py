"""A backup restores into an empty database with every row and every file; a restore refuses
a database that holds data unless forced, and a damaged backup before touching anything."""

import io
import tarfile

import pytest

from .conftest import manage
from .test_migrations import _row_counts

pytestmark = pytest.mark.django_db


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_seeded_portal_round_trips_with_no_row_and_no_file_lost(scratch_databases, tmp_path):
    source_url, connect_source = scratch_databases()
    target_url, connect_target = scratch_databases()
    media, restored_media = tmp_path / "media", tmp_path / "restored"
    (media / "requests" / "7").mkdir(parents=True)
    (media / "requests" / "7" / "a1b2").write_bytes(b"%PDF-1.4 report")
    (media / "imports" / "2026").mkdir(parents=True)
    (media / "imports" / "2026" / "企业.xlsx").write_bytes(b"PK\x03\x04 sheet")
    manage(source_url, "migrate", "--no-input")
    manage(source_url, "seed_demo", "--force")
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


def test_a_damaged_backup_is_refused_before_anything_changes(scratch_databases, tmp_path):
    url, _connect = scratch_databases()
    manage(url, "migrate", "--no-input")
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
