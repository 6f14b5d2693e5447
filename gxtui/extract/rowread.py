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
import math
import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache

from gxtui.extract.stream import DIGIT_GAP, SEP_CELL, SEP_PARA, SEP_ROW, SPANNED
from gxtui.extract.values import is_footer, is_value_token

MAX_INT_DIGITS = 7  # no count in a report table reaches ten million
MAX_CANDIDATES = 20000

_LEAD = re.compile("[^" + SEP_PARA + SEP_CELL + SEP_ROW + "]*")
_GLUED_RUN = re.compile(r"[0-9][0-9.,+\-" + DIGIT_GAP + r"]*(万元|元)?|[/\\]")
# one non-letter, non-CJK character between numbers, repeated: a separator the reader does not know
_INTERRUPTED = re.compile(r"([^\w\s\u3400-\u9fff（）()、，。；：])[0-9]+(?:\1[0-9]+)+")


@dataclass(slots=True)
class RowReading:
    key: str
    n: int
    candidates: list[tuple[str | None, ...]]
    line: int | None
    mode: str
    direct: bool  # True when read without any choice (one candidate, no dropped cells)
    note: str | None = None
    tokens: list[str] = field(default_factory=list)
    # candidates not listed yet (``read_row``'s ``defer``): they are ``placements(tuple(tokens), n)``
    # and ``candidates`` is empty until ``listed`` is called
    deferred: bool = False

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) != 1

    def listed(self) -> "RowReading":
        """This reading with its deferred candidates listed (itself, changed in place)."""
        if self.deferred:
            self.candidates = placements(tuple(self.tokens), self.n)
            self.deferred = False
        return self


def read_row(key: str, region: str, n: int, layout: str, line: int | None,
             sparse: bool = False, signed: bool = False, decimal: bool = False,
             kinds: tuple[tuple[bool, bool], ...] | None = None, para_label: bool = False,
             defer: bool = False) -> RowReading:
    """Candidates for a row of ``n`` cells from the compact ``region`` after its label.

    ``kinds`` is (signed, decimal) per column; ``signed``/``decimal`` apply when positions are
    unknown (dropped blanks). ``defer``: a row of fewer values than columns (blank cells
    dropped, in a grid or a cell-per-line layout) is returned with its placements not listed
    (``RowReading.deferred``; always two or more of them): table 四's 15 columns with 5 values
    have 3,003, which a caller that reads the table another way never looks at."""
    if layout == "grid" and SEP_CELL in region:
        if region[:1].isdigit():  # (no separator is a digit: the lead before the first one is not empty)
            # the label is a paragraph carrying its values (``行政许可 97``) inside a table region
            # that has grids elsewhere: read that paragraph, not the next grid row
            return _glued(key, _LEAD.match(region).group(0), n, line, sparse, signed, decimal, kinds)
        return _grid(key, region, n, line, para_label, defer)
    if layout == "lines" or (layout in ("grid", "glued") and _cell_per_line(region)):
        return _lines(key, region, n, line, sparse, signed, defer)
    return _glued(key, region, n, line, sparse, signed, decimal, kinds)


def _cell_per_line(region: str) -> bool:
    """A region of a grid table that is itself one cell per line (a crawl page writing ``3 |``,
    `` |``, ``12 |`` on their own lines): at least two lines, each one value or an empty cell.
    (The label's own line must be empty: a region not starting with a break is none.)"""
    if region[:1] != SEP_PARA:
        return False
    pieces = [p for p in region.split(SEP_PARA)[1:] if p]
    vals = 0
    for p in pieces:
        if p == SPANNED or is_value_token(p.replace(DIGIT_GAP, "")):
            vals += 1
            continue
        break
    return vals >= 2 and region.split(SEP_PARA, 1)[0] == ""


