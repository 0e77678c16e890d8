"""What financing adds to the portal's pages, navigation, API and demo."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.contributions import is_enterprise_user
from portal.registry import (
    HOME_FIGURES_SECONDS,
    Block,
    DemoSeeder,
    NavItem,
    PersonalDataSource,
    registry,
)

from .figures import totals


def _home_figure(request):
    finance = totals()
    return {"finance": finance} if finance["loans"] else None


def _seed(done):
    from .demo import seed_banks, seed_financing

    keys = seed_banks(renew=done.get("options", {}).get("new_passwords", False))
    seed_financing()
    if not keys:
        return keys, []
    lines = ["Partner-bank API keys (shown only this once; stored hashed):"]
    return keys, lines + [f"  {bank:<8} {key}" for bank, key in keys]


def register() -> None:
    from .charts import charts

    registry.dashboard_charts += charts()
    registry.url_modules.append("services.finance.urls")
    registry.api_urls.append("services.finance.api.urls")
    registry.home_cards.append(Block("finance/blocks/home_card.html", order=40))
    registry.home_figures.append(
        Block(
            "finance/blocks/home_figure.html", _home_figure, 20, cache_seconds=HOME_FIGURES_SECONDS
        )
    )
    registry.nav_items += [
        NavItem(_("Financing"), "finance:finance", is_enterprise_user, order=50),
        NavItem(pgettext_lazy("navigation, staff", "Financing"), "finance:staff_finance",
                lambda user: user.has_perm("finance.view_loan"), order=90),
    ]  # fmt: skip
    registry.actions.append(
        NavItem(_("Post a financing need"), "finance:finance_new", is_enterprise_user, order=30)
    )
    registry.demo_seeders.append(DemoSeeder("finance", _seed, order=30))
    from . import privacy

    registry.personal_data.append(
        PersonalDataSource(
            "financing", _("Financing needs you posted"), privacy.rows, privacy.on_erasure, 40
        )
    )
