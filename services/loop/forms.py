from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import State
from .models import HandlingUnit, Request


class BulkDispatchForm(forms.Form):
    """Several submitted requests to one unit, or each to its category's default unit."""

    ids = forms.ModelMultipleChoiceField(
        queryset=Request.objects.filter(state=State.SUBMITTED),
        error_messages={"required": _("Select the requests to dispatch.")},
    )
    lead_unit = forms.ModelChoiceField(
        queryset=HandlingUnit.objects.filter(is_active=True), required=False
    )
