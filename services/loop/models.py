"""The "企业家之声" request closed loop: units, categories, requests with their append-only
events, returns, extensions and supervision notices."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.crypto import EncryptedCharField
from portal.history import track_history, track_links
from portal.personal_data import mask_mobile, mask_name

from .choices import (
    REVISIT_RATINGS,
    Channel,
    FigureDimension,
    Light,
    PauseEnd,
    Rating,
    ReviewStatus,
    State,
    Step,
    SupervisionLevel,
    UnitKind,
)


class HandlingUnit(models.Model):
    """A unit that handles requests (承办单位): a park department, a Red Chain Service Team
    or a service provider, with its handlers and a leader."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=14, choices=UnitKind.choices)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_units",
        verbose_name=_("leader"),
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="handling_units",
        blank=True,
        verbose_name=_("handlers"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # What the unit handles (its 职责), in the words enterprises would use: the dispatch
    # suggestion reads it beside the unit's past requests, so a new unit is suggested too.
    remit = models.TextField(
        _("what it handles"), blank=True, db_default="",
        help_text=_("The matters this unit handles, in plain words (e.g. 用地手续 不动产权证 "
                    "规划许可). Dispatch suggestions learn from it and from the unit's past "
                    "requests."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Category(models.Model):
    """What a request is about, with the unit that usually handles it and its time limit."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    default_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default unit"),
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"), default=10, validators=[MinValueValidator(1)]
    )
    green_limit_days = models.PositiveSmallIntegerField(
        _("green-channel time limit (working days)"), default=3, validators=[MinValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # 其他 (other): a request filed here gets a suggested category for the dispatcher.
    is_catch_all = models.BooleanField(
        _("catch-all"), default=False, db_default=False,
        help_text=_("For requests that fit no other category; the dispatcher is shown the "
                    "category its words suggest."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.green_limit_days
            and self.time_limit_days
            and self.green_limit_days > self.time_limit_days
        ):
            raise ValidationError(
                {
                    "green_limit_days": _(
                        "The green channel must not be slower than the normal limit."
                    )
                }
            )


class RequestCounter(models.Model):
    """The last number given in a month, so request numbers run without gaps."""

    month = models.CharField(max_length=6, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.month}: {self.last}"


class RequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=State.open_states())

    def supervised(self):
        return self.filter(is_supervised=True)


class Request(models.Model):
    """A problem an enterprise brings (诉求), followed from submission to rating."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    enterprise = models.ForeignKey(
        "alliances.Enterprise",
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("enterprise"),
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submitted_requests",
        verbose_name=_("submitted by"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="requests", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    channel = models.CharField(
        _("channel"), max_length=14, choices=Channel.choices, default=Channel.WEB
    )
    is_green = models.BooleanField(
        _("green channel"),
        default=False,
        help_text=_("Urgent: handled within the shorter time limit."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    light = models.CharField(
        _("warning light"), max_length=6, choices=Light.choices, default=Light.GREEN
    )
    lead_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_requests",
        verbose_name=_("lead unit"),
    )
    co_units = models.ManyToManyField(
        HandlingUnit, related_name="co_requests", blank=True, verbose_name=_("co-handling units")
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    is_supervised = models.BooleanField(_("under supervision"), default=False)
    reject_reason = models.TextField(_("reason for not accepting"), blank=True)
    result = models.TextField(_("result"), blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    redo_count = models.PositiveSmallIntegerField(_("redone"), default=0)
    return_count = models.PositiveSmallIntegerField(_("returned"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"))
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # Kept by the steps from the times above and the working-day calendar, so that the
    # figures are sums and medians in the database, not a walk over every row in Python.
    signed_in_time = models.BooleanField(
        _("signed for in time"), null=True, blank=True, editable=False,
        help_text=_("Signed for by the end of the working day after dispatch."),
    )  # fmt: skip
    working_days_to_resolve = models.PositiveIntegerField(
        _("working days to resolve"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    # Entered by park staff for a request that came another way (phone, visit, window,
    # letter, the city's 12345 hotline): who brought it and when. The caller's name and
    # number are personal data, stored encrypted and kept out of the change record.
    caller_name = EncryptedCharField(_("caller"), max_length=60, blank=True, db_default="")
    caller_phone = EncryptedCharField(_("caller's phone"), max_length=20, blank=True, db_default="")
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    hotline_number = models.CharField(
        _("12345 ticket number"), max_length=40, blank=True, db_default=""
    )
    # The person of the lead unit who holds the request (承办人).
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="held_requests", verbose_name=_("handler"),
    )  # fmt: skip
    # The clock stops while a dispatcher-approved pause runs (挂起): since when, and the
    # working days of the pauses that ended (the deadline moved on by as many).
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(
        _("working days paused"), default=0, db_default=0, editable=False
    )
    # The service center's revisit call after resolution (回访), when the enterprise was
    # reached: when, and what it said.
    revisited_at = models.DateTimeField(_("revisited at"), null=True, blank=True)
    revisit_rating = models.CharField(
        _("revisit rating"), max_length=12, choices=REVISIT_RATINGS, blank=True, db_default=""
    )
    # How often the enterprise chased it (催办), for the lists; the chase events say when.
    chase_count = models.PositiveSmallIntegerField(
        _("times chased"), default=0, db_default=0, editable=False
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates",
        verbose_name=_("merged into"),
    )  # fmt: skip
    # No longer written (similarity reads ``terms``); kept for the release before, whose
    # code still writes it, and dropped in the next one.
    grams = ArrayField(models.CharField(max_length=40), null=True, blank=True, editable=False)
    # What the title and description are about (portal.text.terms: the park's words, one
    # for each synonym group), for finding the same problem told in other words and for
    # suggesting who should handle it (similarity.py, suggestions.py).
    terms = ArrayField(models.CharField(max_length=40), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("dispatch_request", _("Can accept, dispatch and reject requests")),
            ("supervise_request", _("Can supervise requests")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submitter", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="request_submitted_once",
            )
        ]
        indexes = [
            models.Index(fields=["-submitted_at", "-id"], name="request_staff_list"),
            models.Index(
                fields=["enterprise", "-submitted_at", "-id"], name="request_enterprise_list"
            ),
            models.Index(fields=["state", "-submitted_at"], name="request_state_queue"),
            models.Index(
                fields=["hotline_number"],
                condition=~models.Q(hotline_number=""),
                name="request_hotline_number",
            ),
            models.Index(fields=["lead_unit", "state"], name="request_unit_queue"),
            models.Index(
                fields=["handler", "state"],
                condition=models.Q(handler__isnull=False),
                name="request_handler_queue",
            ),
            # Resolved requests waiting for their revisit call.
            models.Index(
                fields=["resolved_at"],
                condition=models.Q(resolved_at__isnull=False, revisited_at__isnull=True),
                name="request_revisit_queue",
            ),
            models.Index(
                fields=["revisited_at"],
                condition=models.Q(revisited_at__isnull=False),
                name="request_revisited",
            ),
            GinIndex(
                fields=["grams"],
                condition=models.Q(state__in=sorted(State.open_states())),
                name="request_open_grams",
            ),
            GinIndex(
                fields=["terms"],
                condition=models.Q(state__in=sorted(State.open_states())),
                name="request_open_terms",
            ),
            # The newest open requests first, open ones only: the similar requests' candidates
            # are the newest open rows sharing a key term, read in this order until enough
            # are found (at a million requests, without it the read walks the closed ones).
            models.Index(
                fields=["-id"],
                condition=models.Q(state__in=sorted(State.open_states())),
                name="request_open_newest",
            ),
            # Past requests sharing a term: the ones that back a suggested unit.
            GinIndex(
                fields=["terms"],
                condition=models.Q(lead_unit__isnull=False),
                name="request_dispatched_terms",
            ),
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="request_merged",
            ),
            models.Index(
                fields=["deadline"],
                condition=models.Q(state__in=sorted(State.open_states())),
                name="request_open_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def caller_masked(self) -> str:
        """Who brought an entered request, as staff pages show it: 张** 138****5678."""
        parts = (mask_name(self.caller_name), mask_mobile(self.caller_phone))
        return " ".join(part for part in parts if part)

    @property
    def is_open(self) -> bool:
        return self.state in State.open_states()

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def pending_pause(self):
        return next((p for p in self.pauses.all() if p.status == ReviewStatus.PENDING), None)

    @property
    def running_pause(self):
        return next(
            (p for p in self.pauses.all()
             if p.status == ReviewStatus.APPROVED and p.ended_at is None), None,
        )  # fmt: skip

    @property
    def pending_return(self):
        return next(
            (a for a in self.return_applications.all() if a.status == ReviewStatus.PENDING), None
        )

    @property
    def pending_extension(self):
        return next(
            (e for e in self.extension_requests.all() if e.status == ReviewStatus.PENDING), None
        )

    @property
    def open_notice(self):
        """The newest supervision notice the unit has not acknowledged yet."""
        return next((n for n in self.supervision_notices.all() if n.acknowledged_at is None), None)


class MonthFigures(models.Model):
    """One month's counts for one group of requests (all of them, a lead unit, a category, a
    chain, a channel), by the month of submission.

    Kept by a database trigger in the same transaction as every write to a request or to an
    enterprise's chains (migration 0009), so no write path can forget it;
    ``manage.py rebuild_figures`` recomputes them from the requests. ``group`` is the unit's,
    category's or chain's id, the channel's code, or "" (all; not dispatched; no chain)."""

    dimension = models.CharField(max_length=10, choices=FigureDimension.choices)
    month = models.DateField()
    group = models.CharField(max_length=40, blank=True, db_column="grp")
    total = models.IntegerField(default=0)
    dispatched = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    signed = models.IntegerField(default=0)
    signed_timely = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    redone = models.IntegerField(default=0)
    negative = models.IntegerField(default=0)
    positive = models.IntegerField(default=0)
    not_rated = models.IntegerField(default=0)
    overdue_open = models.IntegerField(default=0)

    COUNTS = (
        "total", "dispatched", "returned", "signed", "signed_timely", "resolved", "on_time",
        "redone", "negative", "positive", "not_rated", "overdue_open",
    )  # fmt: skip

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "month", "group"], name="month_figures_once"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension} {self.group}"


class MonthValueCount(models.Model):
    """How many requests of a month and group took a value of a timed measure: the
    histograms the medians are read from. ``sign`` counts tenths of an hour from dispatch to
    sign-for, ``days`` working days from dispatch to resolution."""

    dimension = models.CharField(max_length=10, choices=FigureDimension.choices)
    month = models.DateField()
    group = models.CharField(max_length=40, blank=True, db_column="grp")
    measure = models.CharField(max_length=4)
    value = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "month", "group", "measure", "value"],
                name="month_value_once",
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension} {self.group} {self.measure}={self.value}"


class RequestEventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_internal=False)


class RequestEvent(models.Model):
    """One step taken on a request: who, when, from which state to which, and a note.

    Append-only: the model refuses updates and deletes, and a database trigger backs that."""

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="events", verbose_name=_("request")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    from_state = models.CharField(_("from"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=State.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_internal = models.BooleanField(_("internal"), default=False)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = RequestEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "id"]
        indexes = [
            # Chases are counted per unit in the figures, and found once per day per request.
            models.Index(
                fields=["request", "created_at"],
                condition=models.Q(step="chase"),
                name="request_event_chases",
            ),
        ]

    def __str__(self):
        return f"{self.request.number} {self.get_step_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Request events are never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Request events are never deleted."))


def attachment_path(instance, filename):
    # Random names under a private root: nothing here is reachable as a static URL.
    return f"requests/{instance.request_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file given with a request or a step; served only to those who may see the request."""

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("request")
    )
    event = models.ForeignKey(
        RequestEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    is_internal = models.BooleanField(_("internal"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class ReviewedApplication(models.Model):
    """What a unit asks of the dispatchers and how they decided: shared by return
    applications and extension requests."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ReturnApplication(ReviewedApplication):
    """A unit's application to give a request back (退单申请), reviewed by a dispatcher."""

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="return_applications"
    )
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("return application")
        verbose_name_plural = _("return applications")
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status=ReviewStatus.PENDING),
                name="one_pending_return_per_request",
            )
        ]

    def __str__(self):
        return f"{self.request.number} · {self.get_status_display()}"


class ExtensionRequest(ReviewedApplication):
    """A unit's application for more time (申请延期), decided by a dispatcher or supervisor."""

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="extension_requests"
    )
    requested_deadline = models.DateTimeField(_("requested deadline"))

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status=ReviewStatus.PENDING),
                name="one_pending_extension_per_request",
            )
        ]

    def __str__(self):
        return f"{self.request.number} → {self.requested_deadline:%Y-%m-%d}"


