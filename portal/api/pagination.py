from rest_framework.pagination import CursorPagination


class CreatedCursorPagination(CursorPagination):
    """Key-based pagination: no COUNT(*), stable under inserts, fast at millions of rows."""

    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 200
