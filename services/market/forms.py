from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import OrderState
from .models import ServiceCategory


class OrderFilterForm(forms.Form):
    """The order list's filters (a bad value is a 400 with the form's message)."""

    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *OrderState.choices]
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=ServiceCategory.objects.all(),
        empty_label=_("All categories"),
    )  # fmt: skip

    def apply(self, rows):
        data = self.cleaned_data
        if data.get("state"):
            rows = rows.filter(state=data["state"])
        if data.get("category"):
            rows = rows.filter(service__category=data["category"])
        return rows
