from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import calendar, privacy
from .errors import StepRefused
from .forms import ErasureDecisionForm
from .models import (
    CalendarDay,
    ErasureRequest,
    Heartbeat,
    Notification,
    PersonalDataRead,
    SynonymGroup,
    User,
)
from .personal_data import LogsPersonalDataReads, looks_like_mobile, mobile_index

admin.site.site_header = _("Park party-service center administration")
admin.site.site_title = _("Park portal administration")
admin.site.index_title = _("Registries and settings")


@admin.register(User)
class UserAdmin(LogsPersonalDataReads, DjangoUserAdmin):
    personal_fields = ["phone"]

    list_display = [
        "username",
        "name",
        "masked_phone",
        "email",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    # The mobile is encrypted: a search for a mobile number goes through its blind index.
    search_fields = ["username", "name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["name", "phone", "email", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "name", "phone", "email", "password1", "password2"],
            },
        )
    ]

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return obj.masked_phone

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if looks_like_mobile(search_term):
            found |= queryset.filter(phone_index=mobile_index(search_term))
        return found, may_have_duplicates

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser may hand out superuser status or permissions one by one;
            # park administrators manage people through the role groups.
            readonly += ["is_superuser", "user_permissions"]
        return readonly


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "delivered_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["title", "recipient__username", "recipient__name"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "stamped_at"]
    readonly_fields = ["name", "stamped_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    """The park's own words for one thing (路灯 照明灯 街灯): similar requests, suggested
    dispatch and hot topics read them beside the list that ships (portal/text/synonyms.txt);
    every process uses a change within a minute."""

    list_display = ["words", "note", "updated_at"]
    search_fields = ["words", "note"]


@admin.register(CalendarDay)
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


@admin.register(PersonalDataRead)
class PersonalDataReadAdmin(admin.ModelAdmin):
    """Who saw which personal data unmasked; nobody edits or deletes these rows."""

    list_display = ["read_at", "reader", "subject", "fields", "rows", "url"]
    list_filter = ["read_at"]
    search_fields = ["subject", "reader__username", "reader__name"]
    date_hierarchy = "read_at"
    list_select_related = ["reader"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ErasureDecisionAdminForm(forms.ModelForm):
    decision = ErasureDecisionForm.base_fields["decision"]
    note = ErasureDecisionForm.base_fields["note"]

    class Meta:
        model = ErasureRequest
        fields = []

    def clean(self):
        data = super().clean()
        if self.instance.status != ErasureRequest.Status.PENDING:
            raise forms.ValidationError(_("This deletion request has already been decided."))
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the request is refused: the person is told."))
        return data


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Deletion requests: staff decide; carrying one out anonymises the person's data and
    records what was kept and why (portal.privacy)."""

    form = ErasureDecisionAdminForm
    list_display = ["created_at", "user", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "decided_by"]
    readonly_fields = ["user", "reason", "status", "created_at", "outcome", "decided_by",
                       "decided_at"]  # fmt: skip

    def get_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.status == ErasureRequest.Status.PENDING:
            fields += ["decision", "note"]
        return fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            privacy.decide(
                actor=request.user, request_id=obj.pk,
                carry_out=form.cleaned_data["decision"] == "carry_out",
                note=form.cleaned_data.get("note", ""),
            )  # fmt: skip
        except StepRefused as refused:
            self.message_user(request, refused.message, level="error")
