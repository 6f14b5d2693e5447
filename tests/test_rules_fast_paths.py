"""The shortcuts of the single-report rules against the general formulas they stand for:
``ReportView._scan`` (rows and odd cells in one pass) and the inlined ``messages.total_of`` of
T3-A and T3-B (``_reference_t3_a`` / ``_reference_t3_b``: the rules as they were)."""

from __future__ import annotations

import copy
import dataclasses
from functools import lru_cache
from typing import Iterator

from hypothesis import given, settings, strategies as st

from gxtui.extract import load
from gxtui.model import Cell, Finding, Report
from gxtui.rules import messages as m
from gxtui.rules import table3
from gxtui.rules.view import ReportView

from tests.rule_fixtures import FIX

TABLES = ("table2", "table3", "table4")
SEMANTICS = ("number", "zero", "blank", "na", "text", "unknown")
VALUES = st.one_of(st.none(), st.integers(-3, 30), st.sampled_from([0.5, -0.0, 0.1, 0.2, 1e-7, 2.0, 3.3]))


@st.composite
def cells(draw: st.DrawFn) -> dict[tuple[str, str, str], Cell]:
    """Cells of tables 二/三/四 in any order (a table's cells need not follow each other)."""
    out: dict[tuple[str, str, str], Cell] = {}
    for _ in range(draw(st.integers(0, 40))):
        t = draw(st.sampled_from(TABLES))
        row, col = draw(st.sampled_from(["a", "b", "new", "r.total"])), draw(st.sampled_from(["np", "tot", "x"]))
        out[(t, row, col)] = Cell(t, row, col, "1", draw(VALUES), draw(st.sampled_from(SEMANTICS)))
    return out


class _Cells:
    def __init__(self, c: dict[tuple[str, str, str], Cell]) -> None:
        self.cells = c


@settings(max_examples=500, deadline=None)
@given(cells())
def test_scan_is_the_rows_and_odd_cells_of_every_cell(c: dict[tuple[str, str, str], Cell]) -> None:
    v = ReportView(_Cells(c))  # type: ignore[arg-type]
    want_rows = {t: {r for (tt, r, _) in c if tt == t} for t, _, _ in c}
    assert v._rows == want_rows  # noqa: SLF001
    for t in TABLES:
        assert v.rows_of(t) == frozenset(want_rows.get(t, ()))
    want_odd = [(t, x) for (t, _, _), x in c.items()
                if x.semantic == "text" or (x.semantic == "number"
                                            and not (isinstance(x.value, int) and x.value >= 0))]
    assert v.odd_cells == want_odd


def _reference_t3_a(report: Report) -> Iterator[Finding]:
    v = ReportView(report)
    for col, new, cin, tot, cout in zip(table3.COLS, v.t3_row("new"), v.t3_row("carried_in"), v.t3_row("r.total"),
                                        v.t3_row("carried_out")):
        lhs, rhs = m.total_of((new, cin)), m.total_of((tot, cout))
        if lhs is None or rhs is None or lhs == rhs:
            continue
        yield Finding("T3-A", "error", f"{col} {m.fmt(lhs)} {m.fmt(rhs)} {m.fmt(abs(lhs - rhs))}", "",
                      expected=m.clean(lhs), actual=m.clean(rhs))


def _reference_t3_b(report: Report) -> Iterator[Finding]:
    v = ReportView(report)
    keys = v.t3_outcome_rows
    columns = list(zip(*map(v.t3_row, keys))) or [()] * len(table3.COLS)
    for i, (col, tot) in enumerate(zip(table3.COLS, v.t3_row("r.total"))):
        s = m.total_of(list(columns[i]))
        if s is None or tot is None or s == tot:
            continue
        yield Finding("T3-B", "error", f"{col} {m.fmt(s)} {m.fmt(tot)}", "", expected=m.clean(s), actual=m.clean(tot))


@lru_cache(maxsize=1)
def _bases() -> tuple[Report, Report]:
    return load(FIX / "full_2021.txt"), load(FIX / "full_2019.txt")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 1), st.lists(st.tuples(st.integers(0, 10_000), VALUES, st.sampled_from(SEMANTICS)),
                                   max_size=12))
def test_t3_a_and_b_inline_sums_are_total_of(which: int, edits: list[tuple[int, object, str]]) -> None:
    r = copy.deepcopy(_bases()[which])
    keys = [k for k in r.cells if k[0] == "table3"]
    for at, value, sem in edits:
        k = keys[at % len(keys)]
        r.cells[k] = dataclasses.replace(r.cells[k], value=value, semantic=sem)
    for rule, ref in ((table3.t3_a, _reference_t3_a), (table3.t3_b, _reference_t3_b)):
        got = [(f.col, f.expected, f.actual, repr(f.expected), repr(f.actual)) for f in rule(r)]
        want = [(f.message_zh.split()[0], f.expected, f.actual, repr(f.expected), repr(f.actual)) for f in ref(r)]
        assert got == want
        # the values in the messages too
        got_msgs = [f.message_zh for f in rule(r)]
        for g, w in zip(got_msgs, ref(r)):
            assert all(x in g for x in w.message_zh.split()[1:])
