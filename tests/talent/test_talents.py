"""The talent registry as its people meet it: an ID number with a wrong check character is
refused with a reason; the number and mobile are stored encrypted (the raw column holds no
plain number) and found by their keyed hash; everyone but a talent officer sees them masked;
an officer's every full view and full export is logged; an enterprise sees only its own."""

import io

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from portal.models import PersonalDataRead
from talent.models import Talent, TalentDemand, resident_id_index

from .conftest import id_number, make_talent

pytestmark = pytest.mark.django_db


def _form(enterprise=None, **changes):
    number = id_number()
    data = {
        "name": "李晓东", "gender": "male", "birth_year": "1985", "id_number": number,
        "mobile": "13912345678", "education": "doctorate", "title": "高级工程师",
        "field": "海洋工程", "level": "provincial", "programme": "泰山产业领军人才工程",
        "programme_year": "2022", "status": "active",
    }  # fmt: skip
    if enterprise is not None:
        data["enterprise"] = enterprise.pk
    return data | changes


def test_a_wrong_check_character_is_refused_with_its_reason(client, user_a, firm_a):
    client.force_login(user_a)
    good = id_number()
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client.post(reverse("talent:talent_new"), _form(id_number=wrong))
    assert response.status_code == 400
    assert "校验码" in response.content.decode()  # "the check character does not match"
    assert not Talent.objects.exists()
    response = client.post(reverse("talent:talent_new"), _form(id_number="37068419851332123X"))
    assert "出生日期" in response.content.decode()
    response = client.post(reverse("talent:talent_new"), _form(id_number="3706841985"))
    assert "18位" in response.content.decode()


def test_the_birth_year_must_agree_with_the_number(client, user_a, firm_a):
    client.force_login(user_a)
    response = client.post(reverse("talent:talent_new"), _form(birth_year="1990"))
    assert (
        response.status_code == 400
        and "出生年份与身份证号码（1985）不符" in response.content.decode()
    )


def test_the_number_is_encrypted_at_rest_and_found_by_its_keyed_hash(client, user_a, firm_a):
    client.force_login(user_a)
    number = id_number()
    response = client.post(reverse("talent:talent_new"), _form(id_number=number.lower()))
    assert response.status_code == 302
    talent = Talent.objects.get()
    assert talent.enterprise == firm_a and talent.id_number == number  # stored upper case
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile, id_index FROM talent_talent")
        raw_number, raw_mobile, index = cursor.fetchone()
    assert number not in raw_number and "13912345678" not in raw_mobile
    assert number[-4:] not in index and index == resident_id_index(number)
    assert Talent.objects.filter(id_index=resident_id_index(number)).get() == talent
    # The change record does not copy it either.
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(
            cursor, "talent_talenthistory")]  # fmt: skip
    assert "name" in columns and not {"id_number", "id_index", "mobile"} & set(columns)
    # The same person twice is refused.
    again = client.post(reverse("talent:talent_new"), _form(id_number=number, name="另一人"))
    assert again.status_code == 400 and "已登记" in again.content.decode()


def test_masked_for_all_but_a_talent_officer_whose_full_view_is_logged(
    client, firm_a, user_a, park_admin, officer
):
    number = id_number()
    talent = make_talent(firm_a, number=number)
    masked = f"{number[:6]}********{number[-4:]}"
    for user in (user_a, park_admin, officer):
        client.force_login(user)
        page = client.get(reverse("talent:talent_detail", args=[talent.pk])).content.decode()
        assert masked in page and number not in page and "139****5678" in page
        listing = client.get(reverse("talent:talents")).content.decode()
        assert masked in listing and number not in listing
    assert not PersonalDataRead.objects.exists()
    # Only the officer may ask for it in full (a POST), and it is logged.
    client.force_login(park_admin)
    assert client.post(reverse("talent:talent_identity", args=[talent.pk])).status_code == 404
    client.force_login(officer)
    shown = client.post(reverse("talent:talent_identity", args=[talent.pk]))
    assert number in shown.content.decode() and "13912345678" in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    read = PersonalDataRead.objects.get()
    assert read.reader == officer and talent.name in read.subject and "id_number" in read.fields


