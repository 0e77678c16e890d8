from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import State
from .models import HandlingUnit, ReplyTemplate, Request


class BulkDispatchForm(forms.Form):
    """Several submitted requests to one unit, or each to its category's default unit."""

    ids = forms.ModelMultipleChoiceField(
        queryset=Request.objects.filter(state=State.SUBMITTED),
        error_messages={"required": _("Select the requests to dispatch.")},
    )
    lead_unit = forms.ModelChoiceField(
        queryset=HandlingUnit.objects.filter(is_active=True), required=False
    )


class ReplyTemplateForm(forms.ModelForm):
    """A unit's reply template, for one of the units the person works in."""

    class Meta:
        model = ReplyTemplate
        fields = ["unit", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"title": _("The button's name, e.g. 已联系企业.")}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
