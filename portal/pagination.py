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
from django.utils.translation import gettext_lazy as _

# Ids are PostgreSQL bigints; a token naming anything beyond is not one the portal wrote.
_LARGEST_ID = 2**63 - 1


class BadPageToken(ValueError):
    """A page link the portal did not write (edited, cut short, or from elsewhere)."""

    message = _("This page link is not valid. The list starts again from the first page.")


def encode_key(value, pk: int) -> str:
    if isinstance(value, datetime.datetime):
        value = value.isoformat()
    return base64.urlsafe_b64encode(json.dumps([value, pk]).encode()).decode()


def _decode_key(token: str, field):
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(token.encode()))
        value = field.to_python(value)
    except (ValueError, TypeError, ValidationError, OverflowError):
        raise BadPageToken from None
    if value is None or type(pk) is not int or not 0 < pk <= _LARGEST_ID:
        raise BadPageToken  # also 1e400, which JSON reads as an infinite float; keys are never null
    if isinstance(value, str) and "\x00" in value:
        raise BadPageToken  # PostgreSQL text cannot hold NUL
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise BadPageToken  # the portal writes aware times only
        try:
            value.astimezone(datetime.UTC)
        except OverflowError:
            raise BadPageToken from None
    return value, pk


def keyset_page(queryset, *, order: str, after: str | None, size: int):
    """One page ordered by ``order`` ("name" or "-submitted_at") then id, starting after
    the token; returns (rows, token of the next page or None).

    A token the portal did not write raises ``BadPageToken``; ``page_or_first`` turns it
    into the first page and a message for the views."""
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


def page_or_first(queryset, *, order: str, after: str | None, size: int):
    """``keyset_page`` for a view: returns (rows, next token, error message or None); a
    bad token gives the first page and the message, which the view answers with a 400."""
    try:
        return (*keyset_page(queryset, order=order, after=after, size=size), None)
    except BadPageToken as bad:
        return (*keyset_page(queryset, order=order, after=None, size=size), bad.message)
