"""Page geometry → text lines and ruled tables, independent of the PDF library.

The PDF reader gets positioned characters and ruling lines from pdfium and turns them into text
lines and table grids here. The rules are the ones the reports were validated with under
pdfplumber (the reader's previous engine), kept exactly so every report reads as before:

* characters cluster into lines by their top (3 pt, chained), are ordered left to right within a
  line and split into words at a gap of more than 3 pt; words are joined with one space;
* a duplicate character (same text, font and size within 1 pt: fake bold) is dropped;
* ruling edges come from lines, rectangle sides and the straight pieces of other paths; parallel
  edges within 3 pt are snapped together, collinear ones with gaps up to 3 pt joined, edges
  shorter than 3 pt dropped; crossings (within 3 pt) are the corners of cells, a cell is the
  smallest rectangle whose four sides are ruled, and cells sharing a corner form a table.

Coordinates are pdfplumber's: x to the right and ``top``/``bottom`` downwards from the page top.
Everything is indexed (sorted lists, dictionaries), so a page costs O(n log n) in its characters
and edges, never the quadratic scans that made a 150 × 150 ruled grid hang.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import isfinite
from itertools import repeat
from operator import add, attrgetter, gt, itemgetter, le, lt, sub

X_TOL = 3.0
Y_TOL = 3.0
SNAP = 3.0
JOIN = 3.0
MIN_EDGE = 3.0
PREFILTER_EDGE = 1.0
CROSS_TOL = 3.0
DEDUPE_TOL = 1.0

LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    upright: bool
    size: float
    font: int  # identity of the font (for dedupe only)


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    chars: list[Char]


@dataclass(slots=True)
class Line:
    """A text line: its words joined with single spaces, and the box of its characters."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


# ---------------------------------------------------------------------------------------------
# Clustering (chained: a value joins the cluster when within ``tol`` of the previous value)
# ---------------------------------------------------------------------------------------------


def _cluster_of(keys: list[float], tol: float) -> tuple[list[int], int]:
    """Cluster number of every key (clusters numbered in key order) and the number of clusters.
    Chaining over the sorted values is the same as over the sorted distinct values."""
    n = len(keys)
    order = sorted(range(n), key=keys.__getitem__)
    ids = [0] * n
    cid = 0
    last = keys[order[0]]
    for i in order:
        k = keys[i]
        if k > last + tol:
            cid += 1
        ids[i] = cid
        last = k
    return ids, cid + 1


def cluster(objs: Sequence, key: Callable, tol: float, preserve_order: bool = False) -> list[list]:
    """Group objects whose ``key`` values chain within ``tol``; groups in key order (or in the
    objects' order with ``preserve_order``, consecutive equal clusters forming a group). Within
    a group objects keep their order."""
    n = len(objs)
    if n <= 1:
        return [list(objs)] if n else []
    ids, count = _cluster_of(list(map(key, objs)), tol)
    if preserve_order:
        out: list[list] = []
        prev = None
        for i, o in zip(ids, objs):  # noqa: B905 - ids has one entry per object
            if i != prev:
                cur: list = []
                out.append(cur)
                prev = i
            cur.append(o)
        return out
    if count == 1:
        return [list(objs)]
    groups: list[list] = [[] for _ in range(count)]
    for i, o in zip(ids, objs):  # noqa: B905 - ids has one entry per object
        groups[i].append(o)
    return groups


def cluster_indices(keys: list[float], tol: float) -> list[list[int]]:
    """``cluster(range(len(keys)), keys.__getitem__, tol)`` (the indices grouped by their
    keys): the groups are the runs of the indices sorted by key between gaps of more than
    ``tol`` — the same comparisons of neighbours in the same order as ``_cluster_of`` makes —
    each run put back in index order, without a Python step per index."""
    n = len(keys)
    if n <= 1:
        return [list(range(n))] if n else []
    order = sorted(range(n), key=keys.__getitem__)
    ks = list(map(keys.__getitem__, order))
    cuts = [j for j, a, b in zip(range(1, n), ks, ks[1:]) if b > a + tol]
    if not cuts:
        return [list(range(n))]
    bounds = [0, *cuts, n]
    return [sorted(order[a:b]) for a, b in zip(bounds, bounds[1:])]


# ---------------------------------------------------------------------------------------------
# Characters → words → lines
# ---------------------------------------------------------------------------------------------


