"""Migrations carry a seeded database across the app split without losing a row.

Run as an operator would: ``manage.py`` in its own process against a database of its own
(not the test database), seeded with the demo park, migrated back to the head before the
split and forward again, counting every table's rows at each stop."""

import pytest

from ..databases import manage as _manage

# The last migrations before reception, financing and the calendar left the ``services`` app.
BEFORE_SPLIT = [("services", "0005_financing"), ("portal", "0007_login_lockout_roles")]
MOVED = {
    "services_calendarday": "portal_calendarday",
    **{
        f"services_{t}": f"reception_{t}"
        for t in ("receptionday", "receptionday_departments", "receptionbooking",
                  "receptionbooking_requests")
    },
    **{
        f"services_{t}": f"finance_{t}"
        for t in ("bank", "bank_staff", "bankaccesslog", "bankapikey", "financingneed",
                  "idempotentresponse", "loan", "matchmakingmeeting", "matchmakingmeeting_banks",
                  "matchmakingmeeting_loans", "matchmakingmeeting_needs",
                  "matchmakingmeeting_offers", "meetingregistration", "needconsent",
                  "needconsent_banks", "offer")
    },
}  # fmt: skip


def _row_counts(conn) -> dict[str, int]:
    cursor = conn.cursor()
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> "
        "'django_migrations'"
    )
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
        counts[table] = cursor.fetchone()[0]
    return counts


def _permission_labels(conn) -> set[tuple[str, str, str]]:
    """(role, app label, codename) of every permission a role holds."""
    cursor = conn.cursor()
    cursor.execute(
        "SELECT g.name, ct.app_label, p.codename FROM auth_group g "
        "JOIN auth_group_permissions gp ON gp.group_id = g.id "
        "JOIN auth_permission p ON p.id = gp.permission_id "
        "JOIN django_content_type ct ON ct.id = p.content_type_id"
    )
    return set(cursor.fetchall())


@pytest.mark.django_db
def test_a_seeded_database_crosses_the_app_split_both_ways_without_losing_a_row(
    seeded_database,
):
    url, connect = seeded_database  # migrate, then seed_demo --force
    conn = connect()
    after = _row_counts(conn)
    roles_after = _permission_labels(conn)
    assert after["finance_loan"] > 0 and after["reception_receptionday"] > 0
    assert after["portal_calendarday"] > 0 and after["services_request"] > 0

    for app, migration in BEFORE_SPLIT:
        _manage(url, "migrate", app, migration, "--no-input")
    before = _row_counts(conn)
    # The same rows under the old names; nothing else changed. (Tables made after the split,
    # such as the change records, are not there yet.)
    renamed = {MOVED.get(table, table): count for table, count in before.items()}
    assert renamed == {table: after[table] for table in renamed}
    made_after_the_split = (
        {t for t in after if t.endswith("history")}
        | {
            "portal_personaldataread",
            "portal_importjob",
            "portal_erasurerequest",
            "services_monthfigures",
            "services_monthvaluecount",
            "services_replytemplate",
            "services_pause",
            "services_revisit",
            "services_typicalcase",
            "services_termcount",
            "services_textfit",
            "services_profileterm",
            "services_dispatchsuggestion",
            "services_dispatchsuggestion_co_units",
            "portal_synonymgroup",
        }
        | {t for t in after if t.startswith(("market_", "teams_", "talent_", "center_"))}
    )  # apps made after it
    assert set(after) - set(renamed) <= made_after_the_split
    assert set(MOVED) <= set(before)
    cursor = conn.cursor()
    cursor.execute(
        "SELECT app_label, count(*) FROM django_content_type WHERE model IN ('bank', 'loan', "
        "'offer', 'receptionday', 'calendarday') GROUP BY app_label"
    )
    assert dict(cursor.fetchall()) == {"services": 5}  # the moved models' types went back

    _manage(url, "migrate", "--no-input")
    again = _row_counts(conn)
    assert {table: again[table] for table in renamed} == renamed
    assert set(again) == set(after)
    # Every role keeps its rights on the moved models, now under their new labels.
    assert _permission_labels(conn) == roles_after
    assert ("dispatcher", "finance", "view_loan") in roles_after
    assert ("park_admin", "portal", "change_calendarday") in roles_after
    conn.close()


