"""What several single-report rules read from one report, worked out once per check.

Seven rules used to walk every cell of the report (a few hundred) for the same facts: which rows of
each table are there (S-3, T3-B, T3-C), which cells are text or a number that is not a
non-negative integer (T2-A, T3-D, T4-B), and the addends of table 三's rows (T3-A, T3-B, T3-C,
each reading the same cells again). ``check._run`` makes one ``ReportView`` per report and hands
it to every rule that declares a ``view`` parameter; a rule called on its own makes its own.

A view is only valid while its report is not changed: it is made for one run of the rules and
dropped after it (reports are edited between checks, e.g. by ``bench.mutation``).
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from itertools import repeat
from operator import attrgetter

from gxtui import templates
from gxtui.model import Cell, Report
from gxtui.rules import messages as m

_T3 = "table3"
T3_COLS = ("np", "biz", "res", "ngo", "law", "oth", "tot")  # six applicant columns, then 总计
_SEMANTIC = attrgetter("semantic")
_VALUE = attrgetter("value")
_OWN_VALUE = frozenset(("number", "zero"))  # semantics whose addend is the cell's value
# stands in for a cell the report lacks: no addend, like an unknown cell (``messages.addend``)
_MISSING = Cell("", "", "", None, None, "unknown")


@lru_cache(maxsize=256)
def _row_keys(row: str) -> tuple[tuple[str, str, str], ...]:
    """The ``Report.cells`` keys of one row of table 三, in ``T3_COLS`` order."""
    return tuple((_T3, row, c) for c in T3_COLS)


@lru_cache(maxsize=64)
def _flat_keys(rows: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """The ``Report.cells`` keys of ``rows`` of table 三, row after row, each in ``T3_COLS`` order."""
    return tuple(k for row in rows for k in _row_keys(row))


def rows_values(report: Report, rows: tuple[str, ...]) -> list[float | int | None]:
    """``table3.value(report, row, col)`` for every column of each of ``rows``, concatenated
    (``len(T3_COLS)`` values per row): column ``i`` of every row is ``[i::7]``, row ``j`` is
    ``[7j:7j+7]``.

    One lookup and one addend pass over all the rows' cells: the identities read a dozen rows or
    more, and a call per row cost more than the arithmetic. When every cell is a number or a zero
    (most tables) the addends are the values, taken without a Python step per cell, and no 总计
    can be an unreported blank."""
    keys = _flat_keys(rows)
    cells = list(map(report.cells.get, keys, repeat(_MISSING, len(keys))))
    sems = list(map(_SEMANTIC, cells))
    if _OWN_VALUE.issuperset(sems):
        return list(map(_VALUE, cells))
    adds = m.addends(cells)
    width = len(T3_COLS)
    for i in range(width - 1, len(cells), width):  # the 总计 of each row
        tot = cells[i]
        if tot.semantic in m.ZERO_SEMANTICS and any(adds[i - width + 1:i]):
            adds[i] = None  # left blank next to non-zero applicant cells: unreported
    return adds


class ReportView:
    """Facts of one report shared by the rules of one check (each computed on first use)."""

    def __init__(self, report: Report) -> None:
        self.report = report

    @cached_property
    def template(self) -> templates.Template:
        return m.template_of(self.report)

    @cached_property
    def _scan(self) -> tuple[dict[str, set[str]], list[tuple[str, Cell]]]:
        """``_rows`` and ``odd_cells`` in one pass over the cells: every report needs both (S-3;
        T2-A, T3-D, T4-B), and on a batch of reports reaching a report's cells costs more than
        what is done with each."""
        rows_of: dict[str, set[str]] = {}
        odd: list[tuple[str, Cell]] = []
        last = last_row = None
        rows: set[str] = set()
        for (t, row, _), c in self.report.cells.items():
            if t is not last:  # a table's cells follow each other: one lookup per table
                rows, last, last_row = rows_of.setdefault(t, set()), t, None
            if row is not last_row:  # and a row's cells too (their keys share its string)
                rows.add(row)
                last_row = row
            if (s := c.semantic) == "text" or s == "number" and not (type(v := c.value) is int and v >= 0):
                odd.append((t, c))
        return rows_of, odd

    @cached_property
    def _rows(self) -> dict[str, set[str]]:
        """Table → the rows that have cells."""
        return self._scan[0]

    def rows_of(self, table: str) -> frozenset[str]:
        """The rows of ``table`` that have cells."""
        return frozenset(self._rows.get(table, ()))

    @cached_property
    def t3_present(self) -> frozenset[str]:
        """Rows of table 三 that have cells (a collapsed 2019 row in a 2021 table among them)."""
        return self.rows_of(_T3)

    @cached_property
    def odd_cells(self) -> list[tuple[str, Cell]]:
        """(table, cell) of every cell that is text or a number other than a non-negative
        ``int``: the only cells T2-A, T3-D and T4-B can object to (most cells are zero, blank or
        a whole count, decided here without a call)."""
        return self._scan[1]

    def odd_cells_of(self, table: str) -> list[Cell]:
        return [c for t, c in self.odd_cells if t == table]

    @cached_property
    def t3_rows(self) -> tuple[str, ...]:
        """The rows T3-C checks: the template's rows of table 三, then the collapsed rows of the
        other template that stand in for rows this table lacks."""
        tpl = self.template
        collapsed = tpl.collapsed_in(self.t3_present) if tpl.t3_collapsed else {}
        return tuple(r.key for r in tpl.t3_rows) + tuple(collapsed)

    @cached_property
    def t3_outcome_rows(self) -> tuple[str, ...]:
        """The outcome rows T3-B sums (a collapsed row standing in for the rows it replaces)."""
        tpl = self.template
        return tpl.outcome_keys_for(self.t3_present if tpl.t3_collapsed else frozenset())

    @cached_property
    def t3_values(self) -> list[float | int | None]:
        """``rows_values`` of ``t3_rows``: the addends of each row, ``len(T3_COLS)`` a row."""
        return rows_values(self.report, self.t3_rows)

    @cached_property
    def _t3_at(self) -> dict[str, int]:
        """Row → offset of its first occurrence in ``t3_values``."""
        w = len(T3_COLS)
        at: dict[str, int] = {}
        for j, row in enumerate(self.t3_rows):
            at.setdefault(row, w * j)
        return at

    def t3_row(self, row: str) -> list[float | int | None]:
        """The addends of one row of table 三 (``rows_values`` of that row alone)."""
        at = self._t3_at.get(row)
        if at is None:
            return rows_values(self.report, (row,))
        return self.t3_values[at:at + len(T3_COLS)]
