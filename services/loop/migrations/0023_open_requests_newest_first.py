from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """The newest open requests first (the similar requests' candidates). Built without
    locking the requests against writes: the table is the largest the portal has."""

    atomic = False

    dependencies = [
        ("services", "0022_hotline_numbers_in_one_writing"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="request",
            index=models.Index(
                condition=models.Q(
                    ("state__in", ["dispatched", "in_progress", "returned", "submitted"])
                ),
                fields=["-id"],
                name="request_open_newest",
            ),
        ),
    ]
