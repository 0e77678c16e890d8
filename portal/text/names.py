"""The names people use for an enterprise besides its registered one: 烟台蓬莱京鲁船业有限公司
is 京鲁船业 and 京鲁 on the phone. Derived by taking off the place it is registered in
(山东省, 烟台市, 蓬莱区…, repeatedly, also inside the name: 烟台大金蓬莱海洋重工 → 大金海洋重工)
and the legal form (有限公司, 股份, 集团…), then the trade (船业, 重工, 生物科技…)."""

import re
from functools import lru_cache

PLACES = (
    "山东省", "山东", "烟台市", "烟台", "蓬莱区", "蓬莱市", "蓬莱", "龙口", "长岛", "青岛", "济南",
    "中国",
)  # fmt: skip
LEGAL_FORMS = (
    "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "分公司",
    "股份公司", "集团公司", "公司", "集团", "股份", "合作社", "研究院", "研究所", "工厂", "厂",
)  # fmt: skip
# Trades, the longest first when taken off: what is left is the brand (京鲁, 巨涛, 鑫海).
TRADES = (
    "海洋工程重工", "海洋工程装备", "海洋工程", "海洋重工", "船舶重工", "生物科技", "生物医药",
    "新材料科技", "新能源科技", "绿色建材", "建筑材料", "电子科技", "智能科技", "机械制造",
    "装备制造", "汽车零部件", "汽车部件", "信息技术", "船业", "船舶", "重工", "科技", "机械",
    "电子", "化工", "生物", "医药", "能源", "新能源", "新材料", "材料", "装备", "制造", "实业",
    "贸易", "物流", "建设", "建材", "建筑", "食品", "水产", "海洋", "工程", "葡萄酒", "酒业",
    "酿酒", "电力", "风电", "环保", "船厂", "技术", "发展", "投资", "控股", "工业", "产业",
    "汽车", "零部件", "精密", "模具", "钢结构", "钢构", "港务", "港口", "服务",
)  # fmt: skip
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def _strip_places(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for place in PLACES:
            if name.startswith(place) and len(name) - len(place) >= 2:
                name, changed = name[len(place) :], True
    # A place inside the name (烟台大金蓬莱海洋重工): people leave it out too.
    for place in PLACES:
        if len(place) >= 2 and place in name[1:] and len(name) - len(place) >= 2:
            name = name.replace(place, "")
    return name


def _strip_legal_form(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS:
            if name.endswith(form) and len(name) - len(form) >= 2:
                name, changed = name[: -len(form)], True
    return name


def short_forms(name: str, aliases: str = "") -> set[str]:
    """The registered name, the forms people shorten it to, and the aliases given (two
    characters at least, so no single character is taken for a name)."""
    return set(_short_forms((name or "").strip(), aliases or ""))


@lru_cache(maxsize=100_000)  # read again for every enterprise whenever the park's words reload
def _short_forms(name: str, aliases: str) -> frozenset[str]:
    forms = {name} if name else set()
    core = _strip_legal_form(_strip_places(name))
    if len(core) >= 2:
        forms.add(core)
        # The brand: the core without its trade words, at the end or in the middle.
        brand = core
        for trade in sorted(TRADES, key=len, reverse=True):
            if brand.endswith(trade) and len(brand) - len(trade) >= 2:
                brand = brand[: -len(trade)]
                forms.add(brand)
        if brand != core and len(brand) >= 2:
            forms.add(brand)
            # The brand with any one trade or legal form of the name: 巨涛重工, 华信集团.
            for word in TRADES + LEGAL_FORMS:
                if word in name[len(brand) :] or word in core[len(brand) :]:
                    forms.add(brand + word)
        # The registered name with only the legal form off, or only the places off.
        forms.add(_strip_legal_form(name))
        forms.add(_strip_places(name))
        # 京鲁船业 of 中柏京鲁船业: a brand of two characters followed by the trade.
        for trade in TRADES:
            at = core.find(trade)
            if at >= 2:
                forms.add(core[at - 2 : at + len(trade)])
    for alias in re.split(r"[\s,，、;；]+", aliases or ""):
        if len(alias) >= 2:
            forms.add(alias)
            forms.add(_strip_legal_form(alias))
    return frozenset(f for f in forms if len(f) >= 2 and not _only_trade(f))


def _only_trade(form: str) -> bool:
    """True for a form that is nothing but trade words (海洋工程, 生物科技): not a name."""
    rest = form
    for word in _LONGEST_FIRST:
        rest = rest.replace(word, "")
    return len(rest) < 2


_LONGEST_FIRST = sorted(TRADES + LEGAL_FORMS + PLACES, key=len, reverse=True)