def dedupe(chars: list[Char]) -> list[Char]:
    """Drop characters printed twice at (almost) the same place (fake bold, shadows): among
    characters of the same text, font and size whose tops chain within 1 pt and then whose x0s
    chain within 1 pt, only the top-left one (the first on ties) is kept.

    The characters are sorted by top once, so every group's indices arrive in top order and
    its top chains are cut in one scan (no sort per group). Most pages have no duplicate at
    all; ``_may_repeat`` proves that for them first, at a fraction of the cost."""
    if len(chars) < 2 or not _may_repeat(chars):
        return chars
    tops = [c.top for c in chars]
    groups: dict[tuple, list[int]] = {}
    get = groups.get
    for i in sorted(range(len(chars)), key=tops.__getitem__):
        c = chars[i]
        key = (c.upright, c.text, c.font, c.size)
        idx = get(key)
        if idx is None:
            groups[key] = [i]
        else:
            idx.append(i)
    drop: set[int] = set()
    for idx in groups.values():
        if len(idx) < 2:
            continue
        start, last = 0, tops[idx[0]]
        for k in range(1, len(idx) + 1):
            top = tops[idx[k]] if k < len(idx) else None
            if top is None or top > last + DEDUPE_TOL:
                if k - start > 1:
                    ycl = idx[start:k]
                    for xcl in _chains(ycl, [chars[i].x0 for i in ycl]):
                        if len(xcl) > 1:
                            keep = min(xcl, key=lambda i: (chars[i].top, chars[i].x0, i))
                            drop.update(i for i in xcl if i != keep)
                start = k
            last = top
    return [c for i, c in enumerate(chars) if i not in drop] if drop else chars


_SLOT = 1.25 * DEDUPE_TOL  # wider than the tolerance: no rounding puts a pair within it two slots apart
_CHAIN_SPAN = 1e5  # wider than a page: chains do not overlap (if they did, more pages would be checked)


