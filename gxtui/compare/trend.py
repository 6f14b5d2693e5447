"""Key series of one agency over several years (``gxtui trend FOLDER --agency NAME``).

Values the source lost stay ``unknown`` (shown as such, never interpolated); a value whose
template has no such cell (e.g. the 万元 fee amount before 2021) is ``absent``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gxtui.compare.align import Side, side, sum_sides
from gxtui.compare.pairing import Series, year_of
from gxtui.model import Report

# (key, Chinese label, English label, unit, cells summed)
SERIES: tuple[tuple[str, str, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("new", "本年新收申请", "applications received", "件", (("table3", "new", "tot"),)),
    ("carried_in", "上年结转", "carried in", "件", (("table3", "carried_in", "tot"),)),
    ("disclosed", "予以公开", "disclosed", "件", (("table3", "r.disclosed", "tot"),)),
    ("partial", "部分公开", "partly disclosed", "件", (("table3", "r.partial", "tot"),)),
    ("handled", "办理结果总计", "handled (total)", "件", (("table3", "r.total", "tot"),)),
    ("carried_out", "结转下年度", "carried over", "件", (("table3", "carried_out", "tot"),)),
    ("review", "行政复议总计", "administrative review", "件", (("table4", "review", "total"),)),
    ("litigation", "行政诉讼总计", "litigation", "件",
     (("table4", "lit_direct", "total"), ("table4", "lit_after_review", "total"))),
    ("admin_fees", "行政事业性收费", "administrative fees", "万元",
     (("table2", "admin_fees", "amount_wan_yuan"),)),
    ("info_fee", "信息处理费", "information processing fee", "元", ()),
)


@dataclass
class TrendSeries:
    key: str
    label_zh: str
    label_en: str
    unit: str
    values: list[Side] = field(default_factory=list)  # one per year, same order as Trend.years

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label_zh, "unit": self.unit,
                "values": [s.value if s.usable else None for s in self.values],
                "states": [s.state for s in self.values]}


@dataclass
class Trend:
    agency: str
    years: list[int | None]
    paths: list[str]
    series: list[TrendSeries]

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "years": self.years, "paths": self.paths,
                "series": [s.to_dict() for s in self.series]}


def _value(report: Report, key: str, cells: tuple[tuple[str, str, str], ...]) -> Side:
    if key == "info_fee":
        if report.info_fee_yuan is None:
            return Side(None, "absent" if report.template == "2019" else "missing")
        v = report.info_fee_yuan
        return Side(v, "zero" if v == 0 else "number", line=report.info_fee_line)
    if key == "admin_fees" and report.template != "2021":
        return Side(None, "absent")
    sides = [side(report, *c) for c in cells]
    return sides[0] if len(sides) == 1 else sum_sides(sides)


def series_value(report: Report, key: str) -> Side:
    """One report's value of the series ``key`` (a key of ``SERIES``), e.g. for a chart."""
    cells = next(c for k, _zh, _en, _unit, c in SERIES if k == key)
    return _value(report, key, cells)


def trend(series: Series) -> Trend:
    """The key series of ``series`` (its reports oldest first), one value per year."""
    out = Trend(series.display(), [year_of(r) for r in series.reports],
                [r.source.path for r in series.reports], [])
    for key, zh, en, unit, cells in SERIES:
        out.series.append(TrendSeries(key, zh, en, unit, [_value(r, key, cells) for r in series.reports]))
    return out
