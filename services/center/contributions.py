"""What the center adds to the portal's pages, navigation and demo."""

from django.utils.translation import gettext_lazy as _

from portal.registry import HOME_FIGURES_SECONDS, Block, DemoSeeder, NavItem, registry

from .permissions import decides_bookings, may_book


def _home_card(request):
    from .models import Floor, Venue

    return {"floors": Floor.objects.count(), "venues": Venue.objects.count()}


def _workbench(request):
    from .choices import BookingState
    from .models import Booking

    if not decides_bookings(request.user):
        return None
    return {"pending": Booking.objects.filter(state=BookingState.PENDING).count()}


def _seed(done):
    from .demo import seed_center

    return seed_center(done["accounts"])


def register() -> None:
    registry.url_modules.append("services.center.urls")
    registry.home_cards.append(
        Block("center/blocks/home_card.html", _home_card, order=15,
              cache_seconds=HOME_FIGURES_SECONDS)
    )  # fmt: skip
    registry.workbench_panels.append(Block("center/blocks/workbench.html", _workbench, 25))
    registry.nav_items += [
        NavItem(_("Venues"), "center:center", lambda user: True, order=44, in_more=True),
        NavItem(_("My bookings"), "center:my_bookings", may_book, order=44, in_more=True),
        NavItem(_("Venue bookings"), "center:staff_bookings", decides_bookings, order=91,
                in_more=True),
    ]  # fmt: skip
    registry.demo_seeders.append(DemoSeeder("center", _seed, order=28))
