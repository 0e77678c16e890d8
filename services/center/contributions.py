"""What the center adds to the portal's pages, navigation and demo."""

from django.utils.translation import gettext_lazy as _

from portal.registry import (
    HOME_FIGURES_SECONDS,
    Block,
    DemoSeeder,
    NavItem,
    PersonalDataSource,
    registry,
)

from .permissions import acts_for_enterprise, allocates_rooms, decides_bookings, may_book


def _home_card(request):
    from django.utils import timezone

    from .models import Floor, Venue
    from .selectors import accommodation_occupancy, event_figures, upcoming_events

    return {
        "floors": Floor.objects.count(), "venues": Venue.objects.count(),
        "events": event_figures(), "next_event": upcoming_events().first(),
        "beds": accommodation_occupancy(timezone.localdate()),
    }  # fmt: skip


def _workbench(request):
    from .choices import BookingState, StayState
    from .models import Booking, StayApplication

    if not (decides_bookings(request.user) or allocates_rooms(request.user)):
        return None
    return {
        "pending": Booking.objects.filter(state=BookingState.PENDING).count()
        if decides_bookings(request.user) else None,
        "stays": StayApplication.objects.filter(state=StayState.APPLIED).count()
        if allocates_rooms(request.user) else None,
    }  # fmt: skip


def _seed(done):
    from .demo import seed_center

    return seed_center(done["accounts"])


def _identifying_names():
    """The people staying in the center's rooms."""
    from .models import StayApplication

    names = StayApplication.objects.values_list("occupant", flat=True)
    return [("person", name) for name in names]


def register() -> None:
    from .charts import charts

    registry.dashboard_charts += charts()
    registry.url_modules.append("services.center.urls")
    registry.home_cards.append(
        Block("center/blocks/home_card.html", _home_card, order=15,
              cache_seconds=HOME_FIGURES_SECONDS)
    )  # fmt: skip
    registry.workbench_panels.append(Block("center/blocks/workbench.html", _workbench, 25))
    registry.nav_items += [
        NavItem(_("Venues"), "center:center", lambda user: True, order=44, in_more=True),
        NavItem(_("My bookings"), "center:my_bookings", may_book, order=44, in_more=True),
        NavItem(_("Events at the center"), "center:events", lambda user: True, order=45,
                in_more=True),
        NavItem(_("Low-cost accommodation"), "center:accommodation", acts_for_enterprise,
                order=46, in_more=True),
        NavItem(_("The five-minute service circle"), "center:circle", lambda user: True,
                order=47, in_more=True),
        NavItem(_("Venue bookings"), "center:staff_bookings", decides_bookings, order=91,
                in_more=True),
        NavItem(_("Accommodation: allocation"), "center:staff_accommodation", allocates_rooms,
                order=92, in_more=True),
    ]  # fmt: skip
    registry.demo_seeders.append(DemoSeeder("center", _seed, order=28))
    from . import privacy

    registry.personal_data.append(
        PersonalDataSource("center", _("The center: bookings, events and accommodation"),
                           privacy.rows, privacy.on_erasure, 60)
    )  # fmt: skip
    registry.identifying_names.append(_identifying_names)
