"""Taking out of a text whatever says who: before a resolved request becomes a public typical
case, and when published cases are checked again.

What is found, in any writing (spaces, dashes, dots, full-width digits, +86, traditional
characters): mobile and landline numbers (also written out in words: 一三九…), resident ID
numbers, e-mail addresses, QQ and WeChat ids, vehicle number plates, unified social credit
codes, street addresses (蓬莱区…路12号3号楼201室), every registered enterprise's
name and the short forms people use (``names.short_forms``, plus the aliases staff give),
the names of the park's people (users, enterprise contacts and legal representatives,
talents, trainees, cadres: each app contributes its own through
``registry.identifying_names``), the people the segmenter points to beside a cue (联系人,
a job just before the name), a name before a title (欧阳明月经理), and a surname before a
title (张经理 → 某经理, 刘工 → 某工).

``find`` says where each item is; ``anonymise`` replaces each with a placeholder of its kind
(某企业, 某某…); ``draft_html`` shows a draft with every removal marked for the supervisor who
confirms it. Measured on tests/loop/data/anonymise_corpus.yaml and
anonymise_corpus_unregistered.yaml (docs/text.md).
"""

import re
import unicodedata
from dataclasses import dataclass, field

import opencc
from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

from .names import short_forms

_t2s = opencc.OpenCC("t2s")

# What replaces each kind of item in the published text.
PLACEHOLDERS = {
    "enterprise": pgettext_lazy("anonymised text", "an enterprise"),
    "person": pgettext_lazy("anonymised text", "someone"),
    "surname": pgettext_lazy("anonymised text", "a certain"),
    "mobile": pgettext_lazy("anonymised text", "[phone number removed]"),
    "landline": pgettext_lazy("anonymised text", "[phone number removed]"),
    "id_number": pgettext_lazy("anonymised text", "[ID number removed]"),
    "email": pgettext_lazy("anonymised text", "[e-mail removed]"),
    "credit_code": pgettext_lazy("anonymised text", "[credit code removed]"),
    "address": pgettext_lazy("anonymised text", "[address removed]"),
    "account": pgettext_lazy("anonymised text", "[account removed]"),
    "plate": pgettext_lazy("anonymised text", "[number plate removed]"),
}
KIND_LABELS = {
    "enterprise": pgettext_lazy("removed item", "enterprise"),
    "person": pgettext_lazy("removed item", "person"),
    "surname": pgettext_lazy("removed item", "person"),
    "mobile": pgettext_lazy("removed item", "mobile number"),
    "landline": pgettext_lazy("removed item", "phone number"),
    "id_number": pgettext_lazy("removed item", "ID number"),
    "email": pgettext_lazy("removed item", "e-mail address"),
    "credit_code": pgettext_lazy("removed item", "credit code"),
    "address": pgettext_lazy("removed item", "address"),
    "account": pgettext_lazy("removed item", "QQ or WeChat account"),
    "plate": pgettext_lazy("removed item", "number plate"),
}

SEP = r"[\s\-.·—–_/]*"
NUMERALS = "〇零一二三四五六七八九幺"
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PATTERNS = [
    ("email", re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")),
    # 18 characters (15 for the old ones), the last may be X; any separators between.
    ("id_number", re.compile(rf"(?<![0-9a-z])[1-9](?:{SEP}\d){{16}}{SEP}[0-9x](?![0-9a-z])")),
    ("id_number", re.compile(rf"(?<![0-9a-z])[1-9](?:{SEP}\d){{14}}(?![0-9a-z])")),
    (
        "credit_code",
        re.compile(
            rf"(?<![0-9a-z])[0-9a-hj-npqrtuwxy]{{2}}\d{{6}}{SEP}[0-9a-hj-npqrtuwxy]{{10}}(?![0-9a-z])"
        ),
    ),
    ("mobile", re.compile(rf"(?<!\d)(?:(?:\+|00)?86{SEP})?1[3-9](?:{SEP}\d){{9}}(?!\d)")),
    # A mobile written out in words (一三九…, 幺 for one as read aloud).
    (
        "mobile",
        re.compile(
            rf"(?<![{NUMERALS}])一[三四五六七八九](?:{SEP}[{NUMERALS}]){{9}}(?![{NUMERALS}])"
        ),
    ),
    # QQ numbers and WeChat ids, after the word that names them.
    (
        "account",
        re.compile(r"(?:qq|微信|wechat|weixin|vx)(?:号码|号)?[:：\s]*([a-z0-9][a-z0-9_\-]{4,19})"),
    ),
    # Vehicle number plates (鲁F12345, 鲁F·D12345 for new-energy vehicles).
    ("plate", re.compile(rf"[{PROVINCES}][a-z][·\s]?[a-z0-9]{{5,6}}(?![a-z0-9])")),
    (
        "landline",
        re.compile(
            rf"(?<!\d)(?:\(0\d{{2,3}}\)|0\d{{2,3}}){SEP}\d{{3,4}}{SEP}\d{{3,4}}"
            r"(?:(?:转|-|ext\.?)\d{1,5})?(?!\d)"
        ),
    ),
    # A number someone is told to call, without an area code.
    (
        "landline",
        re.compile(r"(?:电话|座机|热线|手机|联系方式|tel|phone)[:：\s]*(\d[\d\s\-]{5,}\d)"),
    ),
    (
        "address",
        re.compile(
            # with the district or town before the street, when written (蓬莱区港城大道…)
            r"(?:(?:(?![到在于的往去从至和与及请把给向址是])[\u4e00-\u9fff]){2,3}[省市区县镇])?"
            r"(?:(?![到在于的往去从至和与及请把给向址是])[\u4e00-\u9fff]){2,4}"
            r"(?:路|街|大道|大街|巷|胡同)\d+号"
            r"(?:(?:\d+|[一二三四五六七八九十]+)(?:号楼|栋|幢|单元|层|楼|室|号))*"
        ),
    ),
    (
        "address",
        re.compile(
            r"[\u4e00-\u9fff]{2,6}(?:小区|花园|公寓|社区|新村)\d+(?:号楼|栋|幢)"
            r"(?:\d+(?:单元|层|室|号))*"
        ),
    ),
]
# The commonest surnames (and the compound ones), for telling a person from a word.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿"
    "桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "尉迟", "公孙")
TITLES = (
    "总经理", "副总", "经理", "董事长", "主任", "书记", "厂长", "科长", "局长", "部长", "处长",
    "主管", "会计", "老师", "博士", "教授", "先生", "女士", "师傅", "总工", "总",
)  # fmt: skip
HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
TITLED_NAME = re.compile(
    "((?:" + "|".join(COMPOUND_SURNAMES) + "|[" + "".join(sorted(SURNAMES)) + "])"
    "[\u4e00-\u9fff]{1,2}?)(?=(?:" + "|".join(TITLES) + "))"
)
SURNAME_TITLE = re.compile(
    "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + "".join(sorted(SURNAMES)) + "])"
    "(?=(?:" + "|".join(TITLES) + "))"
)


