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
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.compare.pairing import Series
    from gxtui.model import Report

MIN_YEARS = 3  # charts are drawn for agencies with at least this many years of reports


@lru_cache(maxsize=1)
def chart_data() -> dict[str, Any]:
    """``gxtui/templates/charts.toml``: the charts, the English units, the words for gaps."""
    import tomllib  # noqa: PLC0415
    from importlib import resources  # noqa: PLC0415

    return tomllib.loads(resources.files("gxtui.templates").joinpath("charts.toml").read_text("utf-8"))


def chart_specs() -> tuple[tuple[str, str, str, str, tuple[tuple[str, str], ...]], ...]:
    """(chart key, zh title, en title, unit, lines: (source, key)) — source "cell" is a cell
    table/row/col, "fee" a fee key of templates/names.toml, "ratio" a key of templates/ratios.toml."""
    return tuple((c["key"], c["zh"], c["en"], c["unit"], tuple(tuple(x.split(":", 1)) for x in c["lines"]))
                 for c in chart_data()["chart"])


def word(key: str, lang: str) -> str:
    """A word around the charts (``[words]`` of charts.toml) in ``lang``."""
    return chart_data()["words"][key]["en" if lang == "en" else "zh"]


def gap_words(lang: str) -> dict[str, str]:
    """state → the word for a gap (no report, not read …) in ``lang``."""
    return {k: v["en" if lang == "en" else "zh"] for k, v in chart_data()["gaps"].items()}


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
            return f"{self.title_en} ({chart_data()['units'].get(self.unit, self.unit)})"
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
    from gxtui.compare.align import side  # noqa: PLC0415
    from gxtui.compare.peers import ratio, report_lookup  # noqa: PLC0415
    from gxtui.compare.trend import fee_value  # noqa: PLC0415
    from gxtui.templates import vocab  # noqa: PLC0415

    by_year = _by_year(series)
    years = list(range(min(by_year), max(by_year) + 1)) if by_year else []
    charts = []
    for key, zh, en, unit, lines in chart_specs():
        chart = Chart(key, zh, en, unit, years)
        for source, lkey in lines:
            values: list[float | None] = []
            states: list[str] = []
            if source == "cell":
                t, r, c = lkey.split("/")
                lzh, len_ = vocab.row_label(t, r, "zh", qualified=True), vocab.row_label(t, r, "en")
            elif source == "fee":
                lzh, len_ = vocab.fee_label(lkey, "zh"), vocab.fee_label(lkey, "en")
            else:
                rt = ratio(lkey)
                lzh, len_ = rt.zh, rt.en
            for y in years:
                rep = by_year.get(y)
                if rep is None:
                    values.append(None)
                    states.append("no-report")
                elif source in ("cell", "fee"):
                    s = side(rep, *lkey.split("/")) if source == "cell" else fee_value(rep, lkey)
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
