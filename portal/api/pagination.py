from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.pagination import CursorPagination


class BadCursorIs400(CursorPagination):
    """A cursor that cannot be decoded is a bad parameter (400), not a missing page (404)."""

    invalid_cursor_message = _("The cursor is not valid: start again from the first page.")

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ParseError(exc.detail) from None


class CreatedCursorPagination(BadCursorIs400):
    """Key-based pagination: no COUNT(*), stable under inserts, fast at millions of rows."""

    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 200
