"""Excel import (checked in the background, then all-or-nothing on confirmation) and export
of the registry."""

import datetime
import io
import os

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from alliances.models import Enterprise
from portal.models import ImportJob
from portal.tasks import apply_import, check_import

from ..factories import ChainFactory, EnterpriseFactory, UserFactory, credit_code

pytestmark = pytest.mark.django_db

HEADER = ["credit_code", "name", "contact_mobile", "scale", "chains", "labels"]


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def chain():
    return ChainFactory(name="海工装备", code="offshore")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, content: bytes, name="enterprises.xlsx", run=True):
    """Upload on the import page, then run the check the page queued (as the worker would)."""
    # The page queues the check when its transaction commits; a test's never does.
    response = client.post(
        reverse("import_new", args=["enterprises"]), {"file": SimpleUploadedFile(name, content)}
    )
    if response.status_code != 302 or not run:
        return response
    job = ImportJob.objects.latest("pk")
    check_import.apply((job.pk,))
    return client.get(response.url)


def _confirm(client, job):
    client.post(reverse("import_confirm", args=[job.pk]))
    apply_import.apply((job.pk,))
    return client.get(reverse("import_job", args=[job.pk]))


def _problems(response) -> list[tuple[str, str, str]]:
    job = response.context["job"]
    return [(str(p["row"]), p["column"], p["message"]) for p in job.problems]


def test_the_check_lists_each_bad_row_with_its_reason_and_imports_nothing(
    client, park_admin, chain
):
    bad_check = credit_code(9001)[:-1] + ("0" if credit_code(9001)[-1] != "0" else "1")
    content = _xlsx(
        [
            [credit_code(9000), "好企业甲", "13800000000", "规模以上（规上）", "海工装备", ""],
            [bad_check, "校验位错误企业", "", "", "海工装备", ""],
            [credit_code(9002), "未知产业链企业", "", "", "火星产业", ""],
            [credit_code(9000), "重复企业", "", "", "海工装备", ""],
        ]
    )
    client.force_login(park_admin)
    response = _upload(client, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "校验位不正确" in html
    assert "未知的产业链：火星产业" in html
    assert "在文件中出现了两次" in html
    rows = {row for row, _column, _message in _problems(response)}
    assert rows == {"3", "4", "5"}  # sheet rows, the heading being row 1
    assert "确认导入" not in html and "import_confirm" not in html
    assert response.context["job"].status == ImportJob.Status.REFUSED
    assert not Enterprise.objects.exists()


def test_a_clean_file_is_checked_then_imported_on_confirm(client, park_admin, chain):
    content = _xlsx(
        [
            [credit_code(9100), "导入企业甲", "13800000001", "规模以上（规上）", "海工装备",
             "瞪羚企业"],
            [credit_code(9101), "导入企业乙", "", "规下", "海工装备", "unicorn、high_tech"],
        ]
    )  # fmt: skip
    client.force_login(park_admin)
    checked = _upload(client, content)
    job = checked.context["job"]
    assert job.status == ImportJob.Status.CHECKED and job.totals["new"] == 2
    assert not Enterprise.objects.exists()  # the check changes nothing
    stored = job.file.path
    done = _confirm(client, job)
    assert done.context["job"].status == ImportJob.Status.DONE
    assert not os.path.exists(stored)  # the uploaded file (contacts' mobiles) is gone
    first = Enterprise.objects.get(credit_code=credit_code(9100))
    assert (first.scale, first.labels, list(first.chains.all())) == ("above", ["gazelle"], [chain])
    second = Enterprise.objects.get(credit_code=credit_code(9101))
    assert second.labels == ["high_tech", "unicorn"]
    again = client.post(reverse("import_confirm", args=[job.pk]), follow=True)
    assert "已导入" in again.content.decode() or "imported already" in again.content.decode()


def test_a_row_that_turns_bad_before_confirm_undoes_the_whole_import(client, park_admin, chain):
    EnterpriseFactory(name="原有企业", credit_code=credit_code(9200))
    doomed = ChainFactory(name="将被删除的链", code="doomed")
    content = _xlsx(
        [
            [credit_code(9200), "改了名字的原有企业", "", "", "海工装备", ""],
            [credit_code(9201), "新企业", "", "", "将被删除的链", ""],
        ]
    )
    client.force_login(park_admin)
    job = _upload(client, content).context["job"]
    assert job.status == ImportJob.Status.CHECKED
    doomed.delete()  # someone changes the registry between the check and the confirmation
    response = _confirm(client, job)
    assert response.context["job"].status == ImportJob.Status.REFUSED
    assert "没有导入任何数据" in response.content.decode()
    assert Enterprise.objects.get(credit_code=credit_code(9200)).name == "原有企业"
    assert not Enterprise.objects.filter(credit_code=credit_code(9201)).exists()


def test_formula_cells_are_refused_by_name_not_imported_empty(client, park_admin, chain):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "名称", "年产值（元）", "chains"])
    sheet.append([credit_code(9300), "公式企业", "=SUM(1,2)", "海工装备"])
    out = io.BytesIO()
    book.save(out)
    client.force_login(park_admin)
    response = _upload(client, out.getvalue())
    assert _problems(response) == [(
        "2", "年产值（元）",
        "单元格 C2 含有公式（=SUM(1,2)）。公式不会被导入：请复制该列并以“值”的方式粘贴回去。",
    )]  # fmt: skip
    assert not Enterprise.objects.exists()


