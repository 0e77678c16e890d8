"""Providers, their contracts and people, and the catalog are kept here; orders are read
here and moved only by their steps (the order's page or the API)."""

from django.contrib import admin

from . import models


class ServiceInline(admin.TabularInline):
    model = models.MarketService
    fields = ["name", "category", "price_from", "price_to", "price_unit", "expected_days",
              "is_active"]  # fmt: skip
    extra = 0
    show_change_link = True


@admin.register(models.Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "contract_number", "contract_from", "contract_until", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "contract_number"]
    filter_horizontal = ["members"]
    inlines = [ServiceInline]


@admin.register(models.ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(models.MarketService)
class MarketServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "provider", "price_from", "price_to", "expected_days",
                    "is_active"]  # fmt: skip
    list_filter = ["category", "provider", "is_active"]
    list_select_related = ["category", "provider"]
    search_fields = ["name", "description", "provider__name"]


class OrderEventInline(admin.TabularInline):
    model = models.OrderEvent
    fields = ["created_at", "step", "actor", "from_state", "to_state", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["ordered_at", "service", "provider", "enterprise", "state", "rating"]
    list_filter = ["state", "provider", "service__category"]
    list_select_related = ["service", "provider", "enterprise"]
    search_fields = ["enterprise__name", "service__name"]
    date_hierarchy = "ordered_at"
    inlines = [OrderEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