def _may_repeat(chars: list[Char]) -> bool:
    """False only when ``dedupe`` cannot drop anything.

    A drop needs two characters of the same text whose tops are in one chain (1 pt) of their
    group's tops, and so in one chain of all the page's tops, and whose x0s are within 1 pt.
    First, whatever the text: when no two characters of one chain are that close, nothing can
    be dropped. Else, per text: such a pair is in the same or neighbouring slots of ``_SLOT``;
    with every (text, chain, slot) distinct and no text's slot next to another in its chain,
    no two characters can be duplicates. Positions that are not finite numbers are left to
    ``dedupe`` itself."""
    tops = list(map(_TOP, chars))
    x0s = list(map(_X0, chars))
    if not isfinite(sum(tops) + sum(x0s)):
        return True
    levels = sorted(set(tops))
    chain, cid, last = {}, 0, levels[0]
    for t in levels:
        if t > last + DEDUPE_TOL:
            cid += 1
        chain[t] = cid
        last = t
    chains = list(map(chain.__getitem__, tops))
    # the x0s of each chain laid out one chain after another (chain × _CHAIN_SPAN + x0) and
    # sorted have a gap within 1 pt wherever such a pair is (the values between are closer still)
    ranks = sorted([c * _CHAIN_SPAN + x for c, x in zip(chains, x0s)])
    if min(map(sub, ranks[1:], ranks)) > _SLOT:
        return False
    texts = list(map(_TEXT, chars))
    slots = [x // _SLOT for x in x0s]
    taken = set(zip(texts, chains, slots))
    if len(taken) < len(chars):
        return True
    return not taken.isdisjoint(zip(texts, chains, [b + 1.0 for b in slots]))


def _chains(idx: list[int], keys: list[float]) -> list[list[int]]:
    order = sorted(range(len(idx)), key=keys.__getitem__)
    out = [[idx[order[0]]]]
    last = keys[order[0]]
    for k in order[1:]:
        if keys[k] > last + DEDUPE_TOL:
            out.append([])
        out[-1].append(idx[k])
        last = keys[k]
    return out


def _new_word(prev: Char, cur: Char, upright: bool) -> bool:
    if upright:
        return cur.x0 < prev.x0 or cur.x0 > prev.x1 + X_TOL or abs(cur.top - prev.top) > Y_TOL
    return cur.top < prev.top or cur.top > prev.bottom + Y_TOL or abs(cur.x0 - prev.x0) > X_TOL


_LIGATURE_TABLE = str.maketrans(LIGATURES)
_HAS_LIGATURE = re.compile("[" + re.escape("".join(LIGATURES)) + "]").search


def _spelt(text: str) -> str:
    """``text`` with its ligatures spelt out. Most text has none, and finding that out costs a
    fraction of translating it (a CJK line of 16 characters: 0.1 µs against 0.9 µs)."""
    return text if text.isascii() or not _HAS_LIGATURE(text) else text.translate(_LIGATURE_TABLE)
_TEXT, _TOP, _X0, _UPRIGHT = attrgetter("text"), attrgetter("top"), attrgetter("x0"), attrgetter("upright")
_COLUMN_ORDER = attrgetter("top", "bottom")
_X1, _BOTTOM = attrgetter("x1"), attrgetter("bottom")
_ANY_SPACE = re.compile(r"\s")  # str.isspace() of one character


def _merge(chars: list[Char]) -> Word:
    """One word: its characters' box, and their texts with ligatures spelt out (every character
    is one code point, so translating the joined text is the same as mapping each)."""
    c = chars[0]
    if len(chars) == 1:
        return Word(LIGATURES.get(c.text, c.text), c.x0, c.x1, c.top, c.bottom, chars)
    text = _spelt("".join(map(_TEXT, chars)))
    return Word(text, min(map(_X0, chars)), max(map(attrgetter("x1"), chars)), min(map(_TOP, chars)),
                max(map(attrgetter("bottom"), chars)), chars)


def _line_groups(chars: list[Char]) -> list[tuple[bool, list[Char]]]:
    """The lines ``words`` reads, each in content order with its orientation: per run of
    consecutive characters of one orientation, the clusters of their tops (upright) or of their
    x0s (rotated, read as columns)."""
    out: list[tuple[bool, list[Char]]] = []
    for upright, grp in itertools.groupby(chars, key=_UPRIGHT):
        group = list(grp)
        for line in cluster(group, _TOP, Y_TOL) if upright else cluster(group, _X0, X_TOL):
            out.append((upright, line))
    return out


def _group_words(upright: bool, line: list[Char]) -> list[Word]:
    """The words of one line of ``_line_groups``, left to right (top to bottom when rotated)."""
    out: list[Word] = []
    if upright:
        _upright_words(sorted(line, key=_X0), out)
        return out
    cur: list[Char] = []
    for c in sorted(line, key=_COLUMN_ORDER):
        if c.text.isspace():
            if cur:
                out.append(_merge(cur))
            cur = []
        elif cur and _new_word(cur[-1], c, False):
            out.append(_merge(cur))
            cur = [c]
        else:
            cur.append(c)
    if cur:
        out.append(_merge(cur))
    return out


def words(chars: list[Char]) -> list[Word]:
    """Characters (in content order) → words, line by line, left to right.

    Upright characters cluster into lines by top; rotated ones into columns by x0 and read top
    to bottom. Whitespace characters only separate words."""
    return [w for upright, line in _line_groups(chars) for w in _group_words(upright, line)]


def _upright_words(line: list[Char], out: list[Word]) -> None:
    """``words`` for one line of upright characters sorted by x0 (``_new_word`` inlined: this
    runs once per character of the page)."""
    cur: list[Char] = []
    px0 = px1 = ptop = 0.0
    for c in line:
        if c.text.isspace():
            if cur:
                out.append(_merge(cur))
            cur = []
            continue
        x0, top = c.x0, c.top
        if cur and (x0 < px0 or x0 > px1 + X_TOL or abs(top - ptop) > Y_TOL):
            out.append(_merge(cur))
            cur = [c]
        else:
            cur.append(c)
        px0, px1, ptop = x0, c.x1, top
    if cur:
        out.append(_merge(cur))


def lines_of(ws: list[Word]) -> list[Line]:
    """Words (in ``words``' order) → text lines, top to bottom. A line's box is its words'."""
    out = []
    for grp in cluster(ws, _TOP, Y_TOL, preserve_order=True):
        out.append(Line(" ".join(map(_TEXT, grp)), min(map(_X0, grp)), max(map(attrgetter("x1"), grp)),
                        min(map(_TOP, grp)), max(map(attrgetter("bottom"), grp))))
    return out


def text_lines(chars: list[Char]) -> list[Line]:
    """The text lines of a page (or of any set of characters), top to bottom."""
    groups = _line_groups(chars)
    if all(upright for upright, _ in groups):
        return [ln for _, line in groups for ln in _upright_lines(line)]
    return lines_of([w for upright, line in groups for w in _group_words(upright, line)])


def _upright_lines(line: list[Char]) -> list[Line]:
    """The text lines of one line of ``_line_groups`` when every character is upright.

    ``lines_of`` clusters the words' tops; the tops of the words of one such line lie within its
    characters' tops, which are more than ``Y_TOL`` away from any other line's, so the lines
    of each line can be found on their own. When its tops are all within ``Y_TOL`` it is one
    text line: the words joined (``_one_line_text``) and the box of every character but the
    whitespace (which is in no word)."""
    tops = list(map(_TOP, line))
    if max(tops) - min(tops) > Y_TOL:
        return lines_of(_group_words(True, line))
    one = _one_line_top(line, tops)
    return _one_line(line, *one) if one else []


def _one_line_top(line: list[Char], tops: list[float]) -> tuple[float, bool] | None:
    """For a line of ``_upright_lines`` that is one text line: its top (its solid characters')
    and whether it holds whitespace; None when it holds nothing else (no text line)."""
    if _ANY_SPACE.search("".join(map(_TEXT, line))):
        solid = [c.top for c in line if not c.text.isspace()]
        return (min(solid), True) if solid else None
    return min(tops), False


def _one_line(line: list[Char], top: float, spaced: bool) -> list[Line]:
    """The text line of a line of ``_upright_lines`` that is one, given ``_one_line_top``."""
    solid = [c for c in line if not c.text.isspace()] if spaced else line
    return [Line(_one_line_text(sorted(line, key=_X0)), min(map(_X0, solid)), max(map(_X1, solid)), top,
                 max(map(_BOTTOM, solid)))]


class PageLines:
    """The text lines of a page's characters, kept line by line (a line of ``_line_groups``),
    so that the lines of the characters outside its tables are found without reading the rest
    again, and the tops of all of them (what the page's line numbers count) without making the
    text of lines that are inside tables.

    Removing characters never joins two lines of ``_line_groups`` (the gap between them only
    grows), it can only split the lines it takes characters from. So when every character is
    upright (one run for ``words``), the text lines of the remaining characters are those of
    the untouched lines as they were plus those of the parts what is left of each touched line
    clusters into, in the same order: the same result as ``text_lines`` of the remaining
    characters."""

    __slots__ = ("chars", "groups", "index", "made", "tops", "upright", "_all")

    def __init__(self, chars: list[Char]) -> None:
        self.chars = chars
        self._all: list[Line] | None = None
        self.upright = all(map(_UPRIGHT, chars))  # every character
        if chars and self.upright:
            # ``_line_groups`` of characters all upright: the clusters of their tops, made of
            # the indices so that ``of`` can tell the kept ones by number
            tops = list(map(_TOP, chars))
            self.index: list[list[int]] = cluster_indices(tops, Y_TOL)
            self.groups = [(True, list(map(chars.__getitem__, g))) for g in self.index]
        else:
            self.index = []
            self.groups = _line_groups(chars)
        if not all(upright for upright, _ in self.groups):
            self._all = text_lines(chars)
            self.made: list[list[Line] | tuple[float, bool]] = []
            self.tops = [ln.top for ln in self._all]
            return
        self.made = []  # the lines of each line, or ``_one_line_top`` of one made when asked
        self.tops = []
        for _, line in self.groups:
            tops = list(map(_TOP, line))
            if max(tops) - min(tops) > Y_TOL:
                lines = lines_of(_group_words(True, line))
                self.made.append(lines)
                self.tops += [ln.top for ln in lines]
                continue
            one = _one_line_top(line, tops)  # one text line, made when asked, or none
            self.made.append(one or [])
            if one:
                self.tops.append(one[0])

    def _lines(self, k: int) -> list[Line]:
        made = self.made[k]
        return _one_line(self.groups[k][1], *made) if isinstance(made, tuple) else made

    def of(self, kept: list[int] | None = None) -> list[Line]:
        """``text_lines`` of the characters at ``kept``, increasing indices into the page's
        characters (None: all of them)."""
        whole = kept is None or len(kept) == len(self.chars)
        if self._all is not None:
            return self._all if whole else text_lines(list(map(self.chars.__getitem__, kept)))
        if whole:
            return [ln for k in range(len(self.groups)) for ln in self._lines(k)]
        has = set(kept).__contains__
        chars = self.chars
        out: list[Line] = []
        for k, idx in enumerate(self.index):
            if all(map(has, idx)):
                out += self._lines(k)
            elif any(map(has, idx)):
                for part in cluster([chars[i] for i in idx if has(i)], _TOP, Y_TOL):
                    out += _upright_lines(part)
        return out


def _one_line_text(line: list[Char]) -> str:
    """``" ".join`` of the words of upright characters sorted by x0 whose tops are all within
    ``Y_TOL`` of each other, without making the words: a word ends at a gap (``_new_word``;
    the tops never differ enough) and at whitespace, which ``str.split`` drops as
    ``_upright_words`` does (every character is one code point)."""
    text = "".join(map(_TEXT, line))
    if len(line) > 1:
        x0s = list(map(_X0, line))
        ends = list(map(add, map(_X1, line), repeat(X_TOL)))
        after = x0s[1:]
        cuts = None
        if any(map(gt, after, ends)) or any(map(lt, after, x0s)):
            cuts = [k for k, (a, b, end) in enumerate(zip(x0s, after, ends), 1) if b < a or b > end]
        if cuts:
            bounds = [0, *cuts, len(text)]
            text = " ".join(w for a, b in zip(bounds, bounds[1:]) for w in text[a:b].split())
        else:
            text = " ".join(text.split())
    elif text.isspace():
        return ""
    return _spelt(text)


LINES_IN_CELLS = True  # cell_text's shortcut for cells of several one-line lines (off: the words, for tests)


def cell_text(chars: list[Char], upright: bool = False) -> str:
    """The text of one table cell: its lines joined with newlines (``upright``: the caller
    knows every character is upright).

    Most cells are one line of upright characters (tops within ``Y_TOL`` of each other): they
    form one cluster, and so do their words, so the words are built directly. A cell of
    several such lines (a wrapped label) is read line by line the same way: the lines of
    upright characters are clusters of their tops more than ``Y_TOL`` apart, so the words of
    one line (whose tops lie within its characters') cluster together and apart from the
    others' (``_upright_lines``' argument); a line of whitespace alone has no words, and no
    text."""
    if len(chars) == 1:  # one word of one character, or none (whatever its orientation)
        text = chars[0].text
        return "" if text.isspace() else LIGATURES.get(text, text)
    if chars and (upright or all(map(_UPRIGHT, chars))):
        tops = list(map(_TOP, chars))
        if max(tops) - min(tops) <= Y_TOL:
            return _one_line_text(sorted(chars, key=_X0))
        if LINES_IN_CELLS and isfinite(sum(tops)):
            lines = cluster(chars, _TOP, Y_TOL)
            if all(max(map(_TOP, ln)) - min(map(_TOP, ln)) <= Y_TOL for ln in lines):
                return "\n".join(filter(None, [_one_line_text(sorted(ln, key=_X0)) for ln in lines]))
    return "\n".join(" ".join(map(_TEXT, grp)) for grp in cluster(words(chars), _TOP, Y_TOL))


# ---------------------------------------------------------------------------------------------
# Ruling edges
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Edge:
    """A horizontal ("h") or vertical ("v") ruling; ``top == bottom`` for "h", ``x0 == x1`` for
    "v" except for a slanted line, which counts as vertical at ``x0`` (pdfplumber does so)."""

    orient: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def length(self) -> float:
        return self.x1 - self.x0 if self.orient == "h" else self.bottom - self.top


class EdgeSink:
    """Edges of a page in pdfplumber's order: lines, then rectangle sides, then polyline pieces
    (the order fixes the last bits of the snapped positions).

    A page drawn as one-line paths alone (a ruled table) keeps its lines as their end points
    (``pairs``, the points of ``path_edges``) until ``lines`` is asked for: ``merged`` takes
    the rows it works on straight from the points, without an ``Edge`` per line."""

    __slots__ = ("_lines", "pairs", "rects", "curves")

    def __init__(self) -> None:
        self._lines: list[Edge] = []
        self.pairs: list[tuple[float, float]] = []  # lines as points a, b, a, b, … (after ``_lines``)
        self.rects: list[Edge] = []
        self.curves: list[Edge] = []

    @property
    def lines(self) -> list[Edge]:
        if self.pairs:
            self.make_lines()
        return self._lines

    def make_lines(self) -> None:
        """The lines kept as points made into edges (after those made before)."""
        pts, self.pairs = self.pairs, []
        self._lines += map(_line, pts[::2], pts[1::2])

    def all(self) -> list[Edge]:
        return self.lines + self.rects + self.curves

    def __bool__(self) -> bool:
        return bool(self.pairs or self._lines or self.rects or self.curves)


def path_edges(ops: str, pts: list[tuple[float, float]], out: EdgeSink) -> None:
    """One painted path (or several, one after another) → edges, as pdfminer classifies it: a
    subpath "ml" is a line, a closed axis-aligned "mlllh" a rectangle (four edges), anything
    else a polyline whose straight horizontal and vertical pieces are edges (curves count by
    their end points).

    ``ops`` has one letter per point ("m", "l", "c", "h"); ``pts`` are in top-down coordinates.
    Subpaths are cut at every "m"; a ruled table's paths are all lines ("mlml…"), made in one go."""
    n = len(ops)
    if n % 2 == 0 and ops == "ml" * (n // 2):
        if out:
            out.lines.extend(map(_line, pts[::2], pts[1::2]))
        else:
            out.pairs = pts
        return
    if out.pairs:  # the lines kept as points come first: the order stays the drawing order
        out.make_lines()
    start = 0
    while start < n:
        k = ops.find("m", start + 1)
        if k < 0:
            k = n
        if k - start > 1:
            _subpath(ops[start:k], pts[start:k], out)
        start = k


def _line(a: tuple[float, float], b: tuple[float, float]) -> Edge:
    """The edge of a subpath "ml" from ``a`` to ``b``. The ends are ordered as ``min`` and
    ``max`` of the two would order them (the first unless the second is smaller, or larger),
    without a call each: a ruled table is hundreds of these."""
    (xa, ya), (xb, yb) = a, b
    top, bottom = (yb if yb < ya else ya), (yb if yb > ya else ya)
    return Edge("h" if top == bottom else "v", xb if xb < xa else xa, xb if xb > xa else xa, top, bottom)


def _subpath(shape: str, pts: list[tuple[float, float]], out: EdgeSink) -> None:
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-1]
    if shape in ("ml", "mlh"):
        out.lines.append(_line(pts[0], pts[1]))
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), p4 = pts
        if pts[0] == p4 and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                             or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            out.rects += (Edge("h", left, right, top, top), Edge("h", left, right, bottom, bottom),
                          Edge("v", left, left, top, bottom), Edge("v", right, right, top, bottom))
            return
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        if xa == xb:
            out.curves.append(Edge("v", xa, xb, min(ya, yb), max(ya, yb)))
        elif ya == yb:
            out.curves.append(Edge("h", min(xa, xb), max(xa, xb), ya, yb))


