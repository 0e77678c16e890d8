"""Refuse migrations that would break the code still running while they are applied.

An upgrade migrates while the old web replicas and workers still serve (docs/operations.md,
"Upgrade"): a migration not yet released may only add what the old code does not notice
(a table, a nullable column or one with a database default, an index, a constraint, data).
Dropping or renaming a column or table, or a column the old code does not fill, waits for
the release after the one that stopped using it. Released migrations are listed in
``deploy/released-migrations.txt`` (one ``app.name`` a line), written anew at each release
with ``--release``."""

from pathlib import Path

from django.conf import settings
from django.contrib.postgres.operations import CreateExtension
from django.core.management.base import BaseCommand, CommandError
from django.db import migrations
from django.db.migrations.loader import MigrationLoader
from django.db.models.fields import NOT_PROVIDED

RELEASED = Path(settings.BASE_DIR) / "deploy" / "released-migrations.txt"
# Operations the old code never notices.
SAFE = (
    migrations.CreateModel, migrations.AddIndex, migrations.AddConstraint,
    migrations.RunPython, migrations.RunSQL, migrations.AlterModelOptions,
    migrations.AlterModelManagers, CreateExtension,
)  # fmt: skip


# Attributes of a field that live in Python only: changing them changes no column.
PYTHON_ONLY = {"choices", "help_text", "verbose_name", "validators", "blank", "editable",
               "default", "error_messages", "limit_choices_to", "related_name",
               "related_query_name", "on_delete", "encoder", "decoder"}  # fmt: skip


def problems_of(migration, before=None) -> list[str]:
    """What in ``migration`` would break the code of the release before it; ``before`` is
    the project state the migration starts from (to tell a column's change from a change
    of its Python side only)."""
    found = []
    created = set()
    for operation in _database_operations(migration.operations):
        name = type(operation).__name__
        if isinstance(operation, migrations.CreateModel):
            created.add(operation.name_lower)
        elif isinstance(operation, migrations.AddField):
            field = operation.field
            fills_itself = field.null or field.db_default is not NOT_PROVIDED
            new_table = operation.model_name_lower in created
            if not (fills_itself or new_table or field.many_to_many):
                found.append(
                    f"{name} {operation.model_name}.{operation.name}: NOT NULL without a "
                    "database default (the old code's inserts would fail); make it null=True "
                    "or give it db_default"
                )
        elif isinstance(operation, migrations.AlterField):
            if not _python_side_only(operation, migration.app_label, before):
                found.append(f"{name} {operation.describe()}: the column itself changes")
        elif isinstance(operation, SAFE) or _is_trigger(operation):
            continue
        else:
            found.append(f"{name} {operation.describe()}: the old code may still use it")
    return found


def _python_side_only(operation, app_label, before) -> bool:
    if before is None:
        return False
    try:
        old = before.models[app_label, operation.model_name_lower].fields[operation.name]
    except KeyError:
        return False
    old_path, old_args, old_kwargs = old.deconstruct()[1:]
    new_path, new_args, new_kwargs = operation.field.deconstruct()[1:]

    def column(kwargs):
        return {k: v for k, v in kwargs.items() if k not in PYTHON_ONLY}

    return (old_path, old_args, column(old_kwargs)) == (new_path, new_args, column(new_kwargs))


def _is_trigger(operation) -> bool:
    """django-pgtrigger's (and so pghistory's) triggers: added and removed with the code."""
    return type(operation).__module__.startswith("pgtrigger")


def _database_operations(operations):
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from _database_operations(operation.database_operations)
        else:
            yield operation


def project_migrations(loader) -> dict[str, object]:
    apps = {"portal", "alliances", "services", "reception", "finance", "teams", "market",
            "center", "talent"}  # fmt: skip
    return {
        f"{app}.{name}": migration
        for (app, name), migration in loader.disk_migrations.items()
        if app in apps
    }


def _state_before(loader, migration):
    """The project state a migration starts from (not rendered: a second or so)."""
    return loader.project_state((migration.app_label, migration.name), at_end=False)


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument(
            "--release", action="store_true",
            help=f"record every migration as released ({RELEASED.relative_to(settings.BASE_DIR)})",
        )  # fmt: skip

    def handle(self, *args, release=False, **options):
        loader = MigrationLoader(None, ignore_no_migrations=True)
        ours = project_migrations(loader)
        if release:
            RELEASED.write_text("".join(f"{name}\n" for name in sorted(ours)))
            self.stdout.write(f"{len(ours)} migrations recorded as released.")
            return
        released = set(RELEASED.read_text().split())
        new = sorted(set(ours) - released)
        failures = {
            name: problems_of(ours[name], _state_before(loader, ours[name])) for name in new
        }
        failures = {name: found for name, found in failures.items() if found}
        for name, found in failures.items():
            for problem in found:
                self.stderr.write(f"{name}: {problem}")
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(new)} new migrations would break the running code."
            )
        self.stdout.write(f"{len(new)} new migrations, each safe while the old code runs.")
