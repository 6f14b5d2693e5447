"""Shared wording for rule messages: how a table, a row, a column and a value are named.

Every message must let a reviewer act without opening the source ("表三 第（七）总计行 自然人列:
应为 12，实际 11"), so the names come from the template (the labels as published) in Chinese and
from a short English gloss here. Rules build messages only through these helpers, which keeps the
wording uniform across rules and in one place for translation fixes.
"""

from __future__ import annotations

from typing import Any, Iterable

from gxtui import templates
from gxtui.model import Cell, Report, display_number

TABLE_ZH = {"table2": "表二", "table3": "表三", "table4": "表四"}
TABLE_EN = {"table2": "table 二 (proactive disclosure)", "table3": "table 三 (applications)",
            "table4": "table 四 (review/litigation)"}
SECTION_ZH = {"s1": "一、总体情况", "s2": "二、主动公开政府信息情况", "s3": "三、收到和处理政府信息公开申请情况",
              "s4": "四、政府信息公开行政复议、行政诉讼情况", "s5": "五、存在的主要问题及改进情况",
              "s6": "六、其他需要报告的事项", "intro": "开头"}
SECTION_EN = {"s1": "section 一 (overview)", "s2": "section 二 (proactive disclosure)",
              "s3": "section 三 (applications)", "s4": "section 四 (review and litigation)",
              "s5": "section 五 (problems and improvements)", "s6": "section 六 (other matters)",
              "intro": "the opening text"}

T3_ROW_EN = {
    "new": "1 new applications", "carried_in": "2 carried over from last year",
    "r.disclosed": "3(1) disclosed", "r.partial": "3(2) partly disclosed",
    "r.withheld.state_secret": "3(3)1 withheld: state secret",
    "r.withheld.law_prohibited": "3(3)2 withheld: prohibited by law",
    "r.withheld.security_stability": "3(3)3 withheld: security/stability",
    "r.withheld.third_party": "3(3)4 withheld: third-party rights",
    "r.withheld.internal_affairs": "3(3)5 withheld: internal affairs",
    "r.withheld.process_info": "3(3)6 withheld: process information",
    "r.withheld.enforcement_file": "3(3)7 withheld: enforcement file",
    "r.withheld.admin_query": "3(3)8 withheld: administrative query",
    "r.unable.not_held": "3(4)1 unable: not held", "r.unable.needs_creation": "3(4)2 unable: needs creation",
    "r.unable.still_unclear": "3(4)3 unable: still unclear",
    "r.not_processed.petition": "3(5)1 not processed: petition",
    "r.not_processed.duplicate": "3(5)2 not processed: duplicate",
    "r.not_processed.publication": "3(5)3 not processed: publication",
    "r.not_processed.mass_repeat": "3(5)4 not processed: mass repeat",
    "r.not_processed.confirm_reissue": "3(5)5 not processed: confirm/reissue",
    "r.other.no_correction": "3(6)1 other: no correction", "r.other.fee_unpaid": "3(6)2 other: fee unpaid",
    "r.other.other": "3(6)3 other: other", "r.other": "3(6) other handling",
    "r.total": "3(7) total of outcomes", "carried_out": "4 carried over to next year",
}
T3_COL_EN = {"np": "natural persons", "biz": "businesses", "res": "research institutions",
             "ngo": "public-interest organisations", "law": "legal service firms", "oth": "others",
             "tot": "total"}
T4_GROUP_ZH = {"review": "行政复议", "lit_direct": "行政诉讼·未经复议直接起诉",
               "lit_after_review": "行政诉讼·复议后起诉"}
T4_GROUP_EN = {"review": "administrative review", "lit_direct": "litigation without prior review",
               "lit_after_review": "litigation after review"}
T4_COL_EN = {"upheld": "upheld", "corrected": "corrected", "other": "other result",
             "pending": "pending", "total": "total"}
T2_BLOCK_EN = {"art20_1": "Art. 20(1)", "art20_5": "Art. 20(5)", "art20_6": "Art. 20(6)",
               "art20_8": "Art. 20(8)", "art20_9": "Art. 20(9)"}
T2_ROW_EN = {"rules": "rules (规章)", "normative": "normative documents", "licensing": "licensing",
             "other_services": "other services", "penalty": "penalties", "coercion": "coercive measures",
             "admin_fees": "administrative fees", "procurement": "central procurement"}
T2_COL_EN = {"issued": "issued this year", "repealed": "repealed this year", "in_force": "in force",
             "decisions": "decisions", "amount_wan_yuan": "fees collected (10k yuan)",
             "new_made": "newly made", "new_published": "newly published",
             "total_published": "total published", "prev_items": "items last year",
             "delta": "change this year", "projects": "projects", "total_amount": "total amount"}


