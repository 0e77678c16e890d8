"""The talent registry, innovation and the lectures kept by talent officers. A talent's ID
number and mobile appear here only to those who may see them (each opening is logged);
everyone else sees them masked and cannot change them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.personal_data import LogsPersonalDataReads

from . import models
from .permissions import sees_identity


@admin.register(models.Talent)
class TalentAdmin(LogsPersonalDataReads, admin.ModelAdmin):
    list_display = ["name", "level", "field", "enterprise", "masked_id", "status"]
    list_filter = ["level", "status", "education"]
    list_select_related = ["enterprise"]
    search_fields = ["name", "field", "enterprise__name"]
    autocomplete_fields = ["enterprise"]
    personal_fields = models.Talent.PERSONAL_FIELDS

    @admin.display(description=_("resident ID number"))
    def masked_id(self, obj):
        return obj.masked_id_number

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return obj.masked_mobile

    def get_exclude(self, request, obj=None):
        if sees_identity(request.user):
            return []
        return models.Talent.PERSONAL_FIELDS

    def get_readonly_fields(self, request, obj=None):
        if sees_identity(request.user) or obj is None:
            return []
        return ["masked_id", "masked_phone"]

    def has_add_permission(self, request):
        # A talent is registered with the ID number: only by those who may see it.
        return super().has_add_permission(request) and sees_identity(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not sees_identity(request.user):  # nothing unmasked shown: nothing to log
            return admin.ModelAdmin.change_view(self, request, object_id, form_url, extra_context)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(models.TalentDemand)
class TalentDemandAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise", "field", "number", "state", "posted_at"]
    list_filter = ["state"]
    list_select_related = ["enterprise"]
    search_fields = ["title", "field", "enterprise__name"]
    autocomplete_fields = ["enterprise"]


class AgreementInline(admin.TabularInline):
    model = models.Agreement
    fields = ["title", "enterprise", "signed_on", "ends_on", "scope"]
    autocomplete_fields = ["enterprise"]
    extra = 0


@admin.register(models.University)
class UniversityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city"]
    search_fields = ["name"]
    inlines = [AgreementInline]


@admin.register(models.Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "level", "enterprise", "university", "year"]
    list_filter = ["type", "level"]
    list_select_related = ["enterprise", "university"]
    search_fields = ["name", "enterprise__name"]
    autocomplete_fields = ["enterprise", "university"]


@admin.register(models.Matchmaking)
class MatchmakingAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "arranged_by", "agreements_signed"]
    list_filter = ["arranged_by"]
    search_fields = ["title"]
    autocomplete_fields = ["enterprises", "universities"]
    date_hierarchy = "held_on"


@admin.register(models.Problem)
class ProblemAdmin(admin.ModelAdmin):
    """Read here; matched and followed on the problem's page (its steps)."""

    list_display = ["title", "enterprise", "state", "university", "team", "posted_at"]
    list_filter = ["state"]
    list_select_related = ["enterprise", "university", "team__unit"]
    search_fields = ["title", "enterprise__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SessionInline(admin.TabularInline):
    model = models.Session
    fields = ["title", "starts_at", "ends_at", "place", "venue", "teacher", "capacity",
              "is_cancelled"]  # fmt: skip
    extra = 1


@admin.register(models.Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "sessions_to_complete", "is_published"]
    list_filter = ["topic", "is_published"]
    search_fields = ["title"]
    inlines = [SessionInline]


@admin.register(models.Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "starts_at", "place", "teacher", "capacity", "is_cancelled"]
    list_filter = ["course__topic", "is_cancelled"]
    list_select_related = ["course"]
    search_fields = ["title", "teacher", "course__title"]
    date_hierarchy = "starts_at"
    exclude = ["check_in_code"]
