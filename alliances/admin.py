from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from portal.errors import StepRefused
from portal.excel import SafeXLSX
from portal.personal_data import LogsPersonalDataReads

from . import models, services
from .resources import EnterpriseResource
from .services import generate_rotation


class MembershipInline(admin.TabularInline):
    model = models.EnterpriseMembership
    extra = 0
    autocomplete_fields = ["user"]


class GrowthStepInline(admin.TabularInline):
    """Shown for reference; steps are recorded on the staff page so the current stage follows."""

    model = models.GrowthStep
    extra = 0
    can_delete = False
    readonly_fields = ["stage", "reached_on", "recorded_by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Enterprise)
class EnterpriseAdmin(LogsPersonalDataReads, ExportMixin, admin.ModelAdmin):
    # Imports run on the portal's import page (portal.imports): checked in the background,
    # formula cells refused, all rows or none.
    personal_fields = ["contact_mobile"]
    resource_classes = [EnterpriseResource]
    formats = [SafeXLSX]
    list_display = ["name", "credit_code", "scale", "growth_stage", "employees", "created_at"]
    list_filter = ["chains", "scale", "growth_stage", "chains__alliance"]
    search_fields = ["name", "aliases", "credit_code"]
    autocomplete_fields = ["party_organization"]
    filter_horizontal = ["chains", "links"]
    inlines = [MembershipInline, GrowthStepInline]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        """An edit goes through the same service as on the portal, so it is recorded with who
        and when; a new enterprise is simply created."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = {}
        for name in form.changed_data:
            field = self.model._meta.get_field(name)
            if field.many_to_many:
                continue  # chains and links: saved with the form's relations
            value = form.cleaned_data[name]
            if field.is_relation:
                changes[field.attname] = value.pk if value is not None else None
            else:
                changes[name] = value
        services.update_profile(actor=request.user, enterprise_id=obj.pk, changes=changes)

    def save_related(self, request, form, formsets, change):
        """Chains and links are saved here, after the enterprise: record those changes too."""
        before = services.relation_names(form.instance) if change else None
        super().save_related(request, form, formsets, change)
        if before is not None:
            services.record_relation_changes(actor=request.user, enterprise=form.instance,
                                             before=before)  # fmt: skip


@admin.register(models.EnterpriseMembership)
class EnterpriseMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "enterprise", "is_admin", "joined_at"]
    list_filter = ["is_admin"]
    search_fields = ["user__username", "user__name", "enterprise__name", "enterprise__credit_code"]
    autocomplete_fields = ["user", "enterprise"]
    list_select_related = ["user", "enterprise"]


@admin.register(models.PartyOrganization)
class PartyOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_type", "secretary", "member_count"]
    list_filter = ["org_type"]
    search_fields = ["name", "secretary"]


class SegmentInline(admin.TabularInline):
    model = models.ChainSegment
    extra = 0


@admin.register(models.Chain)
class ChainAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]
    inlines = [SegmentInline]


class LinkInline(admin.TabularInline):
    model = models.ChainLink
    extra = 0


@admin.register(models.ChainSegment)
class ChainSegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "chain", "position", "order"]
    list_filter = ["chain", "position"]
    search_fields = ["name"]
    inlines = [LinkInline]


@admin.register(models.ChainLink)
class ChainLinkAdmin(admin.ModelAdmin):
    list_display = ["name", "segment", "order"]
    list_filter = ["segment__chain", "segment__position"]
    search_fields = ["name"]
    list_select_related = ["segment__chain"]


class MemberInline(admin.TabularInline):
    model = models.AllianceMember
    extra = 0
    autocomplete_fields = ["enterprise", "party_organization"]


@admin.register(models.Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ["name", "chain", "founded_on"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MemberInline]
    actions = ["plan_next_year_rotation"]

    @admin.action(description=_("Plan next year's rotating chair (quarterly)"))
    def plan_next_year_rotation(self, request, queryset):
        year = timezone.localdate().year + 1
        for alliance in queryset:
            try:
                terms = generate_rotation(actor=request.user, alliance_id=alliance.pk, year=year)
            except StepRefused as refused:
                self.message_user(request, f"{alliance}: {refused.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(alliance)s: %(count)d terms planned for %(year)d.")
                    % {"alliance": alliance, "count": len(terms), "year": year},
                )


@admin.register(models.AllianceMember)
class AllianceMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "alliance", "tier", "kind", "rotation_order", "joined_on", "left_on"]
    list_filter = ["alliance", "tier", "kind"]
    search_fields = ["name", "enterprise__name"]
    autocomplete_fields = ["enterprise", "party_organization"]
    list_select_related = ["alliance"]


@admin.register(models.ChairTerm)
class ChairTermAdmin(admin.ModelAdmin):
    list_display = ["alliance", "member", "starts_on", "ends_on"]
    list_filter = ["alliance"]
    date_hierarchy = "starts_on"
    list_select_related = ["alliance", "member"]
    autocomplete_fields = ["member"]


class DecisionInline(admin.TabularInline):
    model = models.MeetingDecision
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(models.JointMeeting)
class JointMeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "alliance", "held_on", "chair"]
    list_filter = ["alliance"]
    search_fields = ["title", "agenda", "minutes"]
    date_hierarchy = "held_on"
    filter_horizontal = ["attendees"]
    autocomplete_fields = ["chair"]
    inlines = [DecisionInline]


@admin.register(models.MeetingDecision)
class MeetingDecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting", "owner", "due_on", "status", "done_on"]
    list_filter = ["status", "meeting__alliance"]
    search_fields = ["text"]
    list_select_related = ["meeting", "owner"]


@admin.register(models.Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "alliance"]
    list_filter = ["year", "alliance"]
    search_fields = ["name"]
    autocomplete_fields = ["participants"]


@admin.register(models.Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "enterprise", "alliance", "year", "economic_benefit"]
    list_filter = ["kind", "year", "alliance"]
    search_fields = ["title", "enterprise__name"]
    autocomplete_fields = ["enterprise"]
    list_select_related = ["enterprise", "alliance"]


@admin.register(models.InvestmentProject)
class InvestmentProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "chain", "link", "stage", "investment_amount", "signed_on"]
    list_filter = ["chain", "stage"]
    search_fields = ["name", "partners"]
    autocomplete_fields = ["enterprise"]
    list_select_related = ["chain", "link"]


@admin.register(models.InvestmentEvent)
class InvestmentEventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "chain", "held_on"]
    list_filter = ["kind", "chain"]
    search_fields = ["title", "counterparts"]
    list_select_related = ["chain"]
    filter_horizontal = ["gaps", "projects"]
    date_hierarchy = "held_on"


@admin.register(models.JoinApplication)
class JoinApplicationAdmin(admin.ModelAdmin):
    list_display = ["enterprise_name", "credit_code", "applicant", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["enterprise_name", "credit_code", "applicant__name"]
    readonly_fields = [f.name for f in models.JoinApplication._meta.fields]
    list_select_related = ["applicant"]

    def has_add_permission(self, request):
        return False  # people apply on the portal; staff review on the review page


@admin.register(models.EnterpriseChange)
class EnterpriseChangeAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "field", "status", "actor", "created_at", "reviewed_by"]
    list_filter = ["status", "field"]
    search_fields = ["enterprise__name"]
    readonly_fields = [f.name for f in models.EnterpriseChange._meta.fields]
    list_select_related = ["enterprise", "actor", "reviewed_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the change log is kept


@admin.register(models.Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "note", "invited_by", "created_at", "accepted_by", "revoked_at"]
    readonly_fields = [f.name for f in models.Invitation._meta.fields]
    list_select_related = ["enterprise", "invited_by", "accepted_by"]

    def has_add_permission(self, request):
        return False


admin.site.empty_value_display = _("(none)")
