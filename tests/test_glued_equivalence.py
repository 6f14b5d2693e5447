"""The glued-digit search rebuilt for speed (packed per-group count tables, issue 15) gives exactly
what the memoised search it replaced gave: the same readings in the same order, the same counts,
the same cap and notes. The replaced search is kept here, copied verbatim, as the reference, and
both are run on every glued digit run the extractor meets in the corpus, test and generated
inputs, on the adversarial rows of ``bench/glued.py``, and on random runs of 1–60 digits (random
digit gaps, signs, points, commas, column kinds, sparse rows)."""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gxtui.extract import rowread
from gxtui.extract.rowread import (MAX_CANDIDATES, MAX_INT_DIGITS, _segmentations, _split_glued_uncached,
                                   _valid_number, count_segmentations, placements)
from gxtui.extract.stream import DIGIT_GAP

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIST_CAP = 30_000  # list both searches' readings only below this count (counts are compared always)


# -- the reference: the search of commit f844f74 ----------------------------------------------

def _old_segmentations_of(groups: list[str], k: int, seg: "_OldSegmenter"):
    if len(groups) > k:
        return
    if seg.feasible_over(0, k, 0):
        yield from seg.over(0, k, 0)


def _old_segmentations(groups, k, signed, decimal, kinds=None):
    yield from _old_segmentations_of(groups, k, _OldSegmenter(groups, k, signed, decimal, kinds))


def _old_count(groups, k, signed, decimal, kinds=None) -> int:
    if len(groups) > k:
        return 0
    return _OldSegmenter(groups, k, signed, decimal, kinds).count_over(0, k, 0)


def _old_split_glued_uncached(digits: str, groups: list[str], unit: str, n: int, sparse: bool, signed: bool,
                          decimal: bool, kinds: tuple[tuple[bool, bool], ...] | None
                          ) -> tuple[list[tuple[str | None, ...]], bool, str | None]:
    """``rowread._split_glued_uncached`` of commit f844f74, copied verbatim."""
    cands: list[tuple[str | None, ...]] = []
    # one memo per column typing, shared by every count of numbers asked for below (the
    # validity of a digit span and the counts of its suffixes do not depend on that count)
    # (``kinds`` types the columns only when the count equals the number of columns)
    segs: dict[bool, _Segmenter] = {}

    def memo(k: int) -> _OldSegmenter:
        typed = k == n and kinds is not None
        if typed not in segs:
            segs[typed] = _OldSegmenter(groups, n, signed, decimal, kinds if typed else None)
        return segs[typed]

    def count(k: int) -> int:
        return 0 if len(groups) > k else memo(k).count_over(0, k, 0)

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
    for k in counts:
        for seg in _old_segmentations_of(groups, k, memo(k)):
            if unit:
                seg = seg[:-1] + (seg[-1] + unit,)
            if k == n:
                cands.append(seg)
            else:
                cands.extend(placements(seg, n))
            if len(cands) > MAX_CANDIDATES:
                return [], False, f"too many ways to split {digits!r}"
    direct = len(cands) == 1
    return cands, direct, None if direct else f"glued digits {digits.replace(DIGIT_GAP, ' ')!r}"