def merged(sink: EdgeSink) -> list[Edge]:
    """``merge_edges`` of the sink's edges; for a sink of lines kept as points alone, the rows
    are made from the points (``_line_rows``) instead of from an ``Edge`` per line."""
    if sink.pairs and not (sink._lines or sink.rects or sink.curves):
        return _merged_rows(*_line_rows(sink.pairs))
    return merge_edges(sink.all())


def _line_rows(pts: list[tuple[float, float]]) -> tuple[list[list[float]], list[list[float]]]:
    """``merge_edges``' rows of the edges ``_line`` makes of the pairs of points (the same
    comparisons, so the same orientation and ends, whatever the numbers)."""
    h: list[list[float]] = []
    v: list[list[float]] = []
    for (xa, ya), (xb, yb) in zip(pts[::2], pts[1::2]):
        top, bottom = (yb if yb < ya else ya), (yb if yb > ya else ya)
        x0, x1 = (xb if xb < xa else xa), (xb if xb > xa else xa)
        if top == bottom:
            if x1 - x0 >= PREFILTER_EDGE:
                h.append([top, bottom, x0, x1])
        elif bottom - top >= PREFILTER_EDGE:
            v.append([x0, x1, top, bottom])
    return h, v


def merge_edges(edges: list[Edge]) -> list[Edge]:
    """Snap, join and filter: the rulings a table is built from.

    Each orientation is worked on as rows ``[position, its twin, start, end]`` — ``[top, bottom,
    x0, x1]`` of a horizontal edge, ``[x0, x1, top, bottom]`` of a vertical one — and only what
    is left is made into edges again."""
    h = [[e.top, e.bottom, e.x0, e.x1] for e in edges if e.orient == "h" and e.x1 - e.x0 >= PREFILTER_EDGE]
    v = [[e.x0, e.x1, e.top, e.bottom] for e in edges if e.orient == "v" and e.bottom - e.top >= PREFILTER_EDGE]
    return _merged_rows(h, v)


