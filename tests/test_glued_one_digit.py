"""A glued run of exactly as many plain digits as cells is read one digit a cell without the
segmentation search (``rowread.ONE_DIGIT_CELLS``, issue 15): what the search gives, for runs with
and without digit gaps, units, signs, points, leading zeros, every column typing, sparse rows and
runs one digit longer or shorter. The test requires the shortcut to have fired and the search to
have run."""

from __future__ import annotations

import random

from gxtui.extract import rowread


def _split(run: str, unit: str, n: int, sparse: bool, signed: bool, decimal: bool, kinds) -> tuple:
    digits = run
    groups = [g for g in digits.split(rowread.DIGIT_GAP) if g]
    return rowread._split_glued_uncached(digits, groups, unit, n, sparse, signed, decimal, kinds)  # noqa: SLF001


def test_one_digit_cells_equal_the_search(monkeypatch) -> None:
    rng = random.Random(31)
    fired = searched = 0
    for _ in range(3000):
        n = rng.choice([2, 3, 5, 7, 15])
        length = n + rng.choice([0, 0, 0, -1, 1])
        chars = [rng.choice("0000123456789") for _ in range(max(1, length))]
        if rng.random() < 0.1:
            chars[rng.randrange(len(chars))] = rng.choice(["-", "+", ".", "٣"])
        run = ""
        for i, ch in enumerate(chars):
            run += ch
            if i + 1 < len(chars) and rng.random() < 0.2:
                run += rowread.DIGIT_GAP
        unit = rng.choice(["", "", "元", "万元"])
        sparse = rng.random() < 0.2
        signed, decimal = rng.random() < 0.3, rng.random() < 0.3
        kinds = None if rng.random() < 0.5 else tuple((rng.random() < 0.3, rng.random() < 0.3) for _ in range(n))
        args = (run, unit, n, sparse, signed, decimal, kinds)
        monkeypatch.setattr(rowread, "ONE_DIGIT_CELLS", True)
        fast = _split(*args)
        monkeypatch.setattr(rowread, "ONE_DIGIT_CELLS", False)
        full = _split(*args)
        assert fast == full, args
        if fast[1] and len(run.replace(rowread.DIGIT_GAP, "")) == n and not sparse and run.isdigit():
            fired += 1
        else:
            searched += 1
    assert fired > 300 and searched > 300, (fired, searched)
