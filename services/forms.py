import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Rating, SupervisionLevel
from .models import Category, HandlingUnit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


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


class DispatchForm(forms.Form):
    lead_unit = forms.ModelChoiceField(
        label=_("Lead unit"), queryset=HandlingUnit.objects.filter(is_active=True)
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-handling units"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        help_text=_("Leave empty for the category's limit in working days."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(label=_("Internal: not shown to the enterprise"), required=False)
    files = MultipleFileField(label=_("Attachments"))


class ExtensionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    requested_deadline = forms.DateTimeField(
        label=_("New deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class ResolveForm(forms.Form):
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("Attachments"))


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you?"),
        choices=[
            (Rating.SATISFIED, Rating.SATISFIED.label),
            (Rating.BASICALLY, Rating.BASICALLY.label),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label=_("What is still not solved?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SuperviseForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=SupervisionLevel.choices)
    instruction = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 2}))
    new_deadline = forms.DateTimeField(
        label=_("New deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("Note"), required=False)
