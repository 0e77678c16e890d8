"""Key-based pages for the HTML lists: no OFFSET and no COUNT(*), fast at any depth.

A page is ordered by one field and the id (in the same direction); the token for the next
page carries the last row's pair, and the next page starts after it with a row comparison,
which PostgreSQL answers from a ``(field, id)`` index.
"""

import base64
import datetime
import json

from django.core.exceptions import ValidationError
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


def encode_key(value, pk: int) -> str:
    if isinstance(value, datetime.datetime):
        value = value.isoformat()
    return base64.urlsafe_b64encode(json.dumps([value, pk]).encode()).decode()


def _decode_key(token: str, field):
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(token.encode()))
        return field.to_python(value), int(pk)
    except (ValueError, TypeError, ValidationError):
        return None  # a malformed token starts from the first page


def keyset_page(queryset, *, order: str, after: str | None, size: int):
    """One page ordered by ``order`` ("name" or "-submitted_at") then id, starting after
    the token; returns (rows, token of the next page or None)."""
    descending = order.startswith("-")
    name = order.lstrip("-")
    field = queryset.model._meta.get_field(name)
    queryset = queryset.order_by(order, "-id" if descending else "id")
    key = _decode_key(after, field) if after else None
    if key is not None:
        table = queryset.model._meta.db_table
        op = "<" if descending else ">"
        # Bound parameters; only the model's own table and column names are formatted in.
        after_key = RawSQL(  # noqa: S611
            f'("{table}"."{field.column}", "{table}"."id") {op} (%s, %s)',
            key,
            output_field=BooleanField(),
        )
        queryset = queryset.alias(after_key=after_key).filter(after_key=True)
    rows = list(queryset[: size + 1])
    if len(rows) <= size:
        return rows, None
    last = rows[size - 1]
    return rows[:size], encode_key(getattr(last, name), last.pk)
