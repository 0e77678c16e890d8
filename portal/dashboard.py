"""The staff dashboard's charts: each app contributes charts (``registry.dashboard_charts``);
a chart's figures come from the app's own kept figures and reach the page three ways: an SVG
picture drawn on the server by pygal (no script, no stylesheet of its own: the page's
``/staff/dashboard/charts.css`` styles every chart, as the site's content security policy
wants), a table of the same numbers whose labels link to the list each figure counts, and an
xlsx file."""

import functools
import hashlib
import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pygal
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style

PALETTE = ("#b5121b", "#6c757d", "#e39b2d", "#1f6f8b", "#5c946e", "#8e5572", "#3d405b",
           "#c8553d")  # fmt: skip
STYLE = Style(
    background="transparent", plot_background="transparent", foreground="#212529",
    foreground_strong="#212529", foreground_subtle="#6c757d", colors=PALETTE,
    font_family='system-ui, "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif',
    label_font_size=12, major_label_font_size=12, legend_font_size=12, value_font_size=11,
    title_font_size=14, tooltip_font_size=12,
)  # fmt: skip
DRAWING_SECONDS = 3600
KINDS = {"bar": pygal.Bar, "stacked": pygal.StackedBar, "hbar": pygal.HorizontalBar,
         "line": pygal.Line}  # fmt: skip


@dataclass
class Series:
    name: Any  # a (lazy) translation
    values: list[float | int | None]


@dataclass
class ChartData:
    """What a chart shows: one label per group (a month, a unit, a bank...), the series of
    values per label, the list each label counts (a URL, or None), and the values' unit."""

    labels: list[str]
    series: list[Series]
    links: list[str | None] = field(default_factory=list)
    unit: str = ""  # shown after the values in the table, e.g. "%" or "万元"


@dataclass(frozen=True)
class Chart:
    key: str  # the chart's name in URLs: /staff/dashboard/<key>.xlsx
    title: Any  # a lazy translation
    kind: str  # bar, stacked, hbar, line
    data: Callable[[], ChartData]
    shown_to: Callable[[Any], bool]
    order: int = 100
    note: Any = ""  # one line saying what is counted and from what


def charts_for(user) -> list[Chart]:
    from .registry import registry

    return [chart for chart in registry.ordered(registry.dashboard_charts) if chart.shown_to(user)]


