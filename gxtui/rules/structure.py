"""Structure: the six sections (S-1), template vs year (S-2), required tables and rows (S-3),
and the extractor's tolerated deviations surfaced as findings (S-4, S-5).

The extractor never drops a deviation silently; it records an ``Anomaly``. These rules are where
anomalies become findings a reviewer sees, with the anomaly's own location and wording.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from gxtui import templates
from gxtui.extract.ending import after_cut
from gxtui.model import Anomaly, Finding, Report
from gxtui.rules import messages as m
from gxtui.rules.registry import rule
from gxtui.rules.view import ReportView

SECTION_KEYS = ("s1", "s2", "s3", "s4", "s5", "s6")
TABLE_SECTION = {"table2": "s2", "table3": "s3", "table4": "s4"}
LABEL_KINDS = ("label-typo", "label-misplaced", "label-variant", "layout-deviation", "label-unreadable")
# Anomaly kinds that other rules turn into findings; S-4 reports every other kind as info.
HANDLED_KINDS = LABEL_KINDS + ("template-year", "year-mismatch", "row-missing", "block-missing", "cut-short",
                               "cells-unknown", "cells-recovered", "table-glued")


def _anomaly_finding(rule_id: str, severity: str, a: Anomaly, prefix_zh: str = "",
                     prefix_en: str = "") -> Finding:
    zh, en = m.split_bilingual(a.message)
    lz, le = m.line_suffix(a.line)
    return Finding(rule_id, severity, f"{prefix_zh}{zh}{lz}", f"{prefix_en}{en}{le}",
                   table=a.table, row=a.row if a.row != a.table else None,  # the whole table-四 row
                   col=a.col, line=a.line,
                   section=TABLE_SECTION.get(a.table or "") if a.table else None)


@rule("S-1", "error", "六个部分齐全且顺序正确", "all six sections present and in order", group="structure")
def s_1(report: Report) -> Iterator[Finding]:
    """Art. 50 requires all six parts; a missing heading usually means a missing part."""
    tpl = m.template_of(report)
    found = [s.key for s in report.sections if s.key in SECTION_KEYS]
    for a in report.anomalies:
        if a.kind == "cut-short":
            yield _anomaly_finding("S-1", "warning", a)
    for sec in tpl.sections:
        if sec.key not in found and not after_cut(report, section=sec.key):
            yield Finding("S-1", "error", f"缺少第{sec.ordinal}部分“{sec.title}”（未找到该标题）",
                          f"{m.SECTION_EN.get(sec.key, sec.key)} ('{sec.title}') is missing (no such heading found)",
                          section=sec.key, expected=sec.title)
    seen = [k for i, k in enumerate(found) if k not in found[:i]]
    if seen != sorted(seen):
        order_zh = "、".join(m.SECTION_ZH[k][0] for k in seen)
        yield Finding("S-1", "error", f"各部分顺序不正确：实际顺序为 {order_zh}，应为 一至六 依次排列",
                      f"sections are out of order: found {', '.join(k.removeprefix('s') for k in seen)}, "
                      "expected 1 to 6 in order",
                      expected="一、二、三、四、五、六", actual=order_zh)


@rule("S-2", "warning", "格式版本与报告年度相符", "template matches the report year", group="structure")
def s_2(report: Report) -> Iterator[Finding]:
    """2019/2020 reports use the 2019 format, 2021 onward the 2021 format (format.md §1.3)."""
    seen_template = False
    for a in report.anomalies:
        if a.kind in ("template-year", "year-mismatch"):
            seen_template |= a.kind == "template-year"
            yield _anomaly_finding("S-2", "warning", a)
    if report.year is None:
        yield Finding("S-2", "info", "未能识别报告年度，无法核对格式版本",
                      "the report year was not found, so the template cannot be checked")
        return
    expected = templates.expected_template(report.year)
    if not seen_template and report.template and expected and report.template != expected:
        yield Finding("S-2", "warning",
                      f"{report.year}年度报告应使用{expected}年版格式，实际为{report.template}年版",
                      f"a {report.year} report should use the {expected} template but uses the "
                      f"{report.template} template", expected=expected, actual=report.template)


def _required_rows(report: Report) -> dict[str, tuple[str, ...]]:
    return _required_rows_of(m.template_of(report).version)


@lru_cache(maxsize=None)
def _required_rows_of(version: str) -> dict[str, tuple[str, ...]]:
    """Each table's row keys, in order and without repeats (built once per template)."""
    tpl = templates.get(version)
    return {"table2": tuple(dict.fromkeys(r for r, _, _ in tpl.t2_cells)),
            "table3": tuple(dict.fromkeys(r.key for r in tpl.t3_rows)),
            "table4": tuple(dict.fromkeys(g.key for g in tpl.t4_groups))}


