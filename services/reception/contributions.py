"""What the reception day adds to the portal's pages, navigation and demo."""

from django.utils.translation import gettext_lazy as _

from portal.contributions import is_enterprise_user
from portal.registry import Block, DemoSeeder, NavItem, PersonalDataSource, registry
from services.loop.permissions import is_dispatcher, is_supervisor

from .demo import seed_reception_days
from .services import next_reception_day


def _home_card(request):
    return {"reception_day": next_reception_day()}


def _workbench(request):
    user = request.user
    return {
        "reception_day": next_reception_day(),
        "hosts": is_dispatcher(user) or is_supervisor(user),
    }


def register() -> None:
    registry.url_modules.append("services.reception.urls")
    registry.home_cards.append(Block("reception/blocks/home_card.html", _home_card, order=20))
    registry.workbench_panels.append(Block("reception/blocks/workbench.html", _workbench, 30))
    registry.nav_items.append(
        NavItem(_("Reception day"), "reception:reception_booking", is_enterprise_user, order=40)
    )
    registry.actions.append(
        NavItem(_("Book the reception day"), "reception:reception_booking", is_enterprise_user,
                order=20)
    )  # fmt: skip
    registry.demo_seeders.append(
        DemoSeeder("reception", lambda done: (seed_reception_days(done), []), order=40)
    )
    from . import privacy

    registry.personal_data.append(
        PersonalDataSource(
            "reception", _("Your reception-day bookings"), privacy.rows, privacy.on_erasure, 30
        )
    )
