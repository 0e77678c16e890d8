import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.steps import MultipleFileField

from .choices import State
from .models import Category, HandlingUnit, Request


class SubmitRequestForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True)
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Describe the problem"), widget=forms.Textarea(attrs={"rows": 6})
    )
    is_green = forms.BooleanField(
        label=_("Green channel: urgent, needs a faster answer"), required=False
    )
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("PDF, images, Word, Excel or text; up to 10 MB each."),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4().hex


class BulkDispatchForm(forms.Form):
    """Several submitted requests to one unit, or each to its category's default unit."""

    ids = forms.ModelMultipleChoiceField(
        queryset=Request.objects.filter(state=State.SUBMITTED),
        error_messages={"required": _("Select the requests to dispatch.")},
    )
    lead_unit = forms.ModelChoiceField(
        queryset=HandlingUnit.objects.filter(is_active=True), required=False
    )
