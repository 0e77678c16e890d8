"""Filters of the enterprise registry, shared by the staff pages, the export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import EnterpriseLabel, GrowthStage, Scale
from .models import Alliance, Chain, Enterprise
from .validators import normalize_credit_code


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or credit code"), method="search")
    chain = django_filters.ModelChoiceFilter(
        label=_("Chain"), queryset=Chain.objects.all(), field_name="chains"
    )
    alliance = django_filters.ModelChoiceFilter(
        label=_("Alliance"), queryset=Alliance.objects.all(), field_name="chains__alliance"
    )
    label = django_filters.ChoiceFilter(
        label=_("Label"), choices=EnterpriseLabel.choices, method="with_label"
    )
    scale = django_filters.ChoiceFilter(label=_("Scale"), choices=Scale.choices)
    growth_stage = django_filters.ChoiceFilter(label=_("Growth stage"), choices=GrowthStage.choices)

    class Meta:
        model = Enterprise
        fields = ["q", "chain", "alliance", "label", "scale", "growth_stage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs["class"] = f"{css} form-select-sm form-control-sm"

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        code = normalize_credit_code(value)
        if len(code) == 18 and code.isalnum():
            return queryset.filter(Q(credit_code=code) | Q(name__icontains=value))
        return queryset.filter(name__icontains=value)

    def with_label(self, queryset, name, value):
        return queryset.with_label(value)
