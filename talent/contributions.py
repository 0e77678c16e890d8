"""What the talent app adds to the portal's pages, navigation, imports and demo."""

from django.utils.translation import gettext_lazy as _

from portal.registry import (
    HOME_FIGURES_SECONDS,
    Block,
    DemoSeeder,
    EnterprisePanel,
    Importer,
    NavItem,
    PersonalDataSource,
    registry,
)

from .permissions import (
    acts_for,
    acts_for_enterprise,
    manages_problems,
    reads_talents,
    runs_lectures,
)


def _home_figure(request):
    from .selectors import lecture_figures

    figures = lecture_figures()
    return {"lectures": figures} if figures["attendances"] else None


def _home_card(request):
    from .selectors import upcoming_sessions

    return {"session": next(iter(upcoming_sessions(limit=1)), None)}


def _workbench(request):
    """Problems waiting for a partner, and the next sessions to run, for the talent staff."""
    from django.utils import timezone

    from .choices import ProblemState
    from .models import Problem, Session

    user = request.user
    if not (reads_talents(user) or manages_problems(user) or runs_lectures(user)):
        return None
    return {
        "posted": Problem.objects.filter(state=ProblemState.POSTED).count(),
        "next_sessions": Session.objects.filter(is_cancelled=False, ends_at__gt=timezone.now())
        .select_related("course").order_by("starts_at")[:3],
    }  # fmt: skip


def _enterprise_panel(request, enterprise):
    """The enterprise's talents, open positions and problems (its own users and staff)."""
    from django.db.models import Count, Q

    from .choices import DemandState, Level, ProblemState

    user = request.user
    if not (reads_talents(user) or acts_for(user, enterprise.pk)):
        return None
    counts = enterprise.talents.filter(status="active").aggregate(
        leading=Count("id", filter=Q(level__in=Level.leading())), all=Count("id")
    )
    return {
        "talents": counts,
        "positions": enterprise.talent_demands.filter(state=DemandState.OPEN).count(),
        "problems": enterprise.tech_problems.filter(state__in=ProblemState.open()).count(),
        "platforms": enterprise.platforms.count(),
    }


def _talent_resource():
    from .resources import TalentResource

    return TalentResource()


def _seed(done):
    from .demo import seed_talent

    return seed_talent(done)


def _registry_users(user) -> bool:
    return reads_talents(user) or acts_for_enterprise(user)


def _identifying_names():
    """Talents' and trainees' names."""
    from .models import Talent, Trainee

    return [("person", name) for model in (Talent, Trainee)
            for name in model.objects.values_list("name", flat=True)]  # fmt: skip


def register() -> None:
    from .charts import charts

    registry.dashboard_charts += charts()
    from . import privacy

    registry.url_modules.append("talent.urls")
    registry.home_figures.append(
        Block("talent/blocks/home_figure.html", _home_figure, 40,
              cache_seconds=HOME_FIGURES_SECONDS)
    )  # fmt: skip
    registry.home_cards.append(
        Block("talent/blocks/home_card.html", _home_card, order=45,
              cache_seconds=HOME_FIGURES_SECONDS)
    )  # fmt: skip
    registry.workbench_panels.append(Block("talent/blocks/workbench.html", _workbench, 45))
    registry.enterprise_panels.append(
        EnterprisePanel("talent/blocks/enterprise_panel.html", _enterprise_panel, 30)
    )
    registry.nav_items += [
        NavItem(_("Lectures"), "talent:lectures", lambda user: True, order=50, in_more=True),
        NavItem(_("Innovation"), "talent:innovation", lambda user: True, order=51, in_more=True),
        NavItem(_("Talents"), "talent:talents", _registry_users, order=52, in_more=True),
        NavItem(_("Technical problems"), "talent:problems",
                lambda user: acts_for_enterprise(user) or manages_problems(user)
                or reads_talents(user), order=53, in_more=True),
        NavItem(_("Talent figures"), "talent:staff_figures",
                lambda user: reads_talents(user) or runs_lectures(user), order=93, in_more=True),
    ]  # fmt: skip
    registry.importers["talents"] = Importer(
        kind="talents", label=_("talents"), resource=_talent_resource,
        permissions=("talent.add_talent", "talent.change_talent", "talent.view_identity"),
        done_url_name="talent:talents",
    )  # fmt: skip
    registry.personal_data.append(
        PersonalDataSource("lectures", _("Lectures you were enrolled in"), privacy.rows,
                           privacy.on_erasure, 60)
    )  # fmt: skip
    registry.demo_seeders.append(DemoSeeder("talent", _seed, order=30))
    registry.identifying_names.append(_identifying_names)
