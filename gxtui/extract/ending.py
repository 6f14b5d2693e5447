"""Cut-short reports: a text that stops before the report does (format.md §6.10).

Mirrors, search caches and crawlers often keep only the first thousand characters of a page.
Such a text is still a report: it is read as far as it goes, and one anomaly says where it ends,
so that the structure rules report nothing after that point as missing.

A text is cut short when its last paragraph stops without a sentence end (``。``, ``；``, a closing
quote or bracket, a date, a signature or an attachment name) **and** it does not reach section
六 (or it stops inside a table row). Where it ends is the last section heading found and, when the
text stops inside a table, that table and its last row that was read.
"""

from __future__ import annotations

import re

from gxtui import templates
from gxtui.templates import vocab
from gxtui.model import Anomaly, Report
from gxtui.read.document import Document, Grid, Paragraph

_ENDS = tuple("。.！!？?…")  # a report never ends on ；
_QUOTES = tuple("”\"’'」』")
_DATE = re.compile(r"(20\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$|20\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\s*$|〇.*日\s*$")
_ATTACH = re.compile(r"\.(docx?|pdf|xlsx?|wps|zip)\s*$", re.I)
# a signature line holds no sentence punctuation and no 的 (it is a name, not a phrase)
_NOT_SIGNATURE = re.compile(r"[，,。；;：:的]")
_SIGN = re.compile(r"(人民政府|办公室|办公厅|局|厅|委员会|委|中心|街道|镇|乡)(办事处)?\s*$")
_SECTION_ORDER = ("s1", "s2", "s3", "s4", "s5", "s6")
_TABLE_OF = {"table2": "s2", "table3": "s3", "table4": "s4"}
_ZH_ORD = dict(zip(_SECTION_ORDER, "一二三四五六"))
_T_ZH = {"table2": "表二", "table3": "表三", "table4": "表四"}


_GARBAGE = re.compile(r"^[?？\ufffd\s]+$")


def _garbage_tail(doc: Document) -> bool:
    """The text ends with a line of replacement characters only (``?``, ``\ufffd``): a page cut in
    the middle of a character."""
    for b in reversed(doc.blocks):
        if isinstance(b, Paragraph) and b.text.strip():
            return bool(_GARBAGE.match(b.text))
        if isinstance(b, Grid):
            return False
    return False


def _last_text(doc: Document) -> tuple[str, bool, int | None]:
    """The last non-empty text of the document, whether it is a table row, and its line."""
    for b in reversed(doc.blocks):
        if isinstance(b, Paragraph):
            if b.text.strip() and not _GARBAGE.match(b.text):
                t = b.text.strip()
                return t, ("|" in t and (t.endswith("|") or " | " in t)), b.line
        elif isinstance(b, Grid) and b.rows:
            row = b.rows[-1]
            return "\t".join(c.text for c in row), True, row[0].line if row else b.line
    return "", False, None


def truncated_row(doc: Document, grids: bool = True) -> int | None:
    """The line of the last row when it is a table row (or a cell of a cell-per-line table) cut
    off before its closing `` |``, in a text whose table lines end with one: its last value may be
    cut too. None otherwise."""
    if doc.blocks and isinstance(doc.blocks[-1], Grid):
        if not grids:
            return None
        # a grid (tab text, Markdown) gives no closing mark: its last row may have lost cells
        rows = doc.blocks[-1].rows
        return rows[-1][0].line if rows and rows[-1] else None
    paras = [b for b in doc.blocks if isinstance(b, Paragraph) and b.text.strip()]
    if not paras or not isinstance(doc.blocks[-1], Paragraph):
        return None
    last = paras[-1].text.strip()
    if last.endswith("|"):
        return None
    piped = sum(1 for b in paras[-40:] if b.text.rstrip().endswith("|"))
    return paras[-1].line if piped >= 3 and (" | " in last or last[-1:].isdigit()) else None


def ends_properly(text: str) -> bool:
    t = text.rstrip().rstrip("|").rstrip()
    if not t:
        return True
    if t.endswith(_QUOTES):  # a quote closes a sentence only after its own punctuation
        t2 = t.rstrip("".join(_QUOTES))
        if t2.endswith(_ENDS):
            return True
    return t.endswith(_ENDS) or bool(_ATTACH.search(t))


def _signature(t: str, agency: str | None = None) -> bool:
    """A closing signature line: the agency's name on its own line (``XX县人民政府办公室``), not a
    sentence that stops at ``我局`` or a wrapped line ending ``…改革后的市科委``."""
    if not (4 <= len(t) <= 30) or _NOT_SIGNATURE.search(t) or t.startswith(("我", "本", "该", "各")):
        return False
    if agency:
        a = agency.lstrip("#").strip()
        return bool(a) and (a in t or t in a)
    return bool(_SIGN.search(t))


