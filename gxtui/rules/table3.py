"""Table 三 (依申请公开) identities: format.md §5.1 T3-A … T3-D.

Every identity is checked per column (T3-A, T3-B) or per row (T3-C) with exact integers; an
identity is skipped, never guessed, when one of its cells is missing, ``unknown`` or text —
other rules (S-3, S-5, T3-D) report those cells, so no finding ever rests on a value nobody knows.
"""

from __future__ import annotations

from typing import Iterator

from gxtui.model import Cell, Finding, Report
from gxtui.rules import messages as m
from gxtui.rules.registry import rule
from gxtui.rules.view import T3_COLS, ReportView, rows_values  # noqa: F401 - rows_values: part of this module's API
from gxtui.templates import vocab

COLS = T3_COLS
APPLICANT_COLS = COLS[:6]
_T = "table3"


def total_unreported(report: Report, row: str) -> bool:
    """A blank (or "/") 总计 next to non-zero applicant cells: the agency did not fill the total
    column for this row (Shanghai 2019 did this on most rows). Not a failure (format.md §5.1)."""
    tot = report.cell(_T, row, "tot")
    if tot is None or tot.semantic not in ("blank", "na"):
        return False
    return any((m.addend(report.cell(_T, row, c)) or 0) != 0 for c in APPLICANT_COLS)


def value(report: Report, row: str, col: str) -> float | int | None:
    """A cell of table 三 as an addend (None: skip the identity)."""
    if col == "tot" and total_unreported(report, row):
        return None
    return m.addend(report.cell(_T, row, col))


def _checkable(report: Report) -> bool:
    return report.has_table(_T) and report.template is not None


def _terms_zh(report: Report, terms: list[tuple[str, float | int]]) -> str:
    shown = [f"{m.row_zh(report, _T, r)} {m.fmt(v)}" for r, v in terms if v]
    return "、".join(shown) if shown else "均为 0"


def _terms_en(terms: list[tuple[str, float | int]]) -> str:
    shown = [f"{m.label_en(_T, r)} {m.fmt(v)}" for r, v in terms if v]
    return ", ".join(shown) if shown else "all 0"


@rule("T3-A", "error", "一+二 = 三(七)+四（每列）", "new + carried in = total outcomes + carried out, per column",
      group="table3")
def t3_a(report: Report, view: ReportView | None = None) -> Iterator[Finding]:
    """The identity the table prints in its own header; breaking it means a wrong number."""
    if not _checkable(report):
        return
    v = view or ReportView(report)
    for col, new, cin, tot, cout in zip(COLS, v.t3_row("new"), v.t3_row("carried_in"), v.t3_row("r.total"),
                                        v.t3_row("carried_out")):
        if new is None or cin is None or tot is None or cout is None:
            continue  # m.total_of would give None on one side
        lhs, rhs = sum((new, cin)), sum((tot, cout))  # m.total_of inline (two calls a column otherwise)
        if isinstance(lhs, float):
            lhs = round(lhs, 6)
        if isinstance(rhs, float):
            rhs = round(rhs, 6)
        if lhs == rhs:
            continue
        where_zh, where_en = m.where_zh(report, _T, None, col), m.where_en(_T, None, col)
        yield Finding(
            "T3-A", "error",
            f"{where_zh}: 一、本年新收 {m.fmt(new)} + 二、上年结转 {m.fmt(cin)} = {m.fmt(lhs)}，"
            f"应等于（七）总计 {m.fmt(tot)} + 四、结转下年度 {m.fmt(cout)} = {m.fmt(rhs)}，相差 {m.fmt(abs(lhs - rhs))}",
            f"{where_en}: new {m.fmt(new)} + carried in {m.fmt(cin)} = {m.fmt(lhs)}, but total outcomes "
            f"{m.fmt(tot)} + carried out {m.fmt(cout)} = {m.fmt(rhs)} (difference {m.fmt(abs(lhs - rhs))})",
            table=_T, row="r.total", col=col, expected=m.clean(lhs), actual=m.clean(rhs),
            line=m.cell_line([report.cell(_T, "r.total", col)]),
        )


@rule("T3-B", "error", "（七）总计 = 各办理结果之和（每列）", "(7) total = sum of all outcome rows, per column",
      group="table3")
def t3_b(report: Report, view: ReportView | None = None) -> Iterator[Finding]:
    """Each application has exactly one outcome (the 部分公开 note), so the sum is exact."""
    if not _checkable(report):
        return
    v = view or ReportView(report)
    keys = v.t3_outcome_rows
    columns = list(zip(*map(v.t3_row, keys))) or [()] * len(COLS)  # each column of the outcome rows
    for i, (col, tot) in enumerate(zip(COLS, v.t3_row("r.total"))):
        values = list(columns[i])
        if tot is None or None in values:
            continue  # m.total_of(values) would be None
        s = sum(values)  # m.total_of inline (seven calls a report otherwise)
        if isinstance(s, float):
            s = round(s, 6)
        if s == tot:
            continue
        known = [(k, v) for k, v in zip(keys, values) if v is not None]
        yield Finding(
            "T3-B", "error",
            f"{m.where_zh(report, _T, 'r.total', col)}: 应为 {m.fmt(s)}（各办理结果之和：{_terms_zh(report, known)}），"
            f"实际 {m.fmt(tot)}",
            f"{m.where_en(_T, 'r.total', col)}: should be {m.fmt(s)} (sum of the outcome rows: "
            f"{_terms_en(known)}), is {m.fmt(tot)}",
            table=_T, row="r.total", col=col, expected=m.clean(s), actual=m.clean(tot),
            line=m.cell_line([report.cell(_T, "r.total", col)]),
        )


