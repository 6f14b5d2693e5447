"""``solve.nums`` (the values of a candidate reading, looked up in a cache, parsed when new) gives
each token's ``parse_value`` value, for tokens seen before, new tokens and blanks alike (issue 15:
the lookup no longer scans its result for a sentinel; a token missing from the cache raises and
the reading is parsed)."""

from __future__ import annotations

import random

from gxtui.extract import solve
from gxtui.extract.values import parse_value


def test_nums_are_the_parsed_values() -> None:
    rng = random.Random(3)
    pool = [None, "0", "12", "/", "-", "7.5", "-3", "1,234", "5万元", "x", "", "一件"]
    for i in range(3000):
        pool.append(str(rng.randint(0, 10 ** rng.randint(1, 6))) + rng.choice(["", "", ".5", "元"]))
        cand = tuple(rng.choice(pool) for _ in range(rng.choice([5, 7, 15])))
        want = tuple(None if c is None else parse_value(c)[0] for c in cand)
        got = solve.nums(cand)
        assert got == want and all(type(a) is type(b) for a, b in zip(got, want)), cand
        assert solve.nums(cand) == want  # now every token is cached
