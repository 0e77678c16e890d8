"""Excel import (preview, then all-or-nothing confirm) and export of the registry."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliances.models import Enterprise

from ..factories import ChainFactory, EnterpriseFactory, credit_code

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


def _upload(client, content: bytes):
    return client.post(
        reverse("admin:alliances_enterprise_import"),
        {
            "import_file": SimpleUploadedFile("enterprises.xlsx", content),
            "format": "0",
            "resource": "0",
        },
    )


def test_preview_lists_each_bad_row_with_its_reason_and_imports_nothing(client, park_admin, chain):
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
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Enterprise.objects.exists()


def test_a_clean_file_is_previewed_then_imported_on_confirm(client, park_admin, chain):
    content = _xlsx(
        [
            [
                credit_code(9100),
                "导入企业甲",
                "13800000001",
                "规模以上（规上）",
                "海工装备",
                "瞪羚企业",
            ],
            [credit_code(9101), "导入企业乙", "", "规下", "海工装备", "unicorn、high_tech"],
        ]
    )
    client.force_login(park_admin)
    preview = _upload(client, content)
    assert not Enterprise.objects.exists()  # the preview changes nothing
    confirm = preview.context["confirm_form"]
    response = client.post(
        reverse("admin:alliances_enterprise_process_import"), confirm.initial, follow=True
    )
    assert response.status_code == 200
    first = Enterprise.objects.get(credit_code=credit_code(9100))
    assert (first.scale, first.labels, list(first.chains.all())) == ("above", ["gazelle"], [chain])
    second = Enterprise.objects.get(credit_code=credit_code(9101))
    assert second.labels == ["high_tech", "unicorn"]


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
    confirm = _upload(client, content).context["confirm_form"]
    doomed.delete()  # someone changes the registry between preview and confirm
    response = client.post(
        reverse("admin:alliances_enterprise_process_import"), confirm.initial, follow=True
    )
    assert "没有导入任何数据" in response.content.decode()
    assert Enterprise.objects.get(credit_code=credit_code(9200)).name == "原有企业"
    assert not Enterprise.objects.filter(credit_code=credit_code(9201)).exists()


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


def test_dispatchers_cannot_import(client, dispatcher):
    client.force_login(dispatcher)
    response = client.get(reverse("admin:alliances_enterprise_import"))
    assert response.status_code == 403


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
