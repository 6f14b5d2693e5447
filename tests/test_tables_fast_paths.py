"""The fast paths of the table extraction give what the general path gives (issue 15).

Each fast path is switched off by a module flag; every input is extracted with the flag on and
off and the two reports must be equal in everything a later stage sees: the cells in their
order, field for field, the anomalies in order, the joint readings, the tables found and the
findings (``report_snapshot.canonical``). The inputs are the corpus and test files of the
snapshot (text, HTML, DOCX, PDF), generated reports of every layout and seeded mutations of
generated text and HTML (``bench.fuzz``). Each test also requires that both paths were taken on
these inputs, so a fast path that never fires (or always fires) fails too.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import pytest
import report_snapshot as rs

from gxtui.extract import solve, tables
from fast_paths import both_ways, counting, readable  # noqa: E402


def _inputs() -> Iterator[tuple[str, Callable[[], bytes]]]:
    yield from rs.ds.inputs()
    from bench import fuzz, gen  # noqa: PLC0415

    for n in range(0, 200, 2):
        spec = gen.make_spec(n, seed=11)
        for fmt in ("txt", "html") if n % 10 else ("txt", "html", "docx"):
            yield f"gen/{n}.{fmt}", lambda s=spec, f=fmt: gen.RENDER[f](s)
    rng = random.Random(99)
    cache: dict = {}
    for i in range(150):
        data = (fuzz.gen_text if i % 3 else fuzz.gen_html)(rng, cache)
        yield f"mut/{i}", lambda d=data: d


@pytest.fixture(scope="module")
def documents() -> list[tuple[str, bytes, object]]:
    return readable((name, make()) for name, make in _inputs())




@pytest.mark.slow
@pytest.mark.parametrize("flag, general", [("DIRECT_PATH", (solve, "resolve")),
                                           ("EXACT_FIRST", (tables, "find_label"))])
def test_fast_path_equals_general_path(documents, monkeypatch, flag: str, general: tuple) -> None:
    """``general`` names the function only the general path calls: with the flag on it must run
    less often than with the flag off (the fast path fired), and still run (not every table took
    the fast path)."""
    calls = counting(monkeypatch, *general)
    fast, slow, on, off = both_ways(documents, monkeypatch, tables, flag, calls)
    assert off - on > len(documents) // 2, f"{flag}: the fast path fired {off - on} times on {len(documents)} inputs"
    assert on > 20, f"{flag}: every table took the fast path, the general path was not compared"
    differ = [name for (name, _, _), a, b in zip(documents, fast, slow) if a != b]
    assert not differ, f"{flag}: fast and general path differ on {differ[:10]}"


def test_ascii_cells_hold_no_cjk() -> None:
    """``rowread._grid`` skips its CJK search for an ASCII body: the searched range has no ASCII
    character."""
    from gxtui.extract import rowread  # noqa: PLC0415

    assert all(rowread._CJK.search(chr(c)) is None for c in range(128))
    assert rowread._CJK.search("\x1f0\x1f科研机构") is not None
