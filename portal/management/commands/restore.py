"""Restore a backup made by ``manage.py backup`` into an empty database and media folder.

Refuses a database with tables or a media folder with files unless --force, which replaces
them. Checks the dump's checksum first and every table's row count after."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the tar file written by manage.py backup")
        parser.add_argument(
            "--force", action="store_true",
            help="replace the database's tables and the media folder's files",
        )  # fmt: skip

    def handle(self, *args, backup, force=False, **options):
        path = Path(backup)
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        try:
            manifest = restore(path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restored {path}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['media']['files']} files; every count matches the manifest"
        )
