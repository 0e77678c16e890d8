"""Filters of the bank API's needs list."""

from django.db.models import Exists, OuterRef, Q
from django_filters import rest_framework as filters

from alliances.models import Enterprise
from portal.api.filters import FilterSet

from ..choices import Urgency
from ..models import FinancingNeed


class NeedFilter(FilterSet):
    amount_min = filters.NumberFilter(field_name="amount", lookup_expr="gte")
    amount_max = filters.NumberFilter(field_name="amount", lookup_expr="lte")
    chain = filters.CharFilter(
        method="filter_chain", max_length=100,
        label="Chain code (e.g. offshore) or name, as the needs' chains give them",
    )  # fmt: skip
    posted_since = filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    urgency = filters.ChoiceFilter(choices=Urgency.choices)

    class Meta:
        model = FinancingNeed
        fields = []

    def filter_chain(self, queryset, name, value):
        # EXISTS rather than a join with DISTINCT, which would sort every match for one page.
        on_chain = Enterprise.chains.through.objects.filter(
            enterprise_id=OuterRef("enterprise_id")
        ).filter(Q(chain__code=value) | Q(chain__name=value))
        return queryset.filter(Exists(on_chain))


# --- the log and idempotency ----------------------------------------------------------------