def _grid(key: str, region: str, n: int, line: int | None, para_label: bool = False,
          defer: bool = False) -> RowReading:
    end = region.find(SEP_ROW)
    if end < 0:
        end = len(region)
    c0 = region.find(SEP_CELL, 0, end)
    if para_label or region.find(SEP_PARA, 0, end if c0 < 0 else c0) >= 0:
        row = region[:end]
        rows = region.split(SEP_ROW)
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
        c0 = row.find(SEP_CELL)
        body = row[c0 + 1:]
    else:
        body = region[c0 + 1:end]  # what precedes ``c0`` is the rest of the label cell
    if c0 < 0:
        cells: list[str] = []  # no cell after the label cell
    else:
        cells = body.split(SEP_CELL)
        if SPANNED in body:
            cells = [c for c in cells if c != SPANNED]
        if DIGIT_GAP in body:
            cells = [c.replace(DIGIT_GAP, "") for c in cells]
    # drop text cells that are label continuations (group labels in later columns); only a cell
    # with a CJK character can be one, so a row without any keeps every cell (the cells are the
    # body less its separators and marks, none of them CJK; an ASCII body has none either)
    if c0 < 0 or body.isascii() or _CJK.search(body) is None:
        vals = cells
    else:
        vals = [c for c in cells if c == "" or is_value_token(c) or not _is_label_text(c)]
    if len(vals) == n:
        # the common case, one cell per column: positions are known and every blank is a cell
        # (the general path below gives this same single candidate)
        return RowReading(key, n, [tuple(vals) if "" not in vals else tuple([v or None for v in vals])],
                          line, "grid", True, None, vals)
    # the filled cells run from ``first`` to ``last``: strip the blank cells at both ends
    first, hi = 0, len(vals)
    while first < hi and vals[first] == "":
        first += 1
    if first == hi:
        return RowReading(key, n, [tuple([None] * n)], line, "grid", True, tokens=vals)
    while vals[hi - 1] == "":
        hi -= 1
    last = hi - 1
    core = vals[first:hi]
    if len(core) > n:
        return RowReading(key, n, [], line, "grid", False,
                          note=f"{len(core)} cells for {n} columns", tokens=vals)
    pad = n - len(core)
    if not pad:
        # as many filled cells as columns (blank cells only beyond the row's ends): one reading
        return RowReading(key, n, [tuple(core) if "" not in core else tuple([v or None for v in core])],
                          line, "grid", True, None, vals)
    room_left, room_right = first, len(vals) - 1 - last
    if len(vals) < n and "" not in vals and len(core) > 1:
        # fewer cells than columns and not one empty cell: blank cells were dropped, and not
        # only at the row's ends — they may have been anywhere between the values (``core`` is
        # ``vals`` here: no empty cell to strip)
        return RowReading(key, n, [] if defer else placements(tuple(core), n), line, "grid", False,
                          note=f"{len(core)} values for {n} columns (blank cells dropped)", tokens=vals,
                          deferred=defer)
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
    return len(c) > 6 or c[:1] in "(（" or _NUMBERED.match(c) is not None


_CJK = re.compile("[\u4e00-\u9fff]")
_NUMBERED = re.compile(r"^(\d{1,2}\.|[一二三四五六七八九十]+、)")


