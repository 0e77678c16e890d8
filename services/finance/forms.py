from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Bank, FinancingNeed


class NeedForm(forms.ModelForm):
    class Meta:
        model = FinancingNeed
        fields = [
            "amount", "purpose", "term_months", "collateral", "urgency", "contact_name",
            "contact_mobile", "contact_id_number",
        ]  # fmt: skip
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}


class ConsentForm(forms.Form):
    SCOPES = [("all", _("All partner banks")), ("chosen", _("Only the banks I choose"))]
    scope = forms.ChoiceField(label=_("Share with"), choices=SCOPES, widget=forms.RadioSelect)
    banks = forms.ModelMultipleChoiceField(
        label=_("Banks"), queryset=Bank.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == "chosen" and not cleaned.get("banks"):
            self.add_error("banks", _("Choose at least one bank."))
        return cleaned


class RegistrationForm(forms.Form):
    attendees = forms.CharField(label=_("Who is coming?"), max_length=200)
