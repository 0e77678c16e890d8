"""Roles are Django groups with permissions; this module is the one place that says which.

A migration calls :func:`sync_roles`; a later migration that adds permissions to a role edits
``ROLE_PERMISSIONS`` and calls it again, depending on the newest migration of every app whose
permissions the roles name.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ENTERPRISE_USER = "enterprise_user", _("Enterprise user")
    DISPATCHER = "dispatcher", _("Dispatcher")
    HANDLER = "handler", _("Handler")
    SUPERVISOR = "supervisor", _("Supervisor")
    PARK_ADMIN = "park_admin", _("Park administrator")
    # People of a market service provider under contract: they answer the orders placed
    # with their firm (``market.Provider.members``), nothing else.
    PROVIDER = "provider", _("Service provider")
    # A party cadre of a Red Chain Service Team (``teams.Cadre``): visits firms, handles
    # paperwork, works the requests dispatched to the team.
    CADRE = "cadre", _("Service-team cadre")
    # The park's talent work: keeps the talent registry (and alone sees ID numbers and
    # mobiles in full, each view logged), matches technical problems, runs the lectures.
    TALENT_OFFICER = "talent_officer", _("Talent officer")

    @classmethod
    def staff_codes(cls) -> frozenset[str]:
        return frozenset({
            cls.DISPATCHER, cls.HANDLER, cls.SUPERVISOR, cls.PARK_ADMIN, cls.CADRE,
            cls.TALENT_OFFICER,
        })  # fmt: skip


def _crud(app_label: str, *models: str, actions=("add", "change", "delete", "view")) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


_REGISTRY_MODELS = (
    "chain", "chainsegment", "chainlink", "partyorganization", "growthstep", "alliance",
    "alliancemember", "chairterm", "jointmeeting", "meetingdecision", "campaign", "honour",
    "investmentproject", "investmentevent",
)  # fmt: skip

_FINANCE_VIEW = [
    "finance.view_bank", "finance.view_financingneed", "finance.view_needconsent",
    "finance.view_offer", "finance.view_loan", "finance.view_meetingregistration",
]  # fmt: skip

_TEAMS_VIEW = ["teams.view_visit", "teams.view_paperworkcase", "teams.view_liaison"]

_STAFF_COMMON = ["portal.view_workbench", "alliances.view_enterprise"]

# Innovation and the lectures, kept by talent officers and park administrators.
_TALENT_KEPT = (
    "university", "agreement", "platform", "matchmaking", "course", "session",
)  # fmt: skip
_TALENT_READ = ["talent.view_talent", "talent.view_talentdemand", "talent.view_problem"]
_LECTURES_RUN = ["talent.view_enrolment", "talent.change_enrolment"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ENTERPRISE_USER: ["portal.act_for_enterprise"],
    Role.DISPATCHER: [
        *_STAFF_COMMON,
        "portal.view_user",
        "alliances.view_enterprisechange",
        "services.dispatch_request",
        "services.view_request",
        "portal.view_changerecord",
        "services.view_handlingunit",
        "services.view_category",
        "reception.view_receptionday",
        "reception.view_receptionbooking",
        *_FINANCE_VIEW,
        *_crud("finance", "matchmakingmeeting"),
        "market.view_order",
        *_TEAMS_VIEW,
    ],
    Role.HANDLER: [*_STAFF_COMMON],
    Role.PROVIDER: [],
    Role.CADRE: [*_STAFF_COMMON],
    Role.TALENT_OFFICER: [
        *_STAFF_COMMON,
        *_crud("talent", "talent", "talentdemand", *_TALENT_KEPT),
        "talent.view_identity",
        "talent.view_problem",
        "talent.change_problem",
        *_LECTURES_RUN,
    ],
    Role.SUPERVISOR: [
        *_STAFF_COMMON,
        "portal.view_user",
        *_crud("alliances", "alliance", "honour", "jointmeeting", actions=("view",)),
        "services.supervise_request",
        "services.view_request",
        "market.view_order",
        *_TEAMS_VIEW,
        # The inspection office reads who changed what (Administration → Change records).
        "portal.view_changerecord",
    ],
    Role.PARK_ADMIN: [
        *_STAFF_COMMON,
        "portal.add_user",
        "portal.change_user",
        "portal.view_user",
        "portal.view_notification",
        "portal.view_changerecord",
        "portal.view_personaldataread",
        # Deletion requests of the people the portal serves: read and decide them.
        "portal.view_erasurerequest",
        "portal.change_erasurerequest",
        "auth.view_group",
        "alliances.add_enterprise",
        "alliances.change_enterprise",
        "alliances.delete_enterprise",
        "alliances.add_enterprisemembership",
        "alliances.change_enterprisemembership",
        "alliances.delete_enterprisemembership",
        "alliances.view_enterprisemembership",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
        *_crud("alliances", *_REGISTRY_MODELS),
        "alliances.view_joinapplication",
        "alliances.change_joinapplication",
        "alliances.view_invitation",
        "alliances.view_enterprisechange",
        "alliances.change_enterprisechange",
        *_crud("services", "handlingunit", "category"),
        *_crud("portal", "calendarday"),
        # The park's own synonyms, which similar requests and the suggestions read.
        *_crud("portal", "synonymgroup"),
        *_crud("reception", "receptionday"),
        "reception.view_receptionbooking",
        "services.view_request",
        *_crud("finance", "bank", "bankapikey", "matchmakingmeeting"),
        *_FINANCE_VIEW,
        "finance.view_bankaccesslog",
        # The teams: cadres, the four ones, liaisons, visit plans and policies; visits and
        # paperwork are read here and recorded by the cadres.
        *_crud(
            "teams",
            "serviceteam",
            "cadre",
            "fourones",
            "plantarget",
            "liaison",
            "visitplan",
            "policy",
        ),
        *_TEAMS_VIEW,
        # The market: providers under contract, their people and catalog; orders read only.
        *_crud("market", "provider", "servicecategory", "marketservice"),
        "market.view_order",
        # Talent and innovation: the registry read (masked), innovation and lectures kept.
        *_TALENT_READ,
        *_crud("talent", *_TALENT_KEPT),
        *_LECTURES_RUN,
        # The center: floors and venues kept; bookings read and decided.
        *_crud("center", "floor", "venue", "event", "room", "bed", "servicepoint"),
        "center.view_booking",
        "center.change_booking",
        # Events' registrations read (attendance is ticked on the roster page); stays
        # allocated or refused on the accommodation page.
        "center.view_registration",
        "center.change_registration",
        "center.view_stayapplication",
        "center.change_stayapplication",
        # Sign-in lockouts: see them, and lift one by deleting the attempt.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
    ],
}


def sync_roles(apps, *, strict: bool = True) -> None:
    """Create every role's group and give it exactly the permissions listed above.

    Older migrations run this with ``strict=False``: they run against an earlier state of
    the models, where some listed permissions do not exist yet; those are left for the
    newest roles migration, which runs strictly once every app has migrated."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        perms = []
        for dotted in perm_names:
            app_label, codename = dotted.split(".")
            found = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is None and strict:
                raise LookupError(f"Role {role} lists {dotted}, which does not exist.")
            if found is not None:
                perms.append(found)
        group.permissions.set(perms)
