"""The canonical ``Report`` and its parts.

A ``Report`` is what every later stage works on: rules read its cells, the comparison aligns two
of them, the TUI renders one. Cells keep their raw text and source line so that every finding
can point at the evidence. Tables are also available as polars DataFrames (built on demand, so
that code paths which never look at a DataFrame never import polars).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

TABLES = ("table2", "table3", "table4")
SEMANTICS = ("number", "zero", "blank", "na", "text", "unknown")


@dataclass(slots=True)
class Cell:
    """One table cell.

    ``semantic`` is ``number`` / ``zero`` / ``blank`` / ``na`` ("/", "-", "—") / ``text`` /
    ``unknown`` (the source lost the value, e.g. a glued or collapsed row that the table's own
    identities could not resolve). ``value`` is None unless the semantic is number or zero.
    """

    table: str
    row: str
    col: str
    raw: str | None
    value: float | int | None
    semantic: str
    line: int | None = None
    recovered: bool = False  # value deduced from the table identities, not read directly
    candidates: tuple[Any, ...] = ()  # for unknown cells: the values that remained possible
    unit: str | None = None  # a unit written inside the cell ("元", "万元")

    @property
    def number(self) -> float | int:
        """Value for arithmetic: blank, "/" and unknown count as 0 (format.md §6.3 policy)."""
        return self.value if self.value is not None else 0

    @property
    def known(self) -> bool:
        return self.semantic != "unknown"

    def __reduce__(self) -> tuple:
        # the library's workers pickle whole reports (pair forms, ~200 cells each): the fields
        # as one tuple pickle in 0.7× the time and 0.65× the bytes of the slots' state dict
        return (Cell, (self.table, self.row, self.col, self.raw, self.value, self.semantic, self.line,
                       self.recovered, self.candidates, self.unit))


_new_cell = Cell.__new__


def row_cells(table: str, row: str, cols: Iterable[str], raws: Iterable[str | None],
              parsed: Iterable[tuple[float | int | None, str, str | None]], line: int | None,
              recovered: bool, out: list[Cell] | None = None) -> list[Cell]:
    """The cells of one table row read as printed: ``Cell(table, row, col, raw, value,
    semantic, line, recovered, (), unit)`` for each column, with (value, semantic, unit) from
    ``parsed``.

    The extractor makes a few hundred cells per report; calling the class costs twice as much
    as storing the slots of a new instance directly (Python 3.11 does not specialise class
    calls), so this sets every field itself — keep it in step with the fields above
    (tests/test_cell_build.py compares it with the constructor). The cells are appended to
    ``out`` when given (a table's list: no list per row), and ``out`` is returned."""
    if out is None:
        out = []
    append = out.append
    for col, raw, (value, semantic, unit) in zip(cols, raws, parsed):
        c = _new_cell(Cell)
        c.table = table
        c.row = row
        c.col = col
        c.raw = raw
        c.value = value
        c.semantic = semantic
        c.line = line
        c.recovered = recovered
        c.candidates = ()
        c.unit = unit
        append(c)
    return out


@dataclass(slots=True)
class Paragraph:
    """A paragraph of a section, and of a reader's ``Document`` (``gxtui.read.document`` uses
    this class): a section takes over the reader's paragraph objects that need no change instead
    of copying each one (a long report has tens of thousands)."""

    text: str
    line: int | None = None


@dataclass(slots=True)
class Section:
    key: str  # s1..s6, or "intro" for text before 一、
    title: str  # as published
    paragraphs: list[Paragraph] = field(default_factory=list)
    line: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(slots=True)
class Item:
    """One entry of the section-五 problems list or improvement measures."""

    text: str
    line: int | None = None
    label: str | None = None  # the numbering as published: "1、", "（一）", "一是"


@dataclass(slots=True)
class Anomaly:
    """Something the extractor tolerated or could not do; never silently absorbed."""

    kind: str  # e.g. "label-typo", "label-misplaced", "cells-recovered", "cells-unknown"
    message: str
    line: int | None = None
    table: str | None = None
    row: str | None = None
    col: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "line": self.line,
                "table": self.table, "row": self.row, "col": self.col}


@dataclass
class Source:
    path: str
    sha256: str
    format: str
    encoding: str | None
    size: int = 0