def chart_by_key(user, key: str) -> Chart | None:
    return next((chart for chart in charts_for(user) if chart.key == key), None)


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_STYLE = re.compile(r"<style\b.*?</style>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"')
# pygal's notes for its tooltip script (the link again, the point's coordinates): left out,
# so that a bar's link reads as its value and label.
_SCRIPT_NOTES = re.compile(r'<desc class="(?:xlink|x|y)(?: [^"]*)?">[^<]*</desc>')
_LINK = re.compile(r"<a (?P<attributes>[^>]*)>(?P<body>.*?)</a>", re.S)
_NOTE = re.compile(r'<desc class="(?P<kind>value|x_label)">(?P<text>[^<]*)</desc>')


def _named_link(match) -> str:
    """A bar's or point's link named "label: value", as a screen reader should say it."""
    notes = {note["kind"]: html.unescape(note["text"]) for note in _NOTE.finditer(match["body"])}
    name = ": ".join(notes[kind] for kind in ("x_label", "value") if notes.get(kind))
    label = f' aria-label="{html.escape(name, quote=True)}"' if name else ""
    return f"<a {match['attributes']}{label}>{match['body']}</a>"


def _cjk_room(labels, font_size: int = 12) -> int:
    """pygal sizes labels as Latin text (about 0.6 em a character); a Chinese character takes
    a whole em: the room its estimate leaves out, for the longest label."""
    wide = max((sum(1 for ch in label if ord(ch) > 0x2E80) for label in labels), default=0)
    return int(wide * font_size * 0.45)


def _graph(chart: Chart, data: ChartData, **config):
    horizontal = chart.kind == "hbar"
    room = _cjk_room(data.labels)
    graph = KINDS[chart.kind](
        js=[], style=STYLE, disable_xml_declaration=True, explicit_size=False, width=640,
        height=max(220, 34 * len(data.labels) + 110) if horizontal else 340,
        show_legend=len(data.series) > 1, legend_at_bottom=True, legend_at_bottom_columns=3,
        print_values=False, x_label_rotation=0 if len(data.labels) <= 6 else 30,
        truncate_label=-1, truncate_legend=-1, margin=10, show_y_guides=True,
        margin_left=10 + (room if horizontal else 0),
        margin_bottom=14 + (0 if horizontal else room // 2),
        no_data_text=str(_("Nothing counted yet")), **config,
    )  # fmt: skip
    graph.uuid = chart.key  # stable ids: the page's stylesheet names no chart
    graph.x_labels = data.labels
    return graph


def svg(chart: Chart, data: ChartData) -> str:
    """The chart as inline SVG: its bars and points link to the list they count; pygal's
    script, stylesheet and comments are left out (the dashboard's stylesheet draws it).
    Drawing is most of a dashboard's time: a drawing is kept while its numbers and language
    stay the same (the numbers themselves are read afresh on every visit)."""
    drawn = {
        "chart": [chart.key, chart.kind], "labels": data.labels, "links": data.links,
        "series": [[str(series.name), series.values] for series in data.series],
        "unit": data.unit, "language": get_language(),
    }  # fmt: skip
    key = (
        "dashboard-svg:"
        + hashlib.sha256(json.dumps(drawn, default=str, sort_keys=True).encode()).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = _draw(chart, data)
        cache.set(key, found, DRAWING_SECONDS)
    return found


def _draw(chart: Chart, data: ChartData) -> str:
    graph = _graph(chart, data)
    links = data.links or [None] * len(data.labels)
    for series in data.series:
        values = []
        for value, link in zip(series.values, links, strict=False):
            point = {"value": value}
            if link:
                point["xlink"] = {"href": link, "target": "_self"}
            values.append(point)
        graph.add(str(series.name), values)
    drawn = graph.render(is_unicode=True)
    for pattern in (_SCRIPT, _STYLE, _COMMENT, _STYLE_ATTRIBUTE, _SCRIPT_NOTES):
        drawn = pattern.sub("", drawn)
    drawn = _LINK.sub(_named_link, drawn)
    return drawn.replace(f' id="chart-{chart.key}"', "", 1)


@functools.cache
def stylesheet() -> str:
    """pygal's stylesheet for every chart: drawn once from a chart with every colour of the
    palette, its rules rewritten from that chart's id to pygal's class on each chart."""
    sample = pygal.Bar(js=[], style=STYLE)
    sample.uuid = "sample"
    for n in range(len(PALETTE)):
        sample.add(str(n), [n])
    sheets = _STYLE.findall(sample.render(is_unicode=True))
    # The rules as text: the XML's character escapes (``&gt;`` in child selectors) undone.
    css = "\n".join(html.unescape(re.sub(r"^<style[^>]*>|</style>$", "", sheet))
                    for sheet in sheets)  # fmt: skip
    css = css.replace("#chart-sample", ".pygal-chart")
    # What pygal's script would do: the tooltip group stays hidden; charts fit their box.
    return css + "\n.pygal-chart .tooltip{display:none}\n.pygal-chart{width:100%;height:auto}\n"


def xlsx(chart: Chart, data: ChartData) -> bytes:
    """The chart's numbers as a sheet: a label column and one column per series."""
    import openpyxl

    from .excel import row_of, set_widths

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(str(chart.title)[:31])
    set_widths(sheet, [24] + [16] * len(data.series))
    sheet.append(row_of(sheet, [str(chart.title)]))
    unit = f" ({data.unit})" if data.unit else ""
    sheet.append(row_of(sheet, [""] + [f"{series.name}{unit}" for series in data.series]))
    for index, label in enumerate(data.labels):
        sheet.append(row_of(sheet, [label] + [s.values[index] for s in data.series]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_rows(data: ChartData) -> list[dict]:
    links = data.links or [None] * len(data.labels)
    return [
        {"label": label, "link": links[index], "values": [s.values[index] for s in data.series]}
        for index, label in enumerate(data.labels)
    ]