def _merged_rows(h: list[list[float]], v: list[list[float]]) -> list[Edge]:
    """``merge_edges`` from its rows."""
    # pdfplumber lists vertical groups before horizontal ones only through its sort key
    # ("h" < "v"); the order does not change the cells found.
    out = [Edge("h", x0, x1, top, bottom) for top, bottom, x0, x1 in _joined(h)]
    out += [Edge("v", x0, x1, top, bottom) for x0, x1, top, bottom in _joined(v)]
    return out


def _snap(rows: list[list[float]]) -> None:
    """Move the rows whose positions chain within ``SNAP`` to their mean position (the twin by
    as much)."""
    if not rows:
        return
    ids, count = _cluster_of([r[0] for r in rows], SNAP)
    sums: list[float] = [0] * count
    sizes = [0] * count
    for i, r in zip(ids, rows):  # noqa: B905 - ids has one entry per row
        sums[i] += r[0]
        sizes[i] += 1
    for i, r in zip(ids, rows):  # noqa: B905
        d = sums[i] / sizes[i] - r[0]
        r[0] += d
        r[1] += d


def _joined(rows: list[list[float]]) -> list[list[float]]:
    """``_snap`` the rows, join those at one position whose extents overlap or are within
    ``JOIN`` of each other (in place), and keep the ones at least ``MIN_EDGE`` long."""
    _snap(rows)
    rows.sort(key=_POSITION)
    out: list[list[float]] = []
    for _, same in itertools.groupby(rows, key=_POSITION):
        line = sorted(same, key=_START)
        last = line[0]
        out.append(last)
        for r in line[1:]:
            if r[2] <= last[3] + JOIN:
                if r[3] > last[3]:
                    last[3] = r[3]
            else:
                out.append(r)
                last = r
    return [r for r in out if r[3] - r[2] >= MIN_EDGE]


