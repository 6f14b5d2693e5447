"""The bounded glued-digit segmentation (issue 15 item 2) yields exactly what the unbounded
search it replaced yielded — same candidates, same order — checked against that search (kept here
as the reference) and against an itertools brute force on many small inputs."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from gxtui.extract.rowread import (MAX_CANDIDATES, _segmentations, _valid_number, count_segmentations,
                                   read_row)
from gxtui.extract.stream import DIGIT_GAP


def _reference(groups, k, signed, decimal, kinds=None):
    """The search as it was before the bound (exponential, no feasibility pruning)."""
    def ok(s, idx):
        if kinds is not None and idx < len(kinds):
            return _valid_number(s, *kinds[idx])
        return _valid_number(s, signed, decimal)

    def cut(s, parts, idx):
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

    def over(gs, parts, idx):
        if not gs:
            if parts == 0:
                yield ()
            return
        first, rest = gs[0], gs[1:]
        for p in range(1, min(parts - len(rest), len(first)) + 1):
            for a in cut(first, p, idx):
                for b in over(rest, parts - p, idx + p):
                    yield a + b

    if len(groups) > k:
        return
    yield from over(groups, k, 0)


def _brute(groups, k, signed, decimal, kinds=None):
    """Every cut of every group, filtered: the set of valid segmentations (no order)."""
    out = set()
    per_group = []
    for g in groups:
        opts = []
        for r in range(len(g)):
            for cuts in itertools.combinations(range(1, len(g)), r):
                b = (0, *cuts, len(g))
                parts = tuple(g[b[i]:b[i + 1]] for i in range(len(b) - 1))
                # as before the bound: a number like "0.5" is only read at the end of a group
                if any(x[:1] == "0" and len(x) > 1 for x in parts[:-1]):
                    continue
                opts.append(parts)
        per_group.append(opts)
    for combo in itertools.product(*per_group):
        flat = tuple(x for part in combo for x in part)
        if len(flat) != k:
            continue
        if all(_valid_number(x, *(kinds[i] if kinds and i < len(kinds) else (signed, decimal)))
               for i, x in enumerate(flat)):
            out.add(flat)
    return out


def _random_groups(rng: random.Random) -> list[str]:
    n_groups = rng.randint(1, 3)
    alphabet = "0000123456789" + rng.choice(["", ".", "-"])
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) for _ in range(n_groups)]


@pytest.mark.parametrize("seed", range(6))
def test_same_output_as_the_unbounded_search(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        groups = _random_groups(rng)
        k = rng.randint(1, 7)
        signed, decimal = rng.random() < 0.3, rng.random() < 0.3
        kinds = tuple((rng.random() < 0.2, rng.random() < 0.2) for _ in range(k)) if rng.random() < 0.3 else None
        want = list(_reference(groups, k, signed, decimal, kinds))
        got = list(_segmentations(groups, k, signed, decimal, kinds))
        assert got == want, (groups, k, signed, decimal, kinds)
        assert count_segmentations(groups, k, signed, decimal, kinds) == len(want)
        assert set(got) == _brute(groups, k, signed, decimal, kinds)


def test_counts_without_listing_on_long_runs() -> None:
    digits = "1234567890" * 3
    # C(29, 6) cut sets minus those making a number with a leading zero or more than 7 digits
    n = count_segmentations([digits], 7, False, False)
    assert 0 < n and n == sum(1 for _ in _segmentations([digits], 7, False, False)) if n < 50_000 else n > 0
    assert n <= math.comb(29, 6)


def test_long_glued_row_is_reported_too_many_without_enumerating() -> None:
    digits = "1" * 30
    r = read_row("x", digits, 7, "glued", None)
    assert r.candidates == [] and "too many ways" in r.note
    assert count_segmentations([digits], 7, False, False) > MAX_CANDIDATES


def test_short_glued_row_still_lists_every_reading() -> None:
    r = read_row("x", "640020470", 3, "glued", None)
    assert ("640", "020470") not in r.candidates  # leading zero
    assert set(r.candidates) == _brute(["640020470"], 3, False, False)
    r2 = read_row("x", "1" + DIGIT_GAP + "20" + DIGIT_GAP + "3", 3, "glued", None)
    assert r2.candidates == [("1", "20", "3")] and r2.direct


def test_t3_row_identity_with_blanks_and_decimals() -> None:
    from gxtui.extract.solve import t3_row_ok

    assert t3_row_ok((1, 2, 3, 0, 0, 0, 6)) and not t3_row_ok((1, 2, 3, 0, 0, 0, 7))
    assert t3_row_ok((1, None, 3, None, 0, 0, 4)) and not t3_row_ok((1, None, 3, None, 0, 0, 5))
    assert t3_row_ok((1, 2, 3, 4, 5, 6, None))  # a blank 总计 is not checked
    assert t3_row_ok((0.5, 0.5, 0, 0, 0, 0, 1)) and not t3_row_ok((None,) * 6 + (1,))
