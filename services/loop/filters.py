"""Filters of the request list API, defined once (not rebuilt per request)."""

import django_filters

from .models import Request


class RequestFilter(django_filters.FilterSet):
    class Meta:
        model = Request
        fields = ["state", "light", "channel", "category", "lead_unit", "is_supervised"]
