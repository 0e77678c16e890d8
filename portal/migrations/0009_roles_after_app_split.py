"""Roles name the reception day's, financing's and the calendar's permissions by their new
app labels (``reception``, ``finance``, ``portal``)."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_calendarday"),
        ("services", "0006_move_reception_finance_calendar"),
        ("reception", "0001_initial"),
        ("finance", "0001_initial"),
        ("alliances", "0003_registry_and_alliances"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
