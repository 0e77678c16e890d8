"""Spreadsheet imports for every registry, run in the background with their progress shown.

One path for all sizes: the upload is capped in bytes (``IMPORT_MAX_MB``) and saved; a Celery
task reads it (capped at ``IMPORT_MAX_ROWS`` rows), refuses formula cells by name (a formula
would arrive as an empty value: data lost without a word) and dry-runs the app's
django-import-export resource; the page shows every problem as row, column and what is
expected. On the uploader's confirmation a second task imports all rows in one transaction,
or none. Apps offer their imports through ``portal.registry.Importer``.
"""

import datetime
import zipfile

import openpyxl
import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl.utils.exceptions import InvalidFileException

from .models import ImportJob
from .registry import registry

PROGRESS_EVERY = 50


class SheetRefused(Exception):
    """The file as a whole cannot be imported (unreadable, too many rows)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def start(*, kind: str, upload, user) -> ImportJob:
    """Save the upload as a job and have the worker check it once the job is committed."""
    from .tasks import check_import

    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind, file=upload, original_name=upload.name[:200], created_by=user
        )
        transaction.on_commit(lambda: check_import.delay(job.pk))
    return job


def confirm(job: ImportJob) -> bool:
    """The uploader confirms a checked job: claim it (only once, and never after it was
    forgotten) and have the worker import it. False when it was not ready."""
    from .tasks import apply_import

    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
            status=ImportJob.Status.IMPORTING
        )
        if claimed:
            transaction.on_commit(lambda: apply_import.delay(job.pk))
    return bool(claimed)


def progress_of(job: ImportJob) -> int:
    """Rows done so far by the running task (kept in the cache: the task's own transaction
    is not visible until it ends)."""
    return cache.get(_progress_key(job.pk), 0)


def _progress_key(pk: int) -> str:
    return f"import-progress:{pk}"


def may_import(user, kind: str) -> bool:
    importer = registry.importers.get(kind)
    return bool(importer and user.is_authenticated and user.has_perms(importer.permissions))


def _headers(resource) -> dict[str, str]:
    """What a column may be called in the file → the resource's column name: its own name,
    and the field's label in Chinese and in English, as a clerk would write it."""
    names = {}
    model = resource._meta.model
    for field in resource.get_import_fields():
        column = field.column_name
        names[column.strip().lower()] = column
        try:
            label = model._meta.get_field(field.attribute).verbose_name
        except Exception:  # noqa: S112 - a resource field that is not a model field
            continue
        for language in ("zh-hans", "en"):
            with override(language):
                names[str(label).strip().lower()] = column
    return names


def columns_of(resource) -> list[tuple[str, str]]:
    """The columns an import reads: heading and meaning, for the upload page."""
    model = resource._meta.model
    columns = []
    for field in resource.get_import_fields():
        try:
            label = model._meta.get_field(field.attribute).verbose_name
        except Exception:
            label = field.column_name
        columns.append((field.column_name, str(label)))
    return columns


def read_sheet(file, resource):
    """The first sheet as a dataset with the resource's column names; the sheet row of each
    data row; the problems found reading it (formula cells); and each column's heading as
    written in the file. Raises SheetRefused."""
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SheetRefused(
            _(
                "This file cannot be read as an Excel workbook (.xlsx). Save it from Excel as "
                "“Excel Workbook” and upload it again."
            )
        ) from None
    try:
        sheet = book.worksheets[0]
        cap = settings.IMPORT_MAX_ROWS
        if (sheet.max_row or 0) > cap + 1:
            raise SheetRefused(_too_many(cap))
        known = _headers(resource)
        header, columns, problems, rows, numbers = None, [], [], [], []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values = [getattr(cell, "value", None) for cell in cells]
            if all(v in (None, "") for v in values):
                continue
            if header is None:
                header = [str(v or "").strip() for v in values]
                columns = [known.get(h.lower(), h) for h in header]
                continue
            if len(rows) >= cap:
                raise SheetRefused(_too_many(cap))
            for position, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    problems.append({
                        "row": number,
                        "column": header[position] if position < len(header) else "",
                        "message": _(
                            "Cell %(cell)s holds a formula (%(formula)s). Formulas are not "
                            "imported: copy the column and paste it back as values."
                        ) % {"cell": cell.coordinate, "formula": str(cell.value)[:60]},
                    })  # fmt: skip
                    values[position] = None
            values = (values + [None] * len(columns))[: len(columns)]
            rows.append(values)
            numbers.append(number)
    finally:
        book.close()
    if header is None:
        raise SheetRefused(_("The file is empty: the first row names the columns."))
    dataset = tablib.Dataset(*rows, headers=columns)
    return dataset, numbers, problems, dict(zip(columns, header, strict=True))


