"""One agency's key figures over the years, shaped for charts (TUI trend view, ``trend --plot``,
the SVG charts of the findings report).

Counts and fees come from ``gxtui.compare.trend`` (the numbers ``gxtui trend`` prints); shares are
the benchmark ratios of ``templates/ratios.toml`` (the same definitions as ``gxtui peers``), in
percent. Every year from the first to the last report is on the axis: a year without a report is a
gap (state ``no-report``), and so is a value the source lost (``unknown``), one that was not read
(``missing``), one the year's template has no cell for (``absent``) or a share whose denominator is
0 (``undefined``). Charts never interpolate across a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.compare.pairing import Series
    from gxtui.model import Report

UNIT_EN = {"件": "count", "万元": "10k yuan", "元": "yuan", "%": "%"}
MIN_YEARS = 3  # charts are drawn for agencies with at least this many years of reports

# (chart key, zh title, en title, unit, lines: (source, key)) — source "trend" is a key of
# gxtui.compare.trend.SERIES, "ratio" a key of templates/ratios.toml
CHARTS: tuple[tuple[str, str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("applications", "本年新收申请", "applications received", "件", (("trend", "new"),)),
    ("disclosed", "予以公开占比", "disclosed share", "%", (("ratio", "disclosed"),)),
    ("corrected", "复议、诉讼纠正率", "corrected share (review, lawsuits)", "%",
     (("ratio", "review_corrected"), ("ratio", "litigation_corrected"))),
    ("carried_over", "结转下年度", "carried over", "件", (("trend", "carried_out"),)),
    ("admin_fees", "行政事业性收费", "administrative fees", "万元", (("trend", "admin_fees"),)),
    ("info_fee", "信息处理费", "information processing fee", "元", (("trend", "info_fee"),)),
)


@dataclass
class Line:
    key: str
    label_zh: str
    label_en: str
    values: list[float | None]  # one per year of the chart, in the chart's unit
    states: list[str]  # number / zero / blank / na for a value; otherwise why there is none

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh

    @property
    def known(self) -> int:
        return sum(1 for v in self.values if v is not None)


@dataclass
class Chart:
    key: str
    title_zh: str
    title_en: str
    unit: str
    years: list[int]
    lines: list[Line] = field(default_factory=list)

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def heading(self, lang: str = "zh") -> str:
        """Title and unit: 本年新收申请（件） / applications received (count)."""
        if lang == "en":
            return f"{self.title_en} ({UNIT_EN.get(self.unit, self.unit)})"
        return f"{self.title_zh}（{self.unit}）"

    @property
    def has_data(self) -> bool:
        return any(line.known for line in self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title_zh, "title_en": self.title_en, "unit": self.unit,
                "years": self.years,
                "lines": [{"key": ln.key, "label": ln.label_zh, "label_en": ln.label_en,
                           "values": ln.values, "states": ln.states} for ln in self.lines]}


@dataclass
class AgencyCharts:
    agency: str
    years: list[int]  # years that have a report
    charts: list[Chart]


def _by_year(series: "Series") -> dict[int, "Report"]:
    """The first report of each year (reports without a year cannot be placed on an axis)."""
    from gxtui.compare.pairing import year_of  # noqa: PLC0415

    out: dict[int, "Report"] = {}
    for r in series.reports:
        y = year_of(r)
        if y is not None:
            out.setdefault(y, r)
    return out


def agency_charts(series: "Series") -> AgencyCharts:
    """The charts of one agency (its reports grouped by ``gxtui.compare.pairing``)."""
    from gxtui.analytics.peers import ratio, report_lookup  # noqa: PLC0415
    from gxtui.compare.trend import SERIES, series_value  # noqa: PLC0415

    by_year = _by_year(series)
    years = list(range(min(by_year), max(by_year) + 1)) if by_year else []
    trend_def = {key: (zh, en) for key, zh, en, _unit, _cells in SERIES}
    charts = []
    for key, zh, en, unit, lines in CHARTS:
        chart = Chart(key, zh, en, unit, years)
        for source, lkey in lines:
            values: list[float | None] = []
            states: list[str] = []
            if source == "trend":
                lzh, len_ = trend_def[lkey]
            else:
                rt = ratio(lkey)
                lzh, len_ = rt.zh, rt.en
            for y in years:
                rep = by_year.get(y)
                if rep is None:
                    values.append(None)
                    states.append("no-report")
                elif source == "trend":
                    s = series_value(rep, lkey)
                    values.append(float(s.value) if s.usable else None)
                    states.append(s.state)
                else:
                    got = rt.evaluate(report_lookup(rep))
                    values.append(None if got is None else 100.0 * got[0])
                    states.append("number" if got is not None else _why_undefined(rep, rt))
            chart.lines.append(Line(lkey, lzh, len_, values, states))
        charts.append(chart)
    return AgencyCharts(series.display(), sorted(by_year), charts)


def _why_undefined(report: "Report", rt: Any) -> str:
    for t, r, c in (*rt.numerator, *rt.denominator):
        cell = report.cell(t, r, c)
        if cell is None:
            return "missing"
        if cell.semantic in ("unknown", "text"):
            return "unknown"
    return "undefined"  # the denominator is 0


def charted_agencies(reports: "list[Report]", min_years: int = MIN_YEARS) -> list[AgencyCharts]:
    """Charts for every agency with at least ``min_years`` years of reports."""
    from gxtui.compare.pairing import group_series  # noqa: PLC0415

    out = []
    for s in group_series(reports):
        ac = agency_charts(s)
        if len(ac.years) >= min_years:
            out.append(ac)
    return out
