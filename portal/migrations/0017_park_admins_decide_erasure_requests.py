"""Park administrators read and decide deletion requests."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)  # a later roles migration checks strictly


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0016_erasure_requests"),
        ("alliances", "0006_encrypt_contact"),
        ("services", "0007_history"),
        ("reception", "0002_history"),
        ("finance", "0003_encrypt_contact_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
