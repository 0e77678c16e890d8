"""The request list's filters, defined once: the staff queues, the figures, the ledger and
the API read the same filterset. A bad value is a message (400), never a server error."""

import datetime

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliances.models import Chain
from portal.api.filters import FilterSet

from .choices import Channel, Light, State
from .models import Category, HandlingUnit, Request
from .numbering import ticket_number

FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


class DayField(forms.DateField):
    """A day a person types, within the years the portal can count."""

    default_validators = [
        MinValueValidator(FIRST_DAY, _("Choose a day from 2000 on.")),
        MaxValueValidator(LAST_DAY, _("Choose a day before 2100.")),
    ]


class DayFilter(django_filters.DateFilter):
    field_class = DayField


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class RequestFilter(FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=100,
        label=_("Number, title, enterprise or 12345 ticket number"),
    )
    state = django_filters.ChoiceFilter(choices=State.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    light = django_filters.ChoiceFilter(choices=Light.choices)
    lead_unit = django_filters.ModelChoiceFilter(queryset=HandlingUnit.objects.all())
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all())
    chain = django_filters.ModelChoiceFilter(
        field_name="enterprise__chains", queryset=Chain.objects.all()
    )
    is_supervised = django_filters.BooleanFilter()
    # A topic of the dashboard's hot topics: the requests whose words name it (its synonyms
    # too, portal.text.terms).
    term = django_filters.CharFilter(
        method="about", max_length=40, label=pgettext_lazy("request filter", "Topic")
    )
    mine = django_filters.BooleanFilter(
        method="held_by_me", label=_("Assigned to me (the open requests I hold)")
    )

    class Meta:
        model = Request
        fields = []

    def about(self, queryset, name, value):
        from portal.text import terms

        named = terms(value) or [value.strip().lower()]
        return queryset.filter(terms__contains=named[:1])

    def held_by_me(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(handler=user, state__in=State.open_states())

    def search(self, queryset, name, value):
        value = value.strip()
        if value.upper().startswith("QY"):
            return queryset.filter(number=value.upper())
        # A 12345 ticket number is found however it is typed (full-width, spaced, dashed).
        return queryset.filter(
            Q(title__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(hotline_number=ticket_number(value))
        )

    # Local days as a range of instants, so the (submitted_at, id) index serves the filter.
    def submitted_from(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=_local_midnight(value))

    def submitted_to(self, queryset, name, value):
        return queryset.filter(submitted_at__lt=_local_midnight(value + datetime.timedelta(days=1)))


# "from" and "to" are Python keywords: declared here, under the names the pages use.
RequestFilter.base_filters["from"] = DayFilter(method="submitted_from", label=_("Submitted from"))
RequestFilter.base_filters["to"] = DayFilter(
    method="submitted_to", label=pgettext_lazy("date range", "to")
)