_SIGNED_RUN = re.compile(r"^(?:[+-]?\d+(?:\.\d+)?){2,}$")
_SIGNED_NUM = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _lines(key: str, region: str, n: int, line: int | None, sparse: bool,
           signed: bool = False, defer: bool = False) -> RowReading:
    toks: list[str] = []
    pieces = region.split(SEP_PARA)
    # a lone page number just before a line of the row's numbers (``4`` / ``1 0 0 0 0 0 1``)
    pieces = [p for i, p in enumerate(pieces)
              if not (is_footer(p)
                      and (not is_value_token(p.replace(DIGIT_GAP, ""))
                           or (i + 1 < len(pieces) and pieces[i + 1].count(DIGIT_GAP) >= 1
                               and all(is_value_token(t) for t in pieces[i + 1].split(DIGIT_GAP) if t))))]
    for piece in pieces:
        if piece == SPANNED:  # an explicit empty cell (" |" alone on its line)
            toks.append("")
            continue
        piece = piece.strip(SEP_CELL + SEP_ROW)
        if not piece:
            continue
        parts = [t for t in piece.split(DIGIT_GAP) if t]
        if signed:  # "3 -1" loses its space before the sign when normalised: 3-1
            parts = [x for t in parts for x in (_SIGNED_NUM.findall(t) if _SIGNED_RUN.match(t) else [t])]
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
        return RowReading(key, n, [] if defer else placements(tuple(toks), n), line, "lines", False,
                          note=f"{len(toks)} values for {n} columns (blank cells dropped)", tokens=toks,
                          deferred=defer)
    return RowReading(key, n, [], line, "lines", False, note=f"{len(toks)} values for {n} columns",
                      tokens=toks)


def _glued(key: str, region: str, n: int, line: int | None, sparse: bool, signed: bool,
           decimal: bool, kinds: tuple[tuple[bool, bool], ...] | None = None) -> RowReading:
    pieces = region.split(SEP_PARA)
    if any(map(str.isdigit, pieces[0])):
        # the row's own line has its numbers: a page footer after it (``— 4 —``, a lone page
        # number) is not part of the row
        region = SEP_PARA.join([pieces[0]] + [p for p in pieces[1:] if not is_footer(p)])
    flat = region.replace(SEP_PARA, "").replace(SEP_CELL, "").replace(SEP_ROW, "")
    m = _GLUED_RUN.search(flat)
    if not m:
        return RowReading(key, n, [tuple([None] * n)], line, "glued", True, note="no values")
    run = m.group(0)
    unit = m.group(1) or ""
    if _INTERRUPTED.match(flat, m.end()):  # (no anchor in the pattern: as on the rest alone)
        # more numbers right after the run, behind a character that is no known separator
        # (``11¦1¦0¦…¦13``): the run is not the row's values; reading it would invent cells
        return RowReading(key, n, [], line, "glued", False,
                          note=f"numbers separated by an unrecognised character {flat[m.end()]!r}", tokens=[run])
    digits = run[: len(run) - len(unit)] if unit else run
    digits = digits.rstrip(DIGIT_GAP + ".,")
    groups = [g for g in digits.split(DIGIT_GAP) if g]
    if len(groups) == n and all(_valid_number(g, *(kinds[i] if kinds else (signed, decimal)))
                                for i, g in enumerate(groups)):
        toks = list(groups)
        if unit:
            toks[-1] += unit
        return RowReading(key, n, [tuple(toks)], line, "glued", True, tokens=toks)
    cands, direct, note = _split_glued(digits, groups, unit, n, sparse, signed, decimal, kinds)
    return RowReading(key, n, cands, line, "glued", direct, note, [digits])


# Splits of a digit run by what decides them (the run, its unit, the columns' count and kinds,
# whether blank cells may be dropped): crawler text repeats the same runs (``0000000`` in most
# rows of a glued table 三, in report after report), and a split costs a segmentation search.
# Only splits with few readings are kept, and the cache is emptied when full (bounded memory).
_SPLITS: dict[tuple, tuple[tuple[tuple[str | None, ...], ...], bool, str | None]] = {}
_SPLITS_MAX = 4096
_SPLITS_KEEP = 256  # readings at most in a kept split


def _split_glued(digits: str, groups: list[str], unit: str, n: int, sparse: bool, signed: bool,
                 decimal: bool, kinds: tuple[tuple[bool, bool], ...] | None
                 ) -> tuple[list[tuple[str | None, ...]], bool, str | None]:
    """(candidates, direct, note) for the digit run ``digits`` (its ``groups`` split at the digit
    gaps) of a row of ``n`` cells; the candidates are a new list on every call."""
    key = (digits, unit, n, sparse, signed, decimal, kinds)
    hit = _SPLITS.get(key)
    if hit is None:
        got = _split_glued_uncached(digits, groups, unit, n, sparse, signed, decimal, kinds)
        hit = (tuple(got[0]), got[1], got[2])
        if len(hit[0]) <= _SPLITS_KEEP:
            if len(_SPLITS) >= _SPLITS_MAX:
                _SPLITS.clear()
            _SPLITS[key] = hit
    return list(hit[0]), hit[1], hit[2]