@dataclass
class Report:
    agency: str | None
    year: int | None
    template: str | None  # "2019" / "2021"
    published: _dt.date | None
    source: Source
    period: tuple[_dt.date, _dt.date] | None = None
    title: str | None = None
    sections: list[Section] = field(default_factory=list)
    cells: dict[tuple[str, str, str], Cell] = field(default_factory=dict)
    tables_found: set[str] = field(default_factory=set)
    problems: list[Item] = field(default_factory=list)
    improvements: list[Item] = field(default_factory=list)
    info_fee_yuan: float | None = None
    info_fee_line: int | None = None
    anomalies: list[Anomaly] = field(default_factory=list)
    traditional: bool = False
    kind: str = "department"  # "department" or "government" (a government's own report)
    # rows left with unknown cells (glued digits): the joint readings that remained possible,
    # each a {column: token} mapping; the cross-year tie-breaker (compare/tiebreak.py) uses them
    joint: dict[tuple[str, str], tuple[dict[str, str | None], ...]] = field(default_factory=dict)

    # -- cells ---------------------------------------------------------------------------
    def cell(self, table: str, row: str, col: str) -> Cell | None:
        return self.cells.get((table, row, col))

    def value(self, table: str, row: str, col: str) -> float | int | None:
        c = self.cells.get((table, row, col))
        return None if c is None else c.value

    def table_cells(self, table: str) -> Iterator[Cell]:
        return (c for (t, _, _), c in self.cells.items() if t == table)

    def has_table(self, table: str) -> bool:
        return table in self.tables_found

    def frame(self, table: str) -> "pl.DataFrame":
        """Table ``table`` as a polars DataFrame, one row per cell (long format)."""
        import polars as pl  # noqa: PLC0415 - lazy: keeps CLI and TUI start fast

        rows = [
            {"table": c.table, "row": c.row, "col": c.col, "raw": c.raw,
             "value": None if c.value is None else float(c.value), "semantic": c.semantic,
             "line": c.line, "recovered": c.recovered}
            for c in self.table_cells(table)
        ]
        schema = {"table": pl.Utf8, "row": pl.Utf8, "col": pl.Utf8, "raw": pl.Utf8,
                  "value": pl.Float64, "semantic": pl.Utf8, "line": pl.Int64, "recovered": pl.Boolean}
        return pl.DataFrame(rows, schema=schema)

    def wide(self, table: str) -> "pl.DataFrame":
        """Table ``table`` in its published shape: one row per row key, one column per column key."""
        import polars as pl  # noqa: PLC0415

        long = self.frame(table)
        if long.is_empty():
            return pl.DataFrame()
        order = list(dict.fromkeys(long["row"].to_list()))
        wide = long.pivot(on="col", index="row", values="value", aggregate_function="first")
        return wide.with_columns(pl.col("row").cast(pl.Enum(order))).sort("row").with_columns(
            pl.col("row").cast(pl.Utf8))

    # -- sections ------------------------------------------------------------------------
    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def identity(self) -> dict[str, Any]:
        """The identity block every output names a report by."""
        return {"path": self.source.path, "sha256": self.source.sha256, "agency": self.agency,
                "year": self.year, "template": self.template}

    @property
    def admin_fees_wan_yuan(self) -> float | None:
        if self.template != "2021":
            return None
        return self.value("table2", "admin_fees", "amount_wan_yuan")

    def label(self) -> str:
        return f"{self.agency or '?'} {self.year or '?'}"


SEVERITIES = ("error", "warning", "info")


def display_number(v: float | int | None, none: str = "?") -> str:
    """A value as a reviewer reads it: integers without ".0", decimals trimmed, ``none`` for None."""
    if v is None:
        return none
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


@dataclass
class Finding:
    """One result of a rule: what is wrong, how badly, and exactly where.

    Location is one of: a table cell (``table``/``row``/``col``; ``row`` or ``col`` may be None
    when the finding concerns a whole column or row), a block of table 二 (``table`` and
    ``block``, e.g. ``art20_1``), a section-五 list (``list`` = problems/improvements, with
    ``section`` and ``line``) or a narrative place (``section``/``line``). ``table``, ``row`` and
    ``col`` are only ever names of ``gxtui export --format json``.
    ``related`` holds further locations, e.g. the other report's cell for cross-year rules:
    dicts with keys path/table/row/col/section/line/year.

    Rules written before ``block`` and ``list`` existed passed a block key or a list name as
    ``row``; ``__post_init__`` moves them to their own field, so that no output says otherwise.
    """

    rule: str
    severity: str
    message_zh: str
    message_en: str
    table: str | None = None
    row: str | None = None
    col: str | None = None
    section: str | None = None
    line: int | None = None
    expected: Any = None
    actual: Any = None
    path: str | None = None
    related: list[dict[str, Any]] = field(default_factory=list)
    block: str | None = None
    list: str | None = None  # noqa: A003 - the name the outputs use

    def __post_init__(self) -> None:
        if self.row is None:
            return
        from gxtui.templates.vocab import LISTS  # noqa: PLC0415

        if self.table is None and self.row in LISTS:
            self.list, self.row = self.row, None
        elif self.table == "table2" and self.row.startswith("art20_"):
            from gxtui.templates.vocab import is_block  # noqa: PLC0415

            if is_block(self.table, self.row):
                self.block, self.row = self.row, None

    @property
    def message(self) -> dict[str, str]:
        return {"zh": self.message_zh, "en": self.message_en}

    def text(self, lang: str) -> str:
        """The message in ``lang`` (the other language when that one is empty)."""
        return (self.message_en if lang == "en" else self.message_zh) or self.message_zh or self.message_en

    @property
    def fingerprint(self) -> str:
        """Stable identity across re-runs: rule, location and the values involved — never the
        position in a list, the line number or the wording of the message. A block or list
        takes the row's place in the key (as it did before those fields existed), so decisions
        saved then still attach."""
        return self._fingerprint(lambda t, r: (t, r))

    @property
    def legacy_fingerprint(self) -> str:
        """The fingerprint this finding had before the table/row names changed (format 1
        sidecars): decisions saved then are attached through it."""
        from gxtui.templates import legacy_location  # noqa: PLC0415

        return self._fingerprint(legacy_location)

    def _fingerprint(self, names: Any) -> str:
        import hashlib  # noqa: PLC0415
        import json  # noqa: PLC0415

        table, row = names(self.table, self.row or self.block or self.list)
        related = [[*names(r.get("table"), r.get("row")), r.get("col")] for r in self.related]
        key = json.dumps([self.rule, table, row, self.col, self.section,
                          _fp_value(self.expected), _fp_value(self.actual), related],
                         ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _fp_value(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v
