"""Give the roles their rights on the registry and alliance models."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_roles"),
        ("alliances", "0003_registry_and_alliances"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
