"""Turning the text between two row labels into candidate cell readings.

Three layouts exist in the wild (the ``layout`` argument):

* ``grid``  – the reader gave cells (tabs, HTML, DOCX, Markdown): blanks are explicit cells,
  though tab text has irregular leading/trailing empties from merged label cells;
* ``lines`` – one cell per line: blank cells were dropped, so a short row has several possible
  column placements;
* ``glued`` – a crawler concatenated the cells without separators (``640020470``): every way
  of cutting the digits into cells is a candidate.

A row read without ambiguity has exactly one candidate. Choosing among several candidates is the
solver's job (``solve.py``), using only the table's exact identities.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from gxtui.extract.stream import DIGIT_GAP, SEP_CELL, SEP_PARA, SEP_ROW, SPANNED
from gxtui.extract.values import is_value_token

MAX_INT_DIGITS = 7  # no count in a report table reaches ten million
MAX_CANDIDATES = 20000

_LEAD = re.compile("[^" + SEP_PARA + SEP_CELL + SEP_ROW + "]*")
_GLUED_RUN = re.compile(r"[0-9][0-9.,+\-" + DIGIT_GAP + r"]*(万元|元)?|[/\\]")


@dataclass
class RowReading:
    key: str
    n: int
    candidates: list[tuple[str | None, ...]]
    line: int | None
    mode: str
    direct: bool  # True when read without any choice (one candidate, no dropped cells)
    note: str | None = None
    tokens: list[str] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) != 1


def read_row(key: str, region: str, n: int, layout: str, line: int | None,
             sparse: bool = False, signed: bool = False, decimal: bool = False,
             kinds: tuple[tuple[bool, bool], ...] | None = None, para_label: bool = False) -> RowReading:
    """Candidates for a row of ``n`` cells from the compact ``region`` after its label.

    ``kinds`` is (signed, decimal) per column; ``signed``/``decimal`` apply when positions are
    unknown (dropped blanks)."""
    if layout == "grid" and SEP_CELL in region:
        lead = _LEAD.match(region).group(0)
        if lead and lead[0].isdigit():
            # the label is a paragraph carrying its values (``行政许可 97``) inside a table region
            # that has grids elsewhere: read that paragraph, not the next grid row
            return _glued(key, lead, n, line, sparse, signed, decimal, kinds)
        return _grid(key, region, n, line, para_label)
    if layout == "lines":
        return _lines(key, region, n, line, sparse)
    return _glued(key, region, n, line, sparse, signed, decimal, kinds)


def _grid(key: str, region: str, n: int, line: int | None, para_label: bool = False) -> RowReading:
    rows = region.split(SEP_ROW)
    row = rows[0]
    head = row.split(SEP_CELL, 1)[0]
    if para_label or SEP_PARA in head:
        # the label is a paragraph (a heading over a small table): its values are in the first
        # grid row below that is not a header row (``类别 | 数据1 | … | 总计``); that row's own
        # label cell (text) is not a value
        for r in rows:
            cs = [c.replace(DIGIT_GAP, "") for c in r.split(SEP_CELL)[1:] if c != SPANNED]
            if any(is_value_token(c) for c in cs):
                if cs and not is_value_token(cs[0]) and cs[0] != "":
                    cs = cs[1:]
                row = SEP_CELL + SEP_CELL.join(cs)
                break
            if sum(1 for c in cs if c) < 2:
                break  # not a header row: a row of blanks belongs to this label
    cells = row.split(SEP_CELL)[1:]  # [0] is the rest of the label cell
    cells = [c for c in cells if c != SPANNED]
    cells = [c.replace(DIGIT_GAP, "") for c in cells]
    # drop text cells that are label continuations (group labels in later columns)
    vals = [c for c in cells if c == "" or is_value_token(c) or not _is_label_text(c)]
    filled = [i for i, v in enumerate(vals) if v != ""]
    if not filled:
        return RowReading(key, n, [tuple([None] * n)], line, "grid", True, tokens=vals)
    first, last = filled[0], filled[-1]
    core = vals[first:last + 1]
    if len(core) > n:
        return RowReading(key, n, [], line, "grid", False,
                          note=f"{len(core)} cells for {n} columns", tokens=vals)
    pad = n - len(core)
    room_left, room_right = first, len(vals) - 1 - last
    if len(vals) == n:  # exactly one cell per column: positions are known
        shifts = [first]
    else:
        # irregular empty cells from merged labels: the blank cells at the row's ends could sit on
        # either side; every placement the row's empty cells allow is a candidate
        shifts = [p for p in range(pad + 1) if p <= room_left and pad - p <= room_right] or \
            list(range(pad + 1))
    cands = [tuple([None] * p + [v if v != "" else None for v in core] + [None] * (pad - p))
             for p in shifts]
    direct = len(cands) == 1
    return RowReading(key, n, cands, line, "grid", direct,
                      note=None if direct else "blank cells at the row's ends: column positions unclear",
                      tokens=vals)


def _is_label_text(c: str) -> bool:
    """A label fragment (a group caption, a parenthesised note), as opposed to words written in a
    number cell such as 一件 or 见附件, which are the cell's content and kept as text."""
    if is_value_token(c) or not any("\u4e00" <= ch <= "\u9fff" for ch in c):
        return False
    return len(c) > 6 or c[:1] in "(（" or bool(re.match(r"^(\d{1,2}\.|[一二三四五六七八九十]+、)", c))


