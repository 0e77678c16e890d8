"""The people of market service providers and the service teams' cadres get roles of their
own; park staff read orders, visits and paperwork; park administrators keep the providers,
the catalog, the teams, liaisons and policies."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps, strict=False)  # a later roles migration checks strictly


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0017_park_admins_decide_erasure_requests"),
        ("market", "0001_initial"),
        ("teams", "0001_initial"),
        ("alliances", "0006_encrypt_contact"),
        ("services", "0018_pause_ends_on_return"),
        ("reception", "0004_host_is_a_secretary"),
        ("finance", "0003_encrypt_contact_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
