"""Tables 二, 三 and 四: label anchors in the stream, row readings, identities, cells.

For each table the rows are looked up in template order inside the table's section; the text
between one row's label and the next label is that row's value region (see ``rowread``).
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass, field

from gxtui import templates
from gxtui.templates import vocab
from gxtui.extract import detached, evidence, solve
from gxtui.extract.labels import (MIN_FUZZY, NEAR_PIECE, LabelMatch, _label_chars, _numbered, abridged_possible,
                                  fewest_edits, find_abridged, find_label, find_prefix, label_core, max_distance,
                                  near_miss, new_match, strip_numbering, subsequence)
from gxtui.extract.rowread import RowReading, placements, read_row
from gxtui.extract.stream import DIGIT_GAP, SEP_CELL, SEP_PARA, SEP_ROW, SPANNED, Stream
from gxtui.extract.values import is_value_token, parse_value
from gxtui.model import Anomaly, Cell, row_cells
from gxtui.normalize import compact


MAX_JOINT = 200  # joint readings kept per row for the cross-year tie-breaker (more: not kept)


@dataclass
class TableResult:
    cells: list[Cell] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    found: bool = False
    end: int = 0  # stream offset where the table's last value region ends
    open_row: str | None = None  # the row whose value region runs to the end of the text
    joint: dict[tuple[str, str], tuple[dict[str, str | None], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class _BlockLayout:
    """What reading one block of table 二 needs from the template, derived once."""

    caption: tuple[str, ...]  # the compact caption, as find_label's labels
    rows: list[tuple[str, tuple[str, ...]]]  # (row key, compact labels)
    cols: list[str]
    cols_zh: list[str]
    cols_en: list[str]
    kinds: tuple[tuple[bool, bool], ...]  # (signed, decimal) per column
    signed: bool
    decimal: bool
    labels: dict[str, str]  # row key -> published label
    headers: list[tuple[str, ...]]  # per column: compact header and aliases


@dataclass(frozen=True)
class _Layout:
    """A template's labels, keys and names in the shapes the readers below use them. A template
    never changes after loading, so this is built once per template instead of once per report
    (compacting labels and asking the vocabulary for English names was a per-report cost)."""

    t3_rows: list[tuple[str, tuple[str, ...]]]
    t3_row_of: dict
    t3_labels: dict[str, str]
    t3_levels: dict[str, int]
    t3_cols: list[str]
    t3_cols_zh: list[str]
    t3_cols_en: list[str]
    t4_cols: list[str]
    t4_cols_zh: list[str]
    t4_cols_en: list[str]
    t2_blocks: dict[str, _BlockLayout]


_LAYOUTS: dict[int, tuple[templates.Template, _Layout]] = {}


def _layout(tpl: templates.Template) -> _Layout:
    """The cached ``_Layout`` of ``tpl`` (keyed by identity; the template is kept alive with it)."""
    hit = _LAYOUTS.get(id(tpl))
    if hit is not None and hit[0] is tpl:
        return hit[1]
    row_of = {r.key: r for r in tpl.t3_rows} | {r.key: r for r, _ in tpl.t3_collapsed}
    blocks = {}
    for b in tpl.t2_blocks:
        kinds = tuple((c.kind == "signed", c.kind.startswith("money")) for c in b.columns)
        blocks[b.key] = _BlockLayout(
            caption=(compact(b.caption),),
            rows=[(r.key, r.match_labels) for r in b.rows],
            cols=[c.key for c in b.columns],
            cols_zh=[c.label for c in b.columns],
            cols_en=[vocab.col_label("table2", c.key, "en") for c in b.columns],
            kinds=kinds,
            signed=any(k for k, _ in kinds),
            decimal=any(d for _, d in kinds),
            labels={r.key: r.label for r in b.rows},
            headers=[(compact(c.label),) + tuple(compact(a) for a in c.aliases) for c in b.columns],
        )
    out = _Layout(
        t3_rows=[(r.key, r.match_labels + ((compact(r.short),) if r.short else ())) for r in tpl.t3_rows],
        t3_row_of=row_of,
        t3_labels={k: r.display for k, r in row_of.items()},
        t3_levels={r.key: r.level for r in tpl.t3_rows},
        t3_cols=[c.key for c in tpl.t3_columns],
        t3_cols_zh=[c.label for c in tpl.t3_columns],
        t3_cols_en=[vocab.col_label("table3", c.key, "en") for c in tpl.t3_columns],
        t4_cols=[c.key for c in tpl.t4_columns],
        t4_cols_zh=[f"{g.label}{c.label}" for g in tpl.t4_groups for c in tpl.t4_columns],
        t4_cols_en=[f"{vocab.row_label('table4', g.key, 'en')} {vocab.col_label('table4', c.key, 'en')}"
                    for g in tpl.t4_groups for c in tpl.t4_columns],
        t2_blocks=blocks,
    )
    _LAYOUTS[id(tpl)] = (tpl, out)
    return out


def detect_layout(stream: Stream, start: int, end: int) -> str:
    """How a table region stores its cells: "grid", "lines" or "glued"."""
    if stream.text.count(SEP_CELL, start, end) >= 8:
        return "grid"
    # six lines that are values, or values separated by digit gaps, make the region "lines"
    # (counted up to six: the rest of the region is not looked at)
    whole = 0
    for p in stream.text[start:end].split(SEP_PARA):
        if p and (is_value_token(p.replace(DIGIT_GAP, "")) or
                  DIGIT_GAP in p and all(is_value_token(t) for t in p.split(DIGIT_GAP) if t)):
            whole += 1
            if whole >= 6:
                return "lines"
    return "glued"


# Whether a row label without aliases is looked for in ``_anchor_rows`` itself before
# ``find_label`` (tests set it False to compare with every row through ``find_label``).
EXACT_FIRST = True


def _anchor_rows(stream: Stream, rows: list[tuple[str, tuple[str, ...]]], start: int, end: int,
                 table: str, anomalies: list[Anomaly]) -> list[tuple[str, LabelMatch | None]]:
    """Find each row label. Records tolerated deviations as anomalies.

    1. in template order, each label after the previous one (exact, alias, unnumbered, wrapped
       over lines, near-miss);
    2. a label still missing is looked for anywhere before the next row found, outside the rows
       already placed (PDF extraction moves wrapped labels ahead of rows read in one piece);
    3. then, only between its neighbours, by its number and the start of its words (a label whose
       end was garbled) or a near-miss scaled by the label's length that is closer to it than to
       any other row's label.
    """
    text = stream.text
    find = text.find
    found: list[LabelMatch | None] = []
    failed: list[int] = []  # per row: where its search over [failed, end) found nothing, or -1
    pos = start
    exact = True  # every row found by its official label (no anomaly to record)
    for key, labels in rows:
        # a row with no alias found by its label (most rows): what find_label returns for it,
        # without the call (``EXACT_FIRST`` off: every row through find_label)
        j = find(labels[0], pos, end) if len(labels) == 1 and EXACT_FIRST else -1
        if j >= 0:
            found.append(new_match(LabelMatch, (j, j + len(labels[0]), "exact", labels[0], 0)))
            failed.append(-1)
            pos = j + len(labels[0])
            continue
        m = find_label(text, labels, pos, end)
        failed.append(-1 if m is not None else pos)
        if m is None:
            found.append(None)
            exact = False
            continue
        exact = exact and m.how == "exact"
        found.append(m)
        pos = m.end
    if exact:
        return list(zip([key for key, _ in rows], found))
    if None in found:
        _second_pass(text, rows, found, start, end, failed if REUSE_FAILURES else None)
    out: list[tuple[str, LabelMatch | None]] = []
    for (key, labels), m in zip(rows, found):
        if m is not None and m.how in ("unnumbered", "fuzzy", "weak"):
            m = _with_number(text, m, labels[0])
        if m is not None and m.how not in ("exact", "wrapped"):
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
            elif m.how == "weak":
                anomalies.append(Anomaly(
                    "label-unreadable", f"表{_T[table]}“{official}”行的标签难以辨认（原文“{m.found}”），"
                    f"该行数值列为无法确定 / the label of row \"{vocab.row_label(table, key, 'en')}\" is not "
                    f"legible ({m.found!r}); its "
                    f"cells are unknown", line, table, key))
        out.append((key, m))
    return out


def _with_number(text: str, m: LabelMatch, label: str) -> LabelMatch:
    """A label matched without its number (``申请人逾期…`` for ``2.申请人逾期…``) whose number is
    printed just before it: the number belongs to the label, not to the previous row's digits."""
    num = label[: len(label) - len(label_core(label))]
    if num and not m.found.startswith(num) and text.startswith(num, m.start - len(num)):
        return LabelMatch(m.start - len(num), m.end, m.how, num + m.found, m.distance)
    return m


