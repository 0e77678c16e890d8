"""Files are checked by what they contain, a request's files together have a ceiling, they are
served with the portal's own type, and files left without a row are removed."""

import datetime
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.errors import StepRefused
from services.loop import steps
from services.loop.models import Attachment, Request
from services.loop.uploads import remove_orphan_files

from ..samples import OLE, PDF, PNG, docx, xlsx, zip_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


GOOD = [
    ("报告.pdf", PDF), ("现场.PNG", PNG), ("营业执照.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
    ("旧表.xls", OLE), ("旧文.doc", OLE), ("明细.xlsx", xlsx()), ("说明.docx", docx()),
    ("说明.txt", "厂区面积有限，塔筒无处堆放。".encode()),
    ("说明-gbk.txt", "厂区面积有限".encode("gb18030")),
]  # fmt: skip
BAD = [
    ("发票.pdf", b"MZ\x90\x00" + b"\x00" * 64),  # a Windows program renamed .pdf
    ("说明.txt", b"<html><script>alert(1)</script></html>\x00"),
    ("照片.png", PDF),  # a real PDF named .png
    ("明细.xlsx", zip_of("payload.sh")),  # a zip, but no workbook inside
    ("说明.docx", xlsx()),  # an Excel package named .docx
    ("空.txt", b"\x00" * 16),
]  # fmt: skip


@pytest.mark.parametrize("name,content", GOOD)
def test_files_that_are_what_their_name_says_are_kept(submit, name, content):
    request = submit(files=[SimpleUploadedFile(name, content, content_type="application/x-foo")])
    assert request.attachments.get().original_name == name


@pytest.mark.parametrize("name,content", BAD)
def test_files_whose_content_is_not_their_name_are_refused_on_the_page(
    client, user_a, category, name, content
):
    client.force_login(user_a)
    response = client.post(reverse("services:request_new"), {
        "category": category.pk, "title": "发票核对", "description": "见附件",
        "files": SimpleUploadedFile(name, content),
    })  # fmt: skip
    assert response.status_code == 400
    assert name in response.content.decode()
    assert "内容与文件名不符" in response.content.decode()
    assert not Request.objects.exists()


def test_a_disguised_file_is_refused_by_the_api_too(client, user_a, category):
    client.force_login(user_a)
    response = client.post("/api/v1/requests/", {
        "category": category.pk, "title": "发票核对", "description": "见附件",
        "files": SimpleUploadedFile("发票.pdf", b"MZ" + b"\x00" * 64),
    })  # fmt: skip
    assert response.status_code == 400
    assert response.json()["code"] == "bad_file"


def test_a_requests_files_together_have_a_ceiling(settings, submit, dispatcher, handler, unit_x):
    settings.REQUEST_MAX_UPLOAD_MB = 1
    settings.REQUEST_MAX_TOTAL_MB = 2
    mb = 1024 * 1024

    def pdf(name):
        return SimpleUploadedFile(name, PDF + b"0" * (mb - len(PDF) - 10))

    with pytest.raises(StepRefused) as refused:
        submit(files=[pdf("一.pdf"), pdf("二.pdf"), pdf("三.pdf")])
    assert "2 MB" in str(refused.value.message)
    assert not Request.objects.exists()
    request = submit(files=[pdf("一.pdf")])
    steps.dispatch_request(actor=dispatcher, request_id=request.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=request.pk)
    steps.add_progress(actor=handler, request_id=request.pk, note="现场核实", files=[pdf("二.pdf")])
    with pytest.raises(StepRefused):
        steps.add_progress(actor=handler, request_id=request.pk, note="再补", files=[pdf("三.pdf")])
    assert request.attachments.count() == 2
    assert request.events.filter(note="再补").count() == 0


def test_a_step_carries_a_bounded_number_of_files(settings, client, user_a, category):
    settings.REQUEST_MAX_FILES = 2
    from services.loop import inputs

    serializer = inputs.SubmitInput(
        data={
            "category": category.pk, "title": "多文件", "description": "见附件",
            "files": [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(12)],
        }
    )  # fmt: skip
    assert not serializer.is_valid()
    assert "files" in serializer.errors


def test_downloads_carry_the_portals_type_whatever_is_stored(client, submit, user_a):
    request = submit(files=[SimpleUploadedFile("报告.pdf", PDF)])
    attachment = request.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")  # an old row
    client.force_login(user_a)
    response = client.get(reverse("services:attachment_download", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_files_left_without_a_row_are_removed_once_old(submit, media):
    request = submit(files=[SimpleUploadedFile("报告.pdf", PDF)])
    kept = request.attachments.get().file.name
    orphan = default_storage.save(f"requests/{request.pk}/leftover", SimpleUploadedFile("x", PDF))
    fresh = default_storage.save(f"requests/{request.pk}/running", SimpleUploadedFile("y", PDF))
    day_ago = time.time() - 86400
    for name in (kept, orphan):
        os.utime(media / name, (day_ago, day_ago))
    assert remove_orphan_files(older_than=datetime.timedelta(hours=6)) == 1
    assert default_storage.exists(kept) and default_storage.exists(fresh)
    assert not default_storage.exists(orphan)


def test_a_failed_row_leaves_no_file(submit, media, monkeypatch):
    insert = Attachment._do_insert

    def refuse(self, *args, **kwargs):
        insert(self, *args, **kwargs)  # Django writes the file while building the INSERT
        raise RuntimeError("database gone")

    written = []
    real_save = default_storage.save
    monkeypatch.setattr(
        default_storage, "save", lambda *a, **k: written.append(real_save(*a, **k)) or written[-1]
    )
    monkeypatch.setattr(Attachment, "_do_insert", refuse)
    with pytest.raises(RuntimeError):
        submit(files=[SimpleUploadedFile("报告.pdf", PDF)])
    assert len(written) == 1
    assert [p for p in media.rglob("*") if p.is_file()] == []