# Whether a run of exactly as many plain digits as cells is read one digit a cell without the
# segmentation search (tests set it False to compare with the search).
ONE_DIGIT_CELLS = True


def _split_glued_uncached(digits: str, groups: list[str], unit: str, n: int, sparse: bool, signed: bool,
                          decimal: bool, kinds: tuple[tuple[bool, bool], ...] | None
                          ) -> tuple[list[tuple[str | None, ...]], bool, str | None]:
    if (ONE_DIGIT_CELLS and not sparse and sum(map(len, groups)) == n
            and all(g.isdigit() and g.isascii() for g in groups)):
        # as many plain digits as cells (``000113000300011`` for table 四's 15): every cell is one
        # digit, the only way to cut them into n numbers (each at least one digit, and a single
        # digit is a valid number in every column)
        reading = tuple("".join(groups))
        if unit:
            reading = reading[:-1] + (reading[-1] + unit,)
        return [reading], True, None
    cands: list[tuple[str | None, ...]] = []
    # one memo per column typing, shared by every count of numbers asked for below (the
    # validity of a digit span and the counts of its suffixes do not depend on that count)
    # (``kinds`` types the columns only when the count equals the number of columns; runs of
    # plain digits read alike in every column, and then one memo serves both typings)
    segs: dict[bool, _Segmenter] = {}

    def memo(k: int) -> _Segmenter:
        typed = k == n and kinds is not None
        seg = segs.get(typed)
        if seg is None:
            seg = segs[typed] = _Segmenter(groups, n, signed, decimal, kinds if typed else None)
            if seg.kind_free:
                segs[not typed] = seg
        return seg

    def count(k: int) -> int:
        return memo(k).count(k)

    counts = range(1, n + 1) if sparse else (n,)
    if not sparse and not count(n):
        counts = range(1, n)  # fewer digits than cells: the crawler dropped blank cells
    # decide the cap from the count (a table, no listing): a run with too many readings is
    # reported as such at once instead of being listed up to the cap
    total = 0
    for k in counts:
        c = count(k)
        total += c if k == n else c * math.comb(n, k)
        if total > MAX_CANDIDATES:
            return [], False, f"too many ways to split {digits!r}"
    # (the list only grows: checking the cap once per count of numbers finds what checking it
    # after every reading found)
    for k in counts:
        readings = memo(k).readings(k)
        if unit:
            readings = [seg[:-1] + (seg[-1] + unit,) for seg in readings]
        if k == n:
            cands += readings
        else:
            for seg in readings:
                cands += placements(seg, n)
        if len(cands) > MAX_CANDIDATES:
            return [], False, f"too many ways to split {digits!r}"
    direct = len(cands) == 1
    return cands, direct, None if direct else f"glued digits {digits.replace(DIGIT_GAP, ' ')!r}"


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


def _number_ends(s: str, a: int, signed: bool, decimal: bool) -> list[int]:
    """Every i (ascending) for which ``_valid_number(s[a:i], signed, decimal)`` holds, found in
    one scan from ``a`` that stops where no longer span can be valid (a character that is no
    digit, a second point, a leading zero followed by a digit, too many integer digits)."""
    ch = s[a]
    if ch in "/\\":
        return [a + 1]  # "/" alone: a longer span starting with it is no number
    c = a
    if ch in "+-":
        if not signed:
            return []
        c += 1
    out: list[int] = []
    digits = 0  # of the integer part
    zero = dot = False
    for j in range(c, len(s)):
        ch = s[j]
        if ch == ".":
            if dot or not decimal or not digits:
                break
            dot = True
        elif not ch.isdigit():
            break
        elif dot:
            out.append(j + 1)
        elif zero:  # "0" followed by a digit
            break
        else:
            zero = not digits and ch == "0"
            digits += 1
            if digits > MAX_INT_DIGITS:
                break
            out.append(j + 1)
    return out


