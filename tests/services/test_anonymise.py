"""Typical cases that leak nothing: the anonymiser on a corpus of hand-written texts
(tests/loop/data/anonymise_corpus.yaml, written before it), with the park's registry as it
is in the database; the publish form that shows each removal and needs a confirm; the
public pages; and the command that checks published cases again."""

import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from portal.text.anonymise import anonymise, find, fold, park_names
from services.loop.models import TypicalCase

from ..factories import EnterpriseFactory, UserFactory
from ..talent.conftest import id_number, make_talent

CORPUS = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "loop" / "data" / "anonymise_corpus.yaml").read_text(
        encoding="utf-8"
    )
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", fold(text))


def left_in(output: str, item: str) -> bool:
    """Whether ``item`` survives in ``output`` in any writing (numbers: the same digits)."""
    if fold(item) in fold(output):
        return True
    digits = _digits(item)
    return len(digits) >= 7 and digits in _digits(output)


@pytest.fixture
def registry_rows(db):
    """The park as the corpus describes it: enterprises (with aliases, addresses, credit
    codes, contacts), users, talents and cadres, each in its own table."""
    rows = CORPUS["registry"]
    people = rows["people"]
    first = None
    for i, data in enumerate(rows["enterprises"]):
        fields = {"name": data["name"], "aliases": data["aliases"], "address": data["address"]}
        if data["credit_code"]:
            fields["credit_code"] = data["credit_code"]
        if i < len(people["contacts"]):
            fields["contact_person"] = people["contacts"][i]
        enterprise = EnterpriseFactory(**fields)
        first = first or enterprise
    for name in people["users"]:
        UserFactory(name=name)
    for i, name in enumerate(people["talents"]):
        make_talent(first, name=name, number=id_number(serial=f"{i + 200}"))
    for name in people["cadres"]:
        UserFactory(name=name, is_staff=True, roles=["cadre"])
    return rows


@pytest.mark.django_db
def test_the_corpus_leaves_nothing_and_keeps_the_words_a_case_needs(registry_rows):
    texts = CORPUS["texts"]
    items = sum(len(t["items"]) for t in texts)
    assert len(texts) >= 40 and items >= 80
    names = park_names()
    outputs = []
    for entry in texts:
        output, removals = anonymise(entry["text"], names)
        outputs.append(output)
        for item in entry["items"]:
            assert not left_in(output, item), (item, output)
        assert removals
    for word in CORPUS["keep"]:
        assert word in " ".join(outputs), word


def test_what_the_registry_does_not_know_is_found_too():
    """People who never signed up, numbers written out in words, accounts, plates and an
    address with its district (anonymise_corpus_unregistered.yaml), with an empty registry."""
    from portal.text.anonymise import Names

    data = Path(__file__).resolve().parents[1] / "loop" / "data"
    corpus = yaml.safe_load(
        (data / "anonymise_corpus_unregistered.yaml").read_text(encoding="utf-8")
    )
    outputs = []
    for entry in corpus["texts"]:
        output, _removals = anonymise(entry["text"], Names())
        outputs.append(output)
        for item in entry["items"]:
            assert not left_in(output, item), (item, output)
    assert sum(len(t["items"]) for t in corpus["texts"]) >= 25
    for word in corpus["keep"]:
        assert word in " ".join(outputs), word
    # Each kind says what it was, in the park's language.
    assert anonymise("加QQ：123456789", Names())[0] == "加QQ：（账号已隐去）"
    assert anonymise("车牌鲁F12345", Names())[0] == "车牌（车牌已隐去）"
    assert anonymise("找刘工", Names())[0] == "找某工"


def test_ordinary_requests_lose_nothing():
    """The labelled request texts hold no one's name or number: nothing is taken out."""
    data = Path(__file__).resolve().parents[1] / "loop" / "data"
    texts = set()
    for name in ("similar_pairs.yaml", "similar_pairs_holdout.yaml", "similar_pairs_unseen.yaml",
                 "similar_pairs_fresh.yaml"):  # fmt: skip
        pairs = yaml.safe_load((data / name).read_text(encoding="utf-8"))
        for pair in pairs["same"] + pairs["different"]:
            texts.update(pair)
    from portal.text.anonymise import Names

    # Words beside which a name would be looked for, and words jieba tags as names.
    texts |= {"司机师傅不认路", "高新区主任来调研", "管委会主任说了", "员工张家口出差",
              "项目经理不在", "车间主任说了", "施工队进场", "临时工工资", "电工证怎么考",
              "员工安全培训不到位", "请通知各企业按时报送", "行政审批太慢"}  # fmt: skip
    removed = {t: [r.text for r in find(t, Names())] for t in texts}
    assert not {t: r for t, r in removed.items() if r}


@pytest.fixture
def resolved_with_names(user_a, category, dispatcher, handler, unit_x, firm_a):
    from services.loop import services, steps

    firm_a.aliases = "蓬坞"
    firm_a.save()
    item = services.submit_request(
        actor=user_a, category_id=category.pk, title="蓬坞厂门口道路破损",
        description=f"蓬坞合金联系人{user_a.name}，手机 138-0000-1111，地址海港路88号。",
    )  # fmt: skip
    steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
    steps.sign_for(actor=handler, request_id=item.pk)
    steps.resolve_request(actor=handler, request_id=item.pk, result="已协调修补道路")
    return item


