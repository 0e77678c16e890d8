"""How good the dispatch suggestion is on this park's own history: learn from all requests
but a held-out part, suggest for the held-out ones, and count how often the unit that handled
each was the first suggestion (top-1) or among the first three (top-3)."""

from django.core.management.base import BaseCommand

from services.loop.models import Request
from services.loop.suggestions import measure


class Command(BaseCommand):
    help = "Measure the dispatch suggestion on held-out requests (top-1, top-3)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--newest", type=float, default=0.2,
            help="Hold out this share of the dispatched requests, the newest (default 0.2).",
        )  # fmt: skip
        parser.add_argument(
            "--demo-held-out", action="store_true",
            help="Hold out the demo requests told with the held-out texts of demo_texts.py.",
        )  # fmt: skip

    def handle(self, *args, **options):
        dispatched = Request.objects.filter(lead_unit__isnull=False)
        if options["demo_held_out"]:
            from services.loop.demo_texts import HELD_OUT, UNIT_TEXTS

            titles = [title for texts in UNIT_TEXTS.values() for _, title, _ in texts[-HELD_OUT:]]
            held_out = dispatched.filter(title__in=titles).values_list("pk", flat=True)
        else:
            count = int(dispatched.count() * options["newest"])
            held_out = dispatched.order_by("-submitted_at").values_list("pk", flat=True)[:count]
        result = measure(list(held_out))
        self.stdout.write(
            f"held out {result['requests']}: top-1 {result['top1']:.2f}, top-3 {result['top3']:.2f}"
        )
