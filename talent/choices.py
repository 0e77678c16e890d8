"""The talent app's fixed lists: talent levels, education, platform types and levels, the
states of a joint technical problem and of an enrolment, the topics of the lectures."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Level(models.TextChoices):
    """Where a talent stands in the talent programmes (人才层次)."""

    NATIONAL = "national", _("National leading talent")
    PROVINCIAL = "provincial", _("Provincial leading talent")
    MUNICIPAL = "municipal", _("Municipal leading talent")
    SHORTAGE = "shortage", _("Shortage talent")
    SKILLED = "skilled", _("Skilled worker")

    @classmethod
    def leading(cls) -> list[str]:
        return [cls.NATIONAL, cls.PROVINCIAL, cls.MUNICIPAL]


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master's degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    COLLEGE = "college", _("Junior college")
    VOCATIONAL = "vocational", _("Vocational school")
    OTHER = "other", pgettext_lazy("education", "Other")


class TalentStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("talent", "At the enterprise")
    LEFT = "left", pgettext_lazy("talent", "Left the park")


class DemandState(models.TextChoices):
    OPEN = "open", pgettext_lazy("position", "Open")
    FILLED = "filled", pgettext_lazy("position", "Filled")
    WITHDRAWN = "withdrawn", pgettext_lazy("position", "Withdrawn")


class PlatformType(models.TextChoices):
    ENGINEERING_CENTER = "engineering", _("Engineering research center")
    KEY_LAB = "key_lab", _("Key laboratory")
    TECH_CENTER = "tech_center", _("Enterprise technology center")
    ACADEMICIAN = "academician", _("Academician workstation")
    POSTDOC = "postdoc", _("Post-doctoral research station")
    INNOVATION = "innovation", _("Innovation center")


class PlatformLevel(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("platform level", "National")
    PROVINCIAL = "provincial", pgettext_lazy("platform level", "Provincial")
    MUNICIPAL = "municipal", pgettext_lazy("platform level", "Municipal")


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")


class ProblemState(models.TextChoices):
    """A joint technical problem (攻关难题): posted → matched → being solved → solved; the
    enterprise may withdraw it until it is solved."""

    POSTED = "posted", pgettext_lazy("problem", "Posted")
    MATCHED = "matched", pgettext_lazy("problem", "Matched")
    WORKING = "working", pgettext_lazy("problem", "Being solved")
    SOLVED = "solved", pgettext_lazy("problem", "Solved")
    WITHDRAWN = "withdrawn", pgettext_lazy("problem", "Withdrawn")

    @classmethod
    def open(cls) -> list[str]:
        return [cls.POSTED, cls.MATCHED, cls.WORKING]


class Topic(models.TextChoices):
    """What a lecture of the 红盟讲堂 is about."""

    PARTY = "party", _("Party building")
    MANAGEMENT = "management", _("Management")
    TECHNOLOGY = "technology", _("Technology")
    POLICY = "policy", _("Policy")


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", pgettext_lazy("enrolment", "Enrolled")
    WAITING = "waiting", pgettext_lazy("enrolment", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("enrolment", "Cancelled")


class CheckIn(models.TextChoices):
    """How an attendance was recorded."""

    QR = "qr", _("Scanned the session's QR code")
    STAFF = "staff", _("Marked by staff")
