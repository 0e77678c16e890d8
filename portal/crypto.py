"""Personal data stored protected: a model field kept as Fernet ciphertext in the database
(AES in CBC mode with an HMAC, from the ``cryptography`` package) and read back as text.

Keys come from ``FIELD_ENCRYPTION_KEYS`` (Fernet keys, newest first): the first encrypts,
every one of them decrypts, so a key is rotated by putting a new one in front, re-saving the
rows (``manage.py reencrypt_personal_data``) and then dropping the old one. Development and
tests derive a key from ``SECRET_KEY``; production refuses to start without a key of its own.

An encrypted column cannot be searched or compared: use it for data that is shown, never
looked up by value.
"""

import base64
import functools
import hashlib

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