@rule("S-3", "error", "三张表格及其必备行齐全", "tables 二/三/四 and all their required rows present",
      group="structure")
def s_3(report: Report, view: ReportView | None = None) -> Iterator[Finding]:
    """A table or row that is not in the report cannot be checked; say so instead of passing it."""
    required = _required_rows(report)
    v = view or ReportView(report)
    for table in ("table2", "table3", "table4"):
        if not report.has_table(table) and after_cut(report, table=table):
            continue
        if not report.has_table(table):
            yield Finding("S-3", "error", f"未找到{m.TABLE_ZH[table]}（{m.SECTION_ZH[TABLE_SECTION[table]]}的表格）",
                          f"{m.TABLE_EN[table]} not found", table=table, section=TABLE_SECTION[table])
            continue
        if report.template is None:
            continue
        reported: set[str] = set()
        for a in report.anomalies:
            if a.table == table and a.kind in ("row-missing", "block-missing") and a.row:
                reported.add(a.row)
                if after_cut(report, table=table, row=a.row):
                    continue
                f = _anomaly_finding("S-3", "error", a)
                f.actual = "缺失"
                yield f
        present = v.rows_of(table)
        tpl = m.template_of(report)
        if table == "table3":  # rows a collapsed row of the other template stands for
            for rows in tpl.collapsed_in(present).values():
                reported.update(rows)
        # (most rows are there: the block lookup is only for the others)
        for row in [r for r in required[table] if r not in present and r not in reported]:
            b = tpl.t2_block_of(row) if table == "table2" else None
            if b is not None and b.key in reported:
                continue
            if after_cut(report, table=table, row=row):
                continue
            yield Finding("S-3", "error", f"{m.where_zh(report, table, row)}: 缺少该行",
                          f"{m.where_en(table, row)} is missing", table=table, row=row,
                          section=TABLE_SECTION[table], actual="缺失")


@rule("S-4", "warning", "表格标签错写、变体或错位", "table labels misspelt, variant or misplaced",
      group="structure")
def s_4(report: Report) -> Iterator[Finding]:
    """The extractor tolerated these labels; the reviewer should still see (and ask to fix) them."""
    for a in report.anomalies:
        if a.kind in LABEL_KINDS:
            yield _anomaly_finding("S-4", "warning", a)
        elif a.kind not in HANDLED_KINDS:
            yield _anomaly_finding("S-4", "info", a, "提取说明：", "extraction note: ")


@rule("S-5", "warning", "原文丢失或由勾稽关系补出的单元格", "cells lost in the source or recovered from the identities",
      group="structure")
def s_5(report: Report) -> Iterator[Finding]:
    """Unknown cells are skipped by every arithmetic rule; the reviewer must know which ones."""
    for a in report.anomalies:
        if a.kind == "cells-unknown":
            f = _anomaly_finding("S-5", "warning", a, "无法核对：", "not checkable: ")
            f.actual = "未知"
            if _no_consistent_split(report, a):
                f.message_zh += "。没有任何拆分方式能满足表内勾稽关系，原文该行的数字很可能有误，请核对原件"
                f.message_en += ". No split of the digits satisfies the table identities: the published row " \
                                "is probably wrong; check the original"
            yield f
        elif a.kind in ("cells-recovered", "table-glued"):
            yield _anomaly_finding("S-5", "info", a)


def _no_consistent_split(report: Report, a: Anomaly) -> bool:
    """Tables 三/四 are solved against their identities; an unknown row whose cells kept no
    candidate at all means no reading of the source digits makes the table add up."""
    if a.table not in ("table3", "table4") or not a.row:
        return False
    cells = [c for (t, r, _), c in report.cells.items() if t == a.table and r == a.row and not c.known]
    return bool(cells) and all(not c.candidates for c in cells)
