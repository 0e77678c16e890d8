"""Mobile numbers and contact names are stored encrypted; the mobile is found by its blind
index (sign-in, uniqueness, admin search); no clear copy sits in the change log, the record
of changes or the sign-in attempt log."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.db import connection

from alliances import services
from alliances.models import EnterpriseChange
from portal.models import User

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _row(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _dump_of(*tables) -> str:
    """Every value of the tables as text, as someone reading a database dump would see it."""
    text = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT t::text FROM "{table}" t')  # noqa: S608 - fixed names
            text += [row[0] for row in cursor.fetchall()]
    return "\n".join(text)


def test_a_users_mobile_is_ciphertext_and_still_signs_in(client, user_a):
    phone, index = _row("SELECT phone, phone_index FROM portal_user WHERE id = %s", [user_a.pk])
    assert phone.startswith("gAAAA") and user_a.phone not in phone
    assert user_a.phone not in index
    user_a.refresh_from_db()
    assert user_a.phone == "13800001111"
    response = client.post("/accounts/login/", {"username": "138 0000 1111", "password": PASSWORD})
    assert response.status_code == 302


def test_a_mobile_belongs_to_one_account(client, park_admin, user_a):
    client.force_login(park_admin)
    response = client.post("/admin/portal/user/add/", {
        "username": "newcomer", "name": "新同事", "phone": "13800001111", "email": "",
        "password1": PASSWORD, "password2": PASSWORD,
    })  # fmt: skip
    assert response.status_code == 200
    assert "已被其他账号使用" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_admin_finds_a_user_by_mobile(client, park_admin, user_a, user_b):
    client.force_login(park_admin)
    page = client.get("/admin/portal/user/", {"q": "138-0000-1111"}).content.decode()
    assert user_a.username in page and user_b.username not in page


def test_contact_data_is_ciphertext_and_the_change_log_keeps_it_masked(user_a, firm_a):
    services.update_profile(actor=user_a, enterprise_id=firm_a.pk, changes={
        "contact_person": "王芳", "contact_mobile": "13912345678", "legal_representative": "李强",
    })  # fmt: skip
    person, mobile, legal = _row(
        "SELECT contact_person, contact_mobile, legal_representative FROM alliances_enterprise "
        "WHERE id = %s",
        [firm_a.pk],
    )
    assert person.startswith("gAAAA") and mobile.startswith("gAAAA")
    assert legal == "李强"  # public registration data, kept searchable
    firm_a.refresh_from_db()
    assert (firm_a.contact_person, firm_a.contact_mobile) == ("王芳", "13912345678")
    logged = {c.field: c.new_display for c in EnterpriseChange.objects.filter(enterprise=firm_a)}
    assert logged["contact_mobile"] == "139****5678" and logged["contact_person"] == "王*"
    dump = _dump_of(
        "alliances_enterprise", "alliances_enterprisechange", "alliances_enterprisehistory",
        "portal_user", "portal_userhistory",
    )  # fmt: skip
    for clear in ("13912345678", "王芳", "13800001111"):
        assert clear not in dump


def test_a_mobile_typed_at_sign_in_is_not_kept_in_clear(client, user_a):
    for name in ("13712345678", "138 0000 1111"):  # nobody's number, and user_a's
        client.post("/accounts/login/", {"username": name, "password": "wrong"})
    usernames = list(AccessAttempt.objects.values_list("username", flat=True))
    usernames += list(AccessLog.objects.values_list("username", flat=True))
    assert f"user:{user_a.pk}" in usernames
    assert any(u.startswith("mobile:") for u in usernames)
    dump = _dump_of("axes_accessattempt", "axes_accesslog", "axes_accessfailurelog")
    assert "13712345678" not in dump and "0000 1111" not in dump and "13800001111" not in dump


def test_a_new_hash_key_is_taken_up_by_the_reencrypt_command(settings, user_a):
    from django.core.management import call_command

    from portal import crypto
    from portal.backends import _find_user

    settings.FIELD_HASH_KEY = "another-key-for-the-blind-indexes-0123456789"
    crypto._hash_key.cache_clear()
    try:
        assert _find_user("13800001111") is None  # the old indexes no longer match
        call_command("reencrypt_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert _find_user("13800001111") == user_a
    finally:
        crypto._hash_key.cache_clear()


def test_users_made_in_bulk_by_the_factory_get_an_index():
    user = UserFactory(phone="13600002222")
    assert User.objects.get(phone_index=user.phone_index) == user
