"""The park's map: industry chains, their party alliances, and the enterprises on them.

Everything else in the portal scopes its data by ``Enterprise`` and reads chains from here.
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.history import track_history
from portal.personal_data import mask_mobile, validate_mobile

from .choices import (
    ApplicationStatus,
    DecisionStatus,
    EnterpriseLabel,
    GrowthStage,
    HonourKind,
    MemberKind,
    MemberTier,
    PartyOrgType,
    ProjectStage,
    Scale,
    SegmentPosition,
)
from .validators import normalize_credit_code, validate_credit_code

MONEY = {"max_digits": 16, "decimal_places": 2}


class DateRange(models.Func):
    """PostgreSQL daterange(start, end, '[]') for exclusion constraints."""

    function = "DATERANGE"
    output_field = DateRangeField()


# --- Chains and the panorama -----------------------------------------------------------------


class Chain(models.Model):
    """An industry chain the park builds (产业链), e.g. offshore engineering equipment."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("industry chain")
        verbose_name_plural = _("industry chains")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class ChainSegment(models.Model):
    """Upstream, midstream or downstream part of a chain, holding its links."""

    chain = models.ForeignKey(
        Chain, on_delete=models.CASCADE, related_name="segments", verbose_name=_("chain")
    )
    position = models.CharField(_("position"), max_length=12, choices=SegmentPosition.choices)
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("chain segment")
        verbose_name_plural = _("chain segments")
        ordering = ["chain", "order", "id"]

    def __str__(self):
        return f"{self.chain} · {self.name}"


class ChainLink(models.Model):
    """One link of a chain (环节), e.g. tower manufacturing; a link with no local enterprise
    is a gap, i.e. an investment-attraction target."""

    segment = models.ForeignKey(
        ChainSegment, on_delete=models.CASCADE, related_name="links", verbose_name=_("segment")
    )
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        ordering = ["segment", "order", "id"]

    def __str__(self):
        return f"{self.segment.chain} · {self.name}"


# --- Enterprises -----------------------------------------------------------------------------


class PartyOrganization(models.Model):
    """A party organisation (党组织); a joint branch may cover several small enterprises."""

    name = models.CharField(_("name"), max_length=120)
    org_type = models.CharField(_("type"), max_length=20, choices=PartyOrgType.choices)
    secretary = models.CharField(_("secretary"), max_length=60, blank=True)
    member_count = models.PositiveIntegerField(_("party members"), default=0)

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class EnterpriseQuerySet(models.QuerySet):
    def with_label(self, label):
        return self.filter(labels__contains=[label])

    def growth_firms(self):
        """Unicorn, gazelle and 专精特新 firms, each counted once."""
        return self.filter(labels__overlap=EnterpriseLabel.growth_labels())


