"""Key-based pagination over (name, id): no OFFSET and no COUNT(*), fast at any depth."""

import base64
import json

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


def _encode(name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([name, pk]).encode()).decode()


def _decode(token: str):
    try:
        name, pk = json.loads(base64.urlsafe_b64decode(token.encode()))
        return str(name), int(pk)
    except (ValueError, TypeError):
        return None


def keyset_page(queryset, *, after: str | None, size: int):
    """One page ordered by (name, id) starting after the given token; returns
    (rows, token of the next page or None)."""
    queryset = queryset.order_by("name", "id")
    key = _decode(after) if after else None
    if key is not None:
        # A row comparison, unlike name > x OR (name = x AND id > y), walks the (name, id) index.
        table = queryset.model._meta.db_table
        # The values are bound parameters; only the model's own table name is formatted in.
        after_key = RawSQL(  # noqa: S611
            f'("{table}"."name", "{table}"."id") > (%s, %s)', key, output_field=BooleanField()
        )
        queryset = queryset.alias(after_key=after_key).filter(after_key=True)
    rows = list(queryset[: size + 1])
    next_token = _encode(rows[size - 1].name, rows[size - 1].pk) if len(rows) > size else None
    return rows[:size], next_token
