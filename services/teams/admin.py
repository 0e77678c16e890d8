"""The teams, their cadres, each chain's "four ones" and the policies are kept here; visits
and paperwork cases are recorded from their pages and read here."""

from django.contrib import admin

from . import models


class CadreInline(admin.TabularInline):
    model = models.Cadre
    fields = ["user", "post", "office_phone", "background", "is_active"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(models.ServiceTeam)
class ServiceTeamAdmin(admin.ModelAdmin):
    list_display = ["unit", "chain", "founded_on"]
    list_select_related = ["unit", "chain"]
    inlines = [CadreInline]


@admin.register(models.Cadre)
class CadreAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "post", "office_phone", "is_active"]
    list_filter = ["team", "is_active"]
    list_select_related = ["user", "team__unit"]
    search_fields = ["user__name", "user__username", "post"]
    autocomplete_fields = ["user"]


class PlanTargetInline(admin.TabularInline):
    model = models.PlanTarget
    extra = 1


@admin.register(models.FourOnes)
class FourOnesAdmin(admin.ModelAdmin):
    list_display = ["chain", "leader_name", "leader_post", "plan_title", "plan_period"]
    inlines = [PlanTargetInline]


@admin.register(models.Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "cadre", "assigned_at"]
    list_filter = ["cadre__team"]
    list_select_related = ["enterprise", "cadre__user"]
    search_fields = ["enterprise__name", "cadre__user__name"]
    autocomplete_fields = ["enterprise"]


@admin.register(models.VisitPlan)
class VisitPlanAdmin(admin.ModelAdmin):
    list_display = ["team", "year", "quarter", "planned_visits"]
    list_filter = ["team", "year"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Visit)
class VisitAdmin(ReadOnly):
    list_display = ["visited_on", "enterprise", "cadre", "team"]
    list_filter = ["team"]
    list_select_related = ["enterprise", "cadre__user", "team__unit"]
    date_hierarchy = "visited_on"
    search_fields = ["enterprise__name"]


@admin.register(models.PaperworkCase)
class PaperworkCaseAdmin(ReadOnly):
    list_display = ["opened_on", "procedure", "kind", "enterprise", "team", "cadre", "state"]
    list_filter = ["team", "kind", "state"]
    list_select_related = ["enterprise", "team__unit", "cadre__user"]
    date_hierarchy = "opened_on"
    search_fields = ["procedure", "enterprise__name"]


@admin.register(models.Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "valid_from", "valid_until"]
    list_filter = ["chains"]
    search_fields = ["title", "issuer"]
    filter_horizontal = ["chains"]
