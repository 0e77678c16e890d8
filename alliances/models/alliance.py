"""The industry-chain party alliances (产业链党建联盟): members, rotating chairs, joint
meetings and their decisions, campaigns, honours, investment projects and the
investment-attraction events that look for them."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import (
    DecisionStatus,
    HonourKind,
    InvestmentEventKind,
    MemberKind,
    MemberTier,
    ProjectStage,
)
from .chain_map import Chain, ChainLink
from .common import MONEY, DateRange
from .registry import Enterprise, PartyOrganization


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


class InvestmentEvent(models.Model):
    """An investment-attraction event (招商活动) of a chain: a conference (e.g. an
    offshore-wind seminar) or an online negotiation, the gaps of the chain's panorama it
    targets and the investment projects that followed from it."""

    kind = models.CharField(_("kind"), max_length=12, choices=InvestmentEventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    chain = models.ForeignKey(
        Chain, on_delete=models.PROTECT, related_name="investment_events", verbose_name=_("chain")
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(
        _("place"), max_length=120, blank=True, help_text=_("Empty for an online negotiation.")
    )
    counterparts = models.CharField(
        _("counterparts"), max_length=300, blank=True,
        help_text=_("The investors, firms or associations met."),
    )  # fmt: skip
    gaps = models.ManyToManyField(
        ChainLink, blank=True, related_name="investment_events",
        verbose_name=_("panorama gaps targeted"),
    )  # fmt: skip
    projects = models.ManyToManyField(
        InvestmentProject, blank=True, related_name="investment_events",
        verbose_name=_("projects that followed"),
    )  # fmt: skip
    outcome = models.TextField(_("outcome"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("investment-attraction event")
        verbose_name_plural = _("investment-attraction events")
        ordering = ["-held_on", "title"]
        indexes = [models.Index(fields=["chain", "kind"], name="invest_event_chain")]

    def __str__(self):
        return self.title
