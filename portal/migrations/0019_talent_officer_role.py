"""Talent officers get a role of their own (the talent registry, with ID numbers in full,
problems and lectures); park administrators keep innovation and the lectures and read the
registry masked."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)  # a later roles migration checks strictly


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0018_provider_and_cadre_roles"),
        ("talent", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
