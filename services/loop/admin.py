from django.contrib import admin

from . import models
from .forms import TypicalCaseForm


@admin.register(models.HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "leader", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "remit"]
    filter_horizontal = ["handlers"]
    autocomplete_fields = ["leader"]


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "default_unit",
        "time_limit_days",
        "green_limit_days",
        "order",
        "is_catch_all",
        "is_active",
    ]
    list_editable = ["time_limit_days", "green_limit_days", "order"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class EventInline(admin.TabularInline):
    model = models.RequestEvent
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "step",
        "actor",
        "unit",
        "from_state",
        "to_state",
        "note",
        "is_internal",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Request)
class RequestAdmin(admin.ModelAdmin):
    """Read-only here: every change goes through the steps on the request's page."""

    list_display = [
        "number",
        "title",
        "enterprise",
        "category",
        "state",
        "light",
        "lead_unit",
        "submitted_at",
    ]
    list_filter = ["state", "light", "channel", "category", "is_green", "is_supervised"]
    search_fields = ["number", "title", "enterprise__name"]
    list_select_related = ["enterprise", "category", "lead_unit"]
    date_hierarchy = "submitted_at"
    inlines = [EventInline]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in models.Request._meta.fields] + ["co_units"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.TypicalCase)
class TypicalCaseAdmin(admin.ModelAdmin):
    """Editors correct a case's public text or take it down (``published`` unticked); a new
    case is written from its request's page, where the text is checked for names."""

    list_display = ["title", "category", "chain", "is_published", "views", "seen_before_submit",
                    "published_at"]  # fmt: skip
    list_filter = ["is_published", "category", "chain"]
    search_fields = ["title"]
    fields = ["title", "category", "chain", "problem", "solution", "confirm", "is_published",
              "request", "published_by", "published_at", "views",
              "seen_before_submit"]  # fmt: skip
    readonly_fields = ["request", "published_by", "published_at", "views", "seen_before_submit"]
    form = TypicalCaseForm  # the same anonymiser and confirm as on publication

    def has_add_permission(self, request):
        return False
