"""The same problem in other words, as a dispatcher would see it: measured on the labelled
pairs in tests/loop/data/ (written before the method was tuned), then on the pages, across
enterprises."""

import re
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from portal.text import ParkCounts, normalise, similarity, terms
from services.loop import similarity as similar_requests
from services.loop.models import Request, TermCount
from services.loop.suggestions import refit

DATA = Path(__file__).resolve().parents[1] / "loop" / "data"


def _pairs(name):
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return data["same"], data["different"]


def _park(*sets):
    texts = [t for same, different in sets for pair in same + different for t in pair]
    return ParkCounts.of([terms(text) for text in texts])


SETS = ("similar_pairs.yaml", "similar_pairs_holdout.yaml", "similar_pairs_unseen.yaml",
        "similar_pairs_fresh.yaml")  # fmt: skip


@pytest.mark.parametrize(
    "name", ["similar_pairs.yaml", "similar_pairs_unseen.yaml", "similar_pairs_fresh.yaml"]
)  # the held-out set of 12 pairs is reported in docs/text.md, not held to the bar
def test_at_the_pages_threshold_recall_is_at_least_0_8_and_false_alarms_at_most_0_1(name):
    sets = [_pairs(n) for n in SETS]
    counts = _park(*sets)
    same, different = _pairs(name)
    assert len(same) >= 15 and len(different) >= 15
    threshold = similar_requests.THRESHOLD

    def score(a, b):
        return similarity(terms(a), terms(b), counts).score

    recall = sum(score(a, b) >= threshold for a, b in same) / len(same)
    alarms = sum(score(a, b) >= threshold for a, b in different) / len(different)
    assert recall >= 0.8, recall
    assert alarms <= 0.1, alarms


def test_the_labelled_set_is_large_enough():
    same, different = _pairs("similar_pairs.yaml")
    assert len(same) >= 30 and len(different) >= 30


def test_one_writing_of_a_text():
    assert normalise("廠區５Ｇ信號　弱") == "厂区5g信号 弱"
    # A traditional and a simplified writing of one problem are one set of terms.
    assert terms("廠區大門口的路燈壞了") == terms("厂区大门口的路灯坏了")


def test_synonyms_meet_and_generic_words_say_nothing():
    assert "路灯" in terms("主入口外面的照明灯不亮")
    assert terms("申请，需要！问题？园区企业") == []


# The five pairs: one problem told by two enterprises.
FIVE = [
    ("大门口路灯坏了", "厂门口路灯损坏，晚上一片漆黑",
     "正门外照明灯不亮", "主入口外面的灯好几天没亮"),
    ("用电容量不够", "现有变压器容量不足，申请增容",
     "新生产线无法启动", "电力负荷不足，新线一开就跳闸"),
    ("通勤班车太少", "早上只有一趟班车", "公交班次不够", "员工上下班等公交要很久"),
    ("污水管没有接通", "新厂房污水管还没连到市政管网",
     "排水未并入市政管网", "排水管道一直没有接入市政管道"),
    ("招不到焊工", "订单多了焊工招不上来", "持证焊工紧缺", "急需有焊工证的技术工人"),
]  # fmt: skip


@pytest.fixture
def five_pairs(user_a, user_b, category):
    from services.loop import services

    made = []
    for a_title, a_text, b_title, b_text in FIVE:
        first = services.submit_request(
            actor=user_a, category_id=category.pk, title=a_title, description=a_text
        )
        second = services.submit_request(
            actor=user_b, category_id=category.pk, title=b_title, description=b_text
        )
        made.append((first, second))
    return made


def _similar_panel(html):
    start = html.index('data-testid="similar"')
    return html[start : html.index("</ul>", start)]


@pytest.mark.django_db
def test_the_dispatcher_is_offered_the_other_enterprises_request_and_why(
    client, dispatcher, five_pairs
):
    refit()
    client.force_login(dispatcher)
    for first, second in five_pairs:
        html = client.get(reverse("services:request_detail", args=[second.pk])).content.decode()
        panel = _similar_panel(html)
        listed = re.findall(r'data-similar="(\d+)"', panel)
        # The same problem from the other enterprise is offered first, its shared words marked.
        assert listed[0] == str(first.pk), (second.title, listed)
        assert "<mark>" in panel and first.enterprise.name in panel
        # The enterprise's own other requests are not offered: they are other problems.
        own_others = {str(b.pk) for _, b in five_pairs if b.pk != second.pk}
        assert not own_others & set(listed), (second.title, listed)


@pytest.mark.django_db
def test_an_enterprise_typing_sees_its_own_similar_requests_never_anothers(
    client, user_a, user_b, five_pairs
):
    first, second = five_pairs[0]
    url = reverse("services:request_similar")
    client.force_login(user_b)
    html = client.get(url, {"title": "大门口路灯坏了", "description": "厂门口路灯损坏"}).content
    html = html.decode()
    assert second.number in html  # its own open request, told in other words
    assert first.number not in html and first.title not in html  # another enterprise's
    client.force_login(user_a)
    html = client.get(url, {"title": "正门外照明灯不亮", "description": ""}).content.decode()
    assert first.number in html and second.number not in html


@pytest.mark.django_db
def test_the_park_counts_weigh_a_word_every_request_uses_down(user_a, category):
    from services.loop import services

    for i in range(60):
        services.submit_request(actor=user_a, category_id=category.pk,
                                title=f"厂区道路第{i}号", description="厂区")  # fmt: skip
    refit()
    counts = similar_requests.park_counts(["厂区", "塔筒"])
    assert counts.documents == Request.objects.count()
    assert counts.frequency["厂区"] >= 60
    assert TermCount.objects.filter(term="").get().requests == counts.documents
    # The refit counts the terms' characters once per request, as ParkCounts.of does.
    expected = ParkCounts.of(list(Request.objects.values_list("terms", flat=True)))
    assert counts.frequency["·厂"] == expected.frequency["·厂"] >= 60
    every = dict(TermCount.objects.exclude(term="").values_list("term", "requests"))
    assert every == expected.frequency


@pytest.mark.django_db
def test_only_the_newest_rows_sharing_a_term_are_scored(submit, monkeypatch):
    old = submit(title="厂区门口道路破损", description="货车通行困难")
    newer = [submit(title="厂区门口道路破损", description="货车通行困难") for _ in range(3)]
    text = terms("厂区门口道路破损", "货车通行困难")
    found = similar_requests.similar(Request.objects.all(), text, limit=10)
    assert {r.pk for r in found} == {old.pk, *(r.pk for r in newer)}
    monkeypatch.setattr(similar_requests, "CANDIDATES", 2)
    found = similar_requests.similar(Request.objects.all(), text, limit=10)
    assert [r.pk for r in found] == [newer[2].pk, newer[1].pk]
