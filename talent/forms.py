from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliances.models import Enterprise
from portal.personal_data import validate_mobile

from .choices import DemandState, Level
from .models import Problem, Talent, TalentDemand


class EnterpriseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TalentForm(forms.ModelForm):
    """A talent as an enterprise registers its people (its own enterprise) or as a talent
    officer does (any enterprise)."""

    enterprise = EnterpriseChoice(label=_("Enterprise"), queryset=Enterprise.objects.none())

    class Meta:
        model = Talent
        fields = [
            "name", "gender", "birth_year", "id_number", "mobile", "education", "title",
            "field", "enterprise", "level", "programme", "programme_year", "status",
        ]  # fmt: skip
        widgets = {"id_number": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprise is not None:  # an enterprise's own user: their enterprise, fixed
            del self.fields["enterprise"]
            self.instance.enterprise = enterprise
        else:
            self.fields["enterprise"].queryset = Enterprise.objects.order_by("name")

    def clean(self):
        data = super().clean()
        born, number = data.get("birth_year"), data.get("id_number")
        if (
            born
            and number
            and len(number) == 18
            and number[6:10].isdigit()
            and int(number[6:10]) != born
        ):
            self.add_error(
                "birth_year", _("The birth year does not match the resident ID number (%(year)s).")
                % {"year": number[6:10]},
            )  # fmt: skip
        return data


class TalentFilterForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40, required=False)
    level = forms.ChoiceField(
        label=pgettext_lazy("talent", "Level"),
        required=False,
        choices=[("", _("All levels")), *Level.choices],
    )
    field = forms.CharField(
        label=pgettext_lazy("discipline", "Field"), max_length=40, required=False
    )


class DemandForm(forms.ModelForm):
    class Meta:
        model = TalentDemand
        fields = ["title", "field", "number", "requirements", "salary_min", "salary_max"]
        widgets = {"requirements": forms.Textarea(attrs={"rows": 3})}


class CloseDemandForm(forms.Form):
    state = forms.ChoiceField(
        label=pgettext_lazy("position", "Outcome"), widget=forms.RadioSelect,
        choices=[(DemandState.FILLED, DemandState.FILLED.label),
                 (DemandState.WITHDRAWN, DemandState.WITHDRAWN.label)],
    )  # fmt: skip


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["title", "field", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class PersonForm(forms.Form):
    """One person to enrol: name and mobile (they check in with an account of that
    mobile)."""

    name = forms.CharField(label=_("Name"), max_length=40, required=False)
    mobile = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)

    def clean(self):
        data = super().clean()
        name, mobile = (data.get("name") or "").strip(), (data.get("mobile") or "").strip()
        if name or mobile:
            if not (name and mobile):
                raise forms.ValidationError(_("Give both the person's name and mobile."))
            validate_mobile(mobile)
        data["name"], data["mobile"] = name, mobile
        return data


class BasePeopleFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        people = [f.cleaned_data for f in self.forms if f.cleaned_data.get("name")]
        if not people:
            raise forms.ValidationError(_("Enter at least one person to enrol."))
        from portal.personal_data import normalize_mobile

        mobiles = [normalize_mobile(p["mobile"]) for p in people]
        if len(set(mobiles)) != len(mobiles):
            raise forms.ValidationError(_("The same mobile number is given twice."))
        self.people = people


PeopleFormSet = forms.formset_factory(
    PersonForm, formset=BasePeopleFormSet, extra=3, max_num=20, validate_max=True
)


class MarkForm(forms.Form):
    enrolments = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, choices=(),
        error_messages={"required": _("Tick the people who came.")},
    )  # fmt: skip

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].choices = [(e.pk, e.trainee.name) for e in enrolments]