class _OldSegmenter:
    """The memoised search of commit f844f74 (feasibility and counts of (group, position in the
    group, parts, column)), copied verbatim."""

    def __init__(self, groups: list[str], k: int, signed: bool, decimal: bool,
                 kinds: tuple[tuple[bool, bool], ...] | None) -> None:
        self.groups = groups
        self.k = k
        self.signed = signed
        self.decimal = decimal
        self.kinds = kinds
        # untyped columns: no answer depends on the column index, so the memo keys leave it out
        # (one memo then serves every count of numbers a row is tried with)
        self._typed = kinds is not None
        self._plain = [g.isdigit() and g.isascii() for g in groups]
        self._ok: dict[tuple[int, int, int, int], bool] = {}
        self._feas_cut: dict[tuple[int, int, int, int], bool] = {}
        self._feas_over: dict[tuple[int, int, int], bool] = {}
        self._count_cut: dict[tuple[int, int, int, int], int] = {}
        self._count_over: dict[tuple[int, int, int], int] = {}
        self._cuts: dict[tuple[int, int, int, int], list[tuple[str, ...]]] = {}
        self._overs: dict[tuple[int, int, int], list[tuple[str, ...]]] = {}
        # per group: at least one number per group, at most one per character
        self._max_rest = [0] * (len(groups) + 1)
        for i in range(len(groups) - 1, -1, -1):
            self._max_rest[i] = self._max_rest[i + 1] + len(groups[i])

    def ok(self, g: int, a: int, b: int, idx: int) -> bool:
        key = (g, a, b, idx * self._typed)
        v = self._ok.get(key)
        if v is None:
            s = self.groups[g][a:b]
            if self.kinds is not None and idx < len(self.kinds):
                v = _valid_number(s, *self.kinds[idx])
            else:
                v = _valid_number(s, self.signed, self.decimal)
            self._ok[key] = v
        return v

    def _heads(self, g: int, a: int):
        """End positions of the valid first numbers of groups[g][a:], in the original order
        (the original loop stops at the first invalid head with a leading zero)."""
        s = self.groups[g]
        # in a group of plain digits no number is longer than MAX_INT_DIGITS: the heads beyond
        # that are invalid, and listing them made every step linear in the group's length
        stop = min(len(s), a + MAX_INT_DIGITS + 1) if self._plain[g] else len(s)
        for i in range(a + 1, stop):
            if s[a] == "0" and i - a > 1:
                return
            yield i

    # -- feasibility -----------------------------------------------------------------
    def feasible_cut(self, g: int, a: int, parts: int, idx: int) -> bool:
        key = (g, a, parts, idx * self._typed)
        v = self._feas_cut.get(key)
        if v is not None:
            return v
        s = self.groups[g]
        if parts < 1 or parts > len(s) - a:
            v = False
        elif parts == 1:
            v = self.ok(g, a, len(s), idx)
        else:
            v = any(self.ok(g, a, i, idx) and self.feasible_cut(g, i, parts - 1, idx + 1)
                    for i in self._heads(g, a))
        self._feas_cut[key] = v
        return v

    def feasible_over(self, g: int, parts: int, idx: int) -> bool:
        key = (g, parts, idx * self._typed)
        v = self._feas_over.get(key)
        if v is not None:
            return v
        if g == len(self.groups):
            v = parts == 0
        elif parts < len(self.groups) - g or parts > self._max_rest[g]:
            v = False
        else:
            rest = len(self.groups) - g - 1
            max_here = min(parts - rest, len(self.groups[g]))
            v = any(self.feasible_cut(g, 0, p, idx) and self.feasible_over(g + 1, parts - p, idx + p)
                    for p in range(1, max_here + 1))
        self._feas_over[key] = v
        return v

    # -- counting --------------------------------------------------------------------
    def count_cut(self, g: int, a: int, parts: int, idx: int) -> int:
        key = (g, a, parts, idx * self._typed)
        v = self._count_cut.get(key)
        if v is not None:
            return v
        s = self.groups[g]
        if parts < 1 or parts > len(s) - a:
            v = 0
        elif parts == 1:
            v = 1 if self.ok(g, a, len(s), idx) else 0
        else:
            v = sum(self.count_cut(g, i, parts - 1, idx + 1) for i in self._heads(g, a) if self.ok(g, a, i, idx))
        self._count_cut[key] = v
        return v

    def count_over(self, g: int, parts: int, idx: int) -> int:
        key = (g, parts, idx * self._typed)
        v = self._count_over.get(key)
        if v is not None:
            return v
        if g == len(self.groups):
            v = 1 if parts == 0 else 0
        elif parts < len(self.groups) - g or parts > self._max_rest[g]:
            v = 0
        else:
            rest = len(self.groups) - g - 1
            max_here = min(parts - rest, len(self.groups[g]))
            v = 0
            for p in range(1, max_here + 1):
                c = self.count_cut(g, 0, p, idx)
                if c:
                    v += c * self.count_over(g + 1, parts - p, idx + p)
        self._count_over[key] = v
        return v

    # -- listing ---------------------------------------------------------------------
    # Each state's readings are listed once, as a list, and shared by every prefix that leads to
    # it: a nested generator per state passed every reading up through one frame per number (7
    # for a row of table 三), most of the time of reading a long glued row. A state reachable
    # from the start lists at most as many readings as the start does, so the memo holds at most
    # (numbers × readings) tuples, and the start's readings are counted (capped) before any list.
    def cut(self, g: int, a: int, parts: int, idx: int) -> list[tuple[str, ...]]:
        key = (g, a, parts, idx * self._typed)
        got = self._cuts.get(key)
        if got is not None:
            return got
        s = self.groups[g]
        if parts == 1:
            got = [(s[a:],)] if self.ok(g, a, len(s), idx) else []
        else:
            got = [(s[a:i],) + rest for i in self._heads(g, a)
                   if self.ok(g, a, i, idx) and self.feasible_cut(g, i, parts - 1, idx + 1)
                   for rest in self.cut(g, i, parts - 1, idx + 1)]
        self._cuts[key] = got
        return got

    def over(self, g: int, parts: int, idx: int) -> list[tuple[str, ...]]:
        key = (g, parts, idx * self._typed)
        got = self._overs.get(key)
        if got is not None:
            return got
        if g == len(self.groups):
            got = [()] if parts == 0 else []
        else:
            rest = len(self.groups) - g - 1
            max_here = min(parts - rest, len(self.groups[g]))
            got = [a_ + b_ for p in range(1, max_here + 1)
                   if self.feasible_cut(g, 0, p, idx) and self.feasible_over(g + 1, parts - p, idx + p)
                   for a_ in self.cut(g, 0, p, idx) for b_ in self.over(g + 1, parts - p, idx + p)]
        self._overs[key] = got
        return got