def _lines(key: str, region: str, n: int, line: int | None, sparse: bool) -> RowReading:
    toks: list[str] = []
    for piece in region.split(SEP_PARA):
        piece = piece.strip(SEP_CELL + SEP_ROW)
        if not piece:
            continue
        parts = [t for t in piece.split(DIGIT_GAP) if t]
        if toks and not all(is_value_token(t) for t in parts) and _is_label_text(piece):
            break  # an unlisted row (e.g. Hubei's 其他主动公开文件) starts here
        for t in parts:
            if is_value_token(t):
                toks.append(t)
    if len(toks) == n:
        return RowReading(key, n, [tuple(toks)], line, "lines", True, tokens=toks)
    if not toks:
        return RowReading(key, n, [tuple([None] * n)], line, "lines", True,
                          note="no values", tokens=toks)
    if len(toks) < n:
        return RowReading(key, n, _placements(tuple(toks), n), line, "lines", False,
                          note=f"{len(toks)} values for {n} columns (blank cells dropped)", tokens=toks)
    return RowReading(key, n, [], line, "lines", False, note=f"{len(toks)} values for {n} columns",
                      tokens=toks)


def _glued(key: str, region: str, n: int, line: int | None, sparse: bool, signed: bool,
           decimal: bool, kinds: tuple[tuple[bool, bool], ...] | None = None) -> RowReading:
    flat = region.replace(SEP_PARA, "").replace(SEP_CELL, "").replace(SEP_ROW, "")
    m = _GLUED_RUN.search(flat)
    if not m:
        return RowReading(key, n, [tuple([None] * n)], line, "glued", True, note="no values")
    run = m.group(0)
    unit = m.group(1) or ""
    digits = run[: len(run) - len(unit)] if unit else run
    digits = digits.rstrip(DIGIT_GAP + ".,")
    groups = [g for g in digits.split(DIGIT_GAP) if g]
    if len(groups) == n and all(_valid_number(g, *(kinds[i] if kinds else (signed, decimal)))
                                for i, g in enumerate(groups)):
        toks = list(groups)
        if unit:
            toks[-1] += unit
        return RowReading(key, n, [tuple(toks)], line, "glued", True, tokens=toks)
    cands: list[tuple[str | None, ...]] = []
    counts = range(1, n + 1) if sparse else (n,)
    if not sparse and not any(True for _ in _segmentations(groups, n, signed, decimal, kinds)):
        counts = range(1, n)  # fewer digits than cells: the crawler dropped blank cells
    for k in counts:
        for seg in _segmentations(groups, k, signed, decimal, kinds if k == n else None):
            if unit:
                seg = seg[:-1] + (seg[-1] + unit,)
            if k == n:
                cands.append(seg)
            else:
                cands.extend(_placements(seg, n))
            if len(cands) > MAX_CANDIDATES:
                return RowReading(key, n, [], line, "glued", False,
                                  note=f"too many ways to split {digits!r}", tokens=[digits])
    direct = len(cands) == 1
    return RowReading(key, n, cands, line, "glued", direct,
                      note=None if direct else f"glued digits {digits.replace(DIGIT_GAP, ' ')!r}",
                      tokens=[digits])


def _valid_number(s: str, signed: bool, decimal: bool) -> bool:
    if s in ("/", "\\"):
        return True
    body = s
    if body[:1] in "+-":
        if not signed:
            return False
        body = body[1:]
    if not body:
        return False
    if "." in body:
        if not decimal:
            return False
        a, _, b = body.partition(".")
        if not a or not b or not a.isdigit() or not b.isdigit():
            return False
        body = a
    if not body.isdigit():
        return False
    if len(body) > 1 and body[0] == "0":
        return False
    return len(body) <= MAX_INT_DIGITS


def _segmentations(groups: list[str], k: int, signed: bool, decimal: bool,
                   kinds: tuple[tuple[bool, bool], ...] | None = None):
    """Every way to cut the digit groups into exactly ``k`` valid numbers (groups never merge).

    ``kinds`` gives (signed, decimal) per column when ``k`` equals the number of columns, so a
    count column never receives a decimal and only the 增/减 column a sign.
    """
    def ok(s: str, idx: int) -> bool:
        if kinds is not None and idx < len(kinds):
            return _valid_number(s, *kinds[idx])
        return _valid_number(s, signed, decimal)

    def cut(s: str, parts: int, idx: int):
        if parts == 1:
            if ok(s, idx):
                yield (s,)
            return
        for i in range(1, len(s)):
            head = s[:i]
            if not ok(head, idx):
                if head[:1] == "0" and len(head) > 1:
                    break
                continue
            for rest in cut(s[i:], parts - 1, idx + 1):
                yield (head,) + rest

    def over(gs: list[str], parts: int, idx: int):
        if not gs:
            if parts == 0:
                yield ()
            return
        first, rest = gs[0], gs[1:]
        max_here = min(parts - len(rest), len(first))
        for p in range(1, max_here + 1):
            for a in cut(first, p, idx):
                for b in over(rest, parts - p, idx + p):
                    yield a + b

    if len(groups) > k:
        return
    yield from over(groups, k, 0)


def _placements(values: tuple[str | None, ...], n: int) -> list[tuple[str | None, ...]]:
    """All ways to put ``values`` (in order) into ``n`` columns, the others blank."""
    k = len(values)
    out = []
    for pos in itertools.combinations(range(n), k):
        row: list[str | None] = [None] * n
        for p, v in zip(pos, values):
            row[p] = v
        out.append(tuple(row))
    return out
