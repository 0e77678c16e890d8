"""Financing: partner banks and their API keys, financing needs with the enterprise's consent
to share them, offers, loans, matchmaking meetings (政银企对接会) and the banks' access log."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager

from portal.crypto import EncryptedCharField
from portal.history import track_history
from portal.personal_data import normalize_mobile, validate_mobile, validate_resident_id

from .choices import NeedStatus, OfferStatus, Urgency

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}


class Bank(models.Model):
    """A partner bank that signed a party-building co-operation agreement with the park."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("response time (working days)"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Working days the bank has to answer a need shared with it."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="banks", verbose_name=_("staff")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner bank")
        verbose_name_plural = _("partner banks")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class BankAPIKeyManager(APIKeyManager):
    def get_usable_keys(self):
        return super().get_usable_keys().select_related("bank")  # every call checks the bank


class BankAPIKey(AbstractAPIKey):
    """A key a bank's systems call the API with; stored hashed, shown once at creation."""

    objects = BankAPIKeyManager()

    bank = models.ForeignKey(
        Bank, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("bank")
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("bank API key")
        verbose_name_plural = _("bank API keys")


class FinancingNeedQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=NeedStatus.OPEN)


class FinancingNeed(models.Model):
    """What an enterprise needs financed. Banks see it only once the enterprise consents."""

    enterprise = models.ForeignKey(
        "alliances.Enterprise",
        on_delete=models.PROTECT,
        related_name="financing_needs",
        verbose_name=_("enterprise"),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("posted by"),
    )
    amount = models.DecimalField(_("amount (10k yuan)"), **MONEY)
    purpose = models.TextField(_("purpose"), max_length=2000)
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), validators=[MinValueValidator(1)]
    )
    collateral = models.CharField(_("collateral or guarantee"), max_length=200, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    # Personal data, encrypted at rest; banks only ever see it masked.
    contact_name = EncryptedCharField(_("contact person"), max_length=60)
    contact_mobile = EncryptedCharField(
        _("contact mobile"), max_length=20, validators=[validate_mobile]
    )
    contact_id_number = EncryptedCharField(
        _("contact ID number"),
        max_length=18,
        blank=True,
        validators=[validate_resident_id],
        help_text=_("Only when a bank needs it; banks see it masked."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = FinancingNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("financing need")
        verbose_name_plural = _("financing needs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at", "-id"], name="need_status_new")]

    def __str__(self):
        return f"{self.enterprise} · {self.amount}"

    def clean(self):
        super().clean()
        self.contact_mobile = normalize_mobile(self.contact_mobile)
        self.contact_id_number = (self.contact_id_number or "").strip().upper()


class NeedConsent(models.Model):
    """The enterprise's consent to share a need: with every partner bank or with chosen ones,
    with the wording it agreed to. Withdrawing keeps the row and stamps the time."""

    need = models.ForeignKey(
        FinancingNeed, on_delete=models.CASCADE, related_name="consents", verbose_name=_("need")
    )
    to_all_banks = models.BooleanField(_("all partner banks"), default=False)
    banks = models.ManyToManyField(Bank, blank=True, related_name="+", verbose_name=_("banks"))
    wording = models.TextField(_("wording agreed to"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("given by"),
    )
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        verbose_name = _("consent to share")
        verbose_name_plural = _("consents to share")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["need"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_need",
            )
        ]

    def __str__(self):
        return f"{self.need_id}: {self.given_at:%Y-%m-%d %H:%M}"


class Offer(models.Model):
    need = models.ForeignKey(
        FinancingNeed, on_delete=models.CASCADE, related_name="offers", verbose_name=_("need")
    )
    bank = models.ForeignKey(
        Bank, on_delete=models.PROTECT, related_name="offers", verbose_name=_("bank")
    )
    amount = models.DecimalField(_("amount (10k yuan)"), **MONEY)
    rate = models.DecimalField(
        _("annual rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), validators=[MinValueValidator(1)]
    )
    conditions = models.TextField(_("conditions"), max_length=2000, blank=True)
    bank_contact = models.CharField(
        _("bank contact"),
        max_length=100,
        blank=True,
        help_text=_("Whom the enterprise calls at the bank about this offer."),
    )
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "bank"],
                condition=Q(status__in=["open", "accepted"]),
                name="one_live_offer_per_bank_and_need",
            )
        ]

    def __str__(self):
        return f"{self.bank} → {self.need_id}: {self.amount}"


