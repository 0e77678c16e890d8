"""The talent registry beside the enterprise registry, the park's innovation (R&D platforms,
partner universities and their agreements, matchmaking events, joint technical problems) and
the 红盟讲堂 lectures: courses of short sessions, enrolment, attendance and certificates."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum.cn import ric

from portal.crypto import EncryptedCharField, blind_index
from portal.history import track_history
from portal.personal_data import (
    mask_mobile,
    mask_resident_id,
    mobile_index,
    normalize_mobile,
    validate_mobile,
    validate_resident_id,
)

from .choices import (
    CheckIn,
    DemandState,
    Education,
    EnrolmentState,
    Gender,
    InstitutionKind,
    Level,
    PlatformLevel,
    PlatformType,
    ProblemState,
    TalentStatus,
    Topic,
)

_YEAR = [MinValueValidator(1900), MaxValueValidator(2100)]


def resident_id_index(value: str | None) -> str | None:
    """The keyed hash a resident ID number is found by (never the number itself)."""
    number = ric.compact(value or "").upper()
    return blind_index(number, purpose="resident_id") if number else None


class Talent(models.Model):
    """A person in the park's talent registry: a leading talent of a programme, a shortage
    talent or a skilled worker, at one of the park's enterprises. The resident ID number and
    the mobile are personal data: encrypted at rest, shown masked except to talent officers,
    whose every full view is logged."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), validators=_YEAR)
    id_number = EncryptedCharField(
        _("resident ID number"), max_length=18, validators=[validate_resident_id]
    )
    id_index = models.CharField(max_length=64, unique=True, editable=False)
    mobile = EncryptedCharField(
        _("mobile phone"), max_length=20, blank=True, validators=[validate_mobile]
    )
    education = models.CharField(_("education"), max_length=10, choices=Education.choices)
    title = models.CharField(
        _("professional title"), max_length=40, blank=True, help_text=_("e.g. senior engineer")
    )
    field = models.CharField(
        pgettext_lazy("discipline", "field"), max_length=40, help_text=_("e.g. marine engineering")
    )
    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.PROTECT, related_name="talents",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    level = models.CharField(pgettext_lazy("talent", "level"), max_length=10, choices=Level.choices)
    programme = models.CharField(
        _("talent programme"), max_length=60, blank=True,
        help_text=_("The programme that selected the talent, if any."),
    )  # fmt: skip
    programme_year = models.PositiveSmallIntegerField(
        _("programme year"), null=True, blank=True, validators=_YEAR
    )
    status = models.CharField(
        _("status"), max_length=6, choices=TalentStatus.choices, default=TalentStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    PERSONAL_FIELDS = ["id_number", "mobile"]

    class Meta:
        verbose_name = _("talent")
        verbose_name_plural = _("talents")
        ordering = ["enterprise_id", "name", "id"]
        permissions = [
            ("view_identity", _("Can see talents' ID numbers and mobiles unmasked")),
        ]
        indexes = [models.Index(fields=["level", "status"], name="talent_level_status")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.id_number = ric.compact(self.id_number or "").upper()
        self.mobile = normalize_mobile(self.mobile)
        self.id_index = resident_id_index(self.id_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_index"}
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        if exclude and "id_number" in exclude:
            return
        taken = Talent.objects.filter(id_index=resident_id_index(self.id_number))
        if self.id_number and taken.exclude(pk=self.pk).exists():
            from django.core.exceptions import ValidationError

            raise ValidationError(
                {"id_number": _("A talent with this resident ID number is registered already.")}
            )

    @property
    def masked_id_number(self) -> str:
        return mask_resident_id(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)

    @property
    def is_leading(self) -> bool:
        return self.level in Level.leading()


class TalentDemand(models.Model):
    """A shortage position an enterprise cannot fill (紧缺岗位): what it needs, how many and
    at what pay, for the park's talent work to find people."""

    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.CASCADE, related_name="talent_demands",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    title = models.CharField(pgettext_lazy("job", "position"), max_length=60)
    field = models.CharField(pgettext_lazy("discipline", "field"), max_length=40)
    number = models.PositiveSmallIntegerField(
        _("people needed"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    requirements = models.TextField(_("requirements"), max_length=2000)
    salary_min = models.PositiveIntegerField(
        _("monthly salary from (yuan)"), validators=[MaxValueValidator(1_000_000)]
    )
    salary_max = models.PositiveIntegerField(
        _("monthly salary up to (yuan)"), validators=[MaxValueValidator(1_000_000)]
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DemandState.choices, default=DemandState.OPEN
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("posted by"),
    )  # fmt: skip
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shortage position")
        verbose_name_plural = _("shortage positions")
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_max__gte=F("salary_min")),
                name="demand_salary_range",
                violation_error_message=_("The salary's upper end cannot be below its lower end."),
            )
        ]

    def __str__(self):
        return self.title


class University(models.Model):
    """A university or research institute the park works with (产学研合作院校)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=InstitutionKind.choices)
    city = models.CharField(_("city"), max_length=20)

    class Meta:
        verbose_name = _("university or institute")
        verbose_name_plural = _("universities and institutes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agreement(models.Model):
    """A cooperation agreement with a university: with the park, or with one enterprise."""

    university = models.ForeignKey(
        University, on_delete=models.CASCADE, related_name="agreements",
        verbose_name=_("university or institute"),
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.CASCADE, null=True, blank=True,
        related_name="university_agreements", verbose_name=_("enterprise"),
        help_text=_("Leave empty for an agreement with the park."),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=120)
    scope = models.TextField(_("scope"), max_length=2000)
    signed_on = models.DateField(_("signed on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("signed_on")),
                name="agreement_dates",
                violation_error_message=_("An agreement cannot end before it is signed."),
            )
        ]

    def __str__(self):
        return self.title


class Platform(models.Model):
    """An R&D platform of a park enterprise (研发平台): an engineering research center, a
    key laboratory, an academician workstation..."""

    name = models.CharField(_("name"), max_length=120)
    type = models.CharField(_("type"), max_length=12, choices=PlatformType.choices)
    level = models.CharField(
        pgettext_lazy("platform", "level"), max_length=10, choices=PlatformLevel.choices
    )
    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.PROTECT, related_name="platforms",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    university = models.ForeignKey(
        University, on_delete=models.SET_NULL, null=True, blank=True, related_name="platforms",
        verbose_name=_("partner university"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year recognised"), validators=_YEAR)

    class Meta:
        verbose_name = _("R&D platform")
        verbose_name_plural = _("R&D platforms")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name


class Matchmaking(models.Model):
    """An industry-academia-research matchmaking event (产学研对接): which enterprises met
    which institutions, who arranged it and what came of it."""

    title = models.CharField(_("title"), max_length=120)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=80, blank=True)
    enterprises = models.ManyToManyField(
        "alliances.Enterprise", related_name="matchmakings", verbose_name=_("enterprises")
    )
    universities = models.ManyToManyField(
        University, related_name="matchmakings", verbose_name=_("universities and institutes")
    )
    arranged_by = models.ForeignKey(
        "teams.ServiceTeam", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="matchmakings", verbose_name=_("arranged by"),
        help_text=_("The service team that arranged it, if one did."),
    )  # fmt: skip
    outcomes = models.TextField(_("outcomes"), max_length=4000, blank=True)
    agreements_signed = models.PositiveSmallIntegerField(_("agreements signed"), default=0)

    class Meta:
        verbose_name = _("matchmaking event")
        verbose_name_plural = _("matchmaking events")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title


class Problem(models.Model):
    """A joint technical problem (攻关难题) an enterprise cannot solve alone; park staff
    match it to a university or a service team, who work on it until it is solved."""

    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.PROTECT, related_name="tech_problems",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=120)
    field = models.CharField(pgettext_lazy("discipline", "field"), max_length=40)
    description = models.TextField(pgettext_lazy("problem", "description"), max_length=4000)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("posted by"),
    )  # fmt: skip
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=ProblemState.choices, default=ProblemState.POSTED
    )
    university = models.ForeignKey(
        University, on_delete=models.PROTECT, null=True, blank=True, related_name="problems",
        verbose_name=_("university or institute"),
    )  # fmt: skip
    team = models.ForeignKey(
        "teams.ServiceTeam", on_delete=models.PROTECT, null=True, blank=True,
        related_name="tech_problems", verbose_name=_("service team"),
    )  # fmt: skip
    solution = models.TextField(_("solution"), max_length=4000, blank=True)
    solved_on = models.DateField(_("solved on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("joint technical problem")
        verbose_name_plural = _("joint technical problems")
        ordering = ["-posted_at", "-id"]
        indexes = [models.Index(fields=["state"], name="problem_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[ProblemState.POSTED, ProblemState.WITHDRAWN])
                | Q(university__isnull=False)
                | Q(team__isnull=False),
                name="problem_matched_has_partner",
                violation_error_message=_("A matched problem needs a university or a team."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def partner(self):
        return self.university or self.team


class ProblemNote(models.Model):
    """A line of a problem's progress: who matched it, what was done, how it was solved."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=ProblemState.choices)
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:40]


class Course(models.Model):
    """A course of the 红盟讲堂: a few short sessions rather than one long one (少食多餐).
    Who attends ``sessions_to_complete`` of its sessions earns its certificate."""

    title = models.CharField(_("title"), max_length=120)
    topic = models.CharField(
        pgettext_lazy("lecture", "topic"), max_length=12, choices=Topic.choices
    )
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    sessions_to_complete = models.PositiveSmallIntegerField(
        _("sessions to complete"), default=1, validators=[MinValueValidator(1)],
        help_text=_("How many of its sessions a trainee attends to earn the certificate."),
    )  # fmt: skip
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-id"]

    def __str__(self):
        return self.title


def _check_in_code() -> str:
    return secrets.token_urlsafe(12)


class Session(models.Model):
    """One session of a course: when, where, who teaches, how many seats. Its QR code holds
    ``check_in_code``: a signed-in trainee who scans it at the door is checked in."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course")
    )
    title = models.CharField(_("subject"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=80)
    venue = models.ForeignKey(
        "center.Venue", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="lecture_sessions", verbose_name=_("venue"),
        help_text=_("The center's venue, when the session is held there."),
    )  # fmt: skip
    teacher = models.CharField(_("teacher"), max_length=60)
    capacity = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    check_in_code = models.CharField(max_length=24, unique=True, default=_check_in_code)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"], name="session_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.course} · {self.title}"

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class Trainee(models.Model):
    """A person an enterprise sends to the lectures, known by name and mobile (encrypted;
    found by its keyed hash, the same a user signs in with, so a trainee who signs in and
    scans the session's code is recognised)."""

    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.CASCADE, related_name="trainees",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    mobile = EncryptedCharField(_("mobile phone"), max_length=20, validators=[validate_mobile])
    mobile_index = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "mobile_index"], name="trainee_once_per_enterprise"
            )
        ]
        indexes = [models.Index(fields=["mobile_index"], name="trainee_mobile")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.mobile = normalize_mobile(self.mobile)
        self.mobile_index = mobile_index(self.mobile)
        super().save(*args, **kwargs)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)


