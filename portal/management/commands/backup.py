"""Back up the database and the uploaded files into one tar file with a manifest.

The encryption keys (FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY) are not in the backup: keep them
safe, apart from it; without them the personal data in a restore cannot be read."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup, new_path


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the tar file to write (default: BACKUP_DIR/portal-<UTC time>.tar)",
        )

    def handle(self, *args, output=None, **options):
        path = Path(output) if output else new_path()
        try:
            manifest = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{path}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['media']['files']} files ({manifest['media']['bytes']} bytes)"
        )
        self.stdout.write(manifest["keys"])
