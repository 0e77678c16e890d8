"""Banks and their keys, and a read-only view of financing for staff; meetings are managed
here. A key is shown once, when it is created or rotated, and only its hash is kept."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from . import actions, models

# Keys belong to a bank here; the package's bank-less key model stays out of the admin.
admin.site.unregister(APIKey)


@admin.register(models.Bank)
class BankAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "agreement_signed_on", "response_days", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["staff"]


@admin.register(models.BankAPIKey)
class BankAPIKeyAdmin(APIKeyModelAdmin):
    list_display = ["name", "bank", "prefix", "created", "expiry_date", "_has_expired",
                    "revoked", "last_used_at"]  # fmt: skip
    list_filter = ["bank", "revoked"]
    list_select_related = ["bank"]
    fields = ["bank", "name", "prefix", "expiry_date", "revoked", "last_used_at"]
    actions = ["rotate"]

    def get_readonly_fields(self, request, obj=None):
        fields = (*super().get_readonly_fields(request, obj), "last_used_at")
        return (*fields, "bank") if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        key = actions.issue_key(obj)
        self.message_user(request, self._shown_once(obj, key), messages.WARNING)

    @staticmethod
    def _shown_once(obj, key):
        return _("The API key “%(name)s” of %(bank)s is: %(key)s. Give it to the bank now: "
                 "it is stored hashed and cannot be shown again.") % {
            "name": obj.name, "bank": obj.bank, "key": key}  # fmt: skip

    @admin.action(description=_("Rotate: issue a new key; the old one works for 7 more days"))
    def rotate(self, request, queryset):
        rotated = 0
        for old in queryset.filter(revoked=False):
            new, key = actions.rotate_key(key_id=old.pk)
            self.message_user(request, self._shown_once(new, key), messages.WARNING)
            rotated += 1
        self.message_user(
            request,
            ngettext("%d key rotated.", "%d keys rotated.", rotated) % rotated,
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Financing changes only through the enterprise's and the bank's own steps."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConsentInline(admin.TabularInline):
    model = models.NeedConsent
    fields = ["to_all_banks", "given_by", "given_at", "withdrawn_at", "withdrawn_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.FinancingNeed)
class FinancingNeedAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "amount", "term_months", "urgency", "status", "created_at"]
    list_filter = ["status", "urgency"]
    search_fields = ["enterprise__name"]
    list_select_related = ["enterprise"]
    exclude = ["contact_mobile", "contact_id_number"]  # personal data stays in the portal
    inlines = [ConsentInline]


@admin.register(models.Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["need", "bank", "amount", "rate", "term_months", "status", "created_at"]
    list_filter = ["status", "bank"]
    search_fields = ["need__enterprise__name", "bank__name"]
    list_select_related = ["need__enterprise", "bank"]


@admin.register(models.Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "bank", "amount", "granted_on", "term_months"]
    list_filter = ["bank"]
    search_fields = ["enterprise__name", "bank__name"]
    date_hierarchy = "granted_on"
    list_select_related = ["enterprise", "bank"]


@admin.register(models.BankAccessLog)
class BankAccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "bank", "key", "method", "path", "status_code", "need_ids"]
    list_filter = ["bank", "status_code"]
    list_select_related = ["bank", "key"]
    date_hierarchy = "at"


class RegistrationInline(admin.TabularInline):
    model = models.MeetingRegistration
    fields = ["enterprise", "attendees", "registered_by", "created_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.MatchmakingMeeting)
class MatchmakingMeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "place", "registration_open"]
    date_hierarchy = "date"
    search_fields = ["title"]
    filter_horizontal = ["banks"]
    autocomplete_fields = ["needs", "offers", "loans"]
    inlines = [RegistrationInline]