def _too_many(cap: int) -> str:
    return _(
        "The file has more than %(rows)s rows. Split it into files of at most %(rows)s rows "
        "and import them one after the other."
    ) % {"rows": cap}


def run(job_id: int, *, apply: bool) -> ImportJob:
    """Check (``apply=False``) or import the job's file; records the outcome on the job."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    expected = ImportJob.Status.IMPORTING if apply else ImportJob.Status.CHECKING
    if job.status != expected:
        return job  # a second delivery of the same task: already done
    importer = registry.importers[job.kind]
    resource = importer.resource()
    with override(job.created_by.language or settings.LANGUAGE_CODE):
        try:
            with job.file.open("rb") as file:
                dataset, numbers, problems, written = read_sheet(file, resource)
        except SheetRefused as refused:
            return _finish(job, problems=[{"row": "", "column": "", "message": refused.message}])
        if problems:
            return _finish(job, rows=len(numbers), problems=problems)
        result = _import(job, resource, dataset, dry_run=not apply)
        headings = {
            name: written.get(field.column_name, field.column_name)
            for name, field in resource.fields.items()
        }
        problems = _problems(result, numbers, headings)
        totals = {key: result.totals.get(key, 0) for key in ("new", "update", "skip")}
        return _finish(job, rows=len(numbers), problems=problems, totals=totals, applied=apply)


def _import(job, resource, dataset, *, dry_run):
    done = {"rows": 0}
    after_row = resource.after_import_row

    def count(row, row_result, **kwargs):
        after_row(row, row_result, **kwargs)
        done["rows"] += 1
        if done["rows"] % PROGRESS_EVERY == 0:
            cache.set(_progress_key(job.pk), done["rows"], 3600)

    resource.after_import_row = count
    cache.set(_progress_key(job.pk), 0, 3600)
    return resource.import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True,
        rollback_on_validation_errors=True, user=job.created_by,
    )  # fmt: skip


def _problems(result, numbers, headings) -> list[dict]:
    """Every problem as the sheet row, the column as headed in the file and the reason."""
    problems = [
        {"row": "", "column": "", "message": _("The file could not be imported: %(error)s")
         % {"error": error.error}}
        for error in result.base_errors
    ]  # fmt: skip
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            column = "" if field == NON_FIELD_ERRORS else headings.get(field, field)
            for message in messages:
                problems.append(
                    {"row": numbers[invalid.number - 1], "column": column, "message": message}
                )
    for number, errors in result.row_errors():
        for error in errors:
            problems.append({
                "row": numbers[number - 1], "column": "",
                "message": _("This row could not be read: %(error)s") % {"error": error.error},
            })  # fmt: skip
    return sorted(problems, key=lambda p: (p["row"] or 0, p["column"]))


def _finish(job, *, rows=0, problems=(), totals=None, applied=False) -> ImportJob:
    problems = list(problems)
    if problems:
        job.status = ImportJob.Status.REFUSED
    elif applied:
        job.status = ImportJob.Status.DONE
    else:
        job.status = ImportJob.Status.CHECKED
    job.rows = rows
    job.problems = problems[:1000]  # enough to fix a file; the count says how many more
    job.totals = {**(totals or {}), "problems": len(problems)}
    job.finished_at = timezone.now()
    fields = ["status", "rows", "problems", "totals", "finished_at"]
    if job.status != ImportJob.Status.CHECKED and job.file:
        # The file may hold contacts' mobiles in clear: it goes once it is no longer needed.
        job.file.delete(save=False)
        fields.append("file")
    job.save(update_fields=fields)
    cache.delete(_progress_key(job.pk))
    return job


def forget_unconfirmed(*, older_than=None) -> int:
    """A checked file nobody confirmed within a day is deleted (it may hold contacts'
    mobiles); the job then says so, and the file must be uploaded again."""
    older_than = older_than or datetime.timedelta(days=1)
    stale = ImportJob.objects.filter(
        status=ImportJob.Status.CHECKED, created_at__lt=timezone.now() - older_than
    )
    forgotten = 0
    for job in stale.select_related("created_by"):
        with override(job.created_by.language or settings.LANGUAGE_CODE):
            message = _("Not confirmed within a day: the file was deleted. Upload it again.")
        # Claimed like a confirmation is: a job confirmed at this moment is left to import.
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
            status=ImportJob.Status.REFUSED, file="",
            problems=[{"row": "", "column": "", "message": message}],
            totals={**job.totals, "problems": 1},
        )  # fmt: skip
        if claimed:
            job.file.storage.delete(job.file.name)
            forgotten += 1
    return forgotten
