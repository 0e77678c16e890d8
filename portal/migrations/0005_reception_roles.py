"""Give the roles their rights on reception days."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_service_roles"),
        ("services", "0004_reception_day"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