# -- the comparison ----------------------------------------------------------------------------

def _assert_same(digits: str, groups: list[str], unit: str, n: int, sparse: bool, signed: bool, decimal: bool,
                 kinds: tuple[tuple[bool, bool], ...] | None, list_cap: int = LIST_CAP) -> None:
    """The new search answers the row, and every count of numbers up to ``n``, as the old one."""
    args = (digits, groups, unit, n, sparse, signed, decimal, kinds)
    got = _split_glued_uncached(*args)
    want = _old_split_glued_uncached(*args)
    assert got == want, args
    for k in range(1, n + 1):
        kk = kinds if k == n else None
        c = count_segmentations(groups, k, signed, decimal, kk)
        assert c == _old_count(groups, k, signed, decimal, kk), (args, k)
        if c <= list_cap:
            assert list(_segmentations(groups, k, signed, decimal, kk)) == \
                list(_old_segmentations(groups, k, signed, decimal, kk)), (args, k)


def _row(digits: str, n: int, sparse: bool = False, signed: bool = False, decimal: bool = False,
         kinds: tuple[tuple[bool, bool], ...] | None = None, unit: str = "") -> tuple:
    return (digits, [g for g in digits.split(DIGIT_GAP) if g], unit, n, sparse, signed, decimal, kinds)


@pytest.fixture(scope="module")
def corpus_runs() -> list[tuple]:
    """Every digit run the extractor hands the glued search while reading the snapshot inputs
    (shared corpus, data, test fixtures and bad inputs, renderings, generated reports) and, when
    present, the generated benchmark corpus (``bench/corpus/txt``)."""
    for p in (str(ROOT), str(HERE)):
        if p not in sys.path:
            sys.path.insert(0, p)
    import report_snapshot as rs  # noqa: PLC0415

    from gxtui.extract import extract  # noqa: PLC0415
    from gxtui.read import ReadError, read_bytes  # noqa: PLC0415

    seen: dict[tuple, None] = {}
    real = rowread._split_glued

    def spy(digits, groups, unit, n, sparse, signed, decimal, kinds):
        seen.setdefault((digits, tuple(groups), unit, n, sparse, signed, decimal, kinds), None)
        return real(digits, groups, unit, n, sparse, signed, decimal, kinds)

    inputs = list(rs.inputs())
    bench_txt = ROOT / "bench" / "corpus" / "txt"
    if bench_txt.is_dir():
        inputs += [(f"bench/{p.name}", p.read_bytes) for p in sorted(bench_txt.glob("*.txt"))]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rowread, "_split_glued", spy)
        for name, get in inputs:
            data = get()
            try:
                doc = read_bytes(data)
            except ReadError:
                continue
            extract(doc, name, data)
    return [(d, list(g), *rest) for d, g, *rest in seen]


def test_every_glued_run_of_the_inputs(corpus_runs: list[tuple]) -> None:
    # not vacuous: the inputs have many glued runs, several with many readings, typed and sparse
    assert len(corpus_runs) > 50
    assert sum(1 for r in corpus_runs if r[7] is not None) > 10 and any(r[4] for r in corpus_runs)
    assert sum(1 for r in corpus_runs if len(_old_split_glued_uncached(*r)[0]) > 5) > 10
    for r in corpus_runs:
        _assert_same(*r)


