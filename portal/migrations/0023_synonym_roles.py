"""Park administrators keep the park's own synonym groups (what similar requests, the
suggested dispatch and the hot topics read besides the list that ships)."""

from django.db import migrations


def sync(apps, schema_editor):
    from portal.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0022_text_terms_and_suggestions"),
        ("services", "0022_hotline_numbers_in_one_writing"),
        ("alliances", "0008_enterprise_aliases"),
        ("reception", "0004_host_is_a_secretary"),
        ("finance", "0004_idempotent_response_bytes"),
        ("market", "0001_initial"),
        ("teams", "0001_initial"),
        ("center", "0002_events_rooms_circle"),
        ("talent", "0002_session_venue"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