_POSITION, _START = itemgetter(0), itemgetter(2)


_BOX = attrgetter("x0", "x1", "top", "bottom")


# ---------------------------------------------------------------------------------------------
# Edges → crossings → cells → tables
# ---------------------------------------------------------------------------------------------

Cell = tuple[float, float, float, float]  # x0, top, x1, bottom


def crossings(edges: list[Edge], limit: int, on_limit: Callable[[int], None]) -> dict[tuple[float, float], tuple[set[int], set[int]]]:
    """Points where a vertical and a horizontal edge meet (within 3 pt), with the ids of the
    edges through each. ``on_limit(n)`` is called (and must raise) past ``limit`` points."""
    vs = sorted((e for e in edges if e.orient == "v"), key=attrgetter("x0", "top"))
    hs = sorted((e for e in edges if e.orient == "h"), key=attrgetter("top", "x0"))
    tops = [h.top for h in hs]
    # identical boxes are one edge for the cell test (pdfplumber compares edges by their box)
    box_id: dict[tuple, int] = {}
    vid = [box_id.setdefault(("v", box), len(box_id)) for box in map(_BOX, vs)]
    hid = [box_id.setdefault(("h", box), len(box_id)) for box in map(_BOX, hs)]
    points: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for v, iv in zip(vs, vid, strict=True):
        lo = bisect_left(tops, v.top - CROSS_TOL)
        for k in range(lo, len(hs)):
            h = hs[k]
            if h.top > v.bottom + CROSS_TOL:
                break
            if h.x0 - CROSS_TOL <= v.x0 <= h.x1 + CROSS_TOL:
                p = (v.x0, h.top)
                got = points.get(p)
                if got is None:
                    points[p] = got = (set(), set())
                    if len(points) > limit:
                        on_limit(len(points))
                got[0].add(iv)
                got[1].add(hid[k])
    return points