@dataclass(frozen=True)
class Removal:
    start: int
    end: int
    kind: str
    text: str

    @property
    def label(self):
        return KIND_LABELS[self.kind]


@dataclass
class Names:
    """What the park knows identifies someone: enterprise names (all their forms), people's
    names and addresses, each in the one writing ``fold`` gives."""

    enterprises: set = field(default_factory=set)
    people: set = field(default_factory=set)
    addresses: set = field(default_factory=set)

    def add(self, kind: str, value: str, aliases: str = "") -> None:
        value = (value or "").strip()
        if kind == "enterprise":
            self.enterprises.update(fold(f) for f in short_forms(value, aliases))
        elif kind == "person" and 2 <= len(value) <= 6:
            self.people.add(fold(value))
        elif kind == "place" and len(value) >= 4:
            self.addresses.add(fold(value))


def park_names(extra=()) -> Names:
    """Every name the apps know (``registry.identifying_names``), plus ``extra`` pairs."""
    from portal.registry import registry

    names = Names()
    for source in registry.identifying_names:
        for item in source():
            names.add(*item)
    for item in extra:
        names.add(*item)
    return names


def fold(text: str) -> str:
    """One writing, the same length as ``text`` so that places found in it are places in
    ``text``: each character NFKC'd when that gives one character (full-width digits and
    letters), simplified, lower case."""
    chars = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        chars.append(folded if len(folded) == 1 else ch)
    text = "".join(chars)
    simplified = _t2s.convert(text)
    if len(simplified) != len(text):  # a phrase converted to another length: char by char
        simplified = "".join(c if len(s := _t2s.convert(c)) != 1 else s for c in text)
    return simplified.lower()


def _occurrences(haystack: str, needle: str):
    start = haystack.find(needle)
    while needle and start >= 0:
        yield start, start + len(needle)
        start = haystack.find(needle, start + 1)


# Words next to which a name the dictionary does not know is taken for a person's.
PERSON_CUES = re.compile(
    r"(?:联系人|负责人|法人|经办人|对接人|姓名|找|交给|由|请|问|叫|是|联系|通知|转告|告诉|"
    # a person's job, just before the name (员工周杰, 电工郑大力)
    r"员工|职工|工人|电工|焊工|司机|保安|会计|出纳|行政|同事)[:：\s]*$|"
    r"^(?:[\s,，、]*(?:经理|总|同志|先生|女士|老师|师傅|主任|书记|博士|工程师|负责|联系|说|反映|的电话))"
)


# What a person's name does not end with: 高新区主任 and 管委会主任 are offices, not people.
NOT_NAME_ENDINGS = frozenset("区县市镇乡村局委会部厂司处科室办所站队组院校馆中心口港湾岛路街园场")


