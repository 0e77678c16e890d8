"""Pages of a spreadsheet import: upload, the check's progress and problems, confirmation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import imports
from .forms import ImportUploadForm
from .imports import columns_of, may_import, progress_of
from .models import ImportJob
from .registry import registry


@login_required
def import_new(request, kind):
    if not may_import(request.user, kind):
        raise Http404
    importer = registry.importers[kind]
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.start(kind=kind, upload=form.cleaned_data["file"], user=request.user)
        return redirect("import_job", pk=job.pk)
    recent = ImportJob.objects.filter(kind=kind, created_by=request.user)[:10]
    return render(
        request, "portal/import_new.html",
        {"form": form, "importer": importer, "recent": recent, "kind": kind,
         "columns": columns_of(importer.resource()), "max_rows": settings.IMPORT_MAX_ROWS,
         "max_mb": settings.IMPORT_MAX_MB},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
def import_template(request, kind):
    """An empty workbook whose first row holds the columns' meanings in the reader's language
    (the import reads those headings as it reads the field names): fill it in and upload."""
    import io

    import openpyxl

    from .excel import set_widths

    if not may_import(request.user, kind):
        raise Http404
    importer = registry.importers[kind]
    columns = columns_of(importer.resource())
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(str(importer.label)[:31])
    set_widths(sheet, [max(12, 2 * len(label) + 4) for _name, label in columns])
    sheet.append([label for _name, label in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response


def _job_for(request, pk) -> ImportJob:
    """Only the uploader sees a job: it lists what their file holds."""
    job = ImportJob.objects.filter(pk=pk, created_by=request.user).first()
    if job is None or not may_import(request.user, job.kind):
        raise Http404
    return job


@login_required
def import_job(request, pk):
    job = _job_for(request, pk)
    importer = registry.importers[job.kind]
    return render(
        request, "portal/import_job.html",
        {"job": job, "importer": importer, "done_rows": progress_of(job) if job.is_running else 0,
         "done_url": reverse(importer.done_url_name)},
    )  # fmt: skip


@login_required
@require_POST
def import_confirm(request, pk):
    job = _job_for(request, pk)
    if not imports.confirm(job):
        messages.error(request, _("This file is not ready to import (or is imported already)."))
    return redirect("import_job", pk=job.pk)
