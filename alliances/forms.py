from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.personal_data import mobile_index, normalize_mobile, validate_mobile

from .choices import EnterpriseLabel, GrowthStage
from .models import Enterprise
from .validators import normalize_credit_code, validate_credit_code


class ApplicationFields(forms.Form):
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=20,
        help_text=_("18 characters, printed on the business licence."),
    )
    enterprise_name = forms.CharField(label=_("Enterprise name"), max_length=200)
    position = forms.CharField(label=_("Your position"), max_length=60, required=False)
    note = forms.CharField(
        label=_("Note for the reviewer"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def clean_credit_code(self):
        code = normalize_credit_code(self.cleaned_data["credit_code"])
        validate_credit_code(code)
        return code


class ApplyForm(ApplicationFields):
    """For a signed-in person without an enterprise."""


class SignUpAndApplyForm(UserCreationForm, ApplicationFields):
    """Create an account and apply to act for an enterprise, in one step."""

    name = forms.CharField(label=_("Full name"), max_length=60)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)
    email = forms.EmailField(label=_("E-mail"), required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "name", "phone", "email"]

    field_order = [
        "username", "name", "phone", "email", "password1", "password2",
        "credit_code", "enterprise_name", "position", "note",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("password1", "password2"):
            # No one's password is this long; a megabyte of it would only cost hashing time.
            self.fields[name].max_length = 256
            self.fields[name].validators.append(MaxLengthValidator(256))

    def clean_phone(self):
        phone = normalize_mobile(self.cleaned_data["phone"])
        validate_mobile(phone)
        if User.objects.filter(phone_index=mobile_index(phone)).exists():
            raise forms.ValidationError(_("An account with this mobile number already exists."))
        return phone


class EnterpriseProfileForm(forms.ModelForm):
    labels = forms.MultipleChoiceField(
        label=_("Labels"),
        choices=EnterpriseLabel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Enterprise
        fields = [
            "legal_representative", "contact_person", "contact_mobile", "address", "founded_on",
            "employees", "annual_output", "annual_tax", "scale", "labels",
        ]  # fmt: skip
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_contact_mobile(self):
        value = self.cleaned_data.get("contact_mobile") or ""
        return normalize_mobile(value) if value else ""

    def clean_labels(self):
        return sorted(set(self.cleaned_data["labels"]))

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason shown to the applicant"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class InviteForm(forms.Form):
    note = forms.CharField(label=_("Colleague's name"), max_length=100)


class GrowthStepForm(forms.Form):
    stage = forms.ChoiceField(label=_("Growth stage"), choices=GrowthStage.choices)
    reached_on = forms.DateField(
        label=_("Reached on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ChangeReviewForm(forms.Form):
    """Staff's decision on a profile change waiting for review."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
