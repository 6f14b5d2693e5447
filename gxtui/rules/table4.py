"""Table 四 (行政复议 / 行政诉讼): format.md §5.1 T4-A, T4-B."""

from __future__ import annotations

from typing import Iterator

from gxtui.model import Finding, Report
from gxtui.rules import messages as m
from gxtui.rules.registry import rule
from gxtui.templates import vocab
from gxtui.rules.table3 import non_negative_integers
from gxtui.rules.view import ReportView

_T = "table4"
GROUPS = ("review", "lit_direct", "lit_after_review")
PARTS = ("upheld", "corrected", "other", "pending")
# the ``Report.cells`` keys T4-A reads: each group's parts, then its total
_KEYS = tuple((_T, g, c) for g in GROUPS for c in (*PARTS, "total"))


@rule("T4-A", "error", "维持+纠正+其他+尚未审结 = 总计（每组）",
      "upheld + corrected + other + pending = total, per group", group="table4")
def t4_a(report: Report) -> Iterator[Finding]:
    """Each case has exactly one state at year end, so each group's total is an exact sum."""
    if not report.has_table(_T):
        return
    w = len(PARTS) + 1
    adds = m.addends(list(map(report.cells.get, _KEYS)))  # each group's parts, then its total
    for k, g in enumerate(GROUPS):
        values, tot = adds[w * k:w * k + w - 1], adds[w * k + w - 1]
        s = m.total_of(values)
        if s is None or tot is None or s == tot:
            continue
        parts = list(zip(PARTS, values))
        terms_zh = " + ".join(f"{m.col_zh(report, _T, c)} {m.fmt(v)}" for c, v in parts)
        terms_en = " + ".join(f"{vocab.col_label(_T, c, 'en')} {m.fmt(v)}" for c, v in parts)
        yield Finding(
            "T4-A", "error",
            f"{m.where_zh(report, _T, g, 'total')}: 应为 {m.fmt(s)}（{terms_zh}），实际 {m.fmt(tot)}",
            f"{m.where_en(_T, g, 'total')}: should be {m.fmt(s)} ({terms_en}), is {m.fmt(tot)}",
            table=_T, row=g, col="total", expected=m.clean(s), actual=m.clean(tot),
            line=m.cell_line([report.cell(_T, g, "total")]),
        )


@rule("T4-B", "error", "表四单元格为非负整数", "table 4 cells are non-negative integers", group="table4")
def t4_b(report: Report, view: ReportView | None = None) -> Iterator[Finding]:
    """Case counts: text, negatives and fractions cannot be right."""
    if not report.has_table(_T):
        return
    yield from non_negative_integers(report, _T, "T4-B", view)
