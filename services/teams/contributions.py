"""What the service teams add to the portal's pages, navigation and demo."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.contributions import is_enterprise_user
from portal.registry import (
    HOME_FIGURES_SECONDS,
    Block,
    DemoSeeder,
    EnterprisePanel,
    NavItem,
    registry,
)

from .permissions import cadre_of, is_cadre, manages_teams, reads_teams


def _home_figure(request):
    from .selectors import totals

    figures = totals()
    return {"teams": figures} if figures["teams"] else None


def _liaison_panel(request, enterprise):
    """The enterprise's liaison cadre: on its own page ("your liaison") and the staff's."""
    from .models import Liaison

    liaison = (
        Liaison.objects.filter(enterprise=enterprise)
        .select_related("cadre__user", "cadre__team__unit")
        .first()
    )
    on_a_chain = liaison is not None or enterprise.chains.exists()
    if not on_a_chain:
        return None
    return {"liaison": liaison, "manages": manages_teams(request.user)}


def _workbench(request):
    """A cadre's own work (firms looked after, cases asked of the team); staff's figures."""
    from .choices import CaseState
    from .models import PaperworkCase

    user = request.user
    cadre = cadre_of(user)
    if cadre is None and not (reads_teams(user) or manages_teams(user)):
        return None
    context = {"cadre": cadre, "figures": reads_teams(user) or manages_teams(user)}
    if cadre is not None:
        context["firms"] = cadre.firms.count()
        context["asked"] = PaperworkCase.objects.filter(
            team_id=cadre.team_id, state=CaseState.ASKED
        ).count()
    return context


def _seed(done):
    from .demo import seed_teams

    return seed_teams(done["accounts"])


def _identifying_names():
    """The leaders in charge of the chains (the cadres are users, named by the portal)."""
    from .models import FourOnes

    return [("person", name) for name in FourOnes.objects.values_list("leader_name", flat=True)]


def register() -> None:
    registry.url_modules.append("services.teams.urls")
    registry.home_figures.append(
        Block("teams/blocks/home_figure.html", _home_figure, 15,
              cache_seconds=HOME_FIGURES_SECONDS)
    )  # fmt: skip
    registry.workbench_panels.append(Block("teams/blocks/workbench.html", _workbench, 35))
    registry.enterprise_panels.append(
        EnterprisePanel("teams/blocks/liaison_panel.html", _liaison_panel, 10)
    )
    registry.nav_items += [
        NavItem(_("Service teams"), "teams:teams", lambda user: True, order=45, in_more=True),
        NavItem(_("Policies"), "teams:policies", lambda user: True, order=46, in_more=True),
        NavItem(_("Help with paperwork"), "teams:cases",
                lambda user: is_enterprise_user(user) or is_cadre(user), order=47,
                in_more=True),
        NavItem(_("Log a visit"), "teams:visit_new", is_cadre, order=48),
        NavItem(pgettext_lazy("navigation, staff", "Service teams"), "teams:staff_figures",
                lambda user: reads_teams(user) or manages_teams(user), order=92, in_more=True),
    ]  # fmt: skip
    registry.actions.append(
        NavItem(_("Ask for help with paperwork"), "teams:cases", is_enterprise_user, order=40)
    )
    registry.demo_seeders.append(DemoSeeder("teams", _seed, order=25))
    registry.identifying_names.append(_identifying_names)
