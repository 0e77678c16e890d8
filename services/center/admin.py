"""Floors, venues, rooms and the service circle are kept here; bookings, events'
registrations and accommodation applications are made and decided on their pages and read
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


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    """Events are scheduled on their page (which books the venue); here their words are kept."""

    list_display = ["title", "kind", "venue", "starts_at", "capacity", "is_cancelled"]
    list_filter = ["kind", "is_cancelled"]
    search_fields = ["title", "organiser"]
    list_select_related = ["venue__floor"]
    readonly_fields = ["venue", "starts_at", "ends_at", "is_cancelled"]
    fields = ["title", "kind", "venue", "starts_at", "ends_at", "capacity", "organiser",
              "description", "is_cancelled"]  # fmt: skip

    def has_add_permission(self, request):
        return False


class BedInline(admin.TabularInline):
    model = models.Bed
    extra = 0


@admin.register(models.Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "monthly_rent", "is_available"]
    list_filter = ["building", "kind", "is_available"]
    search_fields = ["building", "number"]
    inlines = [BedInline]


@admin.register(models.StayApplication)
class StayApplicationAdmin(admin.ModelAdmin):
    list_display = ["occupant", "enterprise", "wanted", "state", "bed", "stay"]
    list_filter = ["state", "occupant_kind"]
    list_select_related = ["enterprise", "bed__room"]
    search_fields = ["occupant", "enterprise__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "walking_minutes", "direction", "hours"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
