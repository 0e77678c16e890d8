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
PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}[- ]?\d{7,8})(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


class TypicalCaseForm(forms.ModelForm):
    """The public text of a typical case, written by an editor: refused while it names the
    enterprise, its people, or holds a phone number, an ID number or an email."""

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

    def _named(self) -> list[str]:
        """The names the text must not carry: the enterprise's (whole, and without the
        usual suffix) and the names of the people of its request."""
        if self.source is None:
            return []
        enterprise = self.source.enterprise
        names = {enterprise.name, enterprise.credit_code, enterprise.legal_representative,
                 enterprise.contact_person}  # fmt: skip
        stem = enterprise.name
        for suffix in ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "厂"):
            stem = stem.removesuffix(suffix)
        for prefix in ("山东省", "山东", "烟台市", "烟台", "蓬莱区", "蓬莱市", "蓬莱"):
            stem = stem.removeprefix(prefix)
        names.add(stem)
        people = [self.source.submitter, self.source.handler]
        for person in people:
            if person is not None:
                names.update({person.get_full_name(), person.last_name + person.first_name})
        if self.source.caller_name:
            names.add(self.source.caller_name)
        return sorted(n.strip() for n in names if n and len(n.strip()) >= 2)

    def clean(self):
        data = super().clean()
        text = " ".join(str(data.get(name) or "") for name in ("title", "problem", "solution"))
        for name in self._named():
            if name in text:
                raise ValidationError(
                    _("The public text names “%(name)s”: tell the case without the enterprise "
                      "or its people.") % {"name": name}
                )  # fmt: skip
        for pattern, what in ((PHONE, _("a phone number")), (ID_NUMBER, _("an ID number")),
                              (EMAIL, _("an email address"))):  # fmt: skip
            if pattern.search(text):
                raise ValidationError(
                    _("The public text holds %(what)s: remove it.") % {"what": what}
                )
        return data


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