def _closing(t: str, agency: str | None) -> bool:
    """The last line is a closing: a date line of its own or the signature."""
    return (len(t) <= 30 and bool(_DATE.search(t))) or _signature(t, agency)


def detect(doc: Document, report: Report) -> Anomaly | None:
    """The cut-short anomaly of ``report``, or None when the text ends as a report does."""
    last, in_row, line = _last_text(doc)
    keys = [s.key for s in report.sections if s.key in _SECTION_ORDER]
    if not keys:
        # only a title and the introduction: a report page cut before section 一 (no table
        # either, else the table's section would count)
        if report.tables_found or not (report.title or report.year) or not last:
            return None
        if not in_row and _closing(last, report.agency):
            return None
        tail = last[-20:].replace("\t", " ")
        return Anomaly(
            "cut-short",
            f"原文在第一部分之前中断（只有标题和引言，最后的文字为“{tail}”），报告不完整：此后的部分、表格和行不再报告为缺失"
            f" / the text is cut short before section 1 (title and introduction only; it ends with "
            f"{tail!r}); nothing after that point is reported as missing", line)
    reached = max(keys, key=_SECTION_ORDER.index)
    garbage = _garbage_tail(doc)
    # a text that ends with a full sentence but stops two sections or more before 六, with no
    # closing date or signature, was cut at a sentence end
    trailing_missing = len(_SECTION_ORDER) - 1 - _SECTION_ORDER.index(reached)
    at_sentence = (ends_properly(last) or _closing(last, report.agency)) and not in_row and not garbage
    if at_sentence and (trailing_missing < 2 or _closing(last, report.agency)):
        return None
    if reached == "s6" and not garbage and (not in_row or truncated_row(doc, grids=False) is None):
        return None  # a table printed after section 6 (an appendix) does not make the text cut
    table, row = last_table_row(report, reached)
    cut_line = truncated_row(doc)
    inside = bool(row) and cut_line is not None and any(
        c.line == cut_line for (t, r, _), c in report.cells.items() if t == table and r == row)
    where_zh = f"第{_ZH_ORD[reached]}部分"
    where_en = f"section {_SECTION_ORDER.index(reached) + 1}"
    if table:
        label = _row_label(report, table, row)
        where_zh += f"{_T_ZH[table]}" + (f"“{label}”行{'中（该行不完整）' if inside else '之后'}" if row else "")
        where_en += f", {vocab.table_name(table, 'en')}" + (
            f" {'inside' if inside else 'after'} row \"{vocab.row_label(table, row, 'en')}\"" if row else "")
    tail = last[-20:].replace("\t", " ")
    return Anomaly(
        "cut-short",
        f"原文在{where_zh}中断（最后的文字为“{tail}”），报告不完整：此后的部分、表格和行不再报告为缺失"
        f" / the text is cut short in {where_en} (it ends with {tail!r}); nothing after that point is "
        f"reported as missing", line, table, row)


def last_table_row(report: Report, reached: str) -> tuple[str | None, str | None]:
    """The table of the last section reached that has cells, and its last row read."""
    for table, sec in _TABLE_OF.items():
        if sec != reached or table not in report.tables_found:
            continue
        order = _row_order(report, table)
        rows = {r for t, r, _ in report.cells if t == table}
        if not rows:
            return table, None
        return table, max(rows, key=lambda r: order.get(r, -1))
    return None, None


def _row_order(report: Report, table: str) -> dict[str, int]:
    tpl = templates.get(report.template or "2021")
    keys = list(dict.fromkeys(k for k, _ in tpl.table_keys(table)))
    out = {k: i for i, k in enumerate(keys)}
    if table == "table2":  # a block stands where its first row does
        for b in tpl.t2_blocks:
            if b.rows:
                out.setdefault(b.key, out.get(b.rows[0].key, -1) - 0.5)
    return out


def _row_label(report: Report, table: str, row: str | None) -> str:
    if not row:
        return ""
    tpl = templates.get(report.template or "2021")
    if table == "table2":
        for b in tpl.t2_blocks:
            for r in b.rows:
                if r.key == row:
                    return r.label
    if table == "table3":
        try:
            return tpl.t3_row(row).display
        except StopIteration:
            return row
    return row


def after_cut(report: Report, section: str | None = None, table: str | None = None,
              row: str | None = None) -> bool:
    """Whether a section, table or row lies after the point where a cut-short text ends."""
    cut = next((a for a in report.anomalies if a.kind == "cut-short"), None)
    if cut is None:
        return False
    keys = [s.key for s in report.sections if s.key in _SECTION_ORDER]
    if not keys:
        return True
    reached = _SECTION_ORDER.index(max(keys, key=_SECTION_ORDER.index))
    if section is not None:
        return _SECTION_ORDER.index(section) > reached
    if table is None:
        return False
    t_sec = _SECTION_ORDER.index(_TABLE_OF[table])
    if t_sec > reached:
        return True
    if t_sec < reached or cut.table != table:
        return t_sec == reached and table not in report.tables_found
    # the table the text stops in: its rows may come in another order than the template's
    # (PDF extraction prints captions first, rows later), so none of them is reported missing
    return True


