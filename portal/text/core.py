import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import jieba
import opencc

from . import dictionary


def _words(text: str) -> list[str]:
    return text.split()


# Words nearly every request uses: they say nothing about which problem it is.
GENERIC = frozenset(
    _words(
        """园区 企业 公司 我司 我们 我厂 厂里 申请 需要 问题 时间 办理 咨询 困难 希望
        如何 哪些 严重 影响 情况 反映 相关 目前 解决 协调 帮助 请求 能否 是否 可以
        关于 请 一下 现在 已经 什么 怎么 怎么办 没有 不能 无法 不知道 知道 想 想要
        要 还 很 非常 比较 特别 一直 经常 今年 去年 明年 最近 近期 每次 每天 时候
        方面 工作 事情 事项 进行 开展 有关 提供 给予 支持 尽快 及时 导致 造成 出现
        存在 发现 表示 了解 准备 材料 手续 流程 政策 部门 单位 谢谢 感谢 您好 你好
        领导 同志 一家 一些 一个 多 少量 能不能 有没有 可不可以 想了解 蓬莱 烟台
        山东 开发区 经济开发区"""
    )
)
# One-character words that carry no topic (漏, 堵, 臭, 电 do and are kept).
SINGLE_STOP = frozenset(
    "是有在要会能说做看来去到给让使用等被把将就都也还又再很太更最好多少大小高低新老长短"
    "了的地得着过个人事年月日天时点号次家间处下上里外前后中内"
)
RUN = re.compile(r"[\u3400-\u9fff]+|[a-z][a-z0-9]*|[0-9]*[a-z][a-z0-9]*")
SPACES = re.compile(r"\s+")
_t2s = opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """One writing of a text: NFKC (full-width ５Ｇ → 5g), simplified characters, lower case,
    one space between words."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _t2s.convert(text)
    return SPACES.sub(" ", text).strip().lower()


# Where a problem is, not what it is: sharing one of these says little (weighed at a third).
SETTING = frozenset(
    _words(
        """厂区 厂房 车间 办公楼 门口 道路 旁边 周边 附近 外面 路边 园区内 厂外 厂内
        楼 院子 现场 员工 企业家 客户 项目 生产 设备 货物 产品 订单"""
    )
)
SETTING_FACTOR = 0.35

# Parts of speech that name a thing, an action or a state (jieba's tags); time words (晚上),
# numerals (一百多), measure words, adverbs (经常), pronouns, prepositions, conjunctions and
# particles say nothing about which problem it is.
CONTENT_TAGS = ("n", "v", "a", "i", "l", "j", "eng", "x", "b", "z", "un")
NOT_CONTENT = ("nr",)  # a person's name is who, not what


def tokens(text: str) -> list[str]:
    """The content words of ``text`` in order."""
    words = []
    for pair in dictionary.tagger().cut(normalise(text)):
        word, flag = pair.word.strip(), pair.flag
        if not word or not RUN.fullmatch(word) or flag.startswith(NOT_CONTENT):
            continue
        if flag.startswith(CONTENT_TAGS) or word in dictionary.heads():
            words.append(word)
    return words


def _heads_in(word: str, heads: dict[str, str]) -> set[str]:
    """The synonym groups a word names: the word itself, or the listed words inside it
    (灯不亮 → 不亮, 办公楼 → 办公), longest first and without overlaps."""
    if word in heads:
        return {heads[word]}
    found, i = set(), 0
    while i < len(word):
        for size in range(min(6, len(word) - i), 1, -1):
            part = word[i : i + size]
            if part in heads and part != word:
                found.add(heads[part])
                i += size - 1
                break
        i += 1
    return found


def terms(*texts: str, limit: int = 400) -> list[str]:
    """What the texts are about: the heads of the synonym groups of their content words
    (照明灯 → 路灯), the other content words as they are, without the words every request
    uses, sorted. Only the first ``limit`` characters of each text: the problem is named at
    the start, and a long description would only dilute it."""
    heads = dictionary.heads()
    found: set[str] = set()
    for text in texts:
        for word in tokens((text or "")[:limit]):
            named = _heads_in(word, heads)
            if word not in heads and not (word in GENERIC or word in SINGLE_STOP or word.isdigit()):
                named.add(word)
            found.update(head[:40] for head in named if head not in GENERIC)
    return sorted(found)


@cache
def _general_idf() -> tuple[dict[str, float], float]:
    path = Path(jieba.__file__).with_name("analyse") / "idf.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            table[word] = float(value)
    median = sorted(table.values())[len(table) // 2]
    return table, median


@dataclass(frozen=True)
class ParkCounts:
    """How many of the park's requests use each term (a refit fills it)."""

    documents: int = 0
    frequency: dict = field(default_factory=dict)
    # The weights worked out from these counts (``weight``): a page scores hundreds of rows
    # that share most of their terms.
    weights: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, documents) -> "ParkCounts":
        """The counts of a list of documents' terms, their characters included (what the
        nightly refit counts in SQL)."""
        frequency = {}
        for found in documents:
            for feature in features(found):
                frequency[feature] = frequency.get(feature, 0) + 1
        return cls(documents=len(documents), frequency=frequency)