def _segmentations(groups: list[str], k: int, signed: bool, decimal: bool,
                   kinds: tuple[tuple[bool, bool], ...] | None = None):
    """Every way to cut the digit groups into exactly ``k`` valid numbers (groups never merge),
    in a fixed order (fewer parts for the first group first, shorter first numbers first).

    ``kinds`` gives (signed, decimal) per column when ``k`` equals the number of columns, so a
    count column never receives a decimal and only the 增/减 column a sign.

    The search is bounded: every step first asks whether the rest of this group, and the groups
    after it, can still supply exactly the numbers still needed (an exact count, from tables
    built once per group), so it never walks into a dead end, and its time is proportional to
    the number of segmentations it yields (plus a polynomial table), not exponential in the
    number of digits."""
    yield from _segmentations_of(groups, k, _Segmenter(groups, k, signed, decimal, kinds))


def _segmentations_of(groups: list[str], k: int, seg: "_Segmenter"):
    """``_segmentations`` with the memo ``seg`` (built for ``groups`` and at least ``k`` numbers)."""
    yield from seg.readings(k)


def count_segmentations(groups: list[str], k: int, signed: bool, decimal: bool,
                        kinds: tuple[tuple[bool, bool], ...] | None = None) -> int:
    """How many segmentations ``_segmentations`` would yield, computed without listing them."""
    return _Segmenter(groups, k, signed, decimal, kinds).count(k)


