"""Recompute the month figures from the requests (after a restore without triggers, a bulk
load, or to prove the kept figures right): in one transaction, with writes to requests held
off meanwhile, so nothing is counted twice or lost."""

import importlib

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from services.loop.models import MonthFigures, MonthValueCount


class Command(BaseCommand):
    help = "Recompute the month figures of the closed loop from the requests."

    def handle(self, *args, **options):
        fill = importlib.import_module("services.loop.migrations.0019_state_figures").FILL
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("LOCK TABLE services_request IN SHARE MODE")
            cur.execute("DELETE FROM services_monthfigures; DELETE FROM services_monthvaluecount")
            cur.execute(fill)
        self.stdout.write(
            f"{MonthFigures.objects.count()} month figures, "
            f"{MonthValueCount.objects.count()} value counts"
        )
