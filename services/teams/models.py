"""The Red Chain Service Teams (红链服务队) and what they do for the chain enterprises: the
"four ones" of each chain, the cadres and the firms each looks after, visits and the
problems found on them, help with paperwork (帮办代办) and the preferential policies."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from alliances.choices import EnterpriseLabel, GrowthStage, Scale
from portal.history import track_history

from .choices import CaseState, ProcedureKind


class ServiceTeam(models.Model):
    """The service team of one chain. It works the request loop as its handling unit: the
    unit's leader leads the team and its handlers are the team's cadres."""

    chain = models.OneToOneField(
        "alliances.Chain", on_delete=models.PROTECT, related_name="service_team",
        verbose_name=_("chain"),
    )  # fmt: skip
    unit = models.OneToOneField(
        "services.HandlingUnit", on_delete=models.PROTECT, related_name="team",
        verbose_name=_("handling unit"),
    )  # fmt: skip
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("service team")
        verbose_name_plural = _("service teams")
        ordering = ["chain__order", "chain_id"]

    def __str__(self):
        return self.unit.name


class Cadre(models.Model):
    """A party cadre seconded to a service team (a staff user with the cadre role), with the
    post and office phone the enterprises see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cadre",
        verbose_name=_("user"),
    )  # fmt: skip
    team = models.ForeignKey(
        ServiceTeam, on_delete=models.PROTECT, related_name="cadres", verbose_name=_("team")
    )
    post = models.CharField(_("post"), max_length=60, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=20, blank=True)
    background = models.CharField(
        _("background"), max_length=60, blank=True, help_text=_("e.g. party affairs, economy")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["team", "user__name"]

    def __str__(self):
        return str(self.user)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A cadre handles the requests dispatched to the team: one of its unit's people.
        if self.is_active:
            self.team.unit.handlers.add(self.user)


class FourOnes(models.Model):
    """The "four ones" (四个一) of a chain: one party/government leader in charge, one
    development plan, one service task force (the chain's team) and one set of
    preferential policies (the policies for the chain)."""

    chain = models.OneToOneField(
        "alliances.Chain", on_delete=models.PROTECT, related_name="four_ones",
        verbose_name=_("chain"),
    )  # fmt: skip
    leader_name = models.CharField(_("leader in charge"), max_length=40)
    leader_post = models.CharField(_("leader's post"), max_length=80)
    plan_title = models.CharField(_("development plan"), max_length=120)
    plan_goals = models.TextField(_("goals of the plan"))
    plan_period = models.CharField(_("plan period"), max_length=20, help_text=_("e.g. 2024–2026"))

    class Meta:
        verbose_name = _("four ones of a chain")
        verbose_name_plural = _("four ones of the chains")

    def __str__(self):
        return str(self.chain)


class PlanTarget(models.Model):
    """A yearly target of a chain's development plan."""

    four_ones = models.ForeignKey(FourOnes, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target = models.CharField(_("target"), max_length=200)

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["year", "id"]

    def __str__(self):
        return f"{self.year} {self.target}"


class Liaison(models.Model):
    """The cadre who looks after an enterprise (包联干部): its first call for anything."""

    enterprise = models.OneToOneField(
        "alliances.Enterprise", on_delete=models.CASCADE, related_name="liaison",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="firms", verbose_name=_("liaison cadre")
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now=True)

    class Meta:
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")

    def __str__(self):
        return f"{self.enterprise} · {self.cadre}"


class Visit(models.Model):
    """A cadre's visit to an enterprise (走访): whom they met, what they talked about, and
    the problems found, each of which became a request of the loop (``VisitProblem``)."""

    team = models.ForeignKey(
        ServiceTeam, on_delete=models.PROTECT, related_name="visits", verbose_name=_("team")
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="visits", verbose_name=_("cadre")
    )
    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.PROTECT, related_name="visits",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    visited_on = models.DateField(_("visited on"))
    people_met = models.CharField(_("people met"), max_length=200)
    topics = models.TextField(_("topics"), max_length=3000)
    # The form's key: a double-clicked form logs one visit, not two.
    idempotency_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["team", "visited_on"], name="visit_team_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="visit_logged_once",
            )
        ]

    def __str__(self):
        return f"{self.visited_on} {self.enterprise}"


