"""Park administrators see sign-in lockouts and can lift them."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_finance_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
