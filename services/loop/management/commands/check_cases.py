"""Read every published typical case again with the anonymiser as it is today (a newly
registered enterprise, a new alias, a new person): report what it would now take out, and
exit with status 1 when anything would be, so a scheduled run can alert."""

import sys

from django.core.management.base import BaseCommand

from portal.text.anonymise import find, park_names
from services.loop.models import TypicalCase


class Command(BaseCommand):
    help = "Report what the anonymiser would now remove from the published typical cases."

    def handle(self, *args, **options):
        names = park_names()
        cases = TypicalCase.objects.filter(is_published=True).order_by("pk")
        flagged = 0
        for case in cases:
            found = []
            for field in ("title", "problem", "solution"):
                found += [(field, r) for r in find(getattr(case, field), names)]
            if found:
                flagged += 1
                self.stdout.write(f"#{case.pk} {case.title}")
                for field, removal in found:
                    self.stdout.write(f"  {field}: {removal.text} ({removal.label})")
        self.stdout.write(f"{flagged} of {cases.count()} published cases hold something to remove")
        if flagged:
            sys.exit(1)