class Enterprise(models.Model):
    """A company in the park (链上企业), identified by its unified social credit code."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An enterprise with this credit code is already registered.")},
    )
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_mobile = models.CharField(
        _("contact mobile"), max_length=11, blank=True, validators=[validate_mobile]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    annual_output = models.DecimalField(_("annual output (yuan)"), null=True, blank=True, **MONEY)
    annual_tax = models.DecimalField(_("annual tax (yuan)"), null=True, blank=True, **MONEY)
    scale = models.CharField(_("scale"), max_length=8, choices=Scale.choices, blank=True)
    chains = models.ManyToManyField(
        Chain, related_name="enterprises", blank=True, verbose_name=_("chains")
    )
    links = models.ManyToManyField(
        ChainLink, related_name="enterprises", blank=True, verbose_name=_("chain links")
    )
    labels = ArrayField(
        models.CharField(max_length=20, choices=EnterpriseLabel.choices),
        default=list,
        blank=True,
        verbose_name=_("labels"),
    )
    growth_stage = models.CharField(
        _("growth stage"), max_length=10, choices=GrowthStage.choices, blank=True
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("party organisation"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    # Fields that feed the park's statistics: an enterprise user's change waits for staff.
    REVIEWED_FIELDS = (
        "scale",
        "labels",
        "growth_stage",
        "employees",
        "annual_output",
        "annual_tax",
    )

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"], name="enterprise_name_key"),
            GinIndex(fields=["labels"], name="enterprise_labels"),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="enterprise_name_trgm"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.credit_code = normalize_credit_code(self.credit_code)

    @property
    def masked_contact_mobile(self) -> str:
        return mask_mobile(self.contact_mobile)

    def get_labels_display(self) -> list[str]:
        names = dict(EnterpriseLabel.choices)
        return [str(names.get(code, code)) for code in self.labels]


class GrowthStep(models.Model):
    """That an enterprise reached a step on the growth ladder, and when (kept as history)."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="growth_steps"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=GrowthStage.choices)
    reached_on = models.DateField(_("reached on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("growth step")
        verbose_name_plural = _("growth steps")
        ordering = ["enterprise", "reached_on", "id"]

    def __str__(self):
        return f"{self.enterprise} · {self.get_stage_display()} · {self.reached_on}"


class EnterpriseMembership(models.Model):
    """That a user acts for an enterprise; an enterprise administrator may manage colleagues.

    A person acts for one enterprise at a time, so "my enterprise" is never ambiguous.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enterprise_membership",
        verbose_name=_("user"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("enterprise"),
    )
    is_admin = models.BooleanField(
        _("enterprise administrator"),
        default=False,
        help_text=_("May invite and remove colleagues of the same enterprise."),
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise membership")
        verbose_name_plural = _("enterprise memberships")

    def __str__(self):
        return f"{self.user} @ {self.enterprise}"


class JoinApplication(models.Model):
    """A person's request to act for an enterprise, reviewed by a park administrator."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_applications",
        verbose_name=_("applicant"),
    )
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code]
    )
    enterprise_name = models.CharField(_("enterprise name"), max_length=200)
    position = models.CharField(_("position in the enterprise"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    reason = models.TextField(_("reason"), blank=True)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("enterprise")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=models.Q(status=ApplicationStatus.PENDING),
                name="one_pending_application_per_person",
                violation_error_message=_("You already have an application waiting for review."),
            )
        ]

    def __str__(self):
        return f"{self.applicant} → {self.enterprise_name}"


