"""Files given with a request or a step: checked before anything is saved (name, size, the
request's total and what the bytes really are), stored under random names in the private
media root, and served with the type the portal decided."""

import datetime
import zipfile
from pathlib import Path

import filetype
from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import StepRefused

from .models import Attachment, Request, RequestEvent

# The bytes a file of each allowed suffix must start as. Word and Excel files of Office 2007
# and later are zip packages holding their main part; the older ones are OLE compound files.
_OLE = {"ole"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED_UPLOADS = {
    ".pdf": ("application/pdf", {"pdf"}, None),
    ".jpg": ("image/jpeg", {"jpg"}, None),
    ".jpeg": ("image/jpeg", {"jpg"}, None),
    ".png": ("image/png", {"png"}, None),
    ".doc": ("application/msword", _OLE, None),
    ".xls": ("application/vnd.ms-excel", _OLE, None),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {"docx", "zip"},
        "word/document.xml",
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        {"xlsx", "zip"},
        "xl/workbook.xml",
    ),
    ".txt": ("text/plain; charset=utf-8", set(), None),
}
_HEAD = 8192  # enough for every signature filetype reads


def content_type_of(name: str) -> str:
    """The type a stored file is served with: from its allowed suffix, never the uploader."""
    entry = ALLOWED_UPLOADS.get(Path(name).suffix.lower())
    return entry[0] if entry else "application/octet-stream"


def store_files(request: Request, event: RequestEvent | None, files, actor, *, internal=False):
    """Save the files of one step. The caller holds the request's row lock, so the total
    counted here cannot be raced past by another upload to the same request."""
    files = list(files or ())
    if not files:
        return
    already = request.attachments.aggregate(total=Sum("size"))["total"] or 0
    check_uploads(files, already=already)
    for upload in files:
        attachment = Attachment(
            request=request,
            event=event,
            file=upload,
            original_name=Path(upload.name).name[:200],
            content_type=content_type_of(upload.name),
            size=upload.size,
            is_internal=internal,
            uploaded_by=actor,
        )
        try:
            attachment.save()
        except Exception:
            # The file is written before its row: do not leave it behind without one.
            if attachment.file.name:
                attachment.file.storage.delete(attachment.file.name)
            raise


def check_uploads(files, *, already: int = 0) -> None:
    """Every file and the request's total after them; ``already`` is what it holds now."""
    files = list(files or ())
    for upload in files:
        check_upload(upload)
    limit = settings.REQUEST_MAX_TOTAL_MB * 1024 * 1024
    if already + sum(upload.size for upload in files) > limit:
        raise StepRefused(
            _(
                "Together the files of a request may not exceed %(mb)s MB; this one would "
                "hold %(total)s MB. Leave out a file or make the files smaller."
            )
            % {
                "mb": settings.REQUEST_MAX_TOTAL_MB,
                "total": round((already + sum(u.size for u in files)) / 1024 / 1024, 1),
            },
            code="bad_file",
            status=400,
        )


def check_upload(upload) -> None:
    """Refuse a file of a type not allowed, too large, or whose bytes are not what its name
    says (an .exe renamed .pdf), with a message that names the file."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_UPLOADS:
        raise StepRefused(
            _("“%(name)s” cannot be attached: allowed are PDF, images, Word, Excel and text files.")
            % {"name": upload.name},
            code="bad_file",
            status=400,
        )
    if upload.size > settings.REQUEST_MAX_UPLOAD_MB * 1024 * 1024:
        raise StepRefused(
            _("“%(name)s” is larger than %(mb)s MB.")
            % {"name": upload.name, "mb": settings.REQUEST_MAX_UPLOAD_MB},
            code="bad_file",
            status=400,
        )
    if not _content_matches(upload, suffix):
        raise StepRefused(
            _(
                "“%(name)s” is not a real %(kind)s file: its content does not match its name. "
                "Save it again in that format and attach it once more."
            )
            % {"name": upload.name, "kind": suffix.lstrip(".").upper()},
            code="bad_file",
            status=400,
        )


def _content_matches(upload, suffix: str) -> bool:
    _type, kinds, main_part = ALLOWED_UPLOADS[suffix]
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    if kinds is _OLE:
        return head.startswith(_OLE_MAGIC)
    guessed = filetype.guess(head)
    if not kinds:  # plain text: no known signature, no NUL, readable as UTF-8 or GB18030
        if guessed is not None or b"\x00" in head:
            return False
        return _decodes(head)
    if guessed is None or guessed.extension not in kinds:
        return False
    if main_part is None:
        return True
    try:
        with zipfile.ZipFile(upload) as package:
            return main_part in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            # A multi-byte character may be cut at the end of the head: ignore the last bytes.
            head[: len(head) - 3 if len(head) == _HEAD else None].decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def remove_orphan_files(*, older_than: datetime.timedelta = datetime.timedelta(hours=6)) -> int:
    """Delete stored request files that no attachment row names (a step rolled back after
    its files were written). Recent files are left: their step may still be running."""
    storage = default_storage
    if not storage.exists("requests"):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    directories, _files = storage.listdir("requests")
    for directory in directories:
        folder = f"requests/{directory}"
        _subdirs, names = storage.listdir(folder)
        if not names:
            continue
        rows = (
            Attachment.objects.filter(request_id=int(directory))
            if directory.isdigit()
            else Attachment.objects.filter(file__startswith=f"{folder}/")
        )
        known = set(rows.values_list("file", flat=True))
        for name in names:
            path = f"{folder}/{name}"
            if path in known or storage.get_modified_time(path) > cutoff:
                continue
            storage.delete(path)
            removed += 1
    return removed