def test_the_admin_shows_the_number_only_to_an_officer(client, firm_a, park_admin, officer):
    number = id_number()
    talent = make_talent(firm_a, number=number)
    url = reverse("admin:talent_talent_change", args=[talent.pk])
    client.force_login(park_admin)
    page = client.get(url).content.decode()
    assert number not in page and f"{number[:6]}********{number[-4:]}" in page
    assert not PersonalDataRead.objects.exists()
    client.force_login(officer)
    assert number in client.get(url).content.decode()
    assert PersonalDataRead.objects.filter(reader=officer).count() == 1


def test_an_enterprise_sees_only_its_own_talents_and_positions(
    client, firm_a, firm_b, user_a, user_b
):
    mine = make_talent(firm_a, name="自己人")
    theirs = make_talent(firm_b, number=id_number(serial="456"), name="别家人")
    TalentDemand.objects.create(enterprise=firm_b, title="焊接工程师", field="焊接", number=2,
                                requirements="x", salary_min=8000, salary_max=12000)  # fmt: skip
    client.force_login(user_a)
    listing = client.get(reverse("talent:talents")).content.decode()
    assert "自己人" in listing and "别家人" not in listing
    assert client.get(reverse("talent:talent_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("talent:talent_edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("talent:talent_detail", args=[mine.pk])).status_code == 200
    assert "焊接工程师" not in client.get(reverse("talent:demands")).content.decode()
    # Its own position, posted and closed; another's cannot be closed.
    response = client.post(reverse("talent:demands"), {
        "title": "风电运维技师", "field": "风电运维", "number": "3", "requirements": "持证上岗",
        "salary_min": "7000", "salary_max": "9000",
    })  # fmt: skip
    assert response.status_code == 302
    demand = TalentDemand.objects.get(title="风电运维技师")
    assert demand.enterprise == firm_a and demand.posted_by == user_a
    other = TalentDemand.objects.get(title="焊接工程师")
    assert client.post(reverse("talent:demand_close", args=[other.pk]),
                       {"state": "filled"}).status_code == 404  # fmt: skip
    client.post(reverse("talent:demand_close", args=[demand.pk]), {"state": "filled"})
    demand.refresh_from_db()
    assert demand.state == "filled"
    # Salary upside down: a clear message, not a 500.
    bad = client.post(reverse("talent:demands"), {
        "title": "x", "field": "y", "number": "1", "requirements": "z",
        "salary_min": "9000", "salary_max": "7000",
    })  # fmt: skip
    assert bad.status_code == 400 and "月薪上限不能低于下限" in bad.content.decode()


def test_an_enterprise_user_edits_without_seeing_the_number(client, firm_a, user_a):
    number = id_number()
    talent = make_talent(firm_a, number=number)
    client.force_login(user_a)
    page = client.get(reverse("talent:talent_edit", args=[talent.pk])).content.decode()
    assert number not in page and 'name="id_number"' not in page
    data = _form(name="王海涛", title="正高级工程师")
    del data["id_number"], data["mobile"]
    assert client.post(reverse("talent:talent_edit", args=[talent.pk]), data).status_code == 302
    talent.refresh_from_db()
    assert talent.title == "正高级工程师" and talent.id_number == number


def _sheet(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_exports_mask_unless_the_reader_may_see_and_then_are_logged(
    client, firm_a, user_a, park_admin, officer
):
    number = id_number()
    make_talent(firm_a, number=number)
    for user in (user_a, park_admin):
        client.force_login(user)
        rows = _sheet(client.get(reverse("talent:talent_export")))
        assert rows[1][3] == f"{number[:6]}********{number[-4:]}" and rows[1][4] == "139****5678"
    assert not PersonalDataRead.objects.exists()
    client.force_login(officer)
    rows = _sheet(client.get(reverse("talent:talent_export")))
    assert rows[0][3] == "居民身份证号码" and rows[1][3] == number
    assert PersonalDataRead.objects.get().rows == 1


def test_the_figures_count_the_registry(client, firm_a, officer):
    for i, level in enumerate(["national", "provincial", "municipal", "shortage", "shortage"]):
        make_talent(firm_a, number=id_number(serial=f"{i:03d}"), level=level)
    make_talent(firm_a, number=id_number(serial="099"), level="shortage", status="left")
    client.force_login(officer)
    page = client.get(reverse("talent:talents")).content.decode()
    assert "园区企业现有领军人才 3 名、产业紧缺人才 2 名、技能人才 0 名" in page