# Whether the second pass reuses what the first pass proved absent (tests set it False to
# compare with the searches made again).
REUSE_FAILURES = True


def _second_pass(text: str, rows: list[tuple[str, tuple[str, ...]]], found: list[LabelMatch | None],
                 start: int, end: int, failed: list[int] | None = None) -> None:
    """Steps 2 and 3 of ``_anchor_rows`` for the rows the first pass left missing.

    ``failed[i]`` (when given) is where the first pass's ``find_label`` over ``[failed[i], end)``
    found nothing for row ``i``. Its exact, alias, unnumbered and wrapped searches then find
    nothing in any span inside that one either (an occurrence there is one in the larger span,
    which would have been found as exact or wrapped), so they are not made again; and its
    near-miss search of the very same span with the same allowance found nothing. Tables that are
    not there (text around them only, all of their rows failing) cost half as much so.
    """
    def free(m: LabelMatch) -> bool:
        return all(o is None or m.end <= o.start or m.start >= o.end for o in found)

    def nxt(i: int) -> int:
        return next((o.start for o in found[i + 1:] if o is not None), end)

    def prv(i: int) -> int:
        return next((o.end for o in reversed(found[:i]) if o is not None), start)

    for i, (key, labels) in enumerate(rows):
        if found[i] is not None or len(label_core(labels[0])) < MIN_FUZZY:
            continue
        if failed is not None and failed[i] == start:
            continue  # the search below (over a span inside [start, end)) cannot find it
        hi = nxt(i)
        pos = start
        while pos < hi:
            m = find_label(text, labels, pos, hi, fuzzy=False)
            if m is None:
                break
            if free(m):
                found[i] = m
                break
            pos = m.start + 1
    others = [label_core(labels[0]) for _, labels in rows]
    for i, (key, labels) in enumerate(rows):
        if found[i] is not None:
            continue
        lo, hi = prv(i), nxt(i)
        if lo > hi:
            lo, hi = min(lo, hi), max(lo, hi)
        m = find_prefix(text, labels[0], lo, hi)
        if m is None:
            m = find_abridged(text, labels[0], lo, hi)
            if m is not None and any(subsequence(strip_numbering(m.found), o) for j, o in enumerate(others) if j != i):
                m = None
        if m is None and len(others[i]) >= MIN_FUZZY:
            if failed is not None and 0 <= failed[i] <= lo:
                # only the near-miss search can succeed in a span inside the one that failed;
                # the same span with the same allowance as the first pass's cannot
                d = max_distance(others[i])
                if lo != failed[i] or hi != end or d > 2:
                    m = near_miss(text, labels, lo, hi, d)
            else:
                m = find_label(text, labels, lo, hi, wrapped=False, scaled=True)
            if m is not None and m.how == "fuzzy" and not _closest(m.found, i, others):
                m = None
        if m is not None and free(m):
            found[i] = m
    for i, (key, labels) in enumerate(rows):
        if found[i] is not None or i == 0 or i == len(rows) - 1:
            continue
        if found[i - 1] is None or found[i + 1] is None:
            continue
        lo, hi = prv(i), nxt(i)
        if lo < hi:
            m = _weak(text, i, others, lo, hi)
            if m is not None and free(m):
                found[i] = m


def _possible_rows(text: str, rows: list[tuple[str, tuple[str, ...]]], start: int, end: int,
                   enough: int) -> list[bool] | None:
    """Which of ``rows`` ``_anchor_rows`` may find in ``text[start:end]``: a superset of the rows it
    finds, or None as soon as ``enough`` rows may be. A row can only be found, by any of its steps,
    in a span inside this one, so it may be when this span

    * holds one of its labels (or the official one unnumbered), its paragraph breaks removed
      (exact, alias, unnumbered and wrapped matches);
    * holds its number and the start of its words (``find_prefix``, over the whole span) or its
      number and words that can begin a shortened wording (``abridged_possible``);
    * has a piece between separators long enough for a near miss of the label that lacks no more
      of the label's characters than the most edits a near miss may have (a near miss is a
      substring of one piece, and a shorter span only cuts pieces shorter);

    or, for a row that may be found in none of these ways, as a weak label between the row before
    (which may be found) and the row after (which may be found by one of these ways: the weak
    labels are looked for after them, in row order). Around a table 三 that is not there (a text
    cut short, a page without tables) few rows may be, while the search costs a third of a
    millisecond."""
    flat = text[start:end].replace("\n", "")
    chars: frozenset[str] | None = None  # made when needed (a table that is there: never)
    pieces: list[tuple[int, frozenset[str]]] | None = None  # (length, characters), when needed
    may: list[bool] = []
    count = 0
    for label, aliases, unnumbered, prefix, abridged, near in _row_bounds(rows):
        if label in flat:  # (a table that is there: most rows)
            may.append(True)
            count += 1
            if count >= enough:
                return None
            continue
        ok = False
        for lab in aliases:
            if lab in flat:
                ok = True
                break
        if not ok and unnumbered is not None:
            ok = unnumbered in flat
        if not ok and prefix is not None:  # find_prefix: the needle not after a digit
            j = text.find(prefix, start, end)
            while j >= 0:
                if not (j > 0 and text[j - 1].isdigit()):
                    ok = True
                    break
                j = text.find(prefix, j + 1, end)
        if not ok and abridged:
            ok = abridged_possible(text, label, start, end)
        if not ok and near is not None:
            core, d, distinct, counts = near
            if chars is None:
                chars = frozenset(flat)
            common = distinct & chars  # fewest_edits(core, chars), inline
            if len(core) - (len(common) if counts is None else sum(counts[ch] for ch in common)) <= d:
                if pieces is None:
                    pieces = [(len(m.group(0)), frozenset(m.group(0))) for m in NEAR_PIECE.finditer(text, start, end)]
                ok = any(n >= len(core) - d and fewest_edits(core, cs) <= d for n, cs in pieces)
        may.append(ok)
        count += ok
        if count >= enough:
            return None
    for i in range(1, len(rows) - 1):
        may[i] = may[i] or (may[i - 1] and may[i + 1])
    return may


