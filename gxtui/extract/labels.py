"""Finding a table label in the compact stream: exact, alias, unnumbered, or near-miss.

Every way of matching except the exact official label is reported back to the caller (and
becomes an anomaly of the report): a reviewer must see that ``本年度止件数`` was read as
``本年废止件数``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gxtui.extract.stream import SEPARATORS

_NUM_PREFIX = re.compile(r"^(\d{1,2}\.|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)")
_SPLIT = re.compile("[" + re.escape(SEPARATORS) + "]")


# Near-miss matching only for labels long enough that one wrong character cannot turn one
# official label into another (重复申请 vs 反复申请 are both real rows).
MIN_FUZZY = 6


@dataclass(frozen=True)
class LabelMatch:
    start: int
    end: int
    how: str  # "exact", "alias", "unnumbered", "fuzzy"
    found: str  # the compact text that matched
    distance: int = 0


def strip_numbering(label: str) -> str:
    return _NUM_PREFIX.sub("", label, count=1)


def find_label(text: str, labels: tuple[str, ...], start: int, end: int,
               fuzzy: bool = True) -> LabelMatch | None:
    """Find the first occurrence of any of ``labels`` (compact) in ``text[start:end]``.

    ``labels[0]`` is the official label, the rest are aliases. The earliest exact hit wins;
    only when there is none are unnumbered and near-miss matches tried.
    """
    best: LabelMatch | None = None
    for i, lab in enumerate(labels):
        j = text.find(lab, start, end)
        if j >= 0 and (best is None or j < best.start):
            best = LabelMatch(j, j + len(lab), "exact" if i == 0 else "alias", lab)
    if best is not None:
        return best
    core = strip_numbering(labels[0])
    if core != labels[0] and len(core) >= 4:
        j = text.find(core, start, end)
        if j >= 0:
            return LabelMatch(j, j + len(core), "unnumbered", core)
    if fuzzy and len(core) >= MIN_FUZZY:
        return _fuzzy(text, core, start, end)
    return None


def _fuzzy(text: str, label: str, start: int, end: int) -> LabelMatch | None:
    from rapidfuzz.distance import Levenshtein  # noqa: PLC0415
    from rapidfuzz.fuzz import partial_ratio_alignment  # noqa: PLC0415

    max_d = 1 if len(label) <= 6 else 2
    pos = start
    best: LabelMatch | None = None
    for piece in _SPLIT.split(text[start:end]):
        p0 = pos
        pos += len(piece) + 1
        if len(piece) < len(label) - max_d:
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
                d = Levenshtein.distance(label, sub)
                if d <= max_d and (best is None or d < best.distance or
                                   (d == best.distance and p0 + a < best.start)):
                    best = LabelMatch(p0 + a, p0 + b, "fuzzy", sub, d)
        if best is not None and best.distance <= 1:
            return best
    return best
