"""What the registry and the alliances add to the portal's pages and API."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.contributions import is_enterprise_user
from portal.registry import (
    HOME_FIGURES_SECONDS,
    ApiRoute,
    Block,
    DemoSeeder,
    Importer,
    NavItem,
    PersonalDataSource,
    registry,
)

from .api.views import AllianceViewSet, EnterpriseViewSet
from .choices import ApplicationStatus, ChangeStatus
from .models import Enterprise, EnterpriseChange, JoinApplication
from .selectors import enterprise_of


def _home_figure(request):
    return {"enterprises": Enterprise.objects.count()}


def _highlights(request):
    from .selectors import park_highlights

    return park_highlights()


def _home_card(request):
    from .selectors import public_alliances

    return {"alliances": list(public_alliances().order_by("chain__order"))}


def _workbench(request):
    counts = Enterprise.objects.aggregate(total=Count("id"))
    counts["applications"] = JoinApplication.objects.filter(
        status=ApplicationStatus.PENDING
    ).count()
    counts["changes"] = EnterpriseChange.objects.filter(status=ChangeStatus.PENDING).count()
    return counts


def _may_join(user) -> bool:
    """Visitors and signed-in people who neither work for the park nor act for a firm."""
    if not user.is_authenticated:
        return True
    return not (user.is_staff or user.is_staff_member or is_enterprise_user(user))


def _seed(done):
    from .demo import seed_demo_enterprises

    return seed_demo_enterprises(done)


def _text_words():
    """The enterprises' names and the forms people shorten them to, chains, their segments and
    links, alliances: words the segmenter keeps whole."""
    from portal.text.names import short_forms

    from .models import Alliance, Chain, ChainLink, ChainSegment, Enterprise

    words = []
    for name, aliases in Enterprise.objects.values_list("name", "aliases"):
        words += short_forms(name, aliases)
    for model in (Chain, ChainSegment, ChainLink, Alliance):
        words += model.objects.values_list("name", flat=True)
    return words


def _identifying_names():
    """Enterprises (every form of their names), their legal representatives, contacts and
    addresses: what a public text must not carry."""
    from .models import Enterprise

    rows = []
    for enterprise in Enterprise.objects.only(
        "name", "aliases", "legal_representative", "contact_person", "address"
    ):
        rows.append(("enterprise", enterprise.name, enterprise.aliases))
        rows.append(("person", enterprise.legal_representative))
        rows.append(("person", enterprise.contact_person))
        rows.append(("place", enterprise.address))
    return rows


def register() -> None:
    from .charts import charts

    registry.dashboard_charts += charts()
    registry.url_modules.append("alliances.urls")
    registry.enterprise_of = enterprise_of
    registry.api_routes += [
        ApiRoute("enterprises", EnterpriseViewSet, "api-enterprise"),
        ApiRoute("alliances", AllianceViewSet, "api-alliance"),
    ]
    registry.home_cards.append(
        Block("alliances/blocks/home_card.html", _home_card, order=30,
              cache_seconds=HOME_FIGURES_SECONDS)
    )  # fmt: skip
    registry.home_figures += [
        Block("alliances/blocks/home_figure.html", _home_figure, 10,
              cache_seconds=HOME_FIGURES_SECONDS),
        Block("alliances/blocks/highlights_figure.html", _highlights, 60,
              cache_seconds=HOME_FIGURES_SECONDS),
    ]  # fmt: skip
    registry.workbench_panels.append(Block("alliances/blocks/workbench.html", _workbench, 10))
    registry.nav_items += [
        NavItem(_("Alliances"), "alliances:alliance_list", lambda user: True, order=10),
        NavItem(_("My enterprise"), "alliances:my_enterprise", is_enterprise_user, order=20),
        NavItem(_("Registry"), "alliances:staff_enterprises",
                lambda user: user.has_perm("alliances.view_enterprise"), order=80),
        NavItem(_("Join an enterprise"), "alliances:join", _may_join, order=110),
    ]  # fmt: skip
    registry.demo_seeders.append(DemoSeeder("enterprises", _seed, order=10))
    from . import privacy

    registry.personal_data.append(
        PersonalDataSource("enterprise", _("Your enterprise"), privacy.rows, privacy.on_erasure, 10)
    )
    registry.importers["enterprises"] = Importer(
        kind="enterprises", label=_("enterprises"), resource=_enterprise_resource,
        permissions=("alliances.add_enterprise", "alliances.change_enterprise"),
        done_url_name="alliances:staff_enterprises",
    )  # fmt: skip
    registry.text_words.append(_text_words)
    registry.identifying_names.append(_identifying_names)
    from django.db.models.signals import post_save

    from .models import Enterprise

    # A new or renamed enterprise: every process learns its names within a minute.
    post_save.connect(_names_changed, sender=Enterprise, dispatch_uid="enterprise-text-words")


def _names_changed(sender, instance, update_fields=None, **kwargs):
    from portal.text.dictionary import forget

    if update_fields is None or {"name", "aliases"} & set(update_fields):
        forget()


def _enterprise_resource():
    from .resources import EnterpriseResource

    return EnterpriseResource()
