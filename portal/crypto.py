"""Personal data stored protected: a model field kept as Fernet ciphertext in the database
(AES in CBC mode with an HMAC, from the ``cryptography`` package) and read back as text.

Keys come from ``FIELD_ENCRYPTION_KEYS`` (Fernet keys, newest first): the first encrypts,
every one of them decrypts, so a key is rotated by putting a new one in front, re-saving the
rows (``manage.py reencrypt_personal_data``) and then dropping the old one. Development and
tests derive a key from ``SECRET_KEY``; production refuses to start without a key of its own.

An encrypted column cannot be searched or compared. A value that must be found (a mobile
number one signs in with) gets a blind index beside it: ``blind_index`` is an HMAC-SHA256 of
the normalised value under ``FIELD_HASH_KEY``, a key of its own that is never rotated with the
Fernet keys (changing it means recomputing every index, which ``reencrypt_personal_data``
does from the decrypted values).
"""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@functools.cache
def _fernet() -> MultiFernet:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        if not settings.SECRET_KEY:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS or SECRET_KEY must be set.")
        digest = hashlib.sha256(b"portal-field-encryption:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in keys])


@functools.cache
def _hash_key() -> bytes:
    key = settings.FIELD_HASH_KEY
    if not key:
        if not settings.SECRET_KEY:
            raise ImproperlyConfigured("FIELD_HASH_KEY or SECRET_KEY must be set.")
        return hashlib.sha256(b"portal-blind-index:" + settings.SECRET_KEY.encode()).digest()
    return key.encode()


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash to find an encrypted value by; ``purpose`` keeps indexes of different
    kinds of data apart. Without the key the hash cannot be reversed by trying numbers."""
    message = f"{purpose}:{value}".encode()
    return hmac.new(_hash_key(), message, hashlib.sha256).hexdigest()


def is_encrypted(value: str | None) -> bool:
    """Whether a stored value is a Fernet token this portal can read (used when old clear
    rows are encrypted in place)."""
    if not value:
        return False
    try:
        _fernet().decrypt(value.encode())
    except (InvalidToken, ValueError):
        return False
    return True


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored personal-data value cannot be decrypted with FIELD_ENCRYPTION_KEYS: "
            "was a key dropped before the rows were re-encrypted?"
        ) from None


class EncryptedCharField(models.CharField):
    """A CharField whose value is encrypted at rest. ``max_length`` limits the plain text;
    the column is ``text`` because the ciphertext is longer."""

    def get_internal_type(self):
        return "TextField"

    def db_type(self, connection):
        return "text"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value
