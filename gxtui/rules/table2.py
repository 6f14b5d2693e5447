"""Table 二 (主动公开): value kinds (T2-A), the fee amount (T2-FEE), 2019 cumulative counts (T2-D).

Column kinds come from the template (``count`` / ``signed`` / ``money_wan`` / ``money``), so the
rules follow the layout data rather than hard-coding each cell.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from gxtui import templates
from gxtui.config import Config
from gxtui.model import Cell, Finding, Report
from gxtui.rules import messages as m
from gxtui.rules.registry import rule
from gxtui.rules.view import ReportView

_T = "table2"
FEE_ROW, FEE_COL = "admin_fees", "amount_wan_yuan"
# Above this many 万元 of administrative fees a year the amount was most likely typed in 元.
# 10 亿元 for a department; a provincial government's own report may legitimately be larger.
DEFAULT_FEE_LIMIT = {"department": 100_000, "government": 10_000_000}


def _kinds(report: Report) -> dict[tuple[str, str], str]:
    return _kinds_of(m.template_of(report).version)


@lru_cache(maxsize=None)
def _kinds_of(version: str) -> dict[tuple[str, str], str]:
    """The column kind of every cell of table 二 (built once per template; callers only read it)."""
    return {(row, col): c.kind for row, col, c in templates.get(version).t2_cells}


def _bad_kind(c: Cell, kind: str) -> tuple[str, str] | None:
    """("负数", "negative") / ("小数", "not a whole number") when the number breaks its column
    kind, else None."""
    v = c.value
    if kind in ("count", "money_wan", "money") and v < 0:
        return "负数", "negative"
    if kind in ("count", "signed") and v != int(v):
        return "小数", "not a whole number"
    return None


_CHECKED = frozenset(("text", "number"))  # the semantics ``_check_cell`` looks at


def _check_cell(report: Report, c: Cell, kind: str) -> Finding | None:
    if c.semantic not in _CHECKED:
        return None
    bad = None
    if c.semantic != "text":
        if c.value is None:
            return None
        bad = _bad_kind(c, kind)
        if bad is None:
            return None  # the common case: decided before any message text is built
    raw = (c.raw or "").strip()
    where_zh, where_en = m.where_zh(report, _T, c.row, c.col), m.where_en(_T, c.row, c.col)
    want_zh = {"count": "非负整数", "signed": "整数（可为负）", "money_wan": "非负数（万元，可有小数）",
               "money": "非负金额"}.get(kind, "数值")
    want_en = {"count": "a non-negative integer", "signed": "an integer (may be negative)",
               "money_wan": "a non-negative amount in 万元 (decimals allowed)",
               "money": "a non-negative amount"}.get(kind, "a number")
    if bad is None:
        return Finding("T2-A", "error", f"{where_zh}: 应为{want_zh}，实际为文字“{raw}”",
                       f"{where_en}: should be {want_en}, is the text '{raw}'",
                       table=_T, row=c.row, col=c.col, actual=raw, line=c.line)
    v = c.value
    bad_zh, bad_en = bad
    return Finding("T2-A", "error", f"{where_zh}: 应为{want_zh}，实际为{bad_zh} {m.fmt(v)}",
                   f"{where_en}: should be {want_en}, is {m.fmt(v)} ({bad_en})",
                   table=_T, row=c.row, col=c.col, actual=m.clean(v), line=c.line)


@rule("T2-A", "error", "表二数值类型正确（件数为非负整数，收费为非负数）",
      "table 2 values have the right kind (counts non-negative integers, fees non-negative)",
      group="table2")
def t2_a(report: Report, view: ReportView | None = None) -> Iterator[Finding]:
    """A count with a fraction or a negative fee is a typing error in the published table."""
    if not report.has_table(_T) or report.template is None:
        return
    kinds = _kinds(report)
    # Only text and numbers other than whole counts can break a kind (``ReportView.odd_cells``).
    # Check first, then sort the findings by their cell: the same order as sorting every cell.
    found = [(c, f) for c in (view or ReportView(report)).odd_cells_of(_T)
             if (f := _check_cell(report, c, kinds.get((c.row, c.col), "count")))]
    found.sort(key=lambda cf: (cf[0].line or 0, cf[0].row, cf[0].col))
    yield from (f for _, f in found)


def fee_limit(report: Report, config: Config | None) -> float:
    """The plausibility limit in 万元 for this report's kind; ``[rules.T2-FEE] max_wan_yuan_department``
    / ``max_wan_yuan_government`` in gxtui.toml override the defaults."""
    opts = (config.rules.get("T2-FEE", {}) if config else {}) or {}
    kind = report.kind if report.kind in DEFAULT_FEE_LIMIT else "department"
    return float(opts.get(f"max_wan_yuan_{kind}", DEFAULT_FEE_LIMIT[kind]))


@rule("T2-FEE", "warning", "行政事业性收费金额单位可疑（写了“元”或数额过大）",
      "administrative fee amount in a doubtful unit (written in 元, or implausibly large)", group="table2",
      options={"max_wan_yuan_department": "number", "max_wan_yuan_government": "number"})
def t2_fee(report: Report, config: Config | None = None) -> Iterator[Finding]:
    """The 2021 header asks for 万元; 元 typed into it inflates the amount 10 000 times."""
    if report.template != "2021" or not report.has_table(_T):
        return
    c = report.cell(_T, FEE_ROW, FEE_COL)
    if c is None or c.semantic != "number" or c.value is None:
        return
    where_zh, where_en = m.where_zh(report, _T, FEE_ROW, FEE_COL), m.where_en(_T, FEE_ROW, FEE_COL)
    if c.unit == "元":
        yield Finding(
            "T2-FEE", "warning",
            f"{where_zh}: 单元格写作“{(c.raw or '').strip()}”，单位为元；表头要求万元，"
            f"若为 {m.fmt(c.value)} 元，应填 {m.fmt(round(c.value / 10000, 6))}",
            f"{where_en}: the cell reads '{(c.raw or '').strip()}' (yuan) but the header asks for 万元 "
            f"(10k yuan); {m.fmt(c.value)} yuan is {m.fmt(round(c.value / 10000, 6))} 万元",
            table=_T, row=FEE_ROW, col=FEE_COL, expected=m.clean(round(c.value / 10000, 6)),
            actual=(c.raw or "").strip(), line=c.line)
        return
    limit = fee_limit(report, config)
    if c.value > limit:
        kind_zh = "政府" if report.kind == "government" else "部门"
        yield Finding(
            "T2-FEE", "warning",
            f"{where_zh}: {m.fmt(c.value)} 万元（即 {m.fmt(c.value / 10000)} 亿元）对一个{kind_zh}而言过大"
            f"（上限 {m.fmt(limit)} 万元），可能把“元”填成了“万元”；若按元计为 {m.fmt(round(c.value / 10000, 6))} 万元",
            f"{where_en}: {m.fmt(c.value)} 万元 ({m.fmt(c.value / 10000)} 亿元) is implausibly large for a "
            f"{report.kind} (limit {m.fmt(limit)} 万元); probably entered in yuan, which would be "
            f"{m.fmt(round(c.value / 10000, 6))} 万元",
            table=_T, row=FEE_ROW, col=FEE_COL, expected=f"<= {m.fmt(limit)}", actual=m.clean(c.value),
            line=c.line)


@rule("T2-D", "warning", "2019版：对外公开总数量 ≥ 本年新公开数量",
      "2019 template: total published >= newly published this year", group="table2")
def t2_d(report: Report) -> Iterator[Finding]:
    """The cumulative count includes this year's publications; only withdrawals can break it."""
    if report.template != "2019" or not report.has_table(_T):
        return
    for r in ("rules", "normative"):
        new = report.cell(_T, r, "new_published")
        tot = report.cell(_T, r, "total_published")
        nv, tv = m.addend(new), m.addend(tot)
        if nv is None or tv is None or tv >= nv:
            continue
        yield Finding(
            "T2-D", "warning",
            f"{m.where_zh(report, _T, r)}: 对外公开总数量 {m.fmt(tv)} 小于本年新公开数量 {m.fmt(nv)}"
            f"（累计数应不少于本年数）",
            f"{m.where_en(_T, r)}: total published {m.fmt(tv)} is less than newly published this year "
            f"{m.fmt(nv)} (the cumulative count should include this year's)",
            table=_T, row=r, col="total_published", expected=f">= {m.fmt(nv)}", actual=m.clean(tv),
            line=m.cell_line([tot, new]))