class Invitation(models.Model):
    """A link an enterprise administrator gives a colleague to join the enterprise."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("enterprise"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("invited by"),
    )
    note = models.CharField(_("for whom"), max_length=100, blank=True)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.enterprise} · {self.note or self.pk}"


class EnterpriseChange(models.Model):
    """One change to an enterprise's profile: who, when, old and new value.

    Changes to statistical fields by an enterprise user wait (``pending``) until staff
    approve them; everything else is applied at once and only recorded.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        PENDING = "pending", _("Waiting for approval")
        REJECTED = "rejected", _("Rejected")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="changes", verbose_name=_("enterprise")
    )
    field = models.CharField(_("field"), max_length=40)
    old_value = models.JSONField(_("old value"), null=True, blank=True)
    new_value = models.JSONField(_("new value"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="change_review_queue")]

    def __str__(self):
        return f"{self.enterprise} · {self.field}"

    @property
    def field_label(self) -> str:
        try:
            return str(Enterprise._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:  # a field removed since the change was recorded
            return self.field

    def _display(self, value) -> str:
        if value in (None, "", []):
            return "—"
        try:
            field = Enterprise._meta.get_field(self.field)
        except FieldDoesNotExist:
            return str(value)
        choices = dict(getattr(field, "base_field", field).choices or [])
        if isinstance(value, list):
            return "、".join(str(choices.get(v, v)) for v in value)
        return str(choices.get(value, value))

    @property
    def old_display(self) -> str:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str:
        return self._display(self.new_value)


# --- Alliances -------------------------------------------------------------------------------


class Alliance(models.Model):
    """An industry-chain party-building alliance (产业链党建联盟), one per chain."""

    chain = models.OneToOneField(
        Chain, on_delete=models.PROTECT, related_name="alliance", verbose_name=_("chain")
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["chain__order", "id"]

    def __str__(self):
        return self.name


class AllianceMember(models.Model):
    """A member of an alliance in the "1+X+N" structure, with join and leave dates."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="members", verbose_name=_("alliance")
    )
    tier = models.CharField(_("tier"), max_length=8, choices=MemberTier.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alliance_memberships",
        verbose_name=_("enterprise"),
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("party organisation"),
    )
    rotation_order = models.PositiveSmallIntegerField(
        _("rotation order"),
        null=True,
        blank=True,
        help_text=_("Position in the rotating chair; empty for members that do not chair."),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")
        ordering = ["alliance", "tier", "rotation_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance"],
                condition=models.Q(tier="lead", left_on__isnull=True),
                name="one_active_lead_per_alliance",
                violation_error_message=_("An alliance has one lead organisation at a time."),
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
                violation_error_message=_("A member cannot leave before joining."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.left_on is None or self.left_on >= timezone.localdate()


class ChairTerm(models.Model):
    """A period in which a member chairs the alliance (成员轮值); periods never overlap."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="chair_terms", verbose_name=_("alliance")
    )
    member = models.ForeignKey(
        AllianceMember,
        on_delete=models.CASCADE,
        related_name="chair_terms",
        verbose_name=_("chair"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        ordering = ["alliance", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="chair_term_ends_after_start",
            ),
            ExclusionConstraint(
                name="chair_terms_do_not_overlap",
                expressions=[
                    ("alliance", RangeOperators.EQUAL),
                    (
                        DateRange("starts_on", "ends_on", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_("This period overlaps another chair term."),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.starts_on}–{self.ends_on}"


class JointMeeting(models.Model):
    """A joint meeting of an alliance (联席会议), with minutes in Markdown."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("alliance")
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    chair = models.ForeignKey(
        AllianceMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("chair"),
    )
    attendees = models.ManyToManyField(
        AllianceMember, related_name="meetings", blank=True, verbose_name=_("attendees")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(
        _("minutes"), blank=True, help_text=_("Markdown; shown with unsafe HTML removed.")
    )

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.alliance} · {self.title}"


class MeetingDecision(models.Model):
    """A decision taken at a joint meeting, owned by someone and tracked to done."""

    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        AllianceMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        ordering = ["status", "due_on", "id"]

    def __str__(self):
        return self.text[:60]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == DecisionStatus.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


class Campaign(models.Model):
    """A campaign run in the chain enterprises, e.g. 三亮三比三争 or 五争一树."""

    name = models.CharField(_("name"), max_length=60)
    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("alliance"),
        help_text=_("Empty for a park-wide campaign."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    participants = models.ManyToManyField(
        Enterprise, related_name="campaigns", blank=True, verbose_name=_("participants")
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "name"]

    def __str__(self):
        return f"{self.name} ({self.year})"


class Honour(models.Model):
    """A 红领工匠 (a person), 党员示范岗 (a post) or 红心车间 (a workshop), with the economic
    benefit it brought its enterprise."""

    kind = models.CharField(_("kind"), max_length=14, choices=HonourKind.choices)
    title = models.CharField(
        _("name"), max_length=120, help_text=_("The craftsman's name, or the post or workshop.")
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="honours", verbose_name=_("enterprise")
    )
    alliance = models.ForeignKey(
        Alliance, on_delete=models.PROTECT, related_name="honours", verbose_name=_("alliance")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="honours",
        verbose_name=_("campaign"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    economic_benefit = models.DecimalField(_("economic benefit (yuan)"), default=0, **MONEY)
    citation = models.TextField(_("citation"), blank=True)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "kind", "title"]
        indexes = [models.Index(fields=["alliance", "year", "kind"], name="honour_totals")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.title}"


class InvestmentProjectQuerySet(models.QuerySet):
    def landed(self):
        """Projects that have landed (落地): past signing, being built or producing."""
        return self.exclude(stage=ProjectStage.SIGNED)


class InvestmentProject(models.Model):
    """An investment-attraction project (招商项目) on a chain, from signing to production."""

    name = models.CharField(_("name"), max_length=200)
    chain = models.ForeignKey(
        Chain, on_delete=models.PROTECT, related_name="projects", verbose_name=_("chain")
    )
    link = models.ForeignKey(
        ChainLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("chain link"),
    )
    investment_amount = models.DecimalField(_("investment (yuan)"), **MONEY)
    stage = models.CharField(_("stage"), max_length=14, choices=ProjectStage.choices)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("enterprise"),
        help_text=_("The park enterprise that carries the project, once it has landed."),
    )

    objects = InvestmentProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["chain", "-signed_on", "name"]

    def __str__(self):
        return self.name


# Every change of the registry and the alliances on record (portal/history.py).
track_history(
    Chain, ChainSegment, ChainLink, PartyOrganization, Enterprise, GrowthStep,
    EnterpriseMembership, JoinApplication, Invitation, EnterpriseChange, Alliance,
    AllianceMember, ChairTerm, JointMeeting, MeetingDecision, Campaign, Honour,
    InvestmentProject,
)  # fmt: skip
