"""Key series of one agency over several years (``gxtui trend FOLDER --agency NAME``).

The series are cells named by their export names (``table3``/``r.total``/``tot`` …) and the two
fees (``admin_fees``, ``info_fee_yuan``), listed in ``templates/names.toml`` ``[trend]``. Values
the source lost stay ``unknown`` (shown as such, never interpolated); a value whose template has
no such cell (e.g. the 万元 fee amount before 2021) is ``absent``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gxtui.compare.align import Side, side
from gxtui.compare.pairing import Series, year_of
from gxtui.templates import vocab

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Report


@dataclass
class TrendSeries:
    label_zh: str
    label_en: str
    unit: str
    table: str | None = None  # a cell: table/row/col
    row: str | None = None
    col: str | None = None
    fee: str | None = None  # or a fee: "admin_fees" / "info_fee_yuan"
    values: list[Side] = field(default_factory=list)  # one per year, same order as Trend.years


@dataclass
class Trend:
    agency: str
    years: list[int | None]
    reports: list["Report"]
    series: list[TrendSeries]


def fee_value(report: "Report", key: str) -> Side:
    """One report's fee ``key`` (``admin_fees`` or ``info_fee_yuan``, see ``names.toml``)."""
    if key == "info_fee_yuan":
        if report.info_fee_yuan is None:
            return Side(None, "absent" if report.template == "2019" else "missing")
        v = report.info_fee_yuan
        return Side(v, "zero" if v == 0 else "number", line=report.info_fee_line)
    if report.template != "2021":  # 2019: 表二（八） counts items, not money
        return Side(None, "absent")
    d = vocab.fee(key)
    return side(report, d["table"], d["row"], d["col"])


def trend(series: Series) -> Trend:
    """The key series of ``series`` (its reports oldest first), one value per year."""
    reports = list(series.reports)
    out = Trend(series.display(), [year_of(r) for r in reports], reports, [])
    data = vocab.names()["trend"]
    for table, row, col in data["cells"]:
        out.series.append(TrendSeries(
            vocab.row_label(table, row, "zh", qualified=True), vocab.row_label(table, row, "en"),
            data["count_unit"], table, row, col, values=[side(r, table, row, col) for r in reports]))
    for key in data["fees"]:
        d = vocab.fee(key)
        out.series.append(TrendSeries(vocab.fee_label(key, "zh"), vocab.fee_label(key, "en"), d["unit"],
                                      fee=key, values=[fee_value(r, key) for r in reports]))
    return out
