from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    ABOVE = "above", _("Above designated size (规上)")
    BELOW = "below", _("Below designated size (规下)")


class EnterpriseLabel(models.TextChoices):
    UNICORN = "unicorn", _("Unicorn")
    GAZELLE = "gazelle", _("Gazelle")
    LITTLE_GIANT = "little_giant", _("National specialised 'little giant'")
    SPECIALISED = "specialised", _("Provincial specialised and innovative (专精特新)")
    HIGH_TECH = "high_tech", _("High-tech enterprise")

    @classmethod
    def growth_labels(cls) -> list[str]:
        """The labels the park counts as unicorn, gazelle or 专精特新 firms."""
        return [cls.UNICORN, cls.GAZELLE, cls.LITTLE_GIANT, cls.SPECIALISED]


class GrowthStage(models.TextChoices):
    MICRO = "micro", _("Micro growth (微成长)")
    SMALL_TO_SCALE = "to_scale", _("Small to above-scale (小升规)")
    SCALE_TO_SHARE = "to_share", _("Above-scale to joint-stock (规改股)")


class PartyOrgType(models.TextChoices):
    COMMITTEE = "committee", _("Party committee (党委)")
    GENERAL_BRANCH = "general_branch", _("General party branch (党总支)")
    BRANCH = "branch", _("Party branch (党支部)")
    JOINT_BRANCH = "joint_branch", _("Joint party branch (联合党支部)")


class MemberTier(models.TextChoices):
    """The "1+X+N" structure of an alliance."""

    LEAD = "lead", _("Lead organisation (1)")
    CORE = "core", _("Core member (X)")
    MEMBER = "member", _("Member (N)")


class MemberKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University or institute")
    BANK = "bank", _("Bank")
    PROVIDER = "provider", _("Service provider")
    GOVERNMENT = "government", _("Park department")


class SegmentPosition(models.TextChoices):
    UPSTREAM = "upstream", _("Upstream")
    MIDSTREAM = "midstream", _("Midstream")
    DOWNSTREAM = "downstream", _("Downstream")


class HonourKind(models.TextChoices):
    CRAFTSMAN = "craftsman", _("Red-collar craftsman (红领工匠)")
    MODEL_POST = "model_post", _("Party-member model post (党员示范岗)")
    RED_WORKSHOP = "red_workshop", _("Red-heart workshop (红心车间)")


class ProjectStage(models.TextChoices):
    SIGNED = "signed", _("Signed")
    UNDER_CONSTRUCTION = "construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    PRODUCING = "producing", _("In production")


class InvestmentEventKind(models.TextChoices):
    CONFERENCE = "conference", _("Investment conference")
    NEGOTIATION = "negotiation", _("Online negotiation")


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChangeStatus(models.TextChoices):
    """Where a change to an enterprise's profile stands."""

    APPLIED = "applied", _("Applied")
    PENDING = "pending", _("Waiting for approval")
    REJECTED = "rejected", _("Rejected")
