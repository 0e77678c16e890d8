"""Floors and venues are kept here; bookings are made and decided on their pages and read
here."""

from django.contrib import admin

from . import models


class VenueInline(admin.TabularInline):
    model = models.Venue
    fields = ["name", "kind", "capacity", "opens_at", "closes_at", "needs_approval", "is_bookable"]
    extra = 0


@admin.register(models.Floor)
class FloorAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "purpose"]
    inlines = [VenueInline]


@admin.register(models.Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "floor", "kind", "capacity", "needs_approval", "is_bookable"]
    list_filter = ["floor", "kind", "needs_approval", "is_bookable"]
    search_fields = ["name", "equipment"]


@admin.register(models.Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["venue", "during", "purpose", "booked_by", "enterprise", "state"]
    list_filter = ["state", "venue__floor"]
    list_select_related = ["venue__floor", "booked_by", "enterprise"]
    search_fields = ["purpose", "enterprise__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
