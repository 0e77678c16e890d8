"""Give the roles their rights on banks, financing and matchmaking meetings."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_reception_roles"),
        ("services", "0005_financing"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
