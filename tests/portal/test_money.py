"""One format of money on every page: 亿元 / 万元 / 元 as a Chinese reader expects, millions of
CNY in English; amounts kept in 10k yuan (financing) go through the same filter."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from portal.templatetags.portal_tags import yuan


@pytest.mark.parametrize(
    ("value", "unit", "chinese", "english"),
    [
        (Decimal("260000000"), "", "2.6亿元", "CNY 260 million"),
        ("26000", "wan", "2.6亿元", "CNY 260 million"),
        (Decimal("31931000"), "", "3193.1万元", "CNY 31.93 million"),
        ("450", "wan", "450万元", "CNY 4.5 million"),
        (8500, "", "8,500元", "CNY 8,500"),
        ("0.5", "wan", "5,000元", "CNY 5,000"),
        (None, "", "", ""),
    ],
)
def test_amounts_read_as_people_write_them(value, unit, chinese, english):
    with translation.override("zh-hans"):
        assert yuan(value, unit) == chinese
    with translation.override("en"):
        assert yuan(value, unit) == english


def test_the_home_page_financing_figure_reads_in_yi_yuan():
    block = {"finance": {"enterprises": 91, "amount": Decimal("26000"), "banks": 12,
                         "meetings_held": 8}}  # fmt: skip
    with translation.override("zh-hans"):
        text = render_to_string("finance/blocks/home_figure.html", {"block": block})
    assert "2.6亿元" in text and "26000" not in text and "万元" not in text
