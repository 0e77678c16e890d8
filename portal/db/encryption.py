"""A migration operation that encrypts columns of existing rows in place (and back).

Used when a column becomes an ``EncryptedCharField``: the rows written before hold clear
text, which the field could not read. Rows are read and written by raw SQL in batches, so
the operation does not depend on the model's current code; a value that is already a token
this portal can read is left as it is, so the operation can run twice.
"""

from django.db import migrations

from portal.crypto import blind_index, decrypt, encrypt, is_encrypted

BATCH = 2000


def _rewrite(connection, table: str, columns: list[str], convert) -> None:
    quoted = ", ".join(f'"{c}"' for c in columns)
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f'SELECT id, {quoted} FROM "{table}" WHERE id > %s ORDER BY id LIMIT %s',  # noqa: S608
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            for pk, *values in rows:
                changes = convert(dict(zip(columns, values, strict=True)))
                if changes:
                    assignments = ", ".join(f'"{c}" = %s' for c in changes)
                    cursor.execute(
                        f'UPDATE "{table}" SET {assignments} WHERE id = %s',  # noqa: S608
                        [*changes.values(), pk],
                    )
            last = rows[-1][0]


def encrypt_columns(table: str, columns: list[str], *, index: dict[str, tuple] | None = None):
    """Encrypt ``columns`` of ``table``; ``index`` maps an index column to the column it
    indexes and a normaliser with the blind-index purpose: {"phone_index": ("phone", norm,
    "mobile")}."""
    index = index or {}

    def forward(apps, schema_editor):
        def convert(row):
            changes = {}
            for column in columns:
                value = row[column]
                if value and not is_encrypted(value):
                    changes[column] = encrypt(value)
            for target, (source, normalise, purpose) in index.items():
                value = row[source]
                if value and is_encrypted(value):
                    value = decrypt(value)
                value = normalise(value) if value else ""
                changes[target] = blind_index(value, purpose=purpose) if value else None
            return changes

        _rewrite(schema_editor.connection, table, columns, convert)

    def backward(apps, schema_editor):
        def convert(row):
            return {c: decrypt(v) for c, v in row.items() if v and is_encrypted(v)}

        _rewrite(schema_editor.connection, table, columns, convert)

    return migrations.RunPython(forward, backward, elidable=False)