# The last migrations before mobiles and contact names were encrypted at rest.
BEFORE_ENCRYPTION = [
    ("portal", "0013_dispatchers_read_change_records"),
    ("alliances", "0005_history_without_personal_data"), ("finance", "0002_history"),
]  # fmt: skip


@pytest.mark.django_db
def test_clear_personal_data_of_earlier_versions_is_encrypted_in_place_and_back(
    scratch_database,
):
    from portal.crypto import decrypt
    from portal.personal_data import mobile_index

    url, connect = scratch_database
    for app, migration in BEFORE_ENCRYPTION:
        _manage(url, "migrate", app, migration, "--no-input")
    conn = connect()
    cursor = conn.cursor()
    cursor.execute(
        "INSERT INTO portal_user (password, is_superuser, username, first_name, last_name, email,"
        " is_staff, is_active, date_joined, name, phone, language) VALUES ('!', false, 'wang', '',"
        " '', '', false, true, now(), '王芳', '13812345678', 'zh-hans') RETURNING id"
    )
    cursor.execute(
        "INSERT INTO alliances_enterprise (name, credit_code, legal_representative, contact_person,"
        " contact_mobile, address, labels, scale, growth_stage, created_at, updated_at) VALUES"
        " ('蓬莱海工', '913706841000000011', '李强', '王芳', '13912345678', '', '{}', '', '',"
        " now(), now()) RETURNING id"
    )
    firm = cursor.fetchone()[0]
    cursor.execute(
        "INSERT INTO alliances_enterprisechange (enterprise_id, field, old_value, new_value,"
        " status, created_at) VALUES (%s, 'contact_mobile', '\"13900000000\"',"
        " '\"13912345678\"', 'applied', now())",
        [firm],
    )
    cursor.execute(
        "INSERT INTO axes_accessattempt (user_agent, ip_address, username, http_accept, path_info,"
        " attempt_time, get_data, post_data, failures_since_start) VALUES ('x', '127.0.0.1',"
        " '13700001111', '', '/accounts/login/', now(), '', '', 1)"
    )

    _manage(url, "migrate", "--no-input")
    cursor.execute("SELECT phone, phone_index FROM portal_user WHERE username = 'wang'")
    phone, index = cursor.fetchone()
    assert "13812345678" not in phone and decrypt(phone) == "13812345678"
    assert index == mobile_index("13812345678")
    cursor.execute("SELECT contact_person, contact_mobile, legal_representative FROM "
                   "alliances_enterprise")  # fmt: skip
    person, mobile, legal = cursor.fetchone()
    assert (decrypt(person), decrypt(mobile), legal) == ("王芳", "13912345678", "李强")
    cursor.execute("SELECT old_value, new_value FROM alliances_enterprisechange")
    assert cursor.fetchone() == ("139****0000", "139****5678")
    cursor.execute("SELECT username FROM axes_accessattempt")
    assert cursor.fetchone()[0] == f"mobile:{mobile_index('13700001111')[:20]}"
    # Sign-in by mobile works on the migrated row.
    out = _manage(url, "shell", "-c", "from portal.backends import _find_user; "
                  "print(_find_user('138 1234 5678').username)")  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "wang"

    for app, migration in BEFORE_ENCRYPTION:
        _manage(url, "migrate", app, migration, "--no-input")
    cursor.execute("SELECT phone FROM portal_user WHERE username = 'wang'")
    assert cursor.fetchone()[0] == "13812345678"
    cursor.execute("SELECT contact_person, contact_mobile FROM alliances_enterprise")
    assert cursor.fetchone() == ("王芳", "13912345678")
    conn.close()
