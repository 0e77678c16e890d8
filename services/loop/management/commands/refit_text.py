"""Learn again from the park's requests now (what the nightly task does): the term counts that
weigh similar requests and the profiles behind the suggested dispatch."""

from django.core.management.base import BaseCommand

from services.loop.suggestions import refit


class Command(BaseCommand):
    help = "Refit the term counts and dispatch profiles from the park's requests."

    def handle(self, *args, **options):
        fit = refit()
        self.stdout.write(
            f"Learned from {fit.requests} requests ({fit.dispatched} dispatched) "
            f"in {fit.seconds:.1f} s"
        )