def cells(points: dict[tuple[float, float], tuple[set[int], set[int]]]) -> list[Cell]:
    """For every crossing, the smallest ruled rectangle with that crossing as top-left corner."""
    by_x: dict[float, list[tuple[float, float]]] = {}
    by_y: dict[float, list[tuple[float, float]]] = {}
    pos_x: dict[tuple[float, float], int] = {}
    pos_y: dict[tuple[float, float], int] = {}
    ordered = sorted(points)
    for p in ordered:  # the crossings of each column and row in order, and where each one is
        col = by_x.get(p[0])
        if col is None:
            by_x[p[0]] = col = []
        pos_x[p] = len(col)
        col.append(p)
        row = by_y.get(p[1])
        if row is None:
            by_y[p[1]] = row = []
        pos_y[p] = len(row)
        row.append(p)
    # two crossings are joined vertically (horizontally) when a vertical (horizontal) edge runs
    # through both: their sets of vertical (horizontal) edge ids meet
    out: list[Cell] = []
    get = points.get
    for pt in ordered:
        x, y = pt
        col, row = by_x[x], by_y[y]
        below, right = pos_x[pt] + 1, pos_y[pt] + 1
        if below == len(col) or right == len(row):  # the last of its column or row: no cell
            continue
        pv, ph = points[pt]
        found = None
        for b in col[below:]:
            bv, bh = points[b]
            if pv.isdisjoint(bv):
                continue
            by = b[1]
            for r in row[right:]:
                rv, rh = points[r]
                if ph.isdisjoint(rh):
                    continue
                got = get((r[0], by))
                if got is not None and not got[0].isdisjoint(rv) and not got[1].isdisjoint(bh):
                    found = (x, y, r[0], by)
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


def tables(found: list[Cell]) -> list[list[Cell]]:
    """Cells sharing a corner, transitively, form one table; tables of one cell are dropped.
    Ordered top to bottom, then left to right."""
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # a component's root is its first cell; a cell is its own root until its corners join it
    # to earlier cells (the owners of corners are earlier cells), so its root is tracked here
    owner: dict[tuple[float, float], int] = {}
    claim = owner.setdefault
    for i, (x0, top, x1, bottom) in enumerate(found):
        mine = i
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = claim(corner, i)
            if j != i:
                while parent[j] != j:  # root(j), inline: a ruled grid asks this for most corners
                    parent[j] = j = parent[parent[j]]
                if j != mine:
                    first, other = (mine, j) if mine < j else (j, mine)
                    parent[other] = mine = first
    groups: dict[int, list[Cell]] = {}
    for i, c in enumerate(found):
        groups.setdefault(root(i), []).append(c)
    out = [g for g in groups.values() if len(g) > 1]
    out.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return out