@rule("T3-C", "error", "总计列 = 六类申请人之和（每行）", "total column = sum of the six applicant columns, per row",
      group="table3")
def t3_c(report: Report, view: ReportView | None = None) -> Iterator[Finding]:
    """Row sums; a blank 总计 is "not reported" (one info finding), not a failure."""
    if not _checkable(report):
        return
    v = view or ReportView(report)
    unreported: list[str] = []
    rows = v.t3_rows
    w = len(COLS)
    flat = v.t3_values
    for j, row in enumerate(rows):
        tot = flat[w * j + 6]
        if tot is None:
            if total_unreported(report, row):
                unreported.append(row)
            continue
        applicants = flat[w * j:w * j + 6]
        if None in applicants:
            continue
        s = sum(applicants)  # m.total_of inline (a call per row of every report otherwise)
        if isinstance(s, float):
            s = round(s, 6)
        if s == tot:
            continue
        adds = flat[w * j:w * j + w]
        parts = list(zip(APPLICANT_COLS, adds))
        nz_zh = "、".join(f"{m.col_zh(report, _T, c)} {m.fmt(v)}" for c, v in parts if v) or "均为 0"
        nz_en = ", ".join(f"{vocab.col_label(_T, c, 'en')} {m.fmt(v)}" for c, v in parts if v) or "all 0"
        yield Finding(
            "T3-C", "error",
            f"{m.where_zh(report, _T, row, 'tot')}: 应为 {m.fmt(s)}（六类申请人之和：{nz_zh}），实际 {m.fmt(tot)}",
            f"{m.where_en(_T, row, 'tot')}: should be {m.fmt(s)} (sum of the six applicant columns: {nz_en}), "
            f"is {m.fmt(tot)}",
            table=_T, row=row, col="tot", expected=m.clean(s), actual=m.clean(tot),
            line=m.cell_line([report.cell(_T, row, "tot")]),
        )
    if unreported:
        names_zh = "；".join(m.row_zh(report, _T, r) for r in unreported)
        yield Finding(
            "T3-C", "info",
            f"表三 “总计”列在 {len(unreported)} 行留空（未填报，不作为错误）：{names_zh}",
            f"table 3: the total column is left blank on {len(unreported)} row(s) (not reported, not an "
            f"error): {'; '.join(m.label_en(_T, r) for r in unreported)}",
            table=_T, col="tot", actual=len(unreported),
            line=m.cell_line([report.cell(_T, unreported[0], "tot")]),
        )


@rule("T3-D", "error", "表三单元格为非负整数", "table 3 cells are non-negative integers", group="table3")
def t3_d(report: Report, view: ReportView | None = None) -> Iterator[Finding]:
    """Counts of applications: text, negatives and fractions cannot be right."""
    if not report.has_table(_T):
        return
    yield from non_negative_integers(report, _T, "T3-D", view)


_MAYBE_NOT_A_COUNT = frozenset(("text", "number"))  # the semantics ``_not_a_count`` can be true of


def _not_a_count(c: Cell) -> bool:
    """Text, or a number that is negative or fractional."""
    if c.semantic not in _MAYBE_NOT_A_COUNT:
        return False
    return not (c.semantic == "number" and (c.value is None or (c.value >= 0 and c.value == int(c.value))))


def non_negative_integers(report: Report, table: str, rule_id: str,
                          view: ReportView | None = None) -> Iterator[Finding]:
    """Shared by T3-D and T4-B: one error per cell that is text, negative or fractional."""
    # Only the few offending cells are sorted (by their cell: the order of the dict is no matter).
    bad = [c for c in (view or ReportView(report)).odd_cells_of(table) if _not_a_count(c)]
    for c in sorted(bad, key=lambda c: (c.line or 0, c.row, c.col)):
        raw = (c.raw or "").strip()
        where_zh, where_en = m.where_zh(report, table, c.row, c.col), m.where_en(table, c.row, c.col)
        if c.semantic == "text":
            yield Finding(rule_id, "error",
                          f"{where_zh}: 应为非负整数，实际为文字“{raw}”",
                          f"{where_en}: should be a non-negative integer, is the text '{raw}'",
                          table=table, row=c.row, col=c.col, actual=raw, line=c.line)
        elif c.semantic == "number" and c.value is not None and (c.value < 0 or c.value != int(c.value)):
            what_zh = "负数" if c.value < 0 else "小数"
            what_en = "negative" if c.value < 0 else "not a whole number"
            yield Finding(rule_id, "error",
                          f"{where_zh}: 应为非负整数，实际为{what_zh} {m.fmt(c.value)}",
                          f"{where_en}: should be a non-negative integer, is {m.fmt(c.value)} ({what_en})",
                          table=table, row=c.row, col=c.col, actual=m.clean(c.value),
                          line=c.line)
