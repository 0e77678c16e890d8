"""Key-based pages over (submitted_at, id), newest first: no OFFSET, no COUNT(*)."""

import base64
import datetime
import json

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


def _encode(row) -> str:
    key = [row.submitted_at.isoformat(), row.pk]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def _decode(token: str):
    try:
        stamp, pk = json.loads(base64.urlsafe_b64decode(token.encode()))
        return datetime.datetime.fromisoformat(stamp), int(pk)
    except (ValueError, TypeError):
        return None


def newest_first_page(queryset, *, after: str | None, size: int):
    """One page of requests older than the token's; returns (rows, next token or None)."""
    queryset = queryset.order_by("-submitted_at", "-id")
    key = _decode(after) if after else None
    if key is not None:
        table = queryset.model._meta.db_table
        # Bound parameters; only the model's own table name is formatted in.
        before = RawSQL(  # noqa: S611
            f'("{table}"."submitted_at", "{table}"."id") < (%s, %s)',
            key,
            output_field=BooleanField(),
        )
        queryset = queryset.alias(before_key=before).filter(before_key=True)
    rows = list(queryset[: size + 1])
    token = _encode(rows[size - 1]) if len(rows) > size else None
    return rows[:size], token