def test_unreadable_values_say_what_is_expected(client, park_admin, chain):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["credit_code", "name", "annual_output", "employees", "founded_on", "chains"])
    sheet.append([credit_code(9400), "乱填企业", "一千万", "3.5", "去年", "海工装备"])
    out = io.BytesIO()
    book.save(out)
    client.force_login(park_admin)
    problems = {
        column: message for _row, column, message in _problems(_upload(client, out.getvalue()))
    }
    assert problems["annual_output"].startswith("“一千万”不是数字：请填写以元为单位的金额")
    assert problems["employees"].startswith("“3.5”不是数字：请填写整数")
    assert problems["founded_on"].startswith("“去年”不是日期")
    assert not any("decimal" in message or "<class" in message for message in problems.values())


def test_files_too_big_or_too_long_or_not_xlsx_are_refused_with_a_reason(
    client, park_admin, chain, settings
):
    client.force_login(park_admin)
    settings.IMPORT_MAX_MB = 1
    big = _upload(client, b"x" * (1024 * 1024 + 1))
    assert big.status_code == 400 and "大于 1 MB" in big.content.decode()
    wrong = _upload(client, b"a,b", name="enterprises.csv")
    assert wrong.status_code == 400 and ".xlsx" in wrong.content.decode()
    garbage = _upload(client, b"PK\x03\x04 not really a workbook")
    assert "无法作为 Excel 工作簿（.xlsx）读取" in _problems(garbage)[0][2]
    settings.IMPORT_MAX_ROWS = 3
    rows = [[credit_code(9500 + n), f"企业{n}", "", "", "海工装备", ""] for n in range(4)]
    long = _upload(client, _xlsx(rows))
    assert "超过 3 行" in _problems(long)[0][2]
    assert not Enterprise.objects.exists()


def test_only_registry_staff_import_and_only_the_uploader_sees_the_job(
    client, park_admin, dispatcher, chain
):
    client.force_login(dispatcher)
    assert client.get(reverse("import_new", args=["enterprises"])).status_code == 404
    assert client.get(reverse("import_new", args=["nothing"])).status_code == 404
    client.force_login(park_admin)
    job = _upload(client, _xlsx([])).context["job"]
    other = UserFactory(username="admin2", is_staff=True, roles=["park_admin"])
    client.force_login(other)
    assert client.get(reverse("import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("import_confirm", args=[job.pk])).status_code == 404


def test_export_honours_the_current_filters(client, park_admin, chain):
    other = ChainFactory(name="生物医药", code="bio")
    for i in range(3):
        EnterpriseFactory(name=f"海工企业{i}").chains.add(chain)
    EnterpriseFactory(name="药企").chains.add(other)
    client.force_login(park_admin)
    url = reverse("admin:alliances_enterprise_export") + f"?chains__id__exact={chain.pk}"
    form = client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data.update(
        {name: "on" for name, field in form.fields.items() if name.startswith("enterprise")}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["海工企业0", "海工企业1", "海工企业2"]


def test_a_typed_formula_leaves_the_enterprise_export_as_text(client, park_admin):
    formula = '=HYPERLINK("http://evil.example/","点我")'
    EnterpriseFactory(name="公式企业", address=formula)
    client.force_login(park_admin)
    url = reverse("admin:alliances_enterprise_export")
    form = client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data.update(
        {name: "on" for name, field in form.fields.items() if name.startswith("enterprise")}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(client.post(url, data).content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == formula]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_a_checked_file_nobody_confirms_is_deleted_after_a_day(
    client, park_admin, chain, time_machine
):
    from portal.tasks import forget_unconfirmed_imports

    client.force_login(park_admin)
    job = _upload(client, _xlsx([[credit_code(9600), "未确认企业", "13800000002", "", "海工装备",
                                  ""]])).context["job"]  # fmt: skip
    stored = job.file.path
    assert forget_unconfirmed_imports.apply().get() == 0  # still within the day
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=25))
    assert forget_unconfirmed_imports.apply().get() == 1
    assert not os.path.exists(stored)
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "一天内未确认" in page
    assert client.post(reverse("import_confirm", args=[job.pk])).status_code == 302
    assert not Enterprise.objects.exists()


def test_the_blank_sheet_has_chinese_headings_and_imports_once_filled(client, park_admin, chain):
    client.force_login(park_admin)
    page = client.get(reverse("import_new", args=["enterprises"])).content.decode()
    assert 'data-testid="import-template"' in page
    blank = client.get(reverse("import_template", args=["enterprises"]))
    assert blank.status_code == 200 and blank["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(blank.content))
    headings = [cell.value for cell in next(book.active.iter_rows(max_row=1))]
    from django.utils import translation

    with translation.override("zh-hans"):
        label = {
            f: str(Enterprise._meta.get_field(f).verbose_name) for f in ("credit_code", "name")
        }
    assert label["credit_code"] in headings and "credit_code" not in headings
    assert all("\u4e00" <= heading[0] <= "\u9fff" for heading in headings)  # all Chinese
    assert book.active.column_dimensions["A"].width >= 12
    row = {label["credit_code"]: credit_code(9200), label["name"]: "模板导入企业"}
    book.active.append([row.get(heading, "") for heading in headings])
    filled = io.BytesIO()
    book.save(filled)
    checked = _upload(client, filled.getvalue())
    job = checked.context["job"]
    assert job.status == ImportJob.Status.CHECKED and job.totals["new"] == 1, job.totals
    _confirm(client, job)
    assert Enterprise.objects.filter(name="模板导入企业").exists()
    client.logout()
    assert client.get(reverse("import_template", args=["enterprises"])).status_code == 302
