from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import models, services


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
            services.save_day(day=obj)
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
