"""12345 ticket numbers entered before they were normalised: kept in the one writing the
intake now gives (NFKC, no spaces or dashes, upper case), so a search finds them."""

from django.db import migrations


def normalise(apps, schema_editor):
    from services.loop.numbering import ticket_number

    Request = apps.get_model("services", "Request")
    rows = Request.objects.exclude(hotline_number="").values_list("pk", "hotline_number")
    for pk, number in rows.iterator(chunk_size=2000):
        clean = ticket_number(number)[:40]
        if clean != number:
            Request.objects.filter(pk=pk).update(hotline_number=clean)


class Migration(migrations.Migration):
    dependencies = [("services", "0021_unit_remit")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
