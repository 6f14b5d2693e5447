"""Shared wording for rule messages: how a table, a row, a column and a value are named.

Every message must let a reviewer act without opening the source ("表三 第（七）总计行 自然人列:
应为 12，实际 11"), so the names come from the vocabulary (``gxtui.templates.vocab``: the labels
as published in Chinese, the English glosses of ``names.toml``). Rules build messages only
through these helpers, which keeps the wording uniform across rules.
"""

from __future__ import annotations

from typing import Any, Iterable

from gxtui import templates
from gxtui.templates import vocab
from gxtui.model import Cell, Report, display_number

# Names come from the vocabulary (templates/names.toml); these views keep the rule modules'
# spelling short (``m.TABLE_ZH[table]``).
TABLE_ZH = {t: vocab.table_name(t, "zh") for t in vocab.TABLES}
TABLE_EN = {t: vocab.table_name(t, "en", long=True) for t in vocab.TABLES}
SECTION_ZH = {s: vocab.section_title(s, "zh") for s in vocab.section_order()}
SECTION_EN = {s: vocab.section_title(s, "en") for s in vocab.section_order()}


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
    return vocab.row_label(table, row, "zh", template_of(report).version, qualified=True)


def row_en(table: str, row: str) -> str:
    """``row "3(7) total of outcomes"``: the English label only (keys stay in machine fields)."""
    if vocab.is_block(table, row):
        return f'block "{vocab.block_label(row, "en")}"'
    gloss = vocab.row_label(table, row, "en")
    if table == "table4":
        return f'group "{gloss}"'
    if table == "table2":
        b = templates.get("2021").t2_block_of(row) or templates.get("2019").t2_block_of(row)
        block = vocab.block_label(b.key, "en") if b is not None else ""
        return f'row "{block} {gloss}"'.replace('" ', '"')
    return f'row "{gloss}"'


def label_en(table: str, row: str) -> str:
    """The bare English label of a row or block (for lists inside a message)."""
    return vocab.row_label(table, row, "en")


def col_zh(report: Report, table: str, col: str, row: str | None = None) -> str:
    return vocab.col_label(table, col, "zh", template_of(report).version, row)


def col_en(table: str, col: str) -> str:
    return f'column "{vocab.col_label(table, col, "en")}"'


def where_zh(report: Report, table: str, row: str | None = None, col: str | None = None) -> str:
    """``表三 “（七）总计”行 “自然人”列`` — the Chinese location of a cell, row or column."""
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


SKIP_SEMANTICS = frozenset(("unknown", "text"))  # cells without a value for an identity
ZERO_SEMANTICS = frozenset(("blank", "na"))  # cells that count as 0 in an identity


def addend(cell: Cell | None) -> float | int | None:
    """A cell's value inside an identity, or None when the identity must be skipped.

    Blank and "/" count as 0 (format.md §6.3). A missing cell (row-missing), an ``unknown`` cell
    (the source lost it) and a ``text`` cell have no value: checking an identity with them would
    produce a finding from a value nobody knows; S-3, S-5 and T3-D report those cells instead.
    """
    if cell is None or cell.semantic in SKIP_SEMANTICS:
        return None
    if cell.semantic in ZERO_SEMANTICS:
        return 0
    return cell.value


def addends(cells: Iterable[Cell | None]) -> list[float | int | None]:
    """``[addend(c) for c in cells]`` without a call per cell (the table identities read every
    row of table 三 this way; a comprehension is faster here than C-level ``map`` passes)."""
    return [None if c is None or (sem := c.semantic) in SKIP_SEMANTICS else 0 if sem in ZERO_SEMANTICS
            else c.value for c in cells]


def total_of(values: Iterable[float | int | None]) -> float | int | None:
    """Sum, or None when any addend is None; float noise rounded away."""
    vals = values if isinstance(values, (list, tuple)) else list(values)
    if None in vals:  # an addend nobody knows
        return None
    s = sum(vals)  # type: ignore[arg-type]
    return round(s, 6) if isinstance(s, float) else s
