"""Give the roles their rights on the request closed loop."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_registry_roles"),
        ("services", "0003_events_append_only"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
