"""Dispatchers read the change records of the requests they dispatch."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)  # the newest roles migration checks strictly


class Migration(migrations.Migration):
    dependencies = [("portal", "0012_history_without_personal_data")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
