"""Park administrators keep the center's floors and venues and decide venue bookings."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0019_talent_officer_role"),
        ("center", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
