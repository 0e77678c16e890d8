from django.contrib import admin

from .models import Enterprise, EnterpriseMembership


class MembershipInline(admin.TabularInline):
    model = EnterpriseMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "created_at"]
    search_fields = ["name", "credit_code"]
    inlines = [MembershipInline]


@admin.register(EnterpriseMembership)
class EnterpriseMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "enterprise", "is_admin", "joined_at"]
    list_filter = ["is_admin"]
    search_fields = ["user__username", "user__name", "enterprise__name", "enterprise__credit_code"]
    autocomplete_fields = ["user", "enterprise"]
    list_select_related = ["user", "enterprise"]
