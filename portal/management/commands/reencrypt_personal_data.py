"""Re-encrypt every encrypted personal-data value with the first of FIELD_ENCRYPTION_KEYS,
and recompute the blind indexes under FIELD_HASH_KEY.

Run after putting a new key in front of FIELD_ENCRYPTION_KEYS (then the old key can go), or
after changing FIELD_HASH_KEY (sign-in by mobile finds nobody until it has run)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.crypto import EncryptedCharField

BATCH = 1000


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        for model in apps.get_models():
            fields = [
                f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)
            ]
            if not fields:
                continue
            done = 0
            indexes = getattr(model, "BLIND_INDEXES", {})
            rows = model._default_manager.order_by("pk").values_list("pk", *fields)
            for start in range(0, rows.count(), BATCH):
                with transaction.atomic():
                    for pk, *values in rows[start : start + BATCH]:
                        row = dict(zip(fields, values, strict=True))
                        for target, (source, index_of) in indexes.items():
                            row[target] = index_of(row[source])
                        model._default_manager.filter(pk=pk).update(**row)
                        done += 1
            self.stdout.write(f"{model._meta.label}: {done} rows re-encrypted")