def table_rows(table: list[Cell]) -> list[list[Cell | None]]:
    """Rows of a table: cells with the same top, placed at the table's column x0s; ``None`` where
    a merged cell from the left or from above covers the position."""
    xs = sorted({c[0] for c in table})
    rows = []
    for _, grp in itertools.groupby(sorted(table, key=_TOP_LEFT), key=_CELL_TOP):
        at = {c[0]: c for c in grp}
        rows.append([at.get(x) for x in xs])
    return rows


_TOP_LEFT, _CELL_TOP = itemgetter(1, 0), itemgetter(1)
_C0, _C1, _C2, _C3 = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)  # a cell's sides

CentreIndex = tuple[list[float], list[int], list[float], list[float]]


def centre_index(chars: list[Char]) -> CentreIndex:
    """The characters' vertical centres sorted, with the index of the character of each, and
    every character's horizontal and vertical centre: made once per page for all its tables."""
    cys = [(c.top + c.bottom) / 2 for c in chars]
    cxs = [(c.x0 + c.x1) / 2 for c in chars]
    if isfinite(sum(cys)):
        order = sorted(range(len(chars)), key=cys.__getitem__)  # stable: ties by index
    else:  # the (centre, index) order, which ``sorted`` defines even with NaN
        order = [i for _, i in sorted((m, i) for i, m in enumerate(cys))]
    return [cys[i] for i in order], order, cxs, cys


FILLED_ROWS = True  # table_text's shortcut for rows whose cells fill them (off: the general test, for tests)


def _filled(real: list[Cell], lefts: list[float], top: float, bottom: float, x1: float) -> bool:
    """Do the cells of a row, side by side and in order, fill it: each ending where the next
    starts, the last at the row's right, all from its top to its bottom? Then a character of
    the row's band (centre from ``top`` to below ``bottom``, on sorted centres) whose centre is
    from the row's left to before ``x1`` lies in the cell bisection on ``lefts`` gives: at or
    right of its left, left of its right (the next cell's left, or ``x1``), inside its top and
    bottom (the row's)."""
    return (list(map(_C2, real[:-1])) == lefts[1:] and real[-1][2] == x1
            and all(map(top.__eq__, map(_C1, real))) and all(map(bottom.__eq__, map(_C3, real))))


def table_text(rows: list[list[Cell | None]], chars: list[Char],
               index: CentreIndex | None = None, upright: bool = False) -> list[list[str | None]]:
    """The text of every cell: the characters whose centre lies inside it (left/top inclusive);
    ``upright``: the caller knows every character is (``PageLines.upright``).

    A row's characters are found by bisection on their vertical centres (``index``, the
    ``centre_index`` of ``chars``); when the row's cells do not overlap horizontally (ruled
    cells never do) each character goes to the one cell whose x range holds its centre, found
    by bisection, instead of every cell testing every character."""
    keys, order, cxs, cys = index or centre_index(chars)
    sorted_keys = isfinite(sum(keys))  # no NaN: the band of a row holds only centres within it
    out = []
    for row in rows:
        real = [c for c in row if c is not None]
        x0, top = min(map(_C0, real)), min(map(_C1, real))
        x1, bottom = max(map(_C2, real)), max(map(_C3, real))
        band = sorted(order[bisect_left(keys, top):bisect_left(keys, bottom)])
        in_row = [i for i in band if x0 <= cxs[i] < x1]
        lefts = [c[0] for c in real]
        if all(map(le, map(_C2, real), map(_C0, real[1:]))) and lefts == sorted(lefts):  # side by side
            inside: list[list[Char]] = [[] for _ in real]
            if FILLED_ROWS and sorted_keys and _filled(real, lefts, top, bottom, x1):
                for i in in_row:  # each character is in the cell bisection finds (see _filled)
                    inside[bisect_right(lefts, cxs[i]) - 1].append(chars[i])
            else:
                for i in in_row:
                    mid = cxs[i]
                    k = bisect_right(lefts, mid) - 1
                    if k >= 0:
                        cx0, ctop, cx1, cbottom = real[k]
                        if mid < cx1 and ctop <= cys[i] < cbottom:
                            inside[k].append(chars[i])
            found = iter(inside)
            out.append([None if cell is None else (cell_text(got, upright) if (got := next(found)) else "")
                        for cell in row])
            continue
        texts: list[str | None] = []
        for cell in row:
            if cell is None:
                texts.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            got = [chars[i] for i in in_row if cx0 <= cxs[i] < cx1 and ctop <= cys[i] < cbottom]
            texts.append(cell_text(got, upright) if got else "")
        out.append(texts)
    return out
