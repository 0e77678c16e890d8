"""The same problem in other words: pairs a person would call one problem are found, and
different problems of a category are not. Measured on the texts below (scores in the
comments are the method's, see services/loop/similarity.py); plain pg_trgm similarity
scores the first pair 0.07."""

import pytest
from django.db import connection

from services.loop.similarity import THRESHOLD, grams, score

# (one enterprise's words, another's) for the same problem
SAME = [
    ("厂区门口道路破损，货车通行困难", "厂区东门道路损坏影响货车"),  # 0.53
    ("申请高新技术企业认定需要哪些材料", "高新技术企业认定材料咨询"),  # 0.95
    ("污水管网堵塞，雨天厂区积水", "下雨后厂区门口积水严重，排水管堵了"),  # 0.44
    ("贷款审批时间太长，资金周转困难", "流动资金紧张，申请贷款"),  # 0.42
    ("园区5G信号弱，车间无法联网", "车间5G信号差，设备联网不稳定"),  # 0.51
]
# different problems that share words
DIFFERENT = [
    ("厂区门口道路破损，货车通行困难", "厂区食堂卫生检查"),  # 0.16
    ("污水管网堵塞，雨天厂区积水", "厂区门口道路破损，货车通行困难"),  # 0.14
    ("贷款审批时间太长，资金周转困难", "审批环评手续办理时间太长"),  # 0.23
    ("园区路灯夜间不亮，员工下班不安全", "申请高新技术企业认定需要哪些材料"),  # 0
    ("企业用电负荷不足，需要增容", "招工难，缺少数控技术工人"),  # 0
]
# the same problem with no character in common: not found (the enterprise's own requests are
# shown to the dispatcher whatever their words)
MISSED = [("企业用电负荷不足，需要增容", "工厂电力容量不够申请扩容")]  # 0.18


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_problem_in_other_words_is_found(a, b):
    assert score(grams(a), grams(b)) >= THRESHOLD


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_problems_are_not(a, b):
    assert score(grams(a), grams(b)) < THRESHOLD


@pytest.mark.parametrize(("a", "b"), MISSED)
def test_words_with_no_character_in_common_are_beyond_it(a, b):
    assert score(grams(a), grams(b)) < THRESHOLD


def test_plain_trigram_similarity_would_miss_the_first_pair(db):
    with connection.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cur.execute("SELECT similarity(%s, %s)", SAME[0])
        assert cur.fetchone()[0] < 0.2


@pytest.mark.django_db
@pytest.mark.parametrize(("a", "b"), SAME + DIFFERENT)
def test_the_database_scores_exactly_as_python(a, b):
    with connection.cursor() as cur:
        cur.execute("SELECT services_text_similarity(%s, %s)", [grams(a), grams(b)])
        assert cur.fetchone()[0] == pytest.approx(score(grams(a), grams(b)), abs=1e-4)


def test_generic_words_and_punctuation_say_nothing():
    assert grams("申请，需要！问题？") == []
    assert "5g" in grams("园区5G信号弱")


@pytest.mark.django_db
def test_only_the_newest_rows_sharing_a_word_are_scored(submit, monkeypatch):
    from services.loop import similarity
    from services.loop.models import Request

    old = submit(title="厂区门口道路破损", description="货车通行困难")
    newer = [submit(title="厂区门口道路破损", description="货车通行困难") for _ in range(3)]
    text = grams("厂区门口道路破损", "货车通行困难")
    found = list(similarity.similar(Request.objects.all(), text, limit=10))
    assert {r.pk for r in found} == {old.pk, *(r.pk for r in newer)}
    monkeypatch.setattr(similarity, "CANDIDATES", 2)
    found = list(similarity.similar(Request.objects.all(), text, limit=10))
    assert [r.pk for r in found] == [newer[2].pk, newer[1].pk]