class _Segmenter:
    """Counts and listings of the ways to cut digit groups into valid numbers, for every count of
    numbers up to ``k``.

    The search runs once per glued row of every crawled report, so its constant factor matters.
    Per group it builds, once and bottom-up, the exact number of ways to cut each suffix of the
    group into q valid numbers, for every q at once: one integer per suffix start, its q-th field
    of ``width`` bits holding the count for q numbers (a count never reaches 2 ** len(group), so
    the fields never carry into each other). A suffix's integer is then the sum of the integers
    of the suffixes after its valid first numbers, shifted by one field: a few integer additions
    per digit instead of a memoised call per (position, numbers) state. Feasibility, asked at
    every step of the listing, is a count above zero.

    The columns' kinds (``kinds``: signed, decimal) matter only for a group with a sign, a point
    or a comma: a run of plain digits is a valid number or not in every column. For such a
    group the table depends on the column its last number lands in (``end``), and each field
    keeps the sums over the first numbers valid in the column that field's first number is in.
    """

    def __init__(self, groups: list[str], k: int, signed: bool, decimal: bool,
                 kinds: tuple[tuple[bool, bool], ...] | None) -> None:
        self.groups = groups
        self.k = k
        self.signed = signed
        self.decimal = decimal
        self.kinds = kinds
        self._base = (signed, decimal)  # the kind of a column kinds does not type
        self._plain = [g.isdigit() and g.isascii() for g in groups]
        # which groups' answers depend on the column their numbers land in
        self._typed = [kinds is not None and not p for p in self._plain]
        self.kind_free = all(self._plain)  # every answer the same whatever the columns' kinds
        self._any_typed = any(self._typed)
        self._fields = [min(len(g), k) + 1 for g in groups]  # q = 0 … min(len, k)
        # (group, end column or -1) -> per start position, the packed counts of its suffix
        self._tables: dict[tuple[int, int], list[int]] = {}
        # (group, kind) -> per start position: end positions of the valid first numbers, and
        # whether the whole suffix is one valid number
        self._spans: dict[tuple[int, tuple[bool, bool]], tuple[list[range | list[int]], list[bool]]] = {}
        self._count_over: dict[tuple[int, int, int], int] = {}
        self._listers: dict[tuple[int, int], object] = {}
        self._overs: dict[tuple[int, int, int], list[tuple[str, ...]]] = {}
        # per group: at least one number per group, at most one per character
        self._max_rest = [0] * (len(groups) + 1)
        for i in range(len(groups) - 1, -1, -1):
            self._max_rest[i] = self._max_rest[i + 1] + len(groups[i])

    # -- the public questions ----------------------------------------------------------
    def count(self, k: int) -> int:
        """How many ways to cut the groups into exactly ``k`` numbers."""
        self._check(k)
        return 0 if len(self.groups) > k else self.count_over(0, k, 0)

    def readings(self, k: int) -> list[tuple[str, ...]]:
        """The ways to cut the groups into exactly ``k`` numbers, in the search's order."""
        self._check(k)
        if len(self.groups) > k or not self.count_over(0, k, 0):
            return []
        return self.over(0, k, 0)

    def _check(self, k: int) -> None:
        if k > self.k:  # the tables keep counts for at most self.k numbers per group
            raise ValueError(f"segmenter built for at most {self.k} numbers, asked for {k}")

    # -- valid first numbers -----------------------------------------------------------
    def _kind(self, idx: int) -> tuple[bool, bool]:
        if self.kinds is not None and idx < len(self.kinds):
            return self.kinds[idx]
        return self.signed, self.decimal

    def spans(self, g: int, kind: tuple[bool, bool]) -> tuple[list[range | list[int]], list[bool]]:
        """Per start position a of group g: the end positions (ascending, the end of the group
        excluded) of the valid first numbers of groups[g][a:], and whether groups[g][a:] is
        itself one valid number (not listed for plain digits: their table has it). A first
        number starting with ``0`` is ``0`` alone (the original search stopped at the first
        invalid head with a leading zero)."""
        key = (g, kind)
        got = self._spans.get(key)
        if got is not None:
            return got
        s = self.groups[g]
        n = len(s)
        heads: list[range | list[int]] = []
        last: list[bool] = []
        if self._plain[g]:
            # plain digits: any run of at most MAX_INT_DIGITS without a leading zero, whatever
            # the column's kind (the whole suffix's validity is in the table, built from that)
            heads = [range(a + 1, min(n, a + 2)) if s[a] == "0" else range(a + 1, min(n, a + MAX_INT_DIGITS + 1))
                     for a in range(n)]
        else:
            for a in range(n):
                ends = _number_ends(s, a, *kind)
                whole = bool(ends) and ends[-1] == n
                last.append(whole)
                if whole:
                    ends.pop()
                heads.append(ends[:1] if s[a] == "0" else ends)
        got = (heads, last)
        self._spans[key] = got
        return got

    # -- counting ----------------------------------------------------------------------
    def table(self, g: int, end: int) -> list[int]:
        """Per start position a of group g, the packed counts of the ways to cut groups[g][a:]
        into q numbers (field q), the last of them landing in column ``end - 1`` (``end`` is
        ignored, and should be -1, for a group whose answers do not depend on the columns)."""
        key = (g, end)
        got = self._tables.get(key)
        if got is not None:
            return got
        s = self.groups[g]
        n = len(s)
        width = n  # n characters cut into q parts: at most C(n - 1, q - 1) <= 2 ** (n - 1) ways
        mask = (1 << (width * self._fields[g])) - 1
        t = [0] * (n + 1)  # t[n]: the empty suffix, no number
        if end < 0 and self._plain[g]:
            # the first numbers from a are a + 1 … a + MAX_INT_DIGITS: a sliding window's sum
            window = 0
            one = 1 << width
            for a in range(n - 1, -1, -1):
                window += t[a + 1]
                if a + MAX_INT_DIGITS + 1 < n:
                    window -= t[a + MAX_INT_DIGITS + 1]
                if s[a] == "0":
                    t[a] = ((t[a + 1] << width) & mask) | (one if a == n - 1 else 0)
                else:
                    t[a] = ((window << width) & mask) | (one if n - a <= MAX_INT_DIGITS else 0)
        elif end < 0:
            heads, last = self.spans(g, self._base)
            one = 1 << width
            for a in range(n - 1, -1, -1):
                acc = 0
                for i in heads[a]:
                    acc += t[i]
                t[a] = ((acc << width) & mask) | (one if last[a] else 0)
        else:
            # field q's first number lands in column end - q: group the fields by that column's
            # kind, and sum, per kind, over the first numbers valid in it
            by_kind: dict[tuple[bool, bool], int] = {}
            for q in range(2, min(self._fields[g], end + 1)):
                kind = self._kind(end - q)
                by_kind[kind] = by_kind.get(kind, 0) | (((1 << width) - 1) << (q * width))
            parts = [(self.spans(g, kind)[0], m) for kind, m in by_kind.items()]
            one_last = self.spans(g, self._kind(end - 1))[1] if end >= 1 else [False] * n
            one = 1 << width
            for a in range(n - 1, -1, -1):
                v = one if one_last[a] else 0
                for heads, m in parts:
                    acc = 0
                    for i in heads[a]:
                        acc += t[i]
                    v |= (acc << width) & m
                t[a] = v
        self._tables[key] = t
        return t

    def count_cut(self, g: int, parts: int, idx: int) -> int:
        """How many ways to cut group g into ``parts`` numbers, the first in column idx."""
        if parts >= self._fields[g]:
            return 0
        key = (g, idx + parts if self._typed[g] else -1)
        t = self._tables.get(key)
        if t is None:
            t = self.table(*key)
        width = len(self.groups[g])
        return (t[0] >> (parts * width)) & ((1 << width) - 1)

    def count_over(self, g: int, parts: int, idx: int) -> int:
        """How many ways to cut groups g… into ``parts`` numbers, the first in column idx."""
        key = (g, parts, idx if self._any_typed else 0)
        v = self._count_over.get(key)
        if v is not None:
            return v
        m = len(self.groups)
        if g == m:
            v = 1 if parts == 0 else 0
        elif parts < m - g or parts > self._max_rest[g]:
            v = 0
        elif g == m - 1:  # the last group takes every number still needed
            v = self.count_cut(g, parts, idx)
        else:
            v = 0
            # the groups after g need at least one number each and at most one per character
            for p in range(max(1, parts - self._max_rest[g + 1]),
                           min(parts - (m - g - 1), len(self.groups[g])) + 1):
                c = self.count_cut(g, p, idx)
                if c:
                    v += c * self.count_over(g + 1, parts - p, idx + p)
        self._count_over[key] = v
        return v

    # -- listing -----------------------------------------------------------------------
    # Each state's readings are listed once, as a list, and shared by every prefix that leads to
    # it: a nested generator per state passed every reading up through one frame per number (7
    # for a row of table 三), most of the time of reading a long glued row. A state reachable
    # from the start lists at most as many readings as the start does, so the memo holds at most
    # (numbers × readings) tuples, and the start's readings are counted (capped) before any list.
    def cut(self, g: int, parts: int, idx: int) -> list[tuple[str, ...]]:
        """The ways to cut group g into ``parts`` numbers, the first in column idx (a feasible
        state: one with a count above zero; only those are ever listed)."""
        end = idx + parts if self._typed[g] else -1
        lister = self._listers.get((g, end))
        if lister is None:
            lister = self._listers[(g, end)] = self._lister(g, end)
        return lister(0, parts)

    def _lister(self, g: int, end: int):
        """The listing of the cuts of group g's suffixes whose last number lands in column
        ``end - 1`` (any column when ``end`` is -1), memoised: a function of (start, parts)."""
        s = self.groups[g]
        width = len(s)
        fmask = (1 << width) - 1
        t = self.table(g, end)
        plain = self._plain[g]
        base = None if plain or end >= 0 else self.spans(g, self._base)[0]
        memo: dict[int, list[tuple[str, ...]]] = {}

        def heads(a: int, parts: int) -> range | list[int]:
            if plain:
                return range(a + 1, a + 2) if s[a] == "0" else range(a + 1, min(width, a + MAX_INT_DIGITS + 1))
            return (base if base is not None else self.spans(g, self._kind(end - parts))[0])[a]

        def rec(a: int, parts: int) -> list[tuple[str, ...]]:
            key = parts * width + a
            got = memo.get(key)
            if got is not None:
                return got
            if parts == 1:  # a feasible state: the rest of the group is one valid number
                got = [(s[a:],)]
            elif (left := (t[a] >> (parts * width)) & fmask) == 1:
                # one reading (most glued rows): walk it, taking at each step the one first
                # number after which the rest still has a reading
                nums = []
                while parts > 1:
                    shift = (parts - 1) * width
                    for i in heads(a, parts):
                        if (t[i] >> shift) & fmask:
                            break
                    nums.append(s[a:i])
                    a = i
                    parts -= 1
                nums.append(s[a:])
                got = [tuple(nums)]
            else:
                got = []
                shift = (parts - 1) * width
                for i in heads(a, parts):
                    c = (t[i] >> shift) & fmask
                    if c:
                        head = (s[a:i],)
                        got += [head + rest for rest in rec(i, parts - 1)]
                        left -= c  # this state's readings not yet listed
                        if not left:
                            break
            memo[key] = got
            return got

        return rec

    def over(self, g: int, parts: int, idx: int) -> list[tuple[str, ...]]:
        """The ways to cut groups g… into ``parts`` numbers (a feasible state)."""
        m = len(self.groups)
        if g == m:
            return [()] if parts == 0 else []
        if g == m - 1:  # the last group takes every number still needed
            return self.cut(g, parts, idx)
        key = (g, parts, idx if self._any_typed else 0)
        got = self._overs.get(key)
        if got is not None:
            return got
        got = []
        for p in range(max(1, parts - self._max_rest[g + 1]), min(parts - (m - g - 1), len(self.groups[g])) + 1):
            if self.count_cut(g, p, idx) and self.count_over(g + 1, parts - p, idx + p):
                tails = self.over(g + 1, parts - p, idx + p)
                for a_ in self.cut(g, p, idx):
                    got += [a_ + b_ for b_ in tails]
        self._overs[key] = got
        return got


