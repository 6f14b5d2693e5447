"""Finding a table label in the compact stream: exact, alias, unnumbered, or near-miss.

Every way of matching except the exact official label is reported back to the caller (and
becomes an anomaly of the report): a reviewer must see that ``本年度止件数`` was read as
``本年废止件数``.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

from gxtui.extract.stream import SEPARATORS

_NUM_PREFIX = re.compile(r"^(\d{1,2}\.|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)")
_SPLIT = re.compile("[" + re.escape(SEPARATORS) + "]")


# Near-miss matching only for labels long enough that one wrong character cannot turn one
# official label into another (重复申请 vs 反复申请 are both real rows).
MIN_FUZZY = 6


class LabelMatch(NamedTuple):
    """Where a label was found and how (a named tuple: one is made per row label per table, and
    a frozen dataclass costs four times as much to build)."""

    start: int
    end: int
    how: str  # "exact", "alias", "unnumbered", "wrapped", "fuzzy", "weak"
    found: str  # the compact text that matched
    distance: int = 0


# ``LabelMatch(...)`` runs the named tuple's ``__new__``, a Python function; the hot paths build
# their matches with all five fields through tuple's own constructor instead (half the cost)
new_match = tuple.__new__


def strip_numbering(label: str) -> str:
    return _NUM_PREFIX.sub("", label, count=1)


@functools.lru_cache(maxsize=4096)
def _numbered(label: str) -> tuple[str, str] | None:
    """(number, words) of a numbered template label (``2.``, ``重复申请``), None when it has no
    number; cached like ``label_core``."""
    m = _NUM_PREFIX.match(label)
    return None if m is None else (m.group(0), label[m.end():])


@functools.lru_cache(maxsize=4096)
def label_core(label: str) -> str:
    """``strip_numbering`` of a template label, cached: the label searches ask it of the same
    few hundred labels many times per report (a regex substitution each time). Only for labels,
    never for report text (unbounded)."""
    numbered = _numbered(label)
    return label if numbered is None else numbered[1]


def find_label(text: str, labels: tuple[str, ...], start: int, end: int,
               fuzzy: bool = True, wrapped: bool = True, scaled: bool = False) -> LabelMatch | None:
    """Find the first occurrence of any of ``labels`` (compact) in ``text[start:end]``.

    ``labels[0]`` is the official label, the rest are aliases. The earliest exact hit wins;
    only when there is none are unnumbered, wrapped (a label broken over two or more lines by a
    PDF extraction) and near-miss matches tried.
    """
    j = text.find(labels[0], start, end)
    best = None if j < 0 else new_match(LabelMatch, (j, j + len(labels[0]), "exact", labels[0], 0))
    for lab in labels[1:]:
        # only an earlier hit can win: search no further than the best one so far
        j = text.find(lab, start, end if best is None else min(end, best.start - 1 + len(lab)))
        if j >= 0 and (best is None or j < best.start):
            best = new_match(LabelMatch, (j, j + len(lab), "alias", lab, 0))
    if best is not None:
        return best
    core = label_core(labels[0])
    if core != labels[0] and len(core) >= 4:
        j = text.find(core, start, end)
        if j >= 0:
            return with_number(text, LabelMatch(j, j + len(core), "unnumbered", core), labels[0], start)
    if wrapped:
        w = find_wrapped(text, labels, start, end)
        if w is not None:
            return w
    if fuzzy and len(core) >= MIN_FUZZY:
        # unbounded searches allow two edits; ``scaled`` (a search between the row's neighbours)
        # allows more for long labels
        return near_miss(text, labels, start, end, max_distance(core) if scaled else min(2, max_distance(core)))
    return None


def near_miss(text: str, labels: tuple[str, ...], start: int, end: int, max_d: int) -> LabelMatch | None:
    """``find_label``'s last step alone: the official label without its number, within ``max_d``
    edits, in ``text[start:end]`` (its number taken in when printed just before). For callers
    that know the other steps find nothing there."""
    m = _fuzzy(text, label_core(labels[0]), start, end, max_d)
    return with_number(text, m, labels[0], start)


def find_wrapped(text: str, labels: tuple[str, ...], start: int, end: int) -> LabelMatch | None:
    """A label whose text runs over several paragraphs (``2.其他法律行政法规禁`` / ``止公开``):
    searched with the paragraph breaks of ``text[start:end]`` removed. Only labels of at least
    four characters, and only matches that really cross a break."""
    if text.find("\n", start, end) < 0:
        return None
    seg, flat = _flat(text, start, end)
    sq: list[int] | None = None  # built on the first hit (most searches find nothing)
    best: LabelMatch | None = None
    core = label_core(labels[0])
    cands = [(lab, "exact" if i == 0 else "alias") for i, lab in enumerate(labels)]
    if core != labels[0]:
        cands.append((core, "unnumbered"))
    for lab, how in cands:
        if len(lab) < 4:
            continue
        j = flat.find(lab)
        if j < 0:
            continue
        if sq is None:
            # squeezed offset p maps back to p + (number of breaks before it): the squeezed
            # position of each removed break
            sq = [m.start() - k for k, m in enumerate(_BREAK.finditer(seg))]
        a = j + bisect.bisect_right(sq, j)
        b = j + len(lab) - 1
        b = b + bisect.bisect_right(sq, b) + 1
        if seg.find("\n", a, b) < 0:
            continue  # no break inside: an exact hit would have found it
        if best is None or start + a < best.start:
            best = LabelMatch(start + a, start + b, how if how != "exact" else "wrapped",
                              text[start + a:start + b])
    return best


_BREAK = re.compile("\n")
# (text, start, end, span, span without breaks) of the last span flattened, one tuple (threads)
_LAST_FLAT: list[tuple[str | None, int, int, str, str]] = [(None, -1, -1, "", "")]


def _flat(text: str, start: int, end: int) -> tuple[str, str]:
    """``text[start:end]`` and the same with its paragraph breaks removed, kept for the last span
    asked: the rows of a table whose labels are missing all search the same span."""
    last = _LAST_FLAT[0]
    if last[0] is text and last[1] == start and last[2] == end:
        return last[3], last[4]
    seg = text[start:end]
    flat = seg.replace("\n", "")
    _LAST_FLAT[0] = (text, start, end, seg, flat)
    return seg, flat


def find_prefix(text: str, label: str, start: int, end: int) -> LabelMatch | None:
    """A numbered label whose end was garbled by the extraction (``2.没有现成信息需要另`` / ``法提供
    行制作``): its number and at least 60 % (and six characters) of its words, at the start of a
    paragraph or cell. Callers search only between the row's neighbours."""
    numbered = _numbered(label)
    if numbered is None:
        return None
    num, core = numbered
    k = max(6, (len(core) * 3 + 4) // 5)
    if len(core) < k + 1:
        return None
    needle = num + core[:k]  # (a compact label: no paragraph break in it)
    j = text.find(needle, start, end)
    while j >= 0:
        prev = text[j - 1] if j > 0 else "\n"
        if not prev.isdigit():
            return LabelMatch(j, j + len(needle), "fuzzy", needle, len(label) - len(needle))
        j = text.find(needle, j + 1, end)
    return None


def find_abridged(text: str, label: str, start: int, end: int) -> LabelMatch | None:
    """A numbered label printed in a shortened wording (other provinces' tables: ``1.国家秘密`` for
    ``1.属于国家秘密``, ``2.需另行制作`` for ``2.没有现成信息需要另行制作``): the label's own number,
    then words that all occur, in order, in the official label (a subsequence) and make at least
    40 % of it (four characters or more). Callers search only between the row's neighbours and
    keep it only when the words fit no other row's label."""
    numbered = _numbered(label)
    if numbered is None:
        return None
    num, core = numbered
    need = max(4, (len(core) * 2 + 4) // 5)
    j = text.find(num, start, end)
    while j >= 0:
        prev = text[j - 1] if j > 0 else "\n"
        if not prev.isdigit() and prev != ".":
            k = e = j + len(num)
            while e < end and text[e] not in SEPARATORS and not text[e].isdigit():
                e += 1
            piece = text[k:e]
            if need <= len(piece) < len(core) and subsequence(piece, core):
                return LabelMatch(j, e, "fuzzy", text[j:e], len(core) - len(piece))
        j = text.find(num, j + 1, end)
    return None


def abridged_possible(text: str, label: str, start: int, end: int) -> bool:
    """Whether ``find_abridged`` can find ``label`` in some span inside ``text[start:end]``: the
    label's number, not after a digit or a point, followed by ``need`` characters of words (a
    shorter span only cuts the words short) that occur in order in the label."""
    numbered = _numbered(label)
    if numbered is None:
        return False
    num, core = numbered
    need = max(4, (len(core) * 2 + 4) // 5)
    if need >= len(core):
        return False
    j = text.find(num, start, end)
    while j >= 0:
        prev = text[j - 1] if j > 0 else "\n"
        if not prev.isdigit() and prev != ".":
            k = e = j + len(num)
            while e < end and e - k < need and text[e] not in SEPARATORS and not text[e].isdigit():
                e += 1
            if e - k == need and subsequence(text[k:e], core):
                return True
        j = text.find(num, j + 1, end)
    return False


def subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def with_number(text: str, m: LabelMatch | None, label: str, start: int) -> LabelMatch | None:
    """An unnumbered or near-miss match just after the label's own number (``3.`` + ``危及三安全一
    稳定``) takes the number in: left outside, it would be read as a value of the row before."""
    if m is None or m.how not in ("unnumbered", "fuzzy"):
        return m
    numbered = _numbered(label)
    if numbered is None:
        return m
    num = numbered[0]
    if text.startswith(num, m.start) or m.start - len(num) < start:
        return m
    a = m.start - len(num)
    if text[a:m.start] != num or (a > 0 and text[a - 1].isdigit()):
        return m
    return LabelMatch(a, m.end, m.how, text[a:m.end], m.distance)


def max_distance(label: str) -> int:
    """How many edits a near-miss label may carry, scaled by its length: 1 up to six characters,
    then one more for every six (a 20-character label may lose three)."""
    return 1 if len(label) <= 6 else max(2, len(label) // 6)


_PIECE_MIN = 5  # the shortest piece a near-miss label can match (6 characters, one edit)
# the pieces of a span a near miss can lie in: runs without a separator, at least _PIECE_MIN long
# (``_fuzzy`` searches them; ``tables._possible_rows`` bounds what a search could find with them)
NEAR_PIECE = re.compile("[^" + re.escape(SEPARATORS) + "]{%d,}" % _PIECE_MIN)
# (text, start, end, pieces, characters) of the last span split, as one tuple read at once (threads)
_LAST_PIECES: list[tuple[str | None, int, int, list[tuple[int, str]], frozenset[str]]] = [
    (None, -1, -1, [], frozenset())]
# (partial_ratio_alignment, Levenshtein.distance), imported on the first near-miss search (an
# import statement in ``_fuzzy`` cost a microsecond per call)
_RAPIDFUZZ: list = []


def _pieces(text: str, start: int, end: int, shortest: int) -> list[tuple[int, str]]:
    """(offset, piece) of the pieces of ``text[start:end]`` between separators, at least
    ``shortest`` characters long."""
    out = []
    pos = start
    for piece in _SPLIT.split(text[start:end]):
        if len(piece) >= shortest:
            out.append((pos, piece))
        pos += len(piece) + 1
    return out


def _long_pieces(text: str, start: int, end: int) -> tuple[list[tuple[int, str]], frozenset[str]]:
    """``_pieces`` of at least ``_PIECE_MIN`` characters and the set of characters of
    ``text[start:end]``, kept for the last span asked: the rows of a table whose labels are
    missing all search the same span, one after the other."""
    last = _LAST_PIECES[0]
    if last[0] is text and last[1] == start and last[2] == end:
        return last[3], last[4]
    # the maximal runs without a separator are the pieces: one C-level scan finds the long ones
    out = [(m.start(), m.group(0)) for m in NEAR_PIECE.finditer(text, start, end)]
    chars = frozenset(text[start:end])
    _LAST_PIECES[0] = (text, start, end, out, chars)
    return out, chars


# (text, start, end, character set of each piece) of the last span whose pieces were tested
_LAST_SETS: list[tuple[str | None, int, int, list[frozenset[str]]]] = [(None, -1, -1, [])]


def _piece_chars(text: str, start: int, end: int, pieces: list[tuple[int, str]]) -> list[frozenset[str]]:
    """The set of characters of each of ``_long_pieces(text, start, end)``, kept for the last span."""
    last = _LAST_SETS[0]
    if last[0] is text and last[1] == start and last[2] == end:
        return last[3]
    sets = [frozenset(piece) for _, piece in pieces]
    _LAST_SETS[0] = (text, start, end, sets)
    return sets


@functools.lru_cache(maxsize=4096)
def _label_chars(label: str) -> tuple[frozenset[str], dict[str, int] | None]:
    """The distinct characters of a label and, when some repeat, how often each occurs."""
    chars = frozenset(label)
    if len(chars) == len(label):
        return chars, None
    counts: dict[str, int] = {}
    for ch in label:
        counts[ch] = counts.get(ch, 0) + 1
    return chars, counts


def fewest_edits(label: str, chars: frozenset[str]) -> int:
    """A lower bound on the edit distance between ``label`` and any string made of ``chars``:
    every character of the label that is not among them must be deleted or substituted."""
    distinct, counts = _label_chars(label)
    common = distinct & chars
    if counts is None:
        return len(label) - len(common)
    return len(label) - sum(counts[ch] for ch in common)


# Whether ``_fuzzy`` skips a span that lacks so many of the label's characters that no piece of
# it can be near enough (tests set it False to compare with the full search).
CHAR_BOUND = True


def _fuzzy(text: str, label: str, start: int, end: int, max_d: int) -> LabelMatch | None:
    if not _RAPIDFUZZ:
        from rapidfuzz.distance import Levenshtein  # noqa: PLC0415
        from rapidfuzz.fuzz import partial_ratio_alignment  # noqa: PLC0415
        _RAPIDFUZZ[:] = [partial_ratio_alignment, Levenshtein.distance]
    partial_ratio_alignment, distance = _RAPIDFUZZ

    best: LabelMatch | None = None
    sets: list[frozenset[str]] | None = None
    if len(label) - max_d >= _PIECE_MIN:
        pieces, chars = _long_pieces(text, start, end)
        # a match is a substring of the span, within max_d edits of the label: with more of the
        # label's characters missing from the whole span there is none (most spans searched,
        # text around a table that is not there)
        if CHAR_BOUND:
            if fewest_edits(label, chars) > max_d:
                return None
            sets = _piece_chars(text, start, end, pieces)  # the same bound, piece by piece
    else:  # (no caller asks this: MIN_FUZZY characters less their edits are at least _PIECE_MIN)
        pieces = _pieces(text, start, end, 0)
    for k, (p0, piece) in enumerate(pieces):
        if len(piece) < len(label) - max_d:
            continue
        if sets is not None and fewest_edits(label, sets[k]) > max_d:
            continue
        al = partial_ratio_alignment(label, piece, score_cutoff=60)
        if al is None:
            continue
        # widen/narrow by up to max_d characters to find the closest substring
        for a in range(max(0, al.dest_start - max_d), al.dest_start + max_d + 1):
            for b in range(al.dest_end - max_d, min(len(piece), al.dest_end + max_d) + 1):
                if b <= a:
                    continue
                sub = piece[a:b]
                d = distance(label, sub)
                if d <= max_d and (best is None or d < best.distance or
                                   (d == best.distance and p0 + a < best.start)):
                    best = LabelMatch(p0 + a, p0 + b, "fuzzy", sub, d)
        if best is not None and best.distance <= 1:
            return best
    return best
