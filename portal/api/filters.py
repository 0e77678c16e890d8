"""The filter backend of every list API: django-filter's, skipped when no filter is asked.

Building a filterset builds its form (a deep copy of every filter and field) on each call;
a list fetched without filters, the common case, needs none of it."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None and not (
            set(request.query_params) & set(filterset_class.base_filters)
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class FilterSet(django_filters.FilterSet):
    """A filterset whose form class is built once per process: its fields do not depend on
    the request, and rebuilding them on every call costs more than the query."""

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class