def placements(values: tuple[str | None, ...], n: int) -> list[tuple[str | None, ...]]:
    """All ways to put ``values`` (in order) into ``n`` columns, the others blank."""
    ext = (*values, None)
    if n < 2:  # an itemgetter of one index gives the item, not a 1-tuple
        return [tuple(map(ext.__getitem__, pick)) for pick in _picks(n, len(values))]
    return [get(ext) for get in _getters(n, len(values))]


@lru_cache(maxsize=256)
def _picks(n: int, k: int) -> tuple[tuple[int, ...], ...]:
    """For each way (``itertools.combinations`` order) of choosing the ``k`` columns of ``n`` that
    hold values: the index, per column, of its value (``k`` for a blank column). Rows with dropped
    blanks are common in crawled and PDF text: a 7-column row of 3 values has 35 placements, table
    四's 15 columns with 5 values 3,003."""
    out = []
    for pos in itertools.combinations(range(n), k):
        pick = [k] * n
        for i, p in enumerate(pos):
            pick[p] = i
        out.append(tuple(pick))
    return tuple(out)


@lru_cache(maxsize=256)
def _getters(n: int, k: int) -> tuple[operator.itemgetter, ...]:
    """``_picks`` as itemgetters: a row is then made in one C call."""
    return tuple(operator.itemgetter(*pick) for pick in _picks(n, k))