def test_adversarial_rows_of_the_benchmark() -> None:
    import re  # noqa: PLC0415

    from bench.glued import adversarial_text  # noqa: PLC0415

    rows = [m.group(0) for m in (re.search(r"[0-9]{30}$", line) for line in adversarial_text().splitlines()) if m]
    assert len(rows) == 25
    rng = random.Random(1)
    growth = ["".join(rng.choice("123456789") for _ in range(n)) for n in (10, 20, 30, 40, 50, 60)]
    dead_ends = ["1" * n for n in (44, 48, 50)]
    for digits in rows + growth + dead_ends:
        for sparse in (False, True):
            _assert_same(*_row(digits, 7, sparse), list_cap=2_000)
    for digits in (rows[0] * 4, "1234567890" * 17):  # 120 and 170 digits: counts for 15 columns
        for k in (7, 15):
            assert count_segmentations([digits], k, False, False) == _old_count([digits], k, False, False)
        assert _split_glued_uncached(*_row(digits, 15)) == _old_split_glued_uncached(*_row(digits, 15))


_KIND = st.tuples(st.booleans(), st.booleans())


@st.composite
def _glued_rows(draw) -> tuple:
    alphabet = draw(st.sampled_from(["0123456789", "00000123456789", "0000000001", "0123456789.",
                                     "0123456789-+", "0123456789.-", "0123456789.,+-", "10"]))
    n_groups = draw(st.integers(1, 4))
    total = draw(st.integers(1, 60))
    groups = []
    for i in range(n_groups):
        size = max(1, total // n_groups + draw(st.integers(-2, 2)))
        groups.append("".join(draw(st.sampled_from(alphabet)) for _ in range(size)))
    n = draw(st.integers(1, 15))
    kinds = draw(st.none() | st.tuples(*[_KIND] * n) | st.lists(_KIND, min_size=0, max_size=n + 2).map(tuple))
    return (DIGIT_GAP.join(groups), groups, draw(st.sampled_from(["", "万元"])), n, draw(st.booleans()),
            draw(st.booleans()), draw(st.booleans()), kinds)


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_glued_rows())
def test_random_runs_hypothesis(row: tuple) -> None:
    _assert_same(*row, list_cap=3_000)


@pytest.mark.parametrize("seed", range(4))
def test_random_runs_seeded(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        alphabet = rng.choice(["0123456789", "000123456789", "0000001", "0123456789.", "0123456789-+",
                               "01.,+-", "0123456789\\/"])
        total = rng.randint(1, 60 if rng.random() < 0.2 else 16)
        groups = ["".join(rng.choice(alphabet) for _ in range(max(1, total // 3 + rng.randint(-1, 1))))
                  for _ in range(rng.randint(1, 3))]
        n = rng.randint(1, 15)
        kinds = None if rng.random() < 0.5 else tuple((rng.random() < 0.3, rng.random() < 0.3)
                                                      for _ in range(n if rng.random() < 0.8 else rng.randint(0, n)))
        _assert_same(DIGIT_GAP.join(groups), groups, "", n, rng.random() < 0.3, rng.random() < 0.4,
                     rng.random() < 0.4, kinds, list_cap=3_000)


def test_the_plain_digit_shortcut_matches_valid_number() -> None:
    # the tables take a run of plain digits to be a number when it has at most MAX_INT_DIGITS
    # digits and no leading zero, in every column: what _valid_number says
    for s in ("0", "00", "05", "1", "10", "1234567", "12345678", "0000000", "9" * 7, "9" * 8):
        for kind in ((False, False), (True, False), (False, True), (True, True)):
            want = (len(s) == 1 or s[0] != "0") and len(s) <= MAX_INT_DIGITS
            assert _valid_number(s, *kind) == want


def test_segmenter_refuses_more_numbers_than_it_was_built_for() -> None:
    seg = rowread._Segmenter(["1234"], 3, False, False, None)
    with pytest.raises(ValueError):
        seg.count(4)
    assert seg.count(3) == 3 and math.comb(3, 2) == 3 and placements(("1",), 1) == [("1",)]


def test_number_ends_is_valid_number_on_every_span() -> None:
    import itertools  # noqa: PLC0415

    strings = ["".join(p) for r in range(1, 6) for p in itertools.product("01.+-,/", repeat=r)]
    rng = random.Random(5)
    strings += ["".join(rng.choice("0123456789.+-\\١²") for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for s in strings:
        for kind in ((False, False), (True, False), (False, True), (True, True)):
            for a in range(len(s)):
                want = [i for i in range(a + 1, len(s) + 1) if _valid_number(s[a:i], *kind)]
                assert rowread._number_ends(s, a, *kind) == want, (s, a, kind)