def template_of(report: Report) -> templates.Template:
    """The report's template, or the one its year requires, or 2021 as a last resort (labels only)."""
    v = report.template or templates.expected_template(report.year) or "2021"
    return templates.get(v)


def fmt(v: Any) -> str:
    """A value as a reviewer reads it: integers without ".0", decimals trimmed, None as 空."""
    if v is not None and not isinstance(v, (int, float)):
        return str(v)
    return display_number(v, "空")


def clean(v: Any) -> Any:
    """A value for Finding.expected/actual: floats that are whole become ints."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def row_zh(report: Report, table: str, row: str) -> str:
    tpl = template_of(report)
    if table == "table3":
        try:
            r = tpl.t3_row(row)
        except StopIteration:
            return row
        if r.level == 3 and r.group:
            return f"{r.group}{r.display}"
        return r.display
    if table == "table4":
        return T4_GROUP_ZH.get(row, row)
    if table == "table2":
        b = tpl.t2_block_of(row)
        if b is None:
            return row
        if b.key == row:
            return b.caption
        label = next((r.label for r in b.rows if r.key == row), row)
        return f"{b.caption}{label}"
    return row


def row_en(table: str, row: str) -> str:
    if table == "table3":
        return f"row {row} ({T3_ROW_EN.get(row, row)})"
    if table == "table4":
        return f"group {row} ({T4_GROUP_EN.get(row, row)})"
    if table == "table2":
        b = templates.get("2021").t2_block_of(row) or templates.get("2019").t2_block_of(row)
        block = b.key if b is not None else ""
        if block == row:
            return f"block {row} ({T2_BLOCK_EN.get(block, block)})"
        return f"row {row} ({T2_BLOCK_EN.get(block, block)} {T2_ROW_EN.get(row, row)})"
    return f"row {row}"


def col_zh(report: Report, table: str, col: str, row: str | None = None) -> str:
    tpl = template_of(report)
    if table == "table3":
        return next((c.label for c in tpl.t3_columns if c.key == col), col)
    if table == "table4":
        return next((c.label for c in tpl.t4_columns if c.key == col), col)
    if table == "table2" and row:
        b = tpl.t2_block_of(row)
        if b is None:
            return col
        return next((c.label for c in b.columns if c.key == col), col)
    return col


def col_en(table: str, col: str) -> str:
    names = {"table3": T3_COL_EN, "table4": T4_COL_EN, "table2": T2_COL_EN}.get(table, {})
    return f"column {col} ({names.get(col, col)})"


def where_zh(report: Report, table: str, row: str | None = None, col: str | None = None) -> str:
    """``表三 第（七）总计行 自然人列`` — the Chinese location of a cell, row or column."""
    parts = [TABLE_ZH.get(table, table)]
    if row:
        parts.append(f"“{row_zh(report, table, row)}”行")
    if col:
        parts.append(f"“{col_zh(report, table, col, row)}”列")
    return " ".join(parts)


def where_en(table: str, row: str | None = None, col: str | None = None) -> str:
    parts = [TABLE_EN.get(table, table)]
    if row:
        parts.append(row_en(table, row))
    if col:
        parts.append(col_en(table, col))
    return ", ".join(parts)


def line_suffix(line: int | None) -> tuple[str, str]:
    """("（第12行）", " (line 12)") or empty strings: the source line, when known."""
    if line is None:
        return "", ""
    return f"（原文第{line}行）", f" (source line {line})"


def split_bilingual(message: str) -> tuple[str, str]:
    """Extractor anomaly messages are "中文 / English"; split them (both halves if no separator)."""
    zh, sep, en = message.partition(" / ")
    return (zh.strip(), en.strip()) if sep else (message, message)


def cell_line(cells: Iterable[Cell | None]) -> int | None:
    """The first known source line among ``cells`` (for a finding's ``line``)."""
    return next((c.line for c in cells if c is not None and c.line is not None), None)


def addend(cell: Cell | None) -> float | int | None:
    """A cell's value inside an identity, or None when the identity must be skipped.

    Blank and "/" count as 0 (format.md §6.3). A missing cell (row-missing), an ``unknown`` cell
    (the source lost it) and a ``text`` cell have no value: checking an identity with them would
    produce a finding from a value nobody knows; S-3, S-5 and T3-D report those cells instead.
    """
    if cell is None or cell.semantic in ("unknown", "text"):
        return None
    if cell.semantic in ("blank", "na"):
        return 0
    return cell.value if cell.value is not None else None


def total_of(values: Iterable[float | int | None]) -> float | int | None:
    """Sum, or None when any addend is None; float noise rounded away."""
    vals = list(values)
    if None in vals:  # an addend nobody knows
        return None
    s = sum(vals)  # type: ignore[arg-type]
    return round(s, 6) if isinstance(s, float) else s