@pytest.mark.django_db
def test_the_form_starts_from_the_anonymised_request_and_marks_each_removal(
    client, supervisor, resolved_with_names, user_a
):
    client.force_login(supervisor)
    with translation.override("zh-hans"):
        url = reverse("services:case_publish", args=[resolved_with_names.pk])
        html = client.get(url).content.decode()
    source = html[html.index('data-testid="source-draft"') :]
    # The request's words, each removal struck through and labelled by its kind.
    assert '<del class="removed" title="企业名称" data-kind="enterprise">蓬坞合金</del>' in source
    assert 'data-kind="mobile">138-0000-1111</del>' in source
    assert 'data-kind="address">海港路88号</del>' in source
    # The fields start from the anonymised text: none of it there.
    form = html[: html.index('data-testid="source-draft"')]
    textarea = form[form.index('name="problem"') :]
    textarea = textarea[: textarea.index("</textarea>")]
    for item in ("蓬坞", "138-0000-1111", user_a.name, "海港路88号"):
        assert item not in textarea
    assert "某企业" in textarea


@pytest.mark.django_db
def test_a_case_is_saved_only_anonymised_and_confirmed(client, supervisor, resolved_with_names):
    client.force_login(supervisor)
    url = reverse("services:case_publish", args=[resolved_with_names.pk])
    data = {
        "title": "蓬坞门口道路破损",
        "problem": "蓬坞合金反映道路破损，电话０５３５－５６６１２３４。",
        "solution": "园区协调修补。",
        "category": resolved_with_names.category_id,
        "confirm": "on",
    }
    with translation.override("zh-hans"):
        first = client.post(url, data)
    assert first.status_code == 400 and not TypicalCase.objects.exists()
    html = first.content.decode()
    assert 'data-testid="removed-now"' in html and 'data-kind="landline"' in html
    # The anonymised text is put back in the form, unconfirmed; confirmed, it is published.
    problem = re.search(r'name="problem"[^>]*>([^<]*)</textarea>', html).group(1)
    assert "蓬坞" not in problem and "5661234" not in problem
    title = re.search(r'name="title"[^>]*value="([^"]*)"', html).group(1)
    assert not re.search(r'name="confirm"[^>]*checked', html)
    second = client.post(url, data | {"problem": problem, "title": title})
    assert second.status_code == 302
    case = TypicalCase.objects.get()
    assert "蓬坞" not in case.title + case.problem
    # Without the confirm, nothing is published.
    TypicalCase.objects.all().delete()
    third = client.post(url, data | {"problem": problem, "title": title, "confirm": ""})
    assert third.status_code == 400 and not TypicalCase.objects.exists()


@pytest.mark.django_db
def test_the_public_pages_show_none_of_the_corpus_items(
    client, supervisor, registry_rows, category, user_a, dispatcher, handler, unit_x
):
    """Cases published through the form from the corpus texts: the public list and each
    public case hold none of the corpus's items."""
    from services.loop import services, steps

    texts = CORPUS["texts"]
    client.force_login(supervisor)
    for i in range(0, len(texts), 3):
        chunk = texts[i : i + 3]
        item = services.submit_request(
            actor=user_a, category_id=category.pk, title=f"案例{i}", description="见附件"
        )
        steps.dispatch_request(actor=dispatcher, request_id=item.pk, lead_unit=unit_x)
        steps.sign_for(actor=handler, request_id=item.pk)
        steps.resolve_request(actor=handler, request_id=item.pk, result="已解决")
        url = reverse("services:case_publish", args=[item.pk])
        data = {
            "title": chunk[0]["text"][:60], "problem": chunk[1 % len(chunk)]["text"],
            "solution": chunk[-1]["text"], "category": category.pk, "confirm": "on",
        }  # fmt: skip
        response = client.post(url, data)
        if response.status_code == 400:  # the anonymised text, confirmed again
            html = response.content.decode()
            data["problem"] = re.search(r'name="problem"[^>]*>([^<]*)</textarea>', html).group(1)
            data["solution"] = re.search(r'name="solution"[^>]*>([^<]*)</textarea>', html).group(1)
            data["title"] = re.search(r'name="title"[^>]*value="([^"]*)"', html).group(1)
            response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    pages = [client.get(reverse("services:case_list")).content.decode()]
    for case in TypicalCase.objects.all():
        pages.append(client.get(reverse("services:case_detail", args=[case.pk])).content.decode())
    assert len(pages) == 1 + len(range(0, len(texts), 3))
    import html as html_lib

    public = html_lib.unescape(" ".join(pages))
    for entry in texts:
        for item in entry["items"]:
            assert not left_in(public, item), item


@pytest.mark.django_db
def test_the_command_reports_what_it_would_now_remove(supervisor, category, firm_a):
    case = TypicalCase.objects.create(
        category=category, title="临港船业的道路破损", problem="临港船业反映门口道路破损。",
        solution="已修补。", published_by=supervisor,
    )  # fmt: skip
    out = StringIO()
    call_command("check_cases", stdout=out)
    assert "0 of 1" in out.getvalue()
    EnterpriseFactory(name="烟台临港船业有限公司")  # registered after the case was published
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("check_cases", stdout=out)
    assert exited.value.code == 1
    report = out.getvalue()
    assert f"#{case.pk}" in report and "临港船业" in report and "1 of 1" in report


@pytest.mark.django_db
def test_the_admin_edits_a_case_through_the_same_anonymiser(client, supervisor, category,
                                                            firm_a):  # fmt: skip
    case = TypicalCase.objects.create(
        category=category, title="道路破损的修复", problem="一家企业反映道路破损。",
        solution="已修补。", published_by=supervisor,
    )  # fmt: skip
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:services_typicalcase_change", args=[case.pk])
    data = {"title": case.title, "category": category.pk, "problem": f"{firm_a.name}反映道路破损。",
            "solution": "已修补。", "is_published": "on", "confirm": "on"}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200
    case.refresh_from_db()
    assert firm_a.name not in case.problem
    assert client.post(url, data | {"problem": "一家企业反映道路破损，已修补。"}).status_code == 302
