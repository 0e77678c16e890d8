"""Accounts, in-app notifications and the scheduler heartbeat."""

import pghistory.models
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .crypto import EncryptedCharField
from .history import track_history, track_links
from .personal_data import mask_mobile, mobile_index, normalize_mobile, validate_mobile
from .roles import Role


class User(AbstractUser):
    """A person who signs in: an enterprise user, park staff of some role, or a bank's staff.

    Roles are Django groups (see ``portal.roles``); the enterprise a user acts for is their
    ``alliances.EnterpriseMembership``.
    """

    name = models.CharField(_("full name"), max_length=60, blank=True)
    # Personal data: encrypted at rest, found by its blind index (sign-in, uniqueness).
    phone = EncryptedCharField(
        _("mobile phone"),
        max_length=11,
        null=True,
        blank=True,
        validators=[validate_mobile],
        help_text=_("Mainland mobile number; it can be used to sign in."),
    )
    # NULL, not "", for "no mobile": many users have none and the index is unique.
    phone_index = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    # Recomputed by ``manage.py reencrypt_personal_data`` when FIELD_HASH_KEY changes.
    BLIND_INDEXES = {"phone_index": ("phone", mobile_index)}
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Language of the notifications and e-mails this person receives."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("view_workbench", _("Can open the staff workbench")),
            ("act_for_enterprise", _("Can act for the enterprise they belong to")),
        ]

    def __str__(self):
        return self.name or self.username

    def clean(self):
        super().clean()
        self.phone = normalize_mobile(self.phone) or None

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude=exclude)
        if self.phone and "phone" not in (exclude or ()):
            taken = User.objects.filter(phone_index=mobile_index(self.phone))
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"phone": _("This mobile number is already used by another account.")}
                )

    def save(self, *args, **kwargs):
        self.phone = normalize_mobile(self.phone) or None
        self.phone_index = mobile_index(self.phone)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "phone" in update_fields:
            kwargs["update_fields"] = {*update_fields, "phone_index"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.name or super().get_full_name() or self.username

    def get_short_name(self):
        return self.name or self.username

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.phone)

    @property
    def role_codes(self) -> frozenset[str]:
        """The codes of the roles (groups) this user holds; read once per request, from the
        cache across requests (portal.usercache)."""
        from .usercache import auth_facts

        return auth_facts(self)["roles"]

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_codes

    @property
    def is_staff_member(self) -> bool:
        """Park staff of any role (dispatcher, handler, supervisor, park admin)."""
        return self.is_superuser or bool(self.role_codes & Role.staff_codes())


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one person: shown in the portal, and sent on by e-mail, SMS or WeChat.

    ``dedupe_key`` makes a repeated ``notify`` a no-op per recipient, so scheduled tasks may
    run twice safely.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    # NULL, not "": only keyed notifications take part in the unique constraint.
    dedupe_key = models.CharField(  # noqa: DJ001
        _("deduplication key"), max_length=200, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("sent on at"), null=True, blank=True)
    delivery_error = models.TextField(_("delivery error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=models.Q(dedupe_key__isnull=False),
                name="notification_unique_dedupe_per_recipient",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ImportJob(models.Model):
    """A spreadsheet being imported (``portal.imports``): checked in the background, shown
    to the person who uploaded it, then imported on their confirmation, all rows or none."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Ready to import")
        REFUSED = "refused", _("Has errors")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")

    kind = models.CharField(_("kind"), max_length=40)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # {"new": n, "update": n, "skip": n} and the problems: [{"row", "column", "message"}].
    totals = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uploaded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} · {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)


class ErasureRequest(models.Model):
    """A person asks that the portal delete their personal data. Staff decide; carrying it
    out anonymises what need not be kept and says what is kept and why (``portal.privacy``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        DONE = "done", _("Carried out")
        REFUSED = "refused", pgettext_lazy("deletion request", "Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests",
        verbose_name=_("person"),
    )  # fmt: skip
    reason = models.TextField(_("reason given"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    outcome = models.TextField(_("outcome"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"),
                name="one_pending_erasure_request",
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.user} · {self.get_status_display()}"


class Heartbeat(models.Model):
    """The last time a periodic job ran; ``/healthz`` reads the scheduler's."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    stamped_at = models.DateTimeField(_("stamped at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.stamped_at:%Y-%m-%d %H:%M:%S}"


class CalendarDay(models.Model):
    """A day of the official calendar that is not an ordinary Monday–Friday working day, or
    a make-up working day on a weekend (调休). Days not listed follow Monday–Friday."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class ChangeRecord(pghistory.models.Events):
    """A change of a domain row, as the admin lists it: every tracked table's history with
    the person (or bank) and the channel that made it (see ``portal.history``)."""

    user = pghistory.ProxyField(
        "pgh_context__user",
        models.ForeignKey(
            settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True,
            verbose_name=_("by"),
        ),
    )  # fmt: skip
    via = pghistory.ProxyField("pgh_context__via", models.TextField(_("through"), null=True))
    url = pghistory.ProxyField("pgh_context__url", models.TextField(_("page"), null=True))

    class Meta:
        proxy = True
        verbose_name = _("change record")
        verbose_name_plural = _("change records")


class PersonalDataRead(models.Model):
    """A member of staff saw personal data unmasked (a mobile number, an ID number): who,
    when, whose and where. Kept for the personal-information protection law (PIPL)."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("read by"),
    )  # fmt: skip
    read_at = models.DateTimeField(_("read at"), auto_now_add=True, db_index=True)
    subject = models.CharField(_("whose"), max_length=200)
    fields = models.CharField(_("what"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), default=1)
    url = models.CharField(_("page"), max_length=300)

    class Meta:
        verbose_name = _("personal data read")
        verbose_name_plural = _("personal data reads")
        ordering = ["-read_at", "-id"]

    def __str__(self):
        return f"{self.reader} · {self.subject} · {self.read_at:%Y-%m-%d %H:%M}"


# A user's mobile is personal data and the password hash a secret: both stay out of the record.
track_history(
    User,
    CalendarDay,
    ErasureRequest,
    exclude={"User": ["password", "last_login", "phone", "phone_index"]},
)
track_links(User.groups.through, app_label="portal", model_name="UserRoleHistory")


class SynonymGroup(models.Model):
    """Words that name one thing in this park's requests (路灯 照明灯 街灯), kept by staff
    beside the list that ships with the portal (portal/text/synonyms.txt). The first word
    names the group."""

    words = models.CharField(
        _("words"), max_length=300,
        help_text=_("Two or more words separated by spaces; the first names the group."),
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["words"]

    def __str__(self):
        return self.words

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from .text.dictionary import forget

        forget()

    def word_list(self) -> list[str]:
        return [w for w in self.words.replace("，", " ").replace(",", " ").split() if w]

    def clean(self):
        if len(self.word_list()) < 2:
            raise ValidationError({"words": _("Write at least two words, separated by spaces.")})
        if any(len(w) > 30 for w in self.word_list()):
            raise ValidationError({"words": _("A word is at most 30 characters long.")})


track_history(SynonymGroup)
