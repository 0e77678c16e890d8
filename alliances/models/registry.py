"""The enterprise registry (链上企业): party organisations, enterprises, their users, their
requests to join and their profile changes."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.crypto import EncryptedCharField
from portal.personal_data import mask_mobile, mask_name, validate_mobile

from ..choices import (
    ApplicationStatus,
    ChangeStatus,
    EnterpriseLabel,
    GrowthStage,
    PartyOrgType,
    Scale,
)
from ..validators import normalize_credit_code, validate_credit_code
from .chain_map import Chain, ChainLink
from .common import MONEY


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
    # The other names people use for it (巨涛, 京鲁船厂) beyond those derived from its name:
    # the anonymiser takes them out of public texts and the segmenter keeps them whole.
    aliases = models.CharField(
        _("other names"), max_length=200, blank=True, db_default="",
        help_text=_("Names the enterprise also goes by, separated by spaces (the short forms of "
                    "its registered name are found by themselves)."),
    )  # fmt: skip
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An enterprise with this credit code is already registered.")},
    )
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    # The contact's name and mobile are personal data (docs/personal-data.md): encrypted at
    # rest. The legal representative is public registration data and stays searchable.
    contact_person = EncryptedCharField(_("contact person"), max_length=60, blank=True)
    contact_mobile = EncryptedCharField(
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

    # Personal data of the contact: the change log keeps these masked, never in clear.
    PERSONAL_FIELDS = {"contact_person": mask_name, "contact_mobile": mask_mobile}
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

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="changes", verbose_name=_("enterprise")
    )
    field = models.CharField(_("field"), max_length=40)
    old_value = models.JSONField(_("old value"), null=True, blank=True)
    new_value = models.JSONField(_("new value"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ChangeStatus.choices)
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
        if self.field in Enterprise.PERSONAL_FIELDS:
            return str(value)  # recorded masked (``masked_for_record``)
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