class VisitProblem(models.Model):
    """A problem found on a visit, and the request of the loop it became."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="problems")
    request = models.OneToOneField(
        "services.Request", on_delete=models.PROTECT, related_name="visit_problem",
        verbose_name=_("request"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("problem found on a visit")
        verbose_name_plural = _("problems found on visits")

    def __str__(self):
        return str(self.request)


class VisitPlan(models.Model):
    """A team's visits planned for a quarter; its coverage is counted from the visits."""

    team = models.ForeignKey(
        ServiceTeam, on_delete=models.CASCADE, related_name="plans", verbose_name=_("team")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    planned_visits = models.PositiveIntegerField(_("visits planned"))
    note = models.TextField(_("focus"), blank=True)

    class Meta:
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        ordering = ["-year", "-quarter", "team"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year", "quarter"],
                name="visit_plan_once_per_quarter",
                violation_error_message=_("This team has a plan for that quarter already."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="visit_plan_quarter"
            ),
        ]

    def __str__(self):
        return f"{self.team} {self.year}Q{self.quarter}"


class PaperworkCase(models.Model):
    """Help with a procedure (帮办代办): a cadre handles a permit, a registration or an
    application for an enterprise, from its asking (or the cadre's own offer) to the
    result."""

    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.PROTECT, related_name="paperwork_cases",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    team = models.ForeignKey(
        ServiceTeam, on_delete=models.PROTECT, related_name="paperwork_cases",
        verbose_name=_("team"),
    )  # fmt: skip
    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, null=True, blank=True, related_name="paperwork_cases",
        verbose_name=_("cadre"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=14, choices=ProcedureKind.choices)
    procedure = models.CharField(_("procedure"), max_length=120)
    details = models.TextField(_("details"), blank=True, max_length=2000)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("asked by"),
    )  # fmt: skip
    state = models.CharField(
        _("state"), max_length=12, choices=CaseState.choices, default=CaseState.ASKED
    )
    opened_on = models.DateField(_("opened on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("paperwork case")
        verbose_name_plural = _("paperwork cases")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["team", "opened_on"], name="paperwork_team_month")]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(finished_on__gte=F("opened_on")),
                name="paperwork_finished_after_opened",
                violation_error_message=_("A case cannot finish before it was opened."),
            )
        ]

    def __str__(self):
        return self.procedure


class Policy(models.Model):
    """A preferential policy (优惠政策) and who is eligible; an empty condition means any
    enterprise meets it."""

    title = models.CharField(_("title"), max_length=160)
    issuer = models.CharField(_("issuing body"), max_length=100)
    benefits = models.TextField(_("benefits"), max_length=4000)
    chains = models.ManyToManyField(
        "alliances.Chain", related_name="policies", blank=True, verbose_name=_("chains"),
        help_text=_("Leave empty for every chain."),
    )  # fmt: skip
    scales = ArrayField(
        models.CharField(max_length=8, choices=Scale.choices), default=list, blank=True,
        verbose_name=_("scales"), help_text=_("Leave empty for any scale."),
    )  # fmt: skip
    labels = ArrayField(
        models.CharField(max_length=20, choices=EnterpriseLabel.choices), default=list,
        blank=True, verbose_name=_("labels"),
        help_text=_("An enterprise with any of them is eligible; leave empty for any."),
    )  # fmt: skip
    growth_stages = ArrayField(
        models.CharField(max_length=10, choices=GrowthStage.choices), default=list, blank=True,
        verbose_name=_("growth stages"), help_text=_("Leave empty for any stage."),
    )  # fmt: skip
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(
        _("document"), upload_to="policies/%Y/", blank=True,
        validators=[FileExtensionValidator(["pdf", "doc", "docx", "wps", "ofd"])],
        help_text=_("The policy's text as issued: PDF, Word, WPS or OFD."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="policy_valid_dates",
                violation_error_message=_("A policy cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def conditions(self) -> list[str]:
        """Who is eligible, in words (the chains apart)."""
        named = [(Scale, self.scales), (EnterpriseLabel, self.labels),
                 (GrowthStage, self.growth_stages)]  # fmt: skip
        return [str(choices(value).label) for choices, values in named for value in values]

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class PolicyPush(models.Model):
    """A policy sent to an eligible enterprise's people, once per enterprise."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="pushes")
    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.CASCADE, related_name="policy_pushes"
    )
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    pushed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("policy sent")
        verbose_name_plural = _("policies sent")
        constraints = [
            models.UniqueConstraint(fields=["policy", "enterprise"], name="policy_pushed_once")
        ]

    def __str__(self):
        return f"{self.policy} → {self.enterprise}"


track_history(
    ServiceTeam, Cadre, FourOnes, PlanTarget, Liaison, Visit, VisitPlan, PaperworkCase, Policy,
    exclude={"Visit": ["idempotency_key"]},
)  # fmt: skip