# (label, aliases, unnumbered, prefix needle, abridged possible, near miss) per row
_RowBound = tuple[str, tuple[str, ...], "str | None", "str | None", bool,
                  "tuple[str, int, frozenset[str], dict[str, int] | None] | None"]
_BOUNDS: dict[int, tuple[list, list[_RowBound]]] = {}


def _row_bounds(rows: list[tuple[str, tuple[str, ...]]]) -> list[_RowBound]:
    """What ``_possible_rows`` tests of each row, derived from its labels once per rows list (a
    template's, kept alive with it; keyed by identity): the official label, the aliases, the
    label unnumbered when ``find_label`` looks for that (four characters or more), the needle of
    ``find_prefix``, whether ``abridged_possible`` can hold, and for a near miss the label's core,
    the edits allowed and its characters (``fewest_edits``'s own)."""
    hit = _BOUNDS.get(id(rows))
    if hit is not None and hit[0] is rows:
        return hit[1]
    out: list[_RowBound] = []
    for _, labels in rows:
        core = label_core(labels[0])
        numbered = _numbered(labels[0])
        prefix = None
        abridged = False
        if numbered is not None:
            num, words = numbered
            k = max(6, (len(words) * 3 + 4) // 5)
            if len(words) >= k + 1:
                prefix = num + words[:k]
            abridged = max(4, (len(words) * 2 + 4) // 5) < len(words)
        near = None
        if len(core) >= MIN_FUZZY:
            near = (core, max_distance(core), *_label_chars(core))
        out.append((labels[0], tuple(labels[1:]), core if core != labels[0] and len(core) >= 4 else None,
                    prefix, abridged, near))
    if len(_BOUNDS) > 64:
        _BOUNDS.clear()
    _BOUNDS[id(rows)] = (rows, out)
    return out


def _three_in_a_row(may: list[bool]) -> bool:
    return any(may[i] and may[i + 1] and may[i + 2] for i in range(len(may) - 2))


_PIECES = re.compile("[^" + re.escape(SEP_PARA + SEP_CELL + SEP_ROW) + "]+")


def _weak(text: str, i: int, labels: list[str], lo: int, hi: int) -> LabelMatch | None:
    """Between two rows found, a piece of text that resembles this row's label more than any
    other (at least 60 %): the label is there but not legible. Its row is read as unknown cells,
    never as missing and never as certain."""
    from rapidfuzz.fuzz import ratio  # noqa: PLC0415

    best = None
    for mt in _PIECES.finditer(text, lo, hi):
        piece = strip_numbering(mt.group(0))
        if sum(1 for ch in piece if "\u4e00" <= ch <= "\u9fff") < 4:
            continue
        score = ratio(piece[: len(labels[i]) + 2], labels[i])
        if score < 60 or any(ratio(piece[: len(lab) + 2], lab) >= score for j, lab in enumerate(labels) if j != i):
            continue
        if best is None or score > best[0]:
            best = (score, mt)
    if best is None:
        return None
    mt = best[1]
    return LabelMatch(mt.start(), mt.end(), "weak", mt.group(0))


def _closest(found: str, i: int, labels: list[str]) -> bool:
    """A near-miss must be nearer to its own row's label than to every other row's."""
    from rapidfuzz.distance import Levenshtein  # noqa: PLC0415

    d = Levenshtein.distance(found, labels[i])
    return all(j == i or Levenshtein.distance(found, lab) > d for j, lab in enumerate(labels))


_T = {"table2": "二", "table3": "三", "table4": "四"}


def _open_row(stream: Stream, regions: dict[str, tuple[int, int]]) -> str | None:
    """The row whose value region runs to the end of the text (a text cut short there)."""
    n = len(stream.text)
    ends = list(map(_END, regions.values()))
    if not ends or max(ends) < n - 2:
        return None
    top = max(ends)
    # the first region with that end (what max with a key gives), found without a call per row
    last = list(regions)[ends.index(top)]
    a, b = regions[last]
    region = stream.text[a:b]
    digits = [i for i, ch in enumerate(region) if ch.isdigit()]
    if digits:
        after = region[digits[-1] + 1:]
        k = after.find(SEP_PARA)
        if k >= 0 and after[k:].strip(SEP_PARA + SEP_CELL + SEP_ROW + SPANNED):
            return None  # the row's line ended and other text followed: the row is complete
    return last


_END = operator.itemgetter(1)


def _regions(stream: Stream, anchors: list[tuple[str, LabelMatch | None]], end: int,
             stops: tuple[int, ...] = ()) -> dict[str, tuple[int, int]]:
    """Each row's value region: from its label to the next label in the document (labels are not
    always in template order), or to the next of ``stops`` (block captions)."""
    if not stops:
        out = _regions_in_order(anchors, end)
        if out is not None:
            return out
    found = [(m.start, m.end, k) for k, m in anchors if m is not None]
    found.sort()
    bounds = sorted({a for a, _, _ in found} | set(stops) | {end})
    out = {}
    for a, b, k in found:
        i = bisect.bisect_right(bounds, a)
        nxt = bounds[i] if i < len(bounds) else end
        out[k] = (b, max(b, nxt))
    return out


# Whether tables read without any choice take ``_direct_cells`` (tests set it False to compare
# that path with the general one on the same inputs).
DIRECT_PATH = True


def _read_directly(readings: list[RowReading], anchors) -> bool:
    """Whether every row of a table was read without a choice and nothing later can change it:
    one candidate per row and read directly (``solve.resolve`` then keeps each reading as it is),
    one reading per row key, and no label recognised only by resemblance (``_weak_unknown``
    turns such a row's cells into candidates). Most tables are read this way; their cells are
    then the readings' tokens, with no ``Resolved`` per row and nothing unknown or recovered to
    report (``_reading_anomalies`` would report nothing)."""
    if not DIRECT_PATH:
        return False
    for r in readings:
        if not r.direct or len(r.candidates) != 1:
            return False
    for _, m in anchors:
        if m is not None and m.how == "weak":
            return False
    return len({r.key for r in readings}) == len(readings)


def _direct_cells(table: str, readings: list[RowReading], cols: list[str], out: list[Cell]) -> None:
    """Append the cells of rows that ``_read_directly`` accepted: what ``solve.resolve`` and
    ``_cells_from`` make of them (each row's single candidate, as printed, not recovered)."""
    for r in readings:
        toks = r.candidates[0]
        row_cells(table, r.key, cols, toks, map(parse_value, toks), r.line, False, out)


def _regions_in_order(anchors: list[tuple[str, LabelMatch | None]], end: int) -> dict[str, tuple[int, int]] | None:
    """``_regions`` without stops when the labels found are in document order (the common
    case): each region ends where the next label begins, the last one at ``end``. None when
    some label starts at or before the one found before it. (One pass over the anchors, with
    no list of them and no pairs: half the time of a comprehension over pairs.)"""
    out: dict[str, tuple[int, int]] = {}
    key = None
    last = -1
    b = 0
    for k, m in anchors:
        if m is None:
            continue
        a = m.start
        if a <= last:
            return None
        if key is not None:
            out[key] = (b, b if b > a else a)
        key, b, last = k, m.end, a
    if key is not None:
        out[key] = (b, max(b, end))
    return out


def _weak_unknown(resolved: dict[str, solve.Resolved], anchors) -> None:
    """Rows whose label was only recognised by resemblance: what was read is a candidate, not a
    value."""
    for key, m in anchors:
        if m is None or m.how != "weak" or key not in resolved:
            continue
        r = resolved[key]
        r.cells = [c if isinstance(c, solve.Unknown) else solve.Unknown((c,)) for c in r.cells]
        r.recovered = False
        r.options = ()
        r.note = r.note or "row label not legible"


def _cells_from(table: str, resolved: solve.Resolved, cols: list[str], line: int | None,
                out: list[Cell]) -> bool:
    """Append the cells of one resolved row to ``out`` (the table's cells: no list per row).
    Returns whether the row has an anomaly to report (unknown or recovered cells), so that
    ``_reading_anomalies`` is given only those rows."""
    key, recovered = resolved.key, resolved.recovered
    if not resolved.unknown:
        toks = resolved.cells
        row_cells(table, key, cols, toks, map(parse_value, toks), line, recovered, out)
        return recovered
    for col, tok in zip(cols, resolved.cells):
        if isinstance(tok, solve.Unknown):
            cands = tuple(None if c is None else parse_value(c)[0] for c in tok.candidates)
            out.append(Cell(table, key, col, None, None, "unknown", line,
                            candidates=tuple(dict.fromkeys(cands))))
            continue
        v, sem, unit = parse_value(tok)
        # positional: a few hundred cells per report, and keywords double the constructor's cost
        out.append(Cell(table, key, col, tok, v, sem, line, recovered, (), unit))
    return True


_NOTE_ZH = (
    (re.compile(r"glued digits '(.*)'"), "原文数字连写为“{0}”"),
    (re.compile(r"(\d+) values for (\d+) columns \(blank cells dropped\)"), "只有{0}个数值对应{1}列（空白单元格在原文中丢失）"),
    (re.compile(r"(\d+) values for (\d+) columns"), "{0}个数值对应{1}列"),
    (re.compile(r"(\d+) cells for (\d+) columns"), "{0}个单元格对应{1}列"),
    (re.compile(r"blank cells at the row's ends.*"), "行首尾有空白单元格，列位置不明"),
    (re.compile(r"too many ways to split '(.*)'"), "数字“{0}”的拆分方式过多"),
    (re.compile(r"no values"), "无数值"),
    (re.compile(r"row label not legible"), "行标签难以辨认"),
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
                       labels: dict[str, str], columns: list[str],
                       columns_en: list[str] | None = None) -> list[Anomaly]:
    """One anomaly per row the source did not fully give: unknown cells (with every value that
    remained possible, by column) or cells recovered from the identities. The English half names
    rows and columns by their English labels (``columns_en``; the vocabulary for rows)."""
    out = []
    for r in readings:
        res = resolved[r.key]
        if not res.recovered and not res.unknown:
            continue  # the common case: every cell read as printed, nothing to report
        unknown = [i for i, c in enumerate(res.cells) if isinstance(c, solve.Unknown)]
        lab = labels.get(r.key, r.key)
        lab_en = "the data row" if r.key == table else f'row "{vocab.row_label(table, r.key, "en")}"'
        note = r.note or res.note
        note_zh, note_en = _note_zh(note), note or "value lost in the source"
        if unknown:
            def opts(i: int, blank: str = "空", nothing: str = "无") -> str:
                vals = res.cells[i].candidates
                return "/".join(blank if v is None else str(v) for v in vals) or nothing
            name = (lambda i: columns[i] if i < len(columns) else str(i + 1))
            name_en = (lambda i: columns_en[i] if columns_en and i < len(columns_en) else f"column {i + 1}")
            cands = "；".join(f"{name(i)}: {opts(i)}" for i in unknown[:15])
            cands_en = "; ".join(f"{name_en(i)}: {opts(i, 'blank', 'none')}" for i in unknown[:15])
            none = all(not res.cells[i].candidates for i in unknown)
            out.append(Anomaly(
                "cells-unknown",
                f"表{_T[table]}“{lab}”有{len(unknown)}个单元格无法确定（{note_zh}）"
                + ("" if none else f"，可能的值 {cands}")
                + f" / {len(unknown)} cell(s) of {lab_en} could not be determined ({note_en})"
                + ("" if none else f"; possible values {cands_en}"),
                r.line, table, r.key))
        elif res.recovered and res.note == "narrative counts":
            continue  # its own anomaly names the sentences
        elif res.recovered and r.mode == "detached":
            vals = " ".join("空" if c is None else str(c) for c in res.cells)
            vals_en = " ".join("blank" if c is None else str(c) for c in res.cells)
            by = "标签顺序与表内勾稽关系" if "identities" in (r.note or "") else "标签顺序"
            out.append(Anomaly(
                "cells-recovered",
                f"表{_T[table]}“{lab}”的数值行与标签分离，依据{by}放置为 {vals}"
                f" / {lab_en}: detached value row placed as {vals_en} ({note_en})",
                r.line, table, r.key))
        elif res.recovered:
            vals = " ".join("空" if c is None else str(c) for c in res.cells)
            vals_en = " ".join("blank" if c is None else str(c) for c in res.cells)
            out.append(Anomaly(
                "cells-recovered",
                f"表{_T[table]}“{lab}”的数值由表内勾稽关系唯一确定为 {vals}（{note_zh}）"
                f" / {lab_en} recovered from the table identities as {vals_en} ({note_en})",
                r.line, table, r.key))
    return out


# ---------------------------------------------------------------------------- table 三

# Whether extract_t3 first bounds how many rows its span can give (tests set it False to compare
# with the search made in every span).
BOUND_FIRST = True


def extract_t3(stream: Stream, tpl: templates.Template, start: int, end: int) -> TableResult:
    res = TableResult()
    lay = _layout(tpl)
    rows = lay.t3_rows
    # fewer than half the rows found, and not a table the text stops inside (the span at the end
    # of the text, its first three rows found consecutive rows), is no table: when the span
    # cannot give that, the search is not made
    if BOUND_FIRST:
        may = _possible_rows(stream.text, rows, start, end, len(rows) // 2)
        if may is not None and sum(may) < len(rows) // 2 and (end < len(stream.text) - 1 or not _three_in_a_row(may)):
            return res
    anchors = _anchor_rows(stream, rows, start, end, "table3", res.anomalies)
    hits = sum(1 for _, m in anchors if m is not None)
    if hits < len(rows) // 2 and not _cut_inside(stream, anchors, end):
        res.anomalies = []
        return res
    if hits < len(rows):
        # a text cut short inside the table: the rows after the cut are not "missing"
        last = max((i for i, (_, m) in enumerate(anchors) if m is not None), default=-1)
        if _cut_inside(stream, anchors, end):
            anchors = anchors[:last + 1]
    res.found = True
    anchors = _collapsed_rows(stream, tpl, anchors, start, end, res.anomalies)
    layout = detect_layout(stream, start, end)
    regions = _regions(stream, anchors, end)
    sparse = layout != "grid" and _t3_sparse(stream, regions, layout)
    readings = []
    text = stream.text
    res.end = max(map(_END, regions.values()), default=start)
    res.open_row = _open_row(stream, regions)
    spans = [(m.start, m.end) for _, m in anchors if m is not None]
    if layout == "grid":
        pure = detached.pure_rows(text, start, res.end, spans, 7)
    else:
        # text layouts: lines made only of numbers are detached rows when one of them follows a
        # label that has its own numbers (it cannot be that label's); otherwise every value line
        # follows its own label and is read with it
        pure = detached.value_lines(text, start, res.end, 2)
        if pure and not _detached_lines(text, anchors, regions, pure):
            pure = []
    table_ok: solve.T3Identities | None = None  # made when a row needs it (most tables: none)
    valueless: list[str] = []
    lines: dict[str, int | None] = {}
    row_of = lay.t3_row_of
    for key, m in anchors:
        if m is None:
            res.anomalies.append(Anomaly("row-missing", f"表三缺少“{row_of[key].display}”行 / "
                                         f"table 3 row \"{vocab.row_label('table3', key, 'en')}\" is missing", None, "table3", key))
            continue
        a, b = regions[key]
        lines[key] = line = stream.line_at(m.start)
        if pure:
            oa, ob, in_grid = detached.own_region(text, m.start, m.end, b)
            own = text[oa:ob]
            if not detached.has_values(own) and not (in_grid and own.count(SEP_CELL) >= 7):
                seg = text[a:b]
                if not any(a <= p.start < b for p in pure) or not detached.has_values(
                        seg[:min(p.start for p in pure if a <= p.start < b) - a], footers=True):
                    valueless.append(key)
                    continue
        # (a label just after a cell separator is in a grid cell: in_grid_cell's first test)
        para = layout == "grid" and not (m.start and text[m.start - 1] == SEP_CELL) and \
            not detached.in_grid_cell(text, m.start)
        if pure and layout != "grid":  # the label's own line only: the lines after it are detached
            oa, ob, _ = detached.own_region(text, m.start, m.end, b)
            readings.append(read_row(key, text[oa:ob], 7, layout, line, sparse))
            continue
        readings.append(read_row(key, text[a:b], 7, layout, line, sparse, para_label=para))
    if valueless and res.end >= len(text) - 2:
        # the text stops inside this table: labels and their detached rows were cut unevenly, so
        # label order proves nothing; the value-less rows stay unknown
        readings.extend(RowReading(k, 7, [], lines.get(k), "detached", False,
                                   note="text cut short inside a table whose rows are detached")
                        for k in valueless)
        order = {k: i for i, (k, _) in enumerate(anchors)}
        readings.sort(key=lambda r: order[r.key])
        valueless = []
    if valueless:
        table_ok = _t3_identities(tpl, anchors)
        fixed = {r.key: solve.nums(r.candidates[0]) for r in readings if len(r.candidates) == 1}
        placed, how = detached.place(valueless, pure, 7, lines, fixed, table_ok, solve.nums)
        readings.extend(placed)
        order = {k: i for i, (k, _) in enumerate(anchors)}
        readings.sort(key=lambda r: order[r.key])
    _misplaced(stream, tpl, anchors, res.anomalies)
    cols = lay.t3_cols
    if _read_directly(readings, anchors):
        _direct_cells("table3", readings, cols, res.cells)
        noted: list[RowReading] = []
        resolved: dict[str, solve.Resolved] = {}
    else:
        if table_ok is None:
            table_ok = _t3_identities(tpl, anchors)
        resolved = solve.resolve(readings, solve.t3_row_ok, table_ok)
        _weak_unknown(resolved, anchors)
        noted = [r for r in readings if _cells_from("table3", resolved[r.key], cols, r.line, res.cells)]
    detached_note = None
    if valueless:
        detached_note = (how, len(pure), stream.line_at(pure[0].start) if pure else None)
    labels = lay.t3_labels
    if valueless:  # the extraction is known to have damaged this table
        _recover_lost_cell(res, tpl, labels)
    if detached_note is not None:
        how, npure, dline = detached_note
        vals: dict[str, list] = {}
        for c in res.cells:
            vals.setdefault(c.row, [None] * 7)[cols.index(c.col)] = c.value
        known = all(c.known for c in res.cells)
        holds = known and table_ok({k: tuple(v) for k, v in vals.items()})
        check_zh = "放置后表内勾稽关系（T3-A/B）成立" if holds else \
            ("放置后表内勾稽关系不成立，请核对原件" if known else "部分行仍无法确定")
        check_en = "the identities T3-A/B hold after placing" if holds else \
            ("the identities fail after placing: check the original" if known else "some rows stay unknown")
        res.anomalies.append(Anomaly(
            "rows-detached",
            f"表三有{len(valueless)}行的数值与行标签分离（PDF转换所致），共{npure}个数值行，"
            f"依据{'标签顺序' if how == 'label order' else '标签顺序与勾稽关系'}放置；{check_zh}"
            f" / {len(valueless)} row(s) of table 3 have their numbers detached from their labels "
            f"({npure} value rows), placed by {how}; {check_en}", dline, "table3"))
    res.anomalies.extend(_reading_anomalies("table3", noted, resolved, labels, lay.t3_cols_zh, lay.t3_cols_en))
    if layout == "glued":
        res.anomalies.append(Anomaly("table-glued", "表三的单元格在原文中连在一起（无分隔符），数值按勾稽关系拆分"
                                     " / table 3 cells are glued together in the source; split by the identities",
                                     stream.line_at(start), "table3"))
    return res


def _t3_identities(tpl: templates.Template, anchors) -> solve.T3Identities:
    """T3-A/B over the rows found (a collapsed row standing in for the rows it replaces)."""
    return solve.make_t3_table_ok(tpl.outcome_keys_for({k for k, m in anchors if m is not None}))


def _detached_lines(text: str, anchors, regions: dict[str, tuple[int, int]], pure) -> bool:
    """Whether some line of numbers lies in the region of a label whose own line has numbers."""
    for key, m in anchors:
        if m is None or key not in regions:
            continue
        a, b = regions[key]
        oa, ob, _ = detached.own_region(text, m.start, m.end, b)
        if detached.has_values(text[oa:ob]) and any(a <= p.start < b for p in pure):
            return True
    return False


def _recover_lost_cell(res: TableResult, tpl: templates.Template, labels: dict[str, str]) -> None:
    """A single blank cell in a table 三 whose every other cell is an explicit number (zeros
    written as 0), in a table the extraction visibly damaged (value rows detached from their
    labels), is a cell the extraction emptied, not a blank the agency printed (elsewhere a blank
    总计 stays "not reported", format.md §6.3). Its value is
    recovered only when at least two identities (T3-C along its row, T3-A or T3-B down its
    column) give the same value; the cell is marked recovered and the evidence named."""
    cells = {(c.row, c.col): c for c in res.cells}
    blanks = [c for c in res.cells if c.semantic == "blank"]
    if len(blanks) != 1 or any(c.semantic not in ("number", "zero", "blank") for c in res.cells):
        return
    cell = blanks[0]
    cols = [c.key for c in tpl.t3_columns]
    rows = list(dict.fromkeys(c.row for c in res.cells))

    def v(row: str, col: str):
        c = cells.get((row, col))
        return None if c is None or c is cell else c.value

    got: dict[str, float | int] = {}
    row_vals = [v(cell.row, c) for c in cols]
    if all(x is not None for i, x in enumerate(row_vals) if cols[i] != cell.col):
        i = cols.index(cell.col)
        others = sum(x for j, x in enumerate(row_vals) if j != i and j != 6)
        got["T3-C"] = others if i == 6 else row_vals[6] - others
    a_keys = ("new", "carried_in", "r.total", "carried_out")
    if cell.row in a_keys and all(k in rows for k in a_keys):
        vals = {k: v(k, cell.col) for k in a_keys}
        if all(x is not None for k, x in vals.items() if k != cell.row):
            n, ci, t, co = (vals[k] or 0 for k in a_keys)
            got["T3-A"] = {"new": t + co - ci, "carried_in": t + co - n,
                           "r.total": n + ci - co, "carried_out": n + ci - t}[cell.row]
    outs = tpl.t3_outcome_keys
    if (cell.row in outs or cell.row == "r.total") and all(k in rows for k in outs) and "r.total" in rows:
        vals = {k: v(k, cell.col) for k in outs + ("r.total",)}
        if all(x is not None for k, x in vals.items() if k != cell.row):
            s_out = sum(x for k, x in vals.items() if k not in (cell.row, "r.total"))
            got["T3-B"] = s_out if cell.row == "r.total" else vals["r.total"] - s_out
    values = set(got.values())
    if len(got) < 2 or len(values) != 1 or next(iter(values)) < 0:
        return
    value = next(iter(values))
    cell.raw, cell.value, cell.semantic, cell.recovered = str(value), value, "zero" if value == 0 else "number", True
    ev = "、".join(sorted(got))
    res.anomalies.append(Anomaly(
        "cells-recovered",
        f"表三“{labels.get(cell.row, cell.row)}”的一个单元格在原文中为空（表内其余单元格均有数值，应为提取丢失），"
        f"由{ev}一致确定为 {value} / a cell of row \"{vocab.row_label('table3', cell.row, 'en')}\" (column \"{vocab.col_label('table3', cell.col, 'en')}\") is empty in the source while every "
        f"other cell of table 3 has a number (lost in extraction); {ev} agree on {value}",
        cell.line, "table3", cell.row, cell.col))


def _collapsed_rows(stream: Stream, tpl: templates.Template, anchors, start: int, end: int,
                    anomalies: list[Anomaly]):
    """A row of the other template printed instead of the rows it was split into (the 2019
    ``（六）其他处理`` in a 2021 table): when none of the replaced rows is there and the collapsed
    row's label is, between the rows found before and after, the collapsed row takes their place
    (values under its own key; the replaced rows absent, not zero), with one warning."""
    for row, replaces in tpl.t3_collapsed:
        idx = [i for i, (k, _) in enumerate(anchors) if k in replaces]
        if not idx or any(anchors[i][1] is not None for i in idx):
            continue
        lo = max((m.end for k, m in anchors[:idx[0]] if m is not None), default=start)
        hi = min((m.start for k, m in anchors[idx[-1] + 1:] if m is not None), default=end)
        m = find_label(stream.text, row.match_labels, lo, max(lo, hi), fuzzy=False)
        if m is None:
            continue
        anchors = anchors[:idx[0]] + [(row.key, m)] + anchors[idx[-1] + 1:]
        anomalies.append(Anomaly(
            "layout-deviation",
            f"表三的格式与2021年版不符：印有2019年版的单行“{row.label}”，未分为2021年版的"
            f"{len(replaces)}个子项；其数值按“{row.label}”读取并计入（七）总计的核对"
            f" / layout deviates from the 2021 template: the single 2019 row {row.label!r} is printed "
            f"instead of its {len(replaces)} sub-rows; its values are kept under the row "
            f"\"{vocab.row_label('table3', row.key, 'en')}\" and enter T3-B",
            stream.line_at(m.start), "table3", row.key))
    return anchors


def _cut_inside(stream: Stream, anchors, end: int) -> bool:
    """The text stops inside this table: its region runs to the end of the text, the table's
    first rows are there in order (at least three), and the last row found is near the end."""
    text = stream.text
    if end < len(text) - 1:
        return False
    found = [i for i, (_, m) in enumerate(anchors) if m is not None]
    if len(found) < 3 or found[:3] != [0, 1, 2] and found[:3] != list(range(found[0], found[0] + 3)):
        return False
    last = anchors[found[-1]][1]
    return len(text) - last.end < 400


def _t3_sparse(stream: Stream, regions: dict[str, tuple[int, int]], layout: str) -> bool:
    """Blank cells were dropped if some rows have fewer than 7 values (cell per line) or
    fewer than 7 digits (glued)."""
    if layout != "glued":
        return False
    text = stream.text
    find = text.find
    isdigit = str.isdigit
    for a, b in regions.values():
        # the digits among the first 40 characters of the region's first line
        k = find(SEP_PARA, a, b)
        if sum(map(isdigit, text[a:min(b if k < 0 else k, a + 40)])) < 7:
            return True
    return False


def _misplaced(stream: Stream, tpl: templates.Template, anchors, anomalies: list[Anomaly]) -> None:
    """A numbered item label (level 3) found in the first cell of a tab-text row sits in the
    column of the top-level labels: the row was shifted when the table was copied."""
    levels = _layout(tpl).t3_levels
    first_cell: list[tuple[str, LabelMatch]] = []
    later = 0
    t = stream.text
    seps = (SEP_CELL, SEP_ROW, SEP_PARA)
    for key, m in anchors:
        if m is None or levels.get(key) != 3:
            continue
        # the label's cell starts after the last separator before it (usually just before it)
        i = m.start if m.start > 0 and t[m.start - 1] in seps else detached.last_separator(t, m.start) + 1
        if i == 0 or t[i - 1] != SEP_CELL:
            continue
        j = i - 1
        k = j - 1 if j > 0 and t[j - 1] in seps else detached.last_separator(t, j)
        if j == 0 or t[j - 1] in (SEP_ROW, SEP_PARA) or (k >= 0 and t[k] == SEP_PARA):
            first_cell.append((key, m))  # first cell of its row (a grid may follow a paragraph)
        else:
            later += 1
    # a shift is a row out of line with the others; a table that puts every numbered label in
    # its first column (PDF-extracted Markdown, split tables) is laid out that way
    if not later:
        return
    for key, m in first_cell:
        if True:
            anomalies.append(Anomaly(
                "label-misplaced",
                f"表三“{tpl.t3_row(key).label}”位于第1列（应在第3列，位于分组“{tpl.t3_row(key).group}”下）"
                f" / label of row \"{vocab.row_label('table3', key, 'en')}\" sits in column 1 instead of column 3",
                stream.line_at(m.start), "table3", key))


# ---------------------------------------------------------------------------- table 四

_T4_HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结")

# Whether table 四's reading after its headers leaves its placements unlisted until it is kept
# (tests set it False to compare with every placement listed first).
DEFER_T4 = True


def extract_t4(stream: Stream, tpl: templates.Template, start: int, end: int) -> TableResult:
    res = TableResult()
    text = stream.text
    a = text.find("行政复议", start, end)
    if a < 0:
        return res
    header_hits = [text.rfind(h, a, end) for h in _T4_HEADERS + ("总计",)]
    reading = None
    if sum(1 for h in header_hits[:4] if h >= 0) >= 3:
        last = max(header_hits)
        last_end = last + 2
        region = _t4_value_region(text, last_end, end)
        body = region.strip(SEP_CELL + SEP_ROW + SEP_PARA)
        layout = "grid" if SEP_CELL in body else "lines" if SEP_PARA in body else "glued"
        # (a reading with dropped blanks has two or more placements, and then the rows of
        # numbers below are tried first: its placements are listed only when it is kept)
        reading = read_row("table4", region, 15, layout, stream.line_at(last_end + 1), sparse=False,
                           defer=DEFER_T4)
        res.end = last_end + len(region)
    if reading is None or len(reading.candidates) != 1:
        alt = _t4_value_rows(stream, a, end)
        if alt is not None:
            reading, res.end = alt
    if reading is None:
        return res
    reading.listed()
    res.found = True
    if res.end >= len(text) - 2 or end >= len(text) - 2:
        res.open_row = "table4"  # the text stops inside (or right after) table 4
    lay = _layout(tpl)
    cols = lay.t4_cols
    if _read_directly([reading], ()):
        toks = reading.candidates[0]
        for gi, g in enumerate(tpl.t4_groups):
            part = toks[gi * 5: gi * 5 + 5]
            row_cells("table4", g.key, cols, part, map(parse_value, part), reading.line, False, res.cells)
        return res
    resolved = solve.resolve([reading], solve.t4_row_ok, None)["table4"]
    for gi, g in enumerate(tpl.t4_groups):
        part = solve.Resolved(g.key, resolved.cells[gi * 5: gi * 5 + 5], resolved.recovered, resolved.note)
        _cells_from("table4", part, cols, reading.line, res.cells)
    res.anomalies.extend(_reading_anomalies("table4", [reading], {"table4": resolved}, {"table4": "复议诉讼数据行"},
                                            lay.t4_cols_zh, lay.t4_cols_en))
    return res


def _t4_value_rows(stream: Stream, a: int, end: int) -> tuple[RowReading, int] | None:
    """Table 四 recognised by its numbers, not its headers (garbled or vertical headers, or the
    table printed as three 5-column tables): the grid rows made only of values after 行政复议,
    when they hold exactly 15 cells (one row of 15, or three of 5)."""
    rows = detached.pure_rows(stream.text, a, end, [], 15) or detached.value_lines(stream.text, a, end)
    for i in range(len(rows)):
        if len(rows[i].values) == 15:
            pick = [rows[i]]
        elif len(rows[i].values) == 5 and i + 2 < len(rows) and all(len(r.values) == 5 for r in rows[i:i + 3]):
            pick = rows[i:i + 3]
        else:
            continue
        vals = tuple(v for r in pick for v in r.values)
        line = stream.line_at(pick[0].start)
        return RowReading("table4", 15, [vals], line, "grid", True, tokens=[v or "" for v in vals]), pick[-1].end
    # one row of 13 or 14 values: the extraction emptied a cell or two. The table is there; its
    # cells are every placement of those values (the identities may settle some), never missing
    for r in rows:
        if 13 <= len(r.values) < 15:
            vals = tuple(r.values)
            return RowReading("table4", 15, placements(vals, 15), stream.line_at(r.start), "lines", False,
                              note=f"{len(vals)} values for 15 columns (cells emptied by the extraction)",
                              tokens=[v or "" for v in vals]), r.end
    return None


def _t4_value_region(text: str, start: int, end: int) -> str:
    """From the end of the headers, skip to the first value and return the value run."""
    i = start
    while i < end and not (text[i].isdigit() or text[i] in "/-"):
        i += 1
    # back up to the start of the cell/row so grid structure is kept (just after the last row or
    # paragraph break after ``start``)
    j = max(text.rfind(SEP_ROW, start, i), text.rfind(SEP_PARA, start, i)) + 1 or start
    # the run ends at the first CJK character (one search, not a test per character)
    m = _CJK_CHAR.search(text, i, end)
    k = end if m is None else m.start()
    return SEP_CELL + text[j:k] if text[j:j + 1] != SEP_CELL else text[j:k]


_CJK_CHAR = re.compile("[\u4e00-\u9fff]")


# ---------------------------------------------------------------------------- table 二

def extract_t2(stream: Stream, tpl: templates.Template, start: int, end: int) -> TableResult:
    res = TableResult()
    text = stream.text
    caps = []
    pos = start
    blocks = _layout(tpl).t2_blocks
    for b in tpl.t2_blocks:
        m = find_label(text, blocks[b.key].caption, pos, end, fuzzy=False, wrapped=False)
        caps.append((b, m))
        if m is not None:
            pos = m.end
    n_caps = sum(1 for _, m in caps if m is not None)
    if n_caps < 2:
        # one caption is enough when the text stops inside table 二 (a cut-short page) and that
        # block's rows are there
        first_cap = next((m for _, m in caps if m is not None), None)
        if n_caps == 0 or end < len(text) - 1 or first_cap is None or not any(
                find_label(text, r.match_labels, first_cap.end, end, fuzzy=False) is not None
                for b, m in caps if m is first_cap for r in b.rows):
            return res
    res.found = True
    layout = detect_layout(stream, start, end)
    found = [(b, m) for b, m in caps if m is not None]
    block_anchors: list[tuple[templates.Block, list]] = []
    for i, (b, m) in enumerate(found):
        bend = found[i + 1][1].start if i + 1 < len(found) else end
        anchors = _anchor_rows(stream, blocks[b.key].rows, m.end, bend, "table2", res.anomalies)
        first = min((x.start for _, x in anchors if x is not None), default=bend)
        _check_headers(stream, b, blocks[b.key].headers, m.end, first, res.anomalies)
        block_anchors.append((b, anchors))
    _t2_relocate(stream, block_anchors, start, end, res.anomalies)
    stops = tuple(m.start for _, m in found)
    all_anchors = [x for _, anchors in block_anchors for x in anchors]
    regions = _regions(stream, all_anchors, end, stops)
    res.open_row = _open_row(stream, regions)
    first = min(m.start for _, m in found)
    narrative = _Narrative(text, first, end)
    for b, anchors in block_anchors:
        _t2_block(stream, b, blocks[b.key], anchors, regions, layout, res, narrative)
    res.end = end
    for b, m in caps:
        if m is None:
            res.anomalies.append(Anomaly("block-missing", f"表二缺少“{b.caption}”栏目 / table 2 block "
                                         f"\"{vocab.block_label(b.key, 'en')}\" is missing", None, "table2", b.key))
    return res


def _t2_relocate(stream: Stream, block_anchors, start: int, end: int, anomalies: list[Anomaly]) -> None:
    """Rows a block's caption span does not hold may sit elsewhere in the table's region (PDF
    extraction prints the captions first and the rows later, ``## 表二`` with a pipe table):
    find them there, outside every row already placed."""
    taken = [(m.start, m.end) for _, anchors in block_anchors for _, m in anchors if m is not None]
    for b, anchors in block_anchors:
        if all(m is not None for _, m in anchors):
            continue
        pos = start
        for i, (key, m) in enumerate(anchors):
            if m is not None:
                pos = max(pos, m.end)
                continue
            labels = b.rows[i].match_labels
            p = start if pos == start else pos
            while p < end:
                x = find_label(stream.text, labels, p, end, fuzzy=False)
                if x is None:
                    break
                if all(x.end <= a or x.start >= z for a, z in taken):
                    if x.how == "alias":
                        anomalies.append(Anomaly(
                            "label-variant", f"表二行标签使用了非官方写法“{x.found}”（官方：“{labels[0]}”）"
                            f" / unofficial row label {x.found!r}", stream.line_at(x.start), "table2", key))
                    anchors[i] = (key, x)
                    taken.append((x.start, x.end))
                    pos = x.end
                    break
                p = x.start + 1


class _Narrative:
    """The report's text outside table 二, copied only when a glued row needs it (most reports
    have none, and the copy is the whole text)."""

    __slots__ = ("_text", "_first", "_end", "_value")

    def __init__(self, text: str, first: int, end: int) -> None:
        self._text, self._first, self._end, self._value = text, first, end, None

    def __str__(self) -> str:
        if self._value is None:
            self._value = self._text[:self._first] + SEP_PARA + self._text[self._end:]
        return self._value


def _narrative_tiebreak(b: templates.Block, readings: list[RowReading], resolved: dict[str, solve.Resolved],
                        narrative: "str | _Narrative", anomalies: list[Anomaly]) -> None:
    """A row left unknown (glued digits) is narrowed by the counts the report's own text states
    for it (``现行有效行政规范性文件698件``): only readings the digits allow, only statements that
    match one of them, and the sentence is named as the evidence."""
    cols = [c.key for c in b.columns]
    for r in readings:
        res_ = resolved[r.key]
        if not res_.unknown or not r.candidates:
            continue
        stated = evidence.stated_counts(str(narrative), r.key)
        if not stated:
            continue
        keep = list(r.candidates)
        used = []
        for col, (v, sentence) in stated.items():
            if col not in cols:
                continue
            i = cols.index(col)
            narrowed = [c for c in keep if parse_value(c[i])[0] == v]
            if narrowed and len(narrowed) < len(keep):
                keep = narrowed
                used.append(f"“{sentence}”")
        if not used:
            continue
        new = solve._consensus(r, keep)
        fixed = [cols[i] for i, (a, z) in enumerate(zip(res_.cells, new.cells))
                 if isinstance(a, solve.Unknown) and not isinstance(z, solve.Unknown)]
        if not fixed:
            continue
        new.recovered = all(not isinstance(z, solve.Unknown) for z in new.cells)
        new.note = "narrative counts"
        resolved[r.key] = new
        zh_col = {c.key: c.label for c in b.columns}
        vals = "、".join(f"{zh_col.get(c, c)}={new.cells[cols.index(c)]}" for c in fixed)
        vals_en = ", ".join(f"{vocab.col_label('table2', c, 'en')} = {new.cells[cols.index(c)]}" for c in fixed)
        anomalies.append(Anomaly(
            "cells-recovered",
            f"表二“{next(x.label for x in b.rows if x.key == r.key)}”连写数字的拆分依据正文所述确定：{vals}"
            f"（依据：{'；'.join(used)}） / glued digits of row \"{vocab.row_label('table2', r.key, 'en')}\" "
            f"split by the counts the text states: {vals_en} (evidence: {'; '.join(used)})",
            r.line, "table2", r.key))


def _t2_block(stream: Stream, b: templates.Block, lay: _BlockLayout, anchors, regions: dict[str, tuple[int, int]],
              layout: str, res: TableResult, narrative: "str | _Narrative | None" = None) -> None:
    text = stream.text
    n = len(b.columns)
    signed, decimal, kinds = lay.signed, lay.decimal, lay.kinds
    readings = []
    for key, m in anchors:
        rk = key
        if m is None:
            label = next((r.label for r in b.rows if r.key == key), key)
            res.anomalies.append(Anomaly("row-missing", f"表二“{b.caption}”缺少“{label}”行 / "
                                         f"table 2 row \"{vocab.row_label('table2', rk, 'en')}\" is missing", None, "table2", rk))
            continue
        a, z = regions[key]
        r = read_row(rk, text[a:z], n, layout, stream.line_at(m.start), False, signed, decimal, kinds)
        readings.append(r)
    cols = lay.cols
    if _read_directly(readings, anchors):  # (no row unknown: no tie-break, no joint readings)
        _direct_cells("table2", readings, cols, res.cells)
        return
    resolved = solve.resolve(readings, None, None)
    _weak_unknown(resolved, anchors)
    if narrative is not None:
        _narrative_tiebreak(b, readings, resolved, narrative, res.anomalies)
    noted = []
    for r in readings:
        got = resolved[r.key]
        if _cells_from("table2", got, cols, r.line, res.cells):
            noted.append(r)
        if got.options and len(got.options) <= MAX_JOINT and any(isinstance(c, solve.Unknown) for c in got.cells):
            res.joint[("table2", r.key)] = tuple(dict(zip(cols, o)) for o in got.options)
    res.anomalies.extend(_reading_anomalies("table2", noted, resolved, lay.labels, lay.cols_zh, lay.cols_en))


def _check_headers(stream: Stream, b: templates.Block, headers: list[tuple[str, ...]], start: int,
                   end: int, anomalies: list[Anomaly]) -> None:
    """Column headers between the caption and the first row: exact, alias or near-miss.
    ``headers`` holds each column's compact header and aliases."""
    pos = start
    text = stream.text
    for c, labels in zip(b.columns, headers):
        if EXACT_FIRST and len(labels) == 1:  # a header with no alias, printed as it is (most)
            j = text.find(labels[0], pos, end)
            if j >= 0:
                pos = j + len(labels[0])
                continue
        m = find_label(text, labels, pos, end)
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
