"""Table 四's reading after its headers lists its placements only when it is kept (issue 15).

A row with fewer values than columns (blank cells dropped) has every placement of its values as
a candidate: 3,003 for 5 values in table 四's 15 columns. ``extract_t4`` then tries the rows of
numbers below the headers first (three rows of 5, one of 15), and when they give the table the
placements were never looked at. ``read_row(defer=True)`` returns such a reading with its
candidates unlisted (``RowReading.deferred``) and ``listed()`` lists them. Tested two ways: the
reading itself, deferred and listed, equals the reading made at once for random regions of
every layout; and every input extracted with ``tables.DEFER_T4`` on and off gives equal
reports, on the snapshot's text inputs and on generated reports whose table 四 lost cells in
the ways crawled and PDF text loses them. Both tests require that the deferral fired and that
the general path still ran.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
import report_snapshot as rs

from gxtui.extract import rowread, tables
from gxtui.extract.rowread import read_row
from gxtui.extract.stream import DIGIT_GAP, SEP_CELL, SEP_PARA, SEP_ROW, SPANNED
from fast_paths import both_ways, counting, readable  # noqa: E402

_FIELDS = ("key", "n", "candidates", "line", "mode", "direct", "note", "tokens", "deferred")


def _fields(r: rowread.RowReading) -> tuple:
    return tuple(getattr(r, f) for f in _FIELDS)


def _region(rng: random.Random) -> str:
    pool = ["0", "1", "12", "3", "", "/", "-", "x", "一件", "（注）", SPANNED, "7.5", "-2", "1" + DIGIT_GAP + "0"]
    cells = [rng.choice(pool) for _ in range(rng.randint(0, 17))]
    how = rng.randrange(4)
    if how == 0:  # a grid row
        body = SEP_CELL + SEP_CELL.join(cells) + SEP_ROW
    elif how == 1:  # one cell per line
        body = SEP_PARA + SEP_PARA.join(cells)
    elif how == 2:  # a paragraph of numbers
        body = DIGIT_GAP.join(c for c in cells if c)
    else:  # mixed separators
        body = "".join(rng.choice([SEP_CELL, SEP_PARA, SEP_ROW, DIGIT_GAP]) + c for c in cells)
    return body + rng.choice(["", SEP_PARA + "五、存在的主要问题", SEP_ROW + SEP_CELL + "合计"])


def test_deferred_reading_lists_what_the_reading_gives() -> None:
    rng = random.Random(15)
    deferred = 0
    for _ in range(6000):
        region = _region(rng)
        n = rng.choice([5, 7, 15])
        layout = rng.choice(["grid", "lines", "glued"])
        args = ("table4", region, n, layout, 3)
        plain = read_row(*args)
        late = read_row(*args, defer=True)
        if late.deferred:
            deferred += 1
            assert late.candidates == [] and len(plain.candidates) >= 2, region
        assert _fields(late.listed()) == _fields(plain), (region, n, layout)
        assert not late.deferred
    assert deferred > 300, deferred


_VALUES = re.compile("^" + "\t".join([r"(-?\d+)"] * 15) + "$", re.M)


def _damaged(text: str, rng: random.Random) -> str:
    """``text`` with the 15 values of its table 四 printed the way a lossy extraction prints them."""
    m = _VALUES.search(text)
    if m is None:
        return text
    vals = list(m.groups())
    how = rng.randrange(6)
    if how == 0:  # some cells emptied and dropped, tab-separated
        keep = sorted(rng.sample(range(15), rng.randint(1, 14)))
        row = "\t".join(vals[i] for i in keep)
    elif how == 1:  # one value per line, some dropped
        keep = sorted(rng.sample(range(15), rng.randint(1, 14)))
        row = "\n".join(vals[i] for i in keep)
    elif how == 2:  # three 5-column tables, the headers repeated (a crawled page)
        head = "结果维持\t结果纠正\t其他结果\t尚未审结\t总计"
        row = "\n".join(f"{head}\n" + "\t".join(vals[g:g + 5]) for g in (0, 5, 10))
    elif how == 3:  # three rows of 5, the last one short
        row = "\n".join("\t".join(vals[g:g + (5 if g < 10 else rng.randint(1, 4))]) for g in (0, 5, 10))
    elif how == 4:  # the values glued, some cells dropped
        row = "".join(v for i, v in enumerate(vals) if rng.random() < 0.7)
    else:  # 13 or 14 values in one row
        drop = set(rng.sample(range(15), rng.randint(1, 2)))
        row = "\t".join(v for i, v in enumerate(vals) if i not in drop)
    return text[:m.start()] + row + text[m.end():]


def _inputs() -> Iterator[tuple[str, bytes]]:
    from bench import gen  # noqa: PLC0415

    for name, make in rs.ds.inputs():
        if name.endswith((".txt", ".md")):
            yield name, make()
    rng = random.Random(4)
    for n in range(120):
        text = gen.RENDER["txt"](gen.make_spec(n, seed=13)).decode("utf-8")
        yield f"gen/{n}.txt", _damaged(text, rng).encode("utf-8")


@pytest.mark.slow
def test_table4_deferred_placements_equal_listing_them_first(monkeypatch) -> None:
    documents = readable(_inputs())
    calls = counting(monkeypatch, rowread, "placements")
    fast, full, on, off = both_ways(documents, monkeypatch, tables, "DEFER_T4", calls)
    differ = [name for (name, _, _), a, b in zip(documents, fast, full) if a != b]
    assert not differ, differ[:10]
    assert 0 < on < off, (on, off)
