"""``solve.resolve`` finds the combinations of ambiguous table-三 rows by sums (``_by_sums``): the
same solutions, in the same order, as testing every combination with the identities."""

from __future__ import annotations

import random

import pytest

from gxtui.extract import solve
from gxtui.extract.rowread import RowReading

KEYS = ("new", "carried_in", "r.public", "r.partial", "r.other", "r.total", "carried_out")
OUTCOMES = ("r.public", "r.partial", "r.other")


def _brute(readings, row_ok, table_ok):
    """resolve with the sum search switched off (every combination tested)."""
    saved = solve._by_sums
    solve._by_sums = lambda *a: None
    try:
        return solve.resolve(readings, row_ok, table_ok)
    finally:
        solve._by_sums = saved


def _table(rnd: random.Random, keys=KEYS):
    """A consistent table 三 and readings of it: some rows direct, some with extra candidates
    (shifted or perturbed copies), blanks here and there."""
    vals: dict[str, list[int | None]] = {}
    for k in ("new", "carried_in", "carried_out"):
        vals[k] = [rnd.randint(0, 5) for _ in range(7)]
    total = [vals["new"][c] + vals["carried_in"][c] - vals["carried_out"][c] for c in range(7)]
    if any(t < 0 for t in total):
        vals["carried_out"] = [0] * 7
        total = [vals["new"][c] + vals["carried_in"][c] for c in range(7)]
    parts = [[0] * 7 for _ in OUTCOMES]
    for c in range(7):
        for _ in range(total[c]):
            parts[rnd.randrange(len(OUTCOMES))][c] += 1
    for k, p in zip(OUTCOMES, parts):
        vals[k] = p
    vals["r.total"] = total
    readings = []
    for k in keys:
        if k not in vals:
            continue
        true = tuple(None if (v == 0 and rnd.random() < 0.3) else str(v) for v in vals[k])
        if rnd.random() < 0.5:
            readings.append(RowReading(k, 7, [true], None, "grid", True))
            continue
        cands = {true}
        for _ in range(rnd.randint(1, 4)):
            alt = list(true)
            i = rnd.randrange(7)
            alt[i] = str(rnd.randint(0, 6)) if rnd.random() < 0.8 else None
            cands.add(tuple(alt))
        cands = list(cands)
        rnd.shuffle(cands)
        readings.append(RowReading(k, 7, cands, None, "glued", False, note="glued digits"))
    return readings


def _same(a: dict, b: dict) -> None:
    assert list(a) == list(b)
    for k in a:
        x, y = a[k], b[k]
        assert (x.key, x.recovered, x.note, x.options) == (y.key, y.recovered, y.note, y.options)
        assert [c.candidates if isinstance(c, solve.Unknown) else c for c in x.cells] == \
            [c.candidates if isinstance(c, solve.Unknown) else c for c in y.cells]


@pytest.mark.parametrize("seed", range(300))
def test_sum_search_equals_every_combination(seed: int) -> None:
    rnd = random.Random(seed)
    keys = KEYS if seed % 5 else tuple(k for k in KEYS if k != "carried_out")  # T3-A not checked
    readings = _table(rnd, keys)
    table_ok = solve.make_t3_table_ok(OUTCOMES)
    row_ok = solve.t3_row_ok if seed % 2 else None
    _same(solve.resolve(readings, row_ok, table_ok), _brute(readings, row_ok, table_ok))


def test_decimals_fall_back_to_testing_each_combination() -> None:
    readings = [RowReading("new", 7, [("1.5",) + (None,) * 6, ("1",) + (None,) * 6], None, "glued", False),
                RowReading("carried_in", 7, [(None,) * 7], None, "grid", True),
                RowReading("r.public", 7, [("1.5",) + (None,) * 6], None, "grid", True),
                RowReading("r.total", 7, [("1.5",) + (None,) * 6], None, "grid", True),
                RowReading("carried_out", 7, [(None,) * 7], None, "grid", True)]
    table_ok = solve.make_t3_table_ok(("r.public",))
    parsed = [[(c, solve.nums(c)) for c in readings[0].candidates]]
    fixed = {r.key: solve.nums(r.candidates[0]) for r in readings[1:]}
    assert solve._by_sums(table_ok, fixed, ["new"], parsed) is None
    got = solve.resolve(readings, None, table_ok)
    assert got["new"].cells[0] == "1.5" and got["new"].recovered
