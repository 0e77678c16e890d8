from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import calendar, models, reception


@admin.register(models.CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "name"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar.clear_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar.clear_cache()


@admin.register(models.HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "leader", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
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


class BookingInline(admin.TabularInline):
    model = models.ReceptionBooking
    extra = 0
    fields = ["enterprise", "topic", "attendees", "status", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReceptionDayForm(forms.ModelForm):
    class Meta:
        model = models.ReceptionDay
        fields = ["month", "date", "host", "place", "slots", "departments", "status", "note"]

    def clean(self):
        cleaned = super().clean()
        moved = self.instance.pk and {"date", "status"} & set(self.changed_data)
        if moved and not (cleaned.get("note") or "").strip():
            self.add_error(
                "note",
                _("Say why the day is moved or cancelled: the enterprises booked are told."),
            )
        return cleaned


@admin.register(models.ReceptionDay)
class ReceptionDayAdmin(admin.ModelAdmin):
    """Admins move or cancel a day here, with the reason enterprises will read; everyone
    booked or waiting is told."""

    form = ReceptionDayForm

    list_display = ["date", "month", "host", "place", "slots", "status"]
    list_filter = ["status"]
    date_hierarchy = "date"
    autocomplete_fields = ["host"]
    filter_horizontal = ["departments"]
    inlines = [BookingInline]

    def save_model(self, request, obj, form, change):
        if change:
            reception.save_day(day=obj)
        else:
            super().save_model(request, obj, form, change)


@admin.register(models.ReceptionBooking)
class ReceptionBookingAdmin(admin.ModelAdmin):
    list_display = ["day", "enterprise", "topic", "status", "created_at"]
    list_filter = ["status", "day"]
    search_fields = ["enterprise__name", "topic"]
    list_select_related = ["day", "enterprise"]
    readonly_fields = [
        "day",
        "enterprise",
        "booked_by",
        "topic",
        "attendees",
        "status",
        "cancelled_at",
    ]

    def has_add_permission(self, request):
        return False


from .finance import admin as _finance_admin  # noqa: E402, F401
