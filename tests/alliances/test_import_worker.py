"""A large import runs in a real Celery worker: the page shows its progress while it checks,
then imports every row on confirmation, in one transaction."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliances.models import Enterprise
from portal.models import ImportJob

from ..conftest import wait_for
from ..factories import ChainFactory, credit_code

ROWS = 2000


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_checked_and_imported_by_the_worker_with_progress(
    client, park_admin, celery_processes, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    celery_processes.worker(env={"MEDIA_ROOT": str(tmp_path)})
    ChainFactory(name="海工装备", code="offshore")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["统一社会信用代码", "名称", "chains", "年产值（元）"])
    for n in range(ROWS):
        sheet.append([credit_code(20_000 + n), f"批量导入企业{n}", "海工装备", 1_000_000 + n])
    out = io.BytesIO()
    book.save(out)

    client.force_login(park_admin)
    response = client.post(
        reverse("import_new", args=["enterprises"]),
        {"file": SimpleUploadedFile("enterprises.xlsx", out.getvalue())},
    )
    job_url = response.url
    seen = []

    def checked():
        page = client.get(job_url).content.decode()
        seen.extend(re.findall(r"已检查 (\d+) 行", page))
        return 'http-equiv="refresh"' not in page and page

    page = wait_for(checked, timeout=120, interval=0.3)
    assert "确认导入" in page and f'<dd class="col-sm-9">{ROWS}</dd>' in page
    assert any(int(n) > 0 for n in seen), "the page never showed the check's progress"
    assert not Enterprise.objects.exists()

    job = ImportJob.objects.get()
    client.post(reverse("import_confirm", args=[job.pk]))
    wait_for(lambda: ImportJob.objects.get().status == ImportJob.Status.DONE, timeout=180)
    assert Enterprise.objects.count() == ROWS
    assert Enterprise.objects.get(credit_code=credit_code(20_000 + ROWS - 1)).annual_output == (
        1_000_000 + ROWS - 1
    )
