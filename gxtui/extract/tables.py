"""Tables 二, 三 and 四: label anchors in the stream, row readings, identities, cells.

For each table the rows are looked up in template order inside the table's section; the text
between one row's label and the next label is that row's value region (see ``rowread``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gxtui import templates
from gxtui.extract import solve
from gxtui.extract.labels import LabelMatch, find_label
from gxtui.extract.rowread import RowReading, read_row
from gxtui.extract.stream import DIGIT_GAP, SEP_CELL, SEP_PARA, SEP_ROW, Stream
from gxtui.extract.values import is_value_token, parse_value
from gxtui.model import Anomaly, Cell
from gxtui.normalize import compact


@dataclass
class TableResult:
    cells: list[Cell] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    found: bool = False
    end: int = 0  # stream offset where the table's last value region ends


def detect_layout(stream: Stream, start: int, end: int) -> str:
    """How a table region stores its cells: "grid", "lines" or "glued"."""
    region = stream.text[start:end]
    if region.count(SEP_CELL) >= 8:
        return "grid"
    pieces = [p for p in region.split(SEP_PARA) if p]
    whole = sum(1 for p in pieces if is_value_token(p.replace(DIGIT_GAP, "")) or
                all(is_value_token(t) for t in p.split(DIGIT_GAP) if t) and DIGIT_GAP in p)
    return "lines" if whole >= 6 else "glued"


def _anchor_rows(stream: Stream, rows: list[tuple[str, tuple[str, ...]]], start: int, end: int,
                 table: str, anomalies: list[Anomaly]) -> list[tuple[str, LabelMatch | None]]:
    """Find each row label in order. Records tolerated deviations as anomalies."""
    out: list[tuple[str, LabelMatch | None]] = []
    pos = start
    for key, labels in rows:
        m = find_label(stream.text, labels, pos, end)
        if m is not None and m.how != "exact":
            line = stream.line_at(m.start)
            official = labels[0]
            if m.how == "fuzzy":
                anomalies.append(Anomaly(
                    "label-typo", f"表{_T[table]}行标签写作“{m.found}”，应为“{official}”"
                    f" / row label reads {m.found!r}, official {official!r}",
                    line, table, key))
            elif m.how == "alias":
                anomalies.append(Anomaly(
                    "label-variant", f"表{_T[table]}行标签使用了非官方写法“{m.found}”（官方：“{official}”）"
                    f" / unofficial row label {m.found!r}", line, table, key))
        out.append((key, m))
        if m is not None:
            pos = m.end
    return out


_T = {"table2": "二", "table3": "三", "table4": "四"}


def _regions(stream: Stream, anchors: list[tuple[str, LabelMatch | None]], end: int
             ) -> dict[str, tuple[int, int]]:
    found = [(k, m) for k, m in anchors if m is not None]
    out = {}
    for i, (k, m) in enumerate(found):
        nxt = found[i + 1][1].start if i + 1 < len(found) else end
        out[k] = (m.end, nxt)
    return out


def _cells_from(table: str, resolved: solve.Resolved, cols: list[str], line: int | None) -> list[Cell]:
    out = []
    key, recovered = resolved.key, resolved.recovered
    for col, tok in zip(cols, resolved.cells):
        if isinstance(tok, solve.Unknown):
            cands = tuple(None if c is None else parse_value(c)[0] for c in tok.candidates)
            out.append(Cell(table, key, col, None, None, "unknown", line,
                            candidates=tuple(dict.fromkeys(cands))))
            continue
        v, sem, unit = parse_value(tok)
        # positional: a few hundred cells per report, and keywords double the constructor's cost
        out.append(Cell(table, key, col, tok, v, sem, line, recovered, (), unit))
    return out


_NOTE_ZH = (
    (re.compile(r"glued digits '(.*)'"), "原文数字连写为“{0}”"),
    (re.compile(r"(\d+) values for (\d+) columns \(blank cells dropped\)"), "只有{0}个数值对应{1}列（空白单元格在原文中丢失）"),
    (re.compile(r"(\d+) values for (\d+) columns"), "{0}个数值对应{1}列"),
    (re.compile(r"(\d+) cells for (\d+) columns"), "{0}个单元格对应{1}列"),
    (re.compile(r"blank cells at the row's ends.*"), "行首尾有空白单元格，列位置不明"),
    (re.compile(r"too many ways to split '(.*)'"), "数字“{0}”的拆分方式过多"),
    (re.compile(r"no values"), "无数值"),
)


def _note_zh(note: str | None) -> str:
    if not note:
        return "原文缺失"
    for rx, fmt in _NOTE_ZH:
        m = rx.fullmatch(note)
        if m:
            return fmt.format(*(g.replace("\x1d", " ") for g in m.groups()))
    return note


def _reading_anomalies(table: str, readings: list[RowReading], resolved: dict[str, solve.Resolved],
                       labels: dict[str, str], columns: list[str]) -> list[Anomaly]:
    """One anomaly per row the source did not fully give: unknown cells (with every value that
    remained possible, by column) or cells recovered from the identities."""
    out = []
    for r in readings:
        res = resolved[r.key]
        unknown = [i for i, c in enumerate(res.cells) if isinstance(c, solve.Unknown)]
        lab = labels.get(r.key, r.key)
        note_zh, note_en = _note_zh(r.note), r.note or "value lost in the source"
        if unknown:
            def opts(i: int) -> str:
                vals = res.cells[i].candidates
                return "/".join("空" if v is None else str(v) for v in vals) or "无"
            name = (lambda i: columns[i] if i < len(columns) else str(i + 1))
            cands = "；".join(f"{name(i)}: {opts(i)}" for i in unknown[:15])
            none = all(not res.cells[i].candidates for i in unknown)
            out.append(Anomaly(
                "cells-unknown",
                f"表{_T[table]}“{lab}”有{len(unknown)}个单元格无法确定（{note_zh}）"
                + ("" if none else f"，可能的值 {cands}")
                + f" / {len(unknown)} cell(s) of row {r.key} could not be determined ({note_en})"
                + ("" if none else f"; possible values {cands}"),
                r.line, table, r.key))
        elif res.recovered:
            vals = " ".join("空" if c is None else str(c) for c in res.cells)
            out.append(Anomaly(
                "cells-recovered",
                f"表{_T[table]}“{lab}”的数值由表内勾稽关系唯一确定为 {vals}（{note_zh}）"
                f" / row {r.key} recovered from the table identities as {vals} ({note_en})",
                r.line, table, r.key))
    return out


# ---------------------------------------------------------------------------- table 三

def extract_t3(stream: Stream, tpl: templates.Template, start: int, end: int) -> TableResult:
    res = TableResult()
    rows = [(r.key, r.match_labels + ((compact(r.short),) if r.short else ())) for r in tpl.t3_rows]  # noqa: E501
    anchors = _anchor_rows(stream, rows, start, end, "table3", res.anomalies)
    hits = sum(1 for _, m in anchors if m is not None)
    if hits < len(rows) // 2:
        res.anomalies = []
        return res
    res.found = True
    layout = detect_layout(stream, start, end)
    regions = _regions(stream, anchors, end)
    sparse = layout != "grid" and _t3_sparse(stream, regions, layout)
    readings = []
    for key, m in anchors:
        if m is None:
            res.anomalies.append(Anomaly("row-missing", f"表三缺少“{tpl.t3_row(key).display}”行 / "
                                         f"table 三 row {key} is missing", None, "table3", key))
            continue
        a, b = regions[key]
        readings.append(read_row(key, stream.text[a:b], 7, layout, stream.line_at(m.start), sparse))
    _misplaced(stream, tpl, anchors, res.anomalies)
    res.end = max((b for _, b in regions.values()), default=start)
    resolved = solve.resolve(readings, solve.t3_row_ok, solve.make_t3_table_ok(tpl.t3_outcome_keys))
    cols = [c.key for c in tpl.t3_columns]
    for r in readings:
        res.cells.extend(_cells_from("table3", resolved[r.key], cols, r.line))
    labels = {r.key: r.display for r in tpl.t3_rows}
    res.anomalies.extend(_reading_anomalies("table3", readings, resolved, labels,
                                            [c.label for c in tpl.t3_columns]))
    if layout == "glued":
        res.anomalies.append(Anomaly("table-glued", "表三的单元格在原文中连在一起（无分隔符），数值按勾稽关系拆分"
                                     " / table 三 cells are glued together in the source; split by the identities",
                                     stream.line_at(start), "table3"))
    return res


def _t3_sparse(stream: Stream, regions: dict[str, tuple[int, int]], layout: str) -> bool:
    """Blank cells were dropped if some rows have fewer than 7 values (cell per line) or
    fewer than 7 digits (glued)."""
    for a, b in regions.values():
        seg = stream.text[a:b]
        if layout == "glued":
            digits = sum(ch.isdigit() for ch in seg.split(SEP_PARA)[0][:40])
            if digits < 7:
                return True
    return False


def _misplaced(stream: Stream, tpl: templates.Template, anchors, anomalies: list[Anomaly]) -> None:
    """A numbered item label (level 3) found in the first cell of a tab-text row sits in the
    column of the top-level labels: the row was shifted when the table was copied."""
    levels = {r.key: r.level for r in tpl.t3_rows}
    for key, m in anchors:
        if m is None or levels.get(key) != 3:
            continue
        t = stream.text
        i = max(t.rfind(SEP_CELL, 0, m.start), t.rfind(SEP_ROW, 0, m.start), t.rfind(SEP_PARA, 0, m.start)) + 1
        if i == 0 or t[i - 1] != SEP_CELL:
            continue
        j = i - 1
        if j == 0 or stream.text[j - 1] in (SEP_ROW, SEP_PARA):  # first cell of its row
            anomalies.append(Anomaly(
                "label-misplaced",
                f"表三“{tpl.t3_row(key).label}”位于第1列（应在第3列，位于分组“{tpl.t3_row(key).group}”下）"
                f" / label of row {key} sits in column 1 instead of column 3",
                stream.line_at(m.start), "table3", key))


# ---------------------------------------------------------------------------- table 四

_T4_HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结")


def extract_t4(stream: Stream, tpl: templates.Template, start: int, end: int) -> TableResult:
    res = TableResult()
    text = stream.text
    a = text.find("行政复议", start, end)
    if a < 0:
        return res
    header_hits = [text.rfind(h, a, end) for h in _T4_HEADERS + ("总计",)]
    if sum(1 for h in header_hits[:4] if h >= 0) < 3:
        return res
    last = max(header_hits)
    last_end = last + 2
    region = _t4_value_region(text, last_end, end)
    body = region.strip(SEP_CELL + SEP_ROW + SEP_PARA)
    layout = "grid" if SEP_CELL in body else "lines" if SEP_PARA in body else "glued"
    reading = read_row("table4", region, 15, layout, stream.line_at(last_end + 1), sparse=False)
    resolved = solve.resolve([reading], solve.t4_row_ok, None)["table4"]
    res.found = True
    res.end = last_end + len(region)
    cols = [c.key for c in tpl.t4_columns]
    for gi, g in enumerate(tpl.t4_groups):
        part = solve.Resolved(g.key, resolved.cells[gi * 5: gi * 5 + 5], resolved.recovered, resolved.note)
        res.cells.extend(_cells_from("table4", part, cols, reading.line))
    t4_cols = [f"{g.label}{c.label}" for g in tpl.t4_groups for c in tpl.t4_columns]
    res.anomalies.extend(_reading_anomalies("table4", [reading], {"table4": resolved}, {"table4": "复议诉讼数据行"},
                                            t4_cols))
    return res


def _t4_value_region(text: str, start: int, end: int) -> str:
    """From the end of the headers, skip to the first value and return the value run."""
    i = start
    while i < end and not (text[i].isdigit() or text[i] in "/-"):
        i += 1
    # back up to the start of the cell/row so grid structure is kept
    j = i
    while j > start and text[j - 1] not in (SEP_ROW, SEP_PARA):
        j -= 1
    k = i
    while k < end:
        ch = text[k]
        if _cjk(ch):
            break
        k += 1
    return SEP_CELL + text[j:k] if text[j:j + 1] != SEP_CELL else text[j:k]


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# ---------------------------------------------------------------------------- table 二

def extract_t2(stream: Stream, tpl: templates.Template, start: int, end: int) -> TableResult:
    res = TableResult()
    text = stream.text
    caps = []
    pos = start
    for b in tpl.t2_blocks:
        m = find_label(text, (compact(b.caption),), pos, end, fuzzy=False)
        caps.append((b, m))
        if m is not None:
            pos = m.end
    if sum(1 for _, m in caps if m is not None) < 2:
        return res
    res.found = True
    layout = detect_layout(stream, start, end)
    found = [(b, m) for b, m in caps if m is not None]
    for i, (b, m) in enumerate(found):
        bend = found[i + 1][1].start if i + 1 < len(found) else end
        _t2_block(stream, b, m.end, bend, layout, res)
    res.end = end
    for b, m in caps:
        if m is None:
            res.anomalies.append(Anomaly("block-missing", f"表二缺少“{b.caption}”栏目 / table 二 block "
                                         f"{b.caption} is missing", None, "table2", b.key))
    return res


def _t2_block(stream: Stream, b: templates.Block, start: int, end: int, layout: str,
              res: TableResult) -> None:
    text = stream.text
    rows = [(r.key, r.match_labels) for r in b.rows]
    anchors = _anchor_rows(stream, rows, start, end, "table2", res.anomalies)
    first = min((m.start for _, m in anchors if m is not None), default=end)
    _check_headers(stream, b, start, first, res.anomalies)
    regions = _regions(stream, anchors, end)
    n = len(b.columns)
    signed = any(c.kind == "signed" for c in b.columns)
    decimal = any(c.kind.startswith("money") for c in b.columns)
    readings = []
    for key, m in anchors:
        rk = key
        if m is None:
            res.anomalies.append(Anomaly("row-missing", f"表二“{b.caption}”缺少“{key}”行 / "
                                         f"table 二 row {rk} is missing", None, "table2", rk))
            continue
        a, z = regions[key]
        kinds = tuple((c.kind == "signed", c.kind.startswith("money")) for c in b.columns)
        r = read_row(rk, text[a:z], n, layout, stream.line_at(m.start), False, signed, decimal, kinds)
        readings.append(r)
    resolved = solve.resolve(readings, None, None)
    cols = [c.key for c in b.columns]
    for r in readings:
        res.cells.extend(_cells_from("table2", resolved[r.key], cols, r.line))
    labels = {r.key: r.label for r in b.rows}
    res.anomalies.extend(_reading_anomalies("table2", readings, resolved, labels,
                                            [c.label for c in b.columns]))


def _check_headers(stream: Stream, b: templates.Block, start: int, end: int,
                   anomalies: list[Anomaly]) -> None:
    """Column headers between the caption and the first row: exact, alias or near-miss."""
    pos = start
    for c in b.columns:
        labels = (compact(c.label),) + tuple(compact(a) for a in c.aliases)
        m = find_label(stream.text, labels, pos, end)
        if m is None:
            # the fee header often carries extra words; check the core only
            continue
        if m.how == "fuzzy":
            anomalies.append(Anomaly(
                "label-typo", f"表二“{b.caption}”列标题写作“{m.found}”，应为“{c.label}”"
                f" / column header reads {m.found!r}, official {c.label!r}",
                stream.line_at(m.start), "table2", b.key, c.key))
        elif m.how == "alias":
            anomalies.append(Anomaly(
                "label-variant", f"表二列标题使用了非官方写法“{m.found}”（官方：“{c.label}”）"
                f" / unofficial column header {m.found!r}", stream.line_at(m.start), "table2", b.key, c.key))
        pos = m.end
