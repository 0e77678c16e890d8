"""An upgrade migrates while the old code still serves (docs/operations.md, "Upgrade"): the
migrations not yet released must leave it working. ``manage.py check_migrations`` passes on
this tree, and refuses each kind of change the old code would trip over."""

import os
import subprocess
import sys

import pytest
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

from portal.management.commands.check_migrations import (
    RELEASED,
    _state_before,
    problems_of,
    project_migrations,
)

from ..databases import ROOT


def _migration(*operations, app="services"):
    migration = migrations.Migration("9999_trial", app)
    migration.operations = list(operations)
    return migration


@pytest.fixture(scope="module")
def head():
    """The project state at the head of every app's migrations."""
    return MigrationLoader(None, ignore_no_migrations=True).project_state()


def test_the_command_passes_on_this_tree_and_names_what_it_checked():
    done = subprocess.run(
        [sys.executable, "manage.py", "check_migrations"], cwd=ROOT, capture_output=True,
        text=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unreleased = set(project_migrations(loader)) - set(RELEASED.read_text().split())
    assert f"{len(unreleased)} new migrations" in done.stdout


def test_what_the_old_code_never_notices_passes(head):
    safe = _migration(
        migrations.CreateModel("Memo", [("id", models.BigAutoField(primary_key=True)),
                                        ("text", models.TextField())]),
        migrations.AddField("memo", "request", models.ForeignKey(
            "services.request", on_delete=models.CASCADE)),  # a table of its own
        migrations.AddField("request", "memo", models.TextField(null=True)),
        migrations.AddField("request", "tally", models.IntegerField(db_default=0)),
        # Choices live in Python: the column stays as it is.
        migrations.AlterField("request", "light", models.CharField(
            "warning light", max_length=6, choices=[("green", "ok")], default="green")),
        migrations.RunSQL("SELECT 1", migrations.RunSQL.noop),
    )  # fmt: skip
    assert problems_of(safe, head) == []


@pytest.mark.parametrize(
    ("operation", "says"),
    [
        (migrations.AddField("request", "code", models.CharField(max_length=8)), "NOT NULL"),
        (migrations.RemoveField("request", "title"), "may still use it"),
        (migrations.RenameField("request", "title", "subject"), "may still use it"),
        (migrations.DeleteModel("replytemplate"), "may still use it"),
        (migrations.AlterField("request", "title", models.CharField(max_length=60)),
         "column itself changes"),
    ],
)  # fmt: skip
def test_what_would_break_the_running_code_is_refused(head, operation, says):
    [problem] = problems_of(_migration(operation), head)
    assert says in problem


def test_a_column_made_shorter_in_the_past_would_have_been_refused():
    """reception 0003 bounded a free text: the old code could write longer text."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    bounded = loader.disk_migrations["reception", "0003_bounded_note"]
    assert any("note" in p for p in problems_of(bounded, _state_before(loader, bounded)))
