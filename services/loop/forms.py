import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliances.models import Chain

from .choices import State
from .models import Category, HandlingUnit, ReplyTemplate, Request, TypicalCase


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


# What a public text must never carry: a mobile or landline number, an ID number, an email.


class TypicalCaseForm(forms.ModelForm):
    """The public text of a typical case. Nothing is saved that the anonymiser would still
    change (portal.text.anonymise: numbers, addresses, enterprises' names and short forms,
    people's names): when it finds something, the form shows where, puts the anonymised text
    in its place, and the supervisor reads it and confirms again."""

    confirm = forms.BooleanField(
        label=_("I have read the text: no enterprise and no person can be recognised in it."),
        required=True,
    )
    TEXT_FIELDS = ("title", "problem", "solution")

    class Meta:
        model = TypicalCase
        fields = ["title", "category", "chain", "problem", "solution"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "solution": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "title": _("What the problem was, in a few words, e.g. 厂区门口道路破损的修复."),
            "problem": _("Tell it so that no enterprise or person can be recognised."),
        }

    def __init__(self, *args, request: Request | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The request the case tells (the admin edits a case with its request known).
        self.source = request or self.instance.request
        self.drafts = {}  # field → the submitted text with what was taken out marked

    def names(self):
        """Everyone the park knows, and the request's own people (its caller too)."""
        from portal.text.anonymise import park_names

        extra = []
        if self.source is not None:
            enterprise = self.source.enterprise
            extra += [
                ("enterprise", enterprise.name, enterprise.aliases),
                ("person", enterprise.contact_person),
                ("place", enterprise.address),
            ]
            for person in (self.source.submitter, self.source.handler):
                if person is not None:
                    extra.append(("person", person.name or person.get_full_name()))
            extra.append(("person", self.source.caller_name))
        return park_names(extra)

    def clean(self):
        from portal.text.anonymise import anonymise, draft_html

        data = super().clean()
        names = self.names()
        changed = {}
        for field in self.TEXT_FIELDS:
            text = str(data.get(field) or "")
            clean, removals = anonymise(text, names)
            if removals:
                self.drafts[field] = draft_html(text, removals)
                changed[field] = clean
        if changed:
            # The form shows the anonymised text for the supervisor to read and confirm.
            self.data = self.data.copy()
            for field, clean in changed.items():
                self.data[self.add_prefix(field)] = clean
            self.data.pop(self.add_prefix("confirm"), None)
            kinds = sorted({str(label) for field in changed
                            for label in _labels(self.drafts[field])})  # fmt: skip
            raise ValidationError(
                _("The text still held what recognises someone (%(kinds)s). It has been taken "
                  "out below, each removal marked: read the text and confirm again.")
                % {"kinds": "、".join(kinds)}
            )  # fmt: skip
        return data


def _labels(draft_html: str) -> set[str]:
    return set(re.findall(r'<del class="removed" title="([^"]+)"', str(draft_html)))


class CaseFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, label=_("Category")
    )
    chain = forms.ModelChoiceField(queryset=Chain.objects.all(), required=False, label=_("Chain"))


class SimilarQueryForm(forms.Form):
    """What the new-request form sends while the person types (the first part of the
    description is enough to find the same problem)."""

    title = forms.CharField(max_length=120, required=False)
    description = forms.CharField(max_length=600, required=False)