class Enrolment(models.Model):
    """A trainee's place in a session: enrolled while seats last, then on the waiting list
    in order; attended once checked in (by the QR code or by staff), once only."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("session")
    )
    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("trainee")
    )
    state = models.CharField(_("state"), max_length=10, choices=EnrolmentState.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    check_in = models.CharField(_("checked in by"), max_length=6, choices=CheckIn.choices,
                                blank=True)  # fmt: skip
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "trainee"], name="enrolled_once"),
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True) | Q(state=EnrolmentState.ENROLLED),
                name="only_the_enrolled_attend",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "state"], name="enrolment_session_state"),
            models.Index(
                fields=["attended_at"],
                name="enrolment_attended",
                condition=Q(attended_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.trainee} · {self.session}"


class Certificate(models.Model):
    """A certificate of completion: issued once a trainee has attended the sessions a
    course asks, with a number that can be checked on the certificate's page."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "trainee"], name="one_certificate_each")
        ]

    def __str__(self):
        return self.number


track_history(
    Talent, TalentDemand, University, Agreement, Platform, Matchmaking, Problem, Course,
    Session, Trainee, Enrolment, Certificate,
    exclude={"Talent": ["id_number", "id_index", "mobile"], "Session": ["check_in_code"],
             "Trainee": ["mobile", "mobile_index"]},
)  # fmt: skip