class Pause(ReviewedApplication):
    """The lead unit's application to stop the clock (挂起) while it waits on something
    outside its hands, decided by a dispatcher. It runs from approval until the enterprise
    adds the awaited material, a dispatcher resumes it, or the date set comes."""

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="pauses")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="+")
    until = models.DateField(_("resume on"), null=True, blank=True)
    awaits_material = models.BooleanField(_("waits for the enterprise's material"), default=False)
    started_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    end_reason = models.CharField(
        _("resumed because"), max_length=10, choices=PauseEnd.choices, blank=True
    )
    working_days = models.PositiveIntegerField(_("working days paused"), null=True, blank=True)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=models.Q(status=ReviewStatus.PENDING),
                name="one_pending_pause_per_request",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status=ReviewStatus.APPROVED, ended_at__isnull=True),
                name="one_running_pause_per_request",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(
                fields=["until"],
                condition=models.Q(status=ReviewStatus.APPROVED, ended_at__isnull=True),
                name="pause_running_until",
            )
        ]

    def __str__(self):
        return f"{self.request.number} · {self.get_status_display()}"


class Revisit(models.Model):
    """A revisit call after resolution (回访): reached or not, and when reached how satisfied
    the enterprise is; 不满意 may send the request back to be redone."""

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="revisits")
    reached = models.BooleanField(_("reached"))
    rating = models.CharField(_("satisfaction"), max_length=12, choices=REVISIT_RATINGS, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    sent_back = models.BooleanField(_("sent back to be redone"), default=False)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("called by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("revisit")
        verbose_name_plural = _("revisits")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request.number} · {self.created_at:%Y-%m-%d}"


class TypicalCase(models.Model):
    """A resolved request told for the next enterprise (典型案例): a public text an editor
    wrote, with no enterprise or person named; never published by itself."""

    request = models.OneToOneField(
        Request, on_delete=models.SET_NULL, null=True, blank=True, related_name="typical_case",
        verbose_name=_("request"),
    )  # fmt: skip
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    chain = models.ForeignKey(
        "alliances.Chain", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("chain"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=120)
    problem = models.TextField(_("the problem"), max_length=3000)
    solution = models.TextField(_("how it was solved"), max_length=3000)
    is_published = models.BooleanField(_("published"), default=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("published by"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    views = models.PositiveIntegerField(_("views"), default=0, editable=False)
    seen_before_submit = models.PositiveIntegerField(
        _("opened before a request was submitted"), default=0, editable=False
    )
    grams = ArrayField(models.CharField(max_length=40), default=list, editable=False)  # unused
    terms = ArrayField(models.CharField(max_length=40), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from portal.text import terms

        self.terms = terms(self.title, self.problem)
        fields = kwargs.get("update_fields")
        if fields is not None and {"title", "problem"} & set(fields):
            kwargs["update_fields"] = {*fields, "terms"}
        super().save(*args, **kwargs)


class SupervisionNotice(models.Model):
    """A supervision notice (督办单): level, instruction, maybe a new deadline; the unit
    acknowledges it."""

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="supervision_notices"
    )
    level = models.CharField(_("level"), max_length=8, choices=SupervisionLevel.choices)
    instruction = models.TextField(_("instruction"))
    new_deadline = models.DateTimeField(_("new deadline"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.request.number} · {self.get_level_display()}"


class ReplyTemplate(models.Model):
    """A short text a unit reuses in progress notes and results (常用语), put into the form
    with one click on the request's page."""

    unit = models.ForeignKey(
        HandlingUnit, on_delete=models.CASCADE, related_name="reply_templates",
        verbose_name=_("unit"),
    )  # fmt: skip
    title = models.CharField(_("short name"), max_length=20)
    text = models.TextField(_("text"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["unit", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "title"],
                name="reply_template_once_per_unit",
                violation_error_message=_("Your unit already has a reply with this short name."),
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.title}"


class TermCount(models.Model):
    """How many of the park's requests use a term (``Request.terms``): a term most requests
    use says little when two requests share it. Refitted by ``services.loop.tasks.refit_text``."""

    term = models.CharField(max_length=40, primary_key=True)
    requests = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("term count")
        verbose_name_plural = _("term counts")

    def __str__(self):
        return f"{self.term} · {self.requests}"


class TextFit(models.Model):
    """One refit of what the portal learns from the park's own requests: the term counts and
    the profiles the dispatch suggestion reads (when, on how many requests, how long)."""

    fitted_at = models.DateTimeField(_("fitted at"), auto_now_add=True)
    requests = models.PositiveIntegerField(_("requests read"))
    dispatched = models.PositiveIntegerField(_("dispatched requests learned from"))
    seconds = models.FloatField(_("seconds taken"))

    class Meta:
        verbose_name = _("text model fit")
        verbose_name_plural = _("text model fits")
        ordering = ["-fitted_at"]
        get_latest_by = "fitted_at"

    def __str__(self):
        return f"{self.fitted_at:%Y-%m-%d %H:%M} · {self.requests}"


class ProfileTerm(models.Model):
    """How strongly a term speaks for a lead unit, a co-handling unit or a category, learned
    from the requests dispatched so far (a normalised TF-IDF centroid, suggestions.py)."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("lead unit")
        CO = "co", _("co-handling unit")
        CATEGORY = "category", _("category")
        # The share of a category's requests each unit led (term: the category's id).
        CATEGORY_LEAD = "cat_lead", _("lead unit by category")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.PositiveIntegerField()  # the unit's or the category's id
    term = models.CharField(max_length=40)
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "term", "key"], name="profile_term_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.key} · {self.term} {self.weight:.3f}"


class DispatchSuggestion(models.Model):
    """What the portal suggested to the dispatcher for a submitted request (never dispatched
    by itself), and whether the dispatch followed it."""

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, related_name="suggestion", verbose_name=_("request")
    )
    lead_unit = models.ForeignKey(
        HandlingUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("lead unit")
    )
    confidence = models.FloatField(_("confidence"))
    co_units = models.ManyToManyField(HandlingUnit, related_name="+", blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("category"),
    )  # fmt: skip
    made_at = models.DateTimeField(_("suggested at"), auto_now_add=True)
    # Set when the request is dispatched: did the lead unit chosen match the suggestion?
    taken = models.BooleanField(_("suggestion taken"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch suggestion")
        verbose_name_plural = _("dispatch suggestions")
        indexes = [
            models.Index(
                fields=["made_at"],
                condition=models.Q(taken__isnull=False),
                name="suggestion_taken_by_month",
            )
        ]

    def __str__(self):
        return f"{self.request_id} → {self.lead_unit_id} ({self.confidence:.2f})"


# Every change on record (portal/history.py); the steps also write the request's timeline
# (RequestEvent, append-only), which is what enterprises and units read.
track_history(
    HandlingUnit, Category, Request, Attachment, ReturnApplication, ExtensionRequest,
    SupervisionNotice, ReplyTemplate, Pause, Revisit, TypicalCase,
    exclude={"Request": ["caller_name", "caller_phone", "grams", "terms"],
             "TypicalCase": ["views", "seen_before_submit", "grams", "terms"]},
)  # fmt: skip
track_links(HandlingUnit.handlers.through, app_label="services", model_name="UnitHandlerHistory")
