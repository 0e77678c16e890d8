from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliances.models import Enterprise
from services.loop.models import Category

from .choices import ProcedureKind
from .models import Cadre
from .selectors import chain_firms


class EnterpriseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class VisitForm(forms.Form):
    enterprise = EnterpriseChoice(label=_("Enterprise"), queryset=Enterprise.objects.none())
    visited_on = forms.DateField(
        label=_("Visited on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    people_met = forms.CharField(
        label=_("People met"), max_length=200, help_text=_("Names and posts, e.g. 张总（总经理）")
    )
    topics = forms.CharField(
        label=_("Topics"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, cadre=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = chain_firms().order_by("name")
        self.fields["visited_on"].initial = timezone.localdate()
        if cadre is not None:  # the firms the cadre looks after come first
            mine = list(cadre.firms.values_list("enterprise_id", flat=True))
            if mine:
                self.fields["enterprise"].initial = mine[0] if len(mine) == 1 else None

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be logged before it happens."))
        return day


class ProblemForm(forms.Form):
    """A problem found on the visit: it becomes a request of the loop."""

    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.filter(is_active=True)
    )
    title = forms.CharField(label=_("Problem"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Details"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        given = [data.get(name) for name in ("category", "title", "description")]
        if any(given) and not all(given):
            raise forms.ValidationError(
                _("A problem needs its category, a short title and the details.")
            )
        return data


ProblemFormSet = forms.formset_factory(ProblemForm, extra=3, max_num=10)


class LiaisonForm(forms.Form):
    cadre = forms.ModelChoiceField(
        label=_("Liaison cadre"),
        queryset=Cadre.objects.filter(is_active=True).select_related("user", "team__unit"),
    )
    enterprises = forms.ModelMultipleChoiceField(
        label=_("Enterprises"), queryset=Enterprise.objects.all(),
        error_messages={"required": _("Tick the enterprises to assign.")},
    )  # fmt: skip


class FilterByChainForm(forms.Form):
    chain = forms.ModelChoiceField(
        label=_("Chain"), required=False, queryset=None, empty_label=_("All chains")
    )

    def __init__(self, *args, **kwargs):
        from alliances.models import Chain

        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = Chain.objects.all()


class PaperworkAskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProcedureKind.choices)
    procedure = forms.CharField(
        label=_("Procedure"), max_length=120,
        help_text=_("e.g. 建设工程规划许可证, 排污许可变更"),
    )  # fmt: skip
    details = forms.CharField(
        label=_("Details"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class PaperworkRecordForm(PaperworkAskForm):
    enterprise = EnterpriseChoice(label=_("Enterprise"), queryset=Enterprise.objects.none())
    opened_on = forms.DateField(
        label=_("Opened on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    field_order = ["enterprise", "kind", "procedure", "details", "opened_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = chain_firms().order_by("name")
        self.fields["opened_on"].initial = timezone.localdate()

    def clean_opened_on(self):
        day = self.cleaned_data["opened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A case cannot be opened in the future."))
        return day
