"""Value rows detached from their labels (PDF-extracted Markdown / text, format.md §6.10).

Tools that turn a PDF into Markdown often print a wrapped row label as loose lines and the row's
numbers, later, as a pipe row of numbers only (``| 4 | 0 | 0 | 0 | 0 | 0 | 4 |``). Such a "pure"
value row has no label cell, so reading the numbers after the nearest label would give them to
the wrong row. Here a table's pure value rows are placed on the labels that have no values of
their own, **by label order**, and the placement is checked by the table's identities:

* as many pure rows as value-less labels: the k-th row goes to the k-th label (the order of the
  printed table), and the identities tell whether the whole table then adds up;
* a different number: every order-keeping placement is tried against the identities; a label
  gets a row only when every placement that satisfies them agrees, otherwise its cells are
  unknown with the rows it could have taken as candidates.

Nothing here guesses: the output is candidate readings for ``solve``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import Callable

from gxtui.extract.rowread import RowReading, read_row
from gxtui.extract.stream import DIGIT_GAP, SEP_CELL, SEP_PARA, SEP_ROW, SPANNED
from gxtui.extract.values import is_footer, is_value_token

MAX_PLACEMENTS = 5000
# characters of a value token (values.is_value_token: numbers, units, n/a marks) other than
# digits and whitespace, with the cell separators and marks of a grid row
_CELL_CHARS = re.escape(".,+-/\\—－一无／万元件个项" + SEP_CELL + SPANNED + DIGIT_GAP)


@dataclass
class PureRow:
    start: int
    end: int
    values: tuple[str | None, ...]  # cell texts, "" kept as None


def grid_rows(text: str, a: int, b: int, skip: list[int] | None = None) -> list[tuple[int, int, list[str]]]:
    """(start, end, cells) of every grid row in ``text[a:b]``; rows holding one of the sorted
    offsets ``skip`` (row labels) are left out before their cells are split."""
    out = []
    i = a
    while i < b:
        j = text.find(SEP_ROW, i, b)
        if j < 0:
            break
        k = text.rfind(SEP_PARA, i, j)
        rs = text.find(SEP_CELL, k + 1 if k >= 0 else i, j)  # a grid follows a paragraph directly
        if rs >= 0:
            if skip:
                h = bisect.bisect_left(skip, rs)
                if h < len(skip) and skip[h] < j:
                    i = j + 1
                    continue
            out.append((rs, j, text[rs:j].split(SEP_CELL)[1:]))
        i = j + 1
    return out


# A grid row whose cells (from the first cell separator after the row's start or its last
# paragraph break, to the row separator) hold only characters a value token, a blank or a cell
# separator can hold, and a digit. Every pure row matches (a superset: the checks below decide);
# most tables have none, and one search then replaces splitting every row of the table. The
# whitespace ``is_value_token`` strips is every ``str.isspace`` character but the paragraph and
# row separators (all of them lie below U+3001); one character class, since an alternation per
# character made the search ten times slower.
_SPACES = re.escape("".join(ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch not in SEP_PARA + SEP_ROW))
_ROW_BODY = ("[^" + SEP_CELL + SEP_ROW + SEP_PARA + "]*" + SEP_CELL + "[" + _CELL_CHARS + _SPACES + r"]*\d[\d"
             + _CELL_CHARS + _SPACES + "]*" + SEP_ROW)
_PURE_HEAD = re.compile(_ROW_BODY)
_PURE_AFTER_ROW = re.compile(SEP_ROW + _ROW_BODY)  # a literal first character: a fast scan
_PURE_AFTER_PARA = re.compile(SEP_PARA + _ROW_BODY)


def pure_rows(text: str, a: int, b: int, anchors: list[tuple[int, int]], width: int) -> list[PureRow]:
    """Grid rows in ``text[a:b]`` made only of values and blanks (at least one value, at most
    ``width`` cells with a value), holding no row label."""
    if (_PURE_HEAD.match(text, a, b) is None and _PURE_AFTER_ROW.search(text, a, b) is None
            and _PURE_AFTER_PARA.search(text, a, b) is None):
        return []
    out = []
    starts = sorted(s for s, _ in anchors)
    for rs, re_, cells in grid_rows(text, a, b, starts):
        vals = [c.replace(DIGIT_GAP, "") for c in cells if c != SPANNED]
        while vals and vals[-1] == "":
            vals.pop()
        while vals and vals[0] == "":
            vals.pop(0)
        if not vals or len(vals) > width or not all(v == "" or is_value_token(v) for v in vals):
            continue
        if not any(v[:1].isdigit() for v in vals):
            continue  # a row of n/a marks under placeholder headers carries nothing to place
        out.append(PureRow(rs, re_, tuple(v or None for v in vals)))
    return out


# Whether ``value_lines`` skips the paragraphs without a digit gap in one search (tests set it
# False to compare with every paragraph split).
SKIP_GAPLESS = True


def value_lines(text: str, a: int, b: int, min_values: int = 5) -> list[PureRow]:
    """Paragraphs in ``text[a:b]`` made only of numbers separated by spaces (``1 0 0 0 1 …``),
    with at least ``min_values`` of them. (Two values or more need a digit gap between them: the
    paragraphs before the next gap are skipped in one search.)"""
    out = []
    i = text.find(SEP_PARA, a, b)
    while 0 <= i < b:
        j = text.find(SEP_PARA, i + 1, b)
        if min_values >= 2 and SKIP_GAPLESS:
            g = text.find(DIGIT_GAP, i + 1, b)
            if g < 0:
                break  # no paragraph left holds two values
            if j >= 0 and g > j:
                i = text.rfind(SEP_PARA, j, g)  # the break opening the paragraph that holds g
                continue
        piece = text[i + 1:(b if j < 0 else j)]
        if piece and SEP_CELL not in piece and SEP_ROW not in piece:
            toks = [t for t in piece.split(DIGIT_GAP) if t]
            if len(toks) >= min_values and all(is_value_token(t) for t in toks):
                out.append(PureRow(i + 1, i + 1 + len(piece), tuple(toks)))
        if j < 0:
            break
        i = j
    return out


def last_separator(text: str, start: int) -> int:
    """The offset of the last paragraph, cell or row separator before ``start`` (-1: none).

    Each search starts after the previous hit: three unbounded backward searches would scan a
    whole grid table back to its last paragraph break for every row."""
    p = text.rfind(SEP_CELL, 0, start)
    p = max(p, text.rfind(SEP_ROW, p + 1, start))
    return max(p, text.rfind(SEP_PARA, p + 1, start))


def in_grid_cell(text: str, start: int) -> bool:
    """Whether the label at ``start`` sits in a grid cell (the flag of ``own_region``)."""
    p = start - 1
    if p < 0:
        return False
    ch = text[p]
    if ch not in _SEPS:  # the label starts inside a piece: look further back
        p = last_separator(text, start)
        if p < 0:
            return False
        ch = text[p]
    return ch == SEP_CELL


_SEPS = SEP_CELL + SEP_ROW + SEP_PARA


def own_region(text: str, start: int, end: int, limit: int) -> tuple[int, int, bool]:
    """The part of a label's value region on the label's own row: the rest of its grid row, or
    of its paragraph. The flag says whether the label sits in a grid cell."""
    p = last_separator(text, start)
    in_grid = p >= 0 and text[p] == SEP_CELL
    if in_grid:
        j = text.find(SEP_ROW, end, limit)
        return end, (limit if j < 0 else j), True
    cuts = [x for x in (text.find(SEP_PARA, end, limit), text.find(SEP_CELL, end, limit),
                        text.find(SEP_ROW, end, limit)) if x >= 0]
    return end, min(cuts, default=limit), False


def has_values(seg: str, footers: bool = False) -> bool:
    """Whether ``seg`` holds a value; with ``footers`` a paragraph that is only a page footer
    does not count."""
    for para in seg.split(SEP_PARA):
        if footers and SEP_CELL not in para and is_footer(para):
            continue
        for piece in para.replace(SEP_ROW, SEP_CELL).split(SEP_CELL):
            piece = piece.replace(DIGIT_GAP, "")
            if piece and (is_value_token(piece) or piece[:1].isdigit()):
                return True
    return False


def place(keys: list[str], rows: list[PureRow], n: int, lines: dict[str, int | None],
          fixed: dict[str, tuple], table_ok: Callable[[dict], bool] | None,
          nums: Callable[[tuple], tuple]) -> tuple[list[RowReading], str]:
    """Readings for the value-less labels ``keys`` (template order) from the pure ``rows``
    (document order). ``fixed`` holds the other rows' readings (as numbers) for the identities.
    Returns the readings and a note on the evidence used."""
    def reading(key: str, cands: list[tuple], note: str) -> RowReading:
        return RowReading(key, n, cands, lines.get(key), "detached", False, note=note)

    def cands_of(r: PureRow) -> list[tuple]:
        return read_row("", SEP_CELL + SEP_CELL.join(v or "" for v in r.values), n, "grid", None).candidates \
            if len(r.values) == n else read_row("", SEP_PARA + SEP_PARA.join(v for v in r.values if v),
                                                n, "lines", None, True).candidates

    if len(rows) == len(keys):
        out = [reading(k, cands_of(r), "detached value row placed by label order")
               for k, r in zip(keys, rows)]
        return out, "label order"
    # different counts: try every order-keeping placement against the identities
    options: dict[str, set[int | None]] = {k: set() for k in keys}
    tried = 0
    if len(rows) < len(keys):
        combos = itertools.combinations(range(len(keys)), len(rows))
        for chosen in combos:
            tried += 1
            if tried > MAX_PLACEMENTS:
                break
            assign = {keys[i]: rows[j] for j, i in enumerate(chosen)}
            if _consistent(assign, keys, fixed, table_ok, nums, n):
                for k in keys:
                    options[k].add(id(assign[k]) if k in assign else None)
    else:
        for chosen in itertools.combinations(range(len(rows)), len(keys)):
            tried += 1
            if tried > MAX_PLACEMENTS:
                break
            assign = {k: rows[j] for k, j in zip(keys, chosen)}
            if _consistent(assign, keys, fixed, table_ok, nums, n):
                for k in keys:
                    options[k].add(id(assign[k]))
    by_id = {id(r): r for r in rows}
    out = []
    for k in keys:
        opts = options[k]
        if tried <= MAX_PLACEMENTS and len(opts) == 1 and None not in opts:
            out.append(reading(k, cands_of(by_id[next(iter(opts))]),
                               "detached value row placed by label order and the table identities"))
        else:
            cands = [c for o in opts if o is not None for c in cands_of(by_id[o])]
            out.append(reading(k, [], f"{len(rows)} detached value rows for {len(keys)} labels"
                               ) if not cands else reading(k, cands, f"{len(rows)} detached value rows for "
                                                                     f"{len(keys)} labels"))
    return out, "identities"


def _consistent(assign: dict, keys: list[str], fixed: dict[str, tuple], table_ok, nums, n: int) -> bool:
    if table_ok is None:
        return False
    rows = dict(fixed)
    for k in keys:
        r = assign.get(k)
        if r is None:
            rows[k] = (None,) * n
        elif len(r.values) == n:
            rows[k] = nums(r.values)
        else:
            return False  # short pure rows: positions unknown, not used to pick a placement
    return table_ok(rows)
