"""An enterprise may now close a request as unsatisfied without asking for a redo: that
rating counts against satisfaction as each redo does. ``services_figure_counts`` says so, and
the month figures are counted again from the requests."""

import importlib

from django.db import migrations

MONTH_FIGURES = importlib.import_module("services.loop.migrations.0009_month_figures")
_start = MONTH_FIGURES.FUNCTIONS.index("CREATE FUNCTION services_figure_counts")
_end = MONTH_FIGURES.FUNCTIONS.index("$$;", _start) + 3
BEFORE = MONTH_FIGURES.FUNCTIONS[_start:_end].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
NEGATIVE = "sign * (CASE WHEN d THEN r.redo_count ELSE 0 END),"
assert NEGATIVE in BEFORE
AFTER = BEFORE.replace(
    NEGATIVE,
    "sign * (CASE WHEN d THEN r.redo_count\n"
    "                             + (r.state = 'closed' AND r.rating = 'unsatisfied')::int\n"
    "                        ELSE 0 END),",
)
RECOUNT = (
    "DELETE FROM services_monthfigures; DELETE FROM services_monthvaluecount;\n"
    + MONTH_FIGURES.FILL
)


def _sql(function):
    from django.conf import settings

    return (function % {"tz": settings.TIME_ZONE}) + "\n" + RECOUNT


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0010_light_named_by_meaning"),
    ]

    operations = [
        migrations.RunSQL(_sql(AFTER), _sql(BEFORE)),
    ]
