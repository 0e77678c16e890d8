"""Pieces the registry's models share."""

from django.contrib.postgres.fields import DateRangeField
from django.db import models

MONEY = {"max_digits": 16, "decimal_places": 2}


class DateRange(models.Func):
    """PostgreSQL daterange(start, end, '[]') for exclusion constraints."""

    function = "DATERANGE"
    output_field = DateRangeField()
