"""The portal's own links; the apps above add theirs (see ``portal.registry``)."""

from django.utils.translation import gettext_lazy as _

from .demo import seed_accounts
from .registry import DemoSeeder, NavItem, PersonalDataSource, registry
from .roles import Role


def _staff(user) -> bool:
    return user.is_staff_member or user.has_perm("portal.view_workbench")


def _people_names():
    """Every user's name: what the anonymiser takes out of a public text."""
    from .models import User

    return [
        ("person", name) for name in User.objects.exclude(name="").values_list("name", flat=True)
    ]


def register() -> None:
    registry.nav_items += [
        NavItem(_("Home"), "home", lambda user: True, order=0),
        NavItem(_("Workbench"), "workbench", lambda user: user.is_authenticated and _staff(user),
                order=60),
        NavItem(_("Dashboard"), "dashboard",
                lambda user: user.is_authenticated and user.has_perm("portal.view_workbench"),
                order=61, in_more=True),
        NavItem(_("Administration"), "admin:index",
                lambda user: user.is_authenticated and user.is_staff, order=100),
    ]  # fmt: skip
    registry.demo_seeders.append(DemoSeeder("accounts", seed_accounts, order=0))
    from . import privacy

    registry.personal_data += [
        PersonalDataSource("account", _("Your account"), privacy.account_rows,
                           privacy.erase_account, 0),
        PersonalDataSource("notifications", _("Notifications sent to you"),
                           privacy.notification_rows, privacy.erase_notifications, 1),
        PersonalDataSource("sign_ins", _("Your sign-ins"), privacy.sign_in_rows,
                           lambda user: "", 2),
    ]  # fmt: skip
    registry.identifying_names.append(_people_names)


def is_enterprise_user(user) -> bool:
    return user.is_authenticated and user.has_role(Role.ENTERPRISE_USER)
