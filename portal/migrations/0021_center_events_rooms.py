"""Park administrators schedule the center's events and record attendance, keep the rooms
and the service circle, allocate beds, and keep the chains' investment-attraction events."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)  # a later roles migration checks strictly


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0020_center_roles"),
        ("center", "0002_events_rooms_circle"),
        ("alliances", "0007_investment_events"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
