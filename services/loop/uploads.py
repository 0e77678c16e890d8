"""Files given with a request or a step: checked before anything is saved, stored under
random names in the private media root."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from portal.errors import StepRefused

from .models import Attachment, Request, RequestEvent

ALLOWED_UPLOADS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt"}


def store_files(request: Request, event: RequestEvent | None, files, actor, *, internal=False):
    for upload in files or ():
        check_upload(upload)
        Attachment.objects.create(
            request=request,
            event=event,
            file=upload,
            original_name=Path(upload.name).name[:200],
            # The portal decides the type from the (allowed) suffix: the uploader's own
            # Content-Type is neither trusted when served nor bounded in length.
            content_type=mimetypes.guess_type(upload.name)[0] or "application/octet-stream",
            size=upload.size,
            is_internal=internal,
            uploaded_by=actor,
        )


def check_upload(upload) -> None:
    """Refuse files of the wrong type or too large, with a message that names the file."""
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
