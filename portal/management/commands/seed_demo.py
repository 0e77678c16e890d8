"""Load the demo park: one account per role and every app's demo data. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.notifications import delivered_in_place
from portal.registry import registry


class Command(BaseCommand):
    help = "Create the demo park data and one account per role (passwords printed once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production database).",
        )
        parser.add_argument(
            "--new-passwords",
            action="store_true",
            help="Give the demo accounts new passwords and the demo banks new API keys "
            "(the old ones stop working); both are printed once.",
        )

    def handle(self, *args, force=False, new_passwords=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with known roles; it refuses to run with DEBUG off. "
                "Use --force if this really is a demo or test database."
            )
        # Each app seeds its own part (see portal.registry), in order, all or nothing.
        # The history's notifications are kept as sent: none is queued for e-mail.
        # What earlier seeders returned, by name; and what the command was asked.
        done, lines = {"options": {"new_passwords": new_passwords}}, []
        with transaction.atomic(), delivered_in_place():
            for seeder in registry.ordered(registry.demo_seeders):
                done[seeder.name], printed = seeder.seed(done)
                lines += printed
        for line in lines:
            self.stdout.write(line)
