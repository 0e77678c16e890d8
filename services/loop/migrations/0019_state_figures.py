"""The month figures also count requests by their state (the staff dashboard's "requests by
state", read from a bounded number of rows whatever the history): the request trigger adds a
"state" group, and the requests already there are counted into it."""

import importlib

from django.conf import settings
from django.db import migrations, models

MONTH_FIGURES = importlib.import_module("services.loop.migrations.0009_month_figures")


def _function(name: str) -> str:
    start = MONTH_FIGURES.FUNCTIONS.index(f"CREATE FUNCTION {name}")
    end = MONTH_FIGURES.FUNCTIONS.index("$$;", start) + 3
    return MONTH_FIGURES.FUNCTIONS[start:end].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


GROUPS_BEFORE = _function("services_figure_groups")
TRIGGER_BEFORE = _function("services_request_figures")
CHANNEL = "        UNION ALL SELECT 'channel', r.channel\n"
EVERY = "ARRAY['all', 'unit', 'category', 'channel', 'chain']"
assert CHANNEL in GROUPS_BEFORE and EVERY in TRIGGER_BEFORE and EVERY in MONTH_FIGURES.FILL
GROUPS_AFTER = GROUPS_BEFORE.replace(CHANNEL, CHANNEL + "        UNION ALL SELECT 'state', r.state\n")
WITH_STATE = "ARRAY['all', 'unit', 'category', 'channel', 'chain', 'state']"
TRIGGER_AFTER = TRIGGER_BEFORE.replace(EVERY, WITH_STATE)
# Every kept dimension counted from the requests (manage.py rebuild_figures runs this).
FILL = MONTH_FIGURES.FILL.replace(EVERY, WITH_STATE)
FILL_STATE = MONTH_FIGURES.FILL.replace(EVERY, "ARRAY['state']")
DROP_STATE = """
DELETE FROM services_monthfigures WHERE dimension = 'state';
DELETE FROM services_monthvaluecount WHERE dimension = 'state';
"""
DIMENSIONS = [
    ("all", "All"), ("unit", "Unit"), ("category", "Category"), ("chain", "Chain"),
    ("channel", "Channel"), ("state", "State"),
]  # fmt: skip


def _sql(*parts):
    return "\n".join(part % {"tz": settings.TIME_ZONE} if "%(tz)s" in part else part
                     for part in parts)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0018_pause_ends_on_return"),
    ]

    operations = [
        migrations.AlterField(
            model_name="monthfigures", name="dimension",
            field=models.CharField(choices=DIMENSIONS, max_length=10),
        ),
        migrations.AlterField(
            model_name="monthvaluecount", name="dimension",
            field=models.CharField(choices=DIMENSIONS, max_length=10),
        ),
        migrations.RunSQL(
            _sql(GROUPS_AFTER, TRIGGER_AFTER, FILL_STATE),
            _sql(DROP_STATE, GROUPS_BEFORE, TRIGGER_BEFORE),
        ),
    ]  # fmt: skip