NO_COUNTS = ParkCounts()
# Below this many requests the park's own counts say too little to weigh by.
PARK_MINIMUM = 50


def weight(term: str, counts: ParkCounts = NO_COUNTS) -> float:
    """How much sharing ``term`` says: its IDF in a large general corpus (jieba's table; the
    median for words it does not know, such as the park's names), times how rare it is among
    the park's requests (1 for a term few requests use, down to 0.1 for one nearly all do).
    Words that say where (厂区, 车间) rather than what weigh a third; a character of the
    terms (``characters``) weighs half its own IDF."""
    known = counts.weights.get(term)
    if known is None:
        known = counts.weights[term] = _weight(term, counts)
    return known


def _weight(term: str, counts: ParkCounts) -> float:
    table, median = _general_idf()
    if term.startswith(CHARACTER):
        general = table.get(term[1:], median) * CHARACTER_FACTOR
    else:
        general = table.get(term, median) * (SETTING_FACTOR if term in SETTING else 1.0)
    if counts.documents < PARK_MINIMUM:
        return general
    seen = counts.frequency.get(term, 0)
    rarity = math.log((counts.documents + 1) / (seen + 0.5)) / math.log(counts.documents + 1)
    return general * min(1.0, max(0.1, rarity))


# The characters of the terms count too, at half weight: two words for one thing often share
# one (漏水 and 漏雨, 井盖 and 窨井盖, 供暖 and 暖气). Written with this mark before them, so
# that a character is never taken for a one-character term. Measured in docs/text.md.
CHARACTER = "·"
CHARACTER_FACTOR = 0.5
HAN = re.compile(r"[\u3400-\u9fff]")


def characters(terms) -> set[str]:
    """The characters of the terms of two characters or more, marked (``CHARACTER``), without
    those that name no topic (``SINGLE_STOP``)."""
    return {
        CHARACTER + c
        for term in terms
        if len(term) > 1
        for c in term
        if c not in SINGLE_STOP and HAN.match(c)
    }


def features(terms) -> frozenset[str]:
    """What two texts are compared by: their terms and the terms' characters."""
    return _features(tuple(terms))


@lru_cache(maxsize=4096)
def _features(terms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(terms) | characters(terms)


@dataclass(frozen=True)
class Match:
    score: float
    shared: tuple[str, ...]  # the terms both texts use, the weightiest first


def similarity(a: list[str], b: list[str], counts: ParkCounts = NO_COUNTS) -> Match:
    """The cosine of the two term sets with their characters (``features``), each weighted
    by ``weight``. ``shared`` names the whole terms in common only."""
    if not a or not b:
        return Match(0.0, ())
    a, b = features(a), features(b)
    w = {t: weight(t, counts) for t in a | b}
    both = a & b
    top = sum(w[t] ** 2 for t in both)
    norm = math.sqrt(sum(w[t] ** 2 for t in a) * sum(w[t] ** 2 for t in b))
    words = (t for t in both if not t.startswith(CHARACTER))
    shared = tuple(sorted(words, key=lambda t: -w[t]))
    return Match(round(top / norm, 4) if norm else 0.0, shared)


def words_naming(text: str, shared) -> set[str]:
    """The words of ``text`` that name one of the ``shared`` terms (for marking them)."""
    heads, shared = dictionary.heads(), set(shared)
    found = set()
    for word in tokens(text):
        named = _heads_in(word, heads) | ({word} if word not in heads else set())
        if named & shared:
            found.add(word)
    return found


def marked(text: str, shared) -> str:
    """``text`` escaped for HTML, with the words that name a shared term in ``<mark>``."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    words = sorted(words_naming(text, shared), key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above
