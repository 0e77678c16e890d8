"""Handing a stored, permission-checked file to the person who asked for it."""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header


def serve_file(field_file, *, filename: str, content_type: str) -> HttpResponse:
    """The file as a download. The caller has checked that the asker may have it.

    Behind nginx with files on local disk (``MEDIA_ACCEL_REDIRECT`` set), the sending is
    left to nginx through ``X-Accel-Redirect`` to its internal location: no Python worker
    is held for the length of a slow download. Otherwise the portal streams it.
    """
    if settings.MEDIA_ACCEL_REDIRECT and isinstance(field_file.storage, FileSystemStorage):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(field_file.name)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