class Loan(models.Model):
    """Money lent: the figures of financing are counted from these rows."""

    need = models.OneToOneField(
        FinancingNeed, on_delete=models.PROTECT, related_name="loan", verbose_name=_("need")
    )
    offer = models.OneToOneField(
        Offer, on_delete=models.PROTECT, related_name="loan", verbose_name=_("offer")
    )
    bank = models.ForeignKey(
        Bank, on_delete=models.PROTECT, related_name="loans", verbose_name=_("bank")
    )
    enterprise = models.ForeignKey(
        "alliances.Enterprise",
        on_delete=models.PROTECT,
        related_name="loans",
        verbose_name=_("enterprise"),
    )
    amount = models.DecimalField(_("amount (10k yuan)"), **MONEY)
    granted_on = models.DateField(_("granted on"))
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), validators=[MinValueValidator(1)]
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-granted_on", "-id"]
        indexes = [models.Index(fields=["bank", "granted_on"], name="loan_bank_date")]

    def __str__(self):
        return f"{self.bank} → {self.enterprise}: {self.amount}"


class BankAccessLog(models.Model):
    """One row per call a bank's key made: who, which endpoint, which needs it read, result."""

    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="+")
    key = models.ForeignKey(BankAPIKey, on_delete=models.SET_NULL, null=True, related_name="+")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status_code = models.PositiveSmallIntegerField()
    need_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank API access")
        verbose_name_plural = _("bank API access log")
        ordering = ["-at", "-id"]
        indexes = [
            GinIndex(fields=["need_ids"], name="bank_access_needs"),
            models.Index(fields=["bank", "-at"], name="bank_access_bank_at"),
        ]

    def __str__(self):
        return f"{self.bank_id} {self.method} {self.path} {self.status_code}"


class IdempotentResponse(models.Model):
    """The answer given to a POST with an ``Idempotency-Key``: a retry gets it again."""

    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(encoder=DjangoJSONEncoder)
    # The answer's bytes as first sent: a retry gets exactly them (jsonb keeps no key order).
    content = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bank", "key"], name="idempotency_key_per_bank")
        ]

    def __str__(self):
        return f"{self.bank_id}:{self.key}"


class MatchmakingMeeting(models.Model):
    """A 政银企 matchmaking meeting: banks and enterprises meet on needs; outcomes link to the
    offers and loans that came of it."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    banks = models.ManyToManyField(
        Bank, blank=True, related_name="meetings", verbose_name=_("banks")
    )
    needs = models.ManyToManyField(
        FinancingNeed, blank=True, related_name="meetings", verbose_name=_("needs discussed")
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    offers = models.ManyToManyField(
        Offer, blank=True, related_name="meetings", verbose_name=_("offers that came of it")
    )
    loans = models.ManyToManyField(
        Loan, blank=True, related_name="meetings", verbose_name=_("loans that came of it")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)

    class Meta:
        verbose_name = _("matchmaking meeting")
        verbose_name_plural = _("matchmaking meetings")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class MeetingRegistration(models.Model):
    meeting = models.ForeignKey(
        MatchmakingMeeting, on_delete=models.CASCADE, related_name="registrations"
    )
    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.CASCADE, related_name="meeting_registrations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.CharField(_("who is coming"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "enterprise"], name="one_registration_per_enterprise"
            )
        ]

    def __str__(self):
        return f"{self.meeting_id}: {self.enterprise_id}"


# Every change on record (portal/history.py), without the keys' hashes and without the
# contact's personal data, which is stored encrypted and is not copied into the record.
track_history(
    Bank, BankAPIKey, FinancingNeed, NeedConsent, Offer, Loan, MatchmakingMeeting,
    MeetingRegistration,
    exclude={
        "BankAPIKey": ["hashed_key"],
        "FinancingNeed": ["contact_name", "contact_mobile", "contact_id_number"],
    },
)  # fmt: skip