def incomplete_section(report: Report) -> str | None:
    """The section a cut-short text stops in (its content is incomplete: rules about what a
    section must say should not fire there), or None for a complete text."""
    if not any(a.kind == "cut-short" for a in report.anomalies):
        return None
    keys = [s.key for s in report.sections if s.key in _SECTION_ORDER]
    return max(keys, key=_SECTION_ORDER.index) if keys else "intro"


def mark_truncated_row(doc: Document, report: Report, cut: Anomaly, line: int) -> bool:
    """The text stops inside row ``cut.row``, on ``line``. In a crawl row (``label | v | v``) the
    cells before the last were closed by a separator and are read; the last one may be the start
    of a longer number (``6`` of ``62``) and becomes a candidate; the columns after it are unknown.
    Elsewhere every cell of the row read from that line becomes a candidate."""
    from gxtui.extract.stream import normalise_piece, pipe_cells  # noqa: PLC0415
    from gxtui.extract.values import is_value_token, parse_value  # noqa: PLC0415
    from gxtui.model import Cell  # noqa: PLC0415

    cols = _columns(report, cut.table, cut.row)
    last = next((b for b in reversed(doc.blocks) if isinstance(b, Paragraph) and b.text.strip()), None)
    cells = pipe_cells(last.text) if last is not None and last.line == line else None
    if cells and cols:
        vals = [v for v in (normalise_piece(c) for c in cells) if is_value_token(v)]
        if vals:
            for i, col in enumerate(cols):
                key = (cut.table, cut.row, col)
                old = report.cells.get(key)
                if i < len(vals) - 1:
                    v, sem, unit = parse_value(vals[i])
                    report.cells[key] = Cell(cut.table, cut.row, col, vals[i], v, sem, line, False, (), unit)
                else:
                    cand = (parse_value(vals[i])[0],) if i == len(vals) - 1 else ()
                    report.cells[key] = Cell(cut.table, cut.row, col, None, None, "unknown", line,
                                             candidates=cand)
                del old
            # the cut-short finding says why; a reading note about the cut row would contradict it
            report.anomalies[:] = [a for a in report.anomalies if not (
                a.kind == "cells-unknown" and a.table == cut.table and a.row == cut.row)]
            return True
    return False


def _columns(report: Report, table: str | None, row: str | None) -> list[str]:
    tpl = templates.get(report.template or "2021")
    if table == "table2":
        for b in tpl.t2_blocks:
            if any(r.key == row for r in b.rows):
                return [c.key for c in b.columns]
    if table == "table3":
        return [c.key for c in tpl.t3_columns]
    return []


def mark_open_row(doc: Document, report: Report, table: str, row: str) -> None:
    """A cut-short text whose last table row runs to the end of the text: the row may have lost
    its last cells. Cells before the last value read were closed by what followed them and stay;
    the last value becomes a candidate (it may be the start of a longer number) unless the text
    closes it (a crawl line ending in `` |``) and the row is complete; blank cells after it and
    a row with no value at all become unknown — never invented blanks."""
    cols = _all_columns(report, table, row)
    if not cols:
        return
    keys = [(table, r, c) for r, c in cols]
    cells = [report.cells.get(k) for k in keys]
    last_para = next((b for b in reversed(doc.blocks) if isinstance(b, Paragraph) and b.text.strip()), None)
    closed = bool(doc.blocks) and isinstance(doc.blocks[-1], Paragraph) and last_para is not None and \
        last_para.text.rstrip().endswith("|")
    if closed and all(c is not None and c.known and c.value is not None for c in cells):
        return
    last = max((i for i, c in enumerate(cells) if c is not None and c.known and c.value is not None), default=-1)
    changed = False
    for i, c in enumerate(cells):
        if c is None or not c.known or i < last or (i == last and closed):
            continue
        c.candidates = (c.value,) if c.value is not None else ()
        c.raw, c.value, c.semantic = None, None, "unknown"
        changed = True
    if changed:
        report.anomalies[:] = [a for a in report.anomalies if not (
            a.kind in ("cells-unknown", "cells-recovered") and a.table == table and a.row in (row, None))]


def _all_columns(report: Report, table: str, row: str) -> list[tuple[str, str]]:
    """(row, column) of an open row in column order; table 四's one data row is its 15 cells."""
    tpl = templates.get(report.template or "2021")
    if table == "table4":
        return [(g.key, c.key) for g in tpl.t4_groups for c in tpl.t4_columns]
    return [(row, c) for c in _columns(report, table, row)]
