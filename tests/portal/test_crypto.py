"""Personal data is stored protected: ciphertext in the database, plain text in the portal,
keys rotatable."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from portal import crypto

from ..finance.conftest import ID_NUMBER, MOBILE, post_need

pytestmark = pytest.mark.django_db


def _stored(need_pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_mobile, contact_id_number FROM finance_financingneed WHERE id = %s",
            [need_pk],
        )
        return cursor.fetchone()


@pytest.fixture
def keys(settings):
    """Explicit keys for the test, and the cached cipher rebuilt around them."""

    def use(*ks):
        settings.FIELD_ENCRYPTION_KEYS = list(ks)
        crypto._fernet.cache_clear()

    yield use
    crypto._fernet.cache_clear()


def test_the_database_holds_no_readable_mobile_or_id_number(user_a):
    need = post_need(user_a)
    mobile, id_number = _stored(need.pk)
    assert MOBILE not in mobile and ID_NUMBER not in id_number
    assert mobile.startswith("gAAAA")  # a Fernet token
    need.refresh_from_db()
    assert (need.contact_mobile, need.contact_id_number) == (MOBILE, ID_NUMBER)
    assert post_need(user_a, contact_id_number="").contact_id_number == ""


def test_keys_rotate_without_losing_data(user_a, keys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys(old)
    user_a.save()  # the user's mobile was stored before: under the old key now, too
    need = post_need(user_a)
    before = _stored(need.pk)
    keys(new, old)  # the new key in front; the old one still reads
    need.refresh_from_db()
    assert need.contact_mobile == MOBILE
    call_command("reencrypt_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _stored(need.pk) != before
    keys(new)  # the old key dropped
    need.refresh_from_db()
    assert (need.contact_mobile, need.contact_id_number) == (MOBILE, ID_NUMBER)
    keys(Fernet.generate_key().decode())  # a wrong key fails loudly, never shows ciphertext
    with pytest.raises(Exception, match="cannot be decrypted"):
        need.refresh_from_db()
