"""The talent registry's Excel import, with the enterprise import's rules: a check lists
every bad row with its reason and imports nothing; a clean file is imported on confirmation,
all rows or none; a talent already registered (found by its ID number's keyed hash) is
updated, not doubled; an officer's full export imports back as it is."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import ImportJob
from portal.tasks import apply_import, check_import
from talent.models import Talent

from .conftest import id_number, make_talent

pytestmark = pytest.mark.django_db

# As a clerk heads the columns: the fields' names in Chinese.
HEADER = ["姓名", "性别", "出生年份", "居民身份证号码", "手机号", "学历", "职称", "专业领域",
          "企业", "人才层次", "人才工程", "入选年份"]  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _xlsx(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(firm, number, name="李晓东", **changes):
    values = {"name": name, "gender": "男", "year": int(number[6:10]), "id": number,
              "mobile": "13912345678", "education": "博士研究生", "title": "高级工程师",
              "field": "海洋工程", "enterprise": firm.name, "level": "省级领军人才",
              "programme": "泰山产业领军人才工程", "programme_year": 2022} | changes  # fmt: skip
    return list(values.values())


def _upload(client, content):
    response = client.post(reverse("import_new", args=["talents"]),
                           {"file": SimpleUploadedFile("talents.xlsx", content)})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    job = ImportJob.objects.latest("pk")
    check_import.apply((job.pk,))
    return client.get(response.url)


def _confirm(client, job):
    client.post(reverse("import_confirm", args=[job.pk]))
    apply_import.apply((job.pk,))
    job.refresh_from_db()
    return job


def test_bad_rows_are_listed_with_their_reasons_and_nothing_is_imported(client, officer, firm_a):
    good = id_number()
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    content = _xlsx([
        _row(firm_a, good), _row(firm_a, wrong, name="校验码错"),
        _row(firm_a, id_number(serial="222"), name="无此企业", enterprise="火星重工"),
        _row(firm_a, good, name="重复"),
    ])  # fmt: skip
    client.force_login(officer)
    page = _upload(client, content)
    html = page.content.decode()
    assert "校验码" in html and "企业名录中没有名为“火星重工”的企业" in html
    assert "此身份证号码在文件中出现了两次" in html
    job = page.context["job"]
    assert job.status == ImportJob.Status.REFUSED
    assert {str(p["row"]) for p in job.problems} == {"3", "4", "5"}
    assert not Talent.objects.exists()


def test_a_clean_file_imports_on_confirmation_and_updates_a_known_talent(client, officer, firm_a):
    known = make_talent(firm_a, number=id_number(serial="111"), name="王海涛", title="工程师")
    new = id_number(serial="333")
    content = _xlsx([
        _row(firm_a, new), _row(firm_a, known.id_number, name="王海涛", title="高级工程师",
                                 level="产业紧缺人才", programme="", programme_year=""),
    ])  # fmt: skip
    client.force_login(officer)
    job = _upload(client, content).context["job"]
    assert job.status == ImportJob.Status.CHECKED and (job.totals["new"], job.totals["update"]) == (
        1,
        1,
    )
    assert Talent.objects.count() == 1  # the check changes nothing
    assert _confirm(client, job).status == ImportJob.Status.DONE
    assert Talent.objects.count() == 2
    known.refresh_from_db()
    assert known.title == "高级工程师" and known.level == "shortage"
    imported = Talent.objects.get(name="李晓东")
    assert (
        imported.id_number == new
        and imported.level == "provincial"
        and imported.enterprise == firm_a
    )


def test_an_officers_export_imports_back_unchanged(client, officer, firm_a):
    make_talent(firm_a, number=id_number(serial="444"), name="导出人")
    client.force_login(officer)
    exported = client.get(reverse("talent:talent_export")).content
    job = _upload(client, exported).context["job"]
    assert job.status == ImportJob.Status.CHECKED, job.problems
    assert job.totals["skip"] == 1 and job.totals["new"] == 0


def test_only_those_who_see_numbers_may_import(client, park_admin, user_a):
    for user in (park_admin, user_a):
        client.force_login(user)
        assert client.get(reverse("import_new", args=["talents"])).status_code == 404
