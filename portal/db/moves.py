"""Operations that move models from one app to another without touching a row.

The moved models are created in the new app's migration state and their tables renamed in
place; their content types change app label, so permissions given to roles and users, and
admin log entries, keep pointing at them. The old app's migration removes them from its
state only. Each operation reverses, so a database can be migrated back and forth.
"""

from django.db import migrations


def _relabel(from_label: str, to_label: str, model_names: list[str]):
    def forward(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        for name in model_names:
            # A content type already made for the new label (none is, unless a migration in
            # between created permissions) would hold the name: the moved one wins.
            content_type.objects.filter(app_label=to_label, model=name).delete()
            content_type.objects.filter(app_label=from_label, model=name).update(app_label=to_label)

    return forward


def move_models(*, from_label: str, to_label: str, tables: list[str], models: list[str]):
    """Operations that rename ``from_label``'s tables to ``to_label``'s and relabel the
    content types of ``models`` (lower-case model names). ``tables`` are the tables' names
    after the ``<label>_`` prefix, many-to-many tables included."""
    renames = ";\n".join(
        f'ALTER TABLE "{from_label}_{table}" RENAME TO "{to_label}_{table}"' for table in tables
    )
    reverse = ";\n".join(
        f'ALTER TABLE "{to_label}_{table}" RENAME TO "{from_label}_{table}"' for table in tables
    )
    return [
        migrations.RunSQL(renames, reverse),
        migrations.RunPython(
            _relabel(from_label, to_label, models), _relabel(to_label, from_label, models)
        ),
    ]
