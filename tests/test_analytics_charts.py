"""Multi-year charts: the series hold the reports' numbers (gaps stay gaps), the SVG is well formed
with one mark per known value, the terminal chart is plain text within 80 columns, and the HTML
findings report carries the charts."""

from __future__ import annotations

import re
import unicodedata

import pytest
from lxml import etree

from analytics_helpers import build_folder
from gxtui.analytics.folder import load_folder
from gxtui.analytics.plot import render, render_chart
from gxtui.analytics.series import Chart, Line, agency_charts, charted_agencies
from gxtui.analytics.svg import bar_chart, line_chart
from gxtui.compare.pairing import group_series
from gxtui.findings_report import collect, render_html

SVG = ""  # inline SVG: no namespace until an HTML parser puts it there


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "userdata"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return build_folder(tmp_path_factory.mktemp("charts") / "lib")


@pytest.fixture(scope="module")
def reports(folder):
    return load_folder([folder]).reports


def _series(reports, name):
    return next(s for s in group_series(reports) if s.display() == name)


def test_series_values_are_the_report_numbers(reports):
    s = _series(reports, "示例县教育局")
    ac = agency_charts(s)
    assert ac.years == [2020, 2021, 2022]
    charts = {c.key: c for c in ac.charts}
    by_year = {r.year: r for r in s.reports}
    apps = charts["applications"].lines[0].values
    assert apps == [float(by_year[y].value("table3", "new", "tot")) for y in (2020, 2021, 2022)]
    share = charts["disclosed"].lines[0].values
    for y, v in zip((2020, 2021, 2022), share):
        r = by_year[y]
        assert v == pytest.approx(100 * r.value("table3", "r.disclosed", "tot") / r.value("table3", "r.total", "tot"))
    fees = charts["admin_fees"].lines[0]
    assert fees.states[0] == "absent" and fees.values[0] is None  # no 万元 cell in the 2019 template
    assert [ln.key for ln in charts["corrected"].lines] == ["review_corrected", "litigation_corrected"]


def test_a_missing_year_is_a_gap(reports):
    ac = agency_charts(_series(reports, "另一县教育局"))
    assert ac.years == [2020, 2022]
    line = ac.charts[0].lines[0]
    assert ac.charts[0].years == [2020, 2021, 2022]
    assert line.values[1] is None and line.states[1] == "no-report"
    assert [a.agency for a in charted_agencies(reports)] == ["示例县教育局"]  # ≥ 3 years only


def _chart(values, values2=None, unit="件"):
    lines = [Line("a", "甲<&>", "a", values, ["number" if v is not None else "unknown" for v in values])]
    if values2 is not None:
        lines.append(Line("b", "乙", "b", values2, ["number" if v is not None else "no-report" for v in values2]))
    return Chart("k", "标题 <b>&", "title", unit, list(range(2019, 2019 + len(values))), lines)


def test_svg_is_well_formed_with_one_mark_per_value():
    svg = line_chart(_chart([3, 4, None, 7], [1, None, None, 2]))
    root = etree.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    marks = root.xpath("//*[@class='mark']")
    assert len(marks) == 3 + 2
    assert {m.tag for m in marks} == {f"{SVG}circle", f"{SVG}rect"}  # shapes, not colours
    # segments never bridge a gap: 3–4 of the first line only; lone values are points
    assert len(root.findall(f".//{SVG}polyline")) == 1
    texts = "".join(root.itertext())
    assert "标题 <b>&" in texts and "甲<&>" in texts  # escaped in the source, intact when parsed
    gaps = root.xpath("//*[@class='gap']")
    assert [g.text for g in gaps] == ["未知"]  # 2021, where no line has a value, says why
    assert not root.xpath("//*[local-name()='script']") and "href" not in svg


def test_bar_chart_has_one_bar_per_item():
    root = etree.fromstring(bar_chart([("T3-A", "列合计", 12), ("Y-1", "结转 <x>", 3)], "规则").encode())
    bars = root.xpath("//*[@class='mark']")
    assert len(bars) == 2
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] == pytest.approx(4 * widths[1])  # proportional to 12 : 3
    assert "结转 <x>" in "".join(root.itertext())


def _cells(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def test_terminal_chart_is_plain_text_within_80_columns(reports):
    text = render(agency_charts(_series(reports, "示例县教育局")))
    assert "\x1b[" not in text
    assert not re.search("[\u2500-\u257f]", text)  # no box-drawing characters (ambiguous width)
    assert max(_cells(line) for line in text.splitlines()) <= 80
    assert "本年新收申请（件）" in text and "2021" in text and "*" in text
    two = render_chart(_chart([3, 4, 5], [1, None, 2]))
    assert "* 甲<&>   o 乙" in two  # the legend names each marker
    assert "无报告" in two  # the gap of the second line, in words


def test_findings_report_has_the_svg_charts(folder):
    html = render_html(collect([folder]))
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    for s in svgs:
        etree.fromstring(s.encode())
    ac = charted_agencies(load_folder([folder]).reports)
    drawn = sum(1 for a in ac for c in a.charts if c.has_data)
    assert len(svgs) == 1 + drawn  # the rule-frequency bars + one chart per series with data
    assert 'id="trends"' in html and 'id="peers"' in html and "<script" not in html