def _segmenter_people(folded: str, known_words) -> list[tuple[int, int, str]]:
    """People the segmenter points to, with a cue beside them (联系人王小明, 王小明经理, 张伟
    反映, 电工郑大力): names it tags as a person's (``nr``) that start with a surname, and a
    surname it split from the given name (郑 · 大力). Without a cue the tag is too often
    wrong to act on (jieba's dictionary tags 高峰 and 安家费 as names); the park's own people
    are found by name whatever stands beside them. Also a surname before 工 (刘工, the way an
    engineer is addressed), which the segmenter keeps apart from 施工 or 临时工."""
    from .dictionary import tagger

    words, at = [], 0
    for pair in tagger().cut(folded):
        start = folded.find(pair.word, at)
        if start >= 0:
            at = start + len(pair.word)
            words.append((start, pair.word, pair.flag))
    spans = []
    for i, (start, word, flag) in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else None
        if len(word) == 1 and word in SURNAMES and after and after[1] == "工":
            spans.append((start, start + 1, "surname"))
            continue
        if (
            flag == "nr" and 2 <= len(word) <= 4 and word not in known_words
            and word not in TITLES and word[-1] not in NOT_NAME_ENDINGS
        ):  # fmt: skip
            name = word  # not 师傅, not 高新区 or 张家口, which jieba also tags as names
        elif (
            len(word) == 1 and word in SURNAMES and after and after[0] == start + 1
            and 1 <= len(after[1]) <= 2 and HAN_WORD.fullmatch(after[1])
            and after[2].startswith(("n", "a")) and after[1] not in known_words
            and after[1] not in TITLES and after[1][-1] not in NOT_NAME_ENDINGS
        ):  # fmt: skip
            name = word + after[1]
        else:
            continue
        if not (name[0] in SURNAMES or name[:2] in COMPOUND_SURNAMES):
            continue
        cued = PERSON_CUES.search(folded[max(0, start - 4) : start]) or PERSON_CUES.search(
            folded[start + len(name) : start + len(name) + 4]
        )
        if cued:
            spans.append((start, start + len(name), "person"))
    return spans


def _titled_people(folded: str) -> list[tuple[int, int, str]]:
    """A surname and a given name before a title (欧阳明月经理), unless the segmenter knows the
    words as something else (项目经理, 车间主任) or they name an office (高新区主任)."""
    from .dictionary import tagger

    tags = tagger().word_tag_tab
    spans = []
    for match in TITLED_NAME.finditer(folded):
        name = match.group(1)
        if name[-1] in NOT_NAME_ENDINGS or name[-1] in "总副" or tags.get(name, "nr") != "nr":
            continue
        spans.append((match.start(1), match.end(1), "person"))
    return spans


def find(text: str, names: Names | None = None) -> list[Removal]:
    """Every identifying item in ``text``, in order, overlapping finds merged (the wider
    kind wins: an enterprise name that holds a person's name is an enterprise)."""
    from .dictionary import heads

    names = names if names is not None else park_names()
    folded = fold(text)
    found: list[tuple[int, int, str]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(folded):
            group = 1 if pattern.groups else 0
            found.append((match.start(group), match.end(group), kind))
    for kind, words in (("enterprise", names.enterprises), ("person", names.people),
                        ("address", names.addresses)):  # fmt: skip
        for word in sorted(words, key=len, reverse=True):
            found += [(s, e, kind) for s, e in _occurrences(folded, word)]
    known = set(heads()) | names.enterprises
    found += _segmenter_people(folded, known)
    found += _titled_people(folded)
    found += [(m.start(), m.end(), "surname") for m in SURNAME_TITLE.finditer(folded)]
    return _merge(text, found)


RANK = {"enterprise": 0, "address": 1, "id_number": 2, "credit_code": 3, "email": 4,
        "mobile": 5, "landline": 6, "account": 7, "plate": 8, "person": 9,
        "surname": 10}  # fmt: skip


def _merge(text, found) -> list[Removal]:
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), RANK[f[2]]))
    merged: list[list] = []
    for start, end, kind in found:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end > last[1]:
                last[1] = end
            if RANK[kind] < RANK[last[2]] and end - start >= (last[1] - last[0]) / 2:
                last[2] = kind
            continue
        merged.append([start, end, kind])
    return [Removal(s, e, k, text[s:e]) for s, e, k in merged]


def anonymise(text: str, names: Names | None = None) -> tuple[str, list[Removal]]:
    """``text`` with every identifying item replaced by its kind's placeholder, written in
    the park's language (the texts are; 某企业 in a Chinese text whoever reads the form)."""
    removals = find(text, names)
    out, last = [], 0
    for removal in removals:
        out.append(text[last : removal.start])
        out.append(_placeholder(removal.kind))
        last = removal.end
    out.append(text[last:])
    return "".join(out), removals


def _placeholder(kind: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(PLACEHOLDERS[kind])


def draft_html(text: str, removals: list[Removal]) -> str:
    """The original text, escaped, with each removal struck through and labelled by kind:
    what the supervisor confirms before a case is published."""
    out, last = [], 0
    for removal in removals:
        out.append(escape(text[last : removal.start]))
        out.append(
            f'<del class="removed" title="{escape(removal.label)}" data-kind="{removal.kind}">'
            f"{escape(removal.text)}</del>"
            f'<ins class="placeholder">{escape(_placeholder(removal.kind))}</ins>'
        )
        last = removal.end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above
