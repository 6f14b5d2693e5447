"""The neutral ``Document`` every reader produces: paragraphs and grids, in document order.

Readers know file formats and nothing about reports; the extractor knows reports and nothing
about file formats. This module is the contract between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gxtui.model import Paragraph  # (one class for a document's and a section's paragraphs)

__all__ = ["Block", "Document", "Grid", "GridCell", "Paragraph", "ReadError"]


@dataclass(slots=True)
class GridCell:
    """One cell of a grid. ``spanned`` marks the copies made when expanding rowspan/colspan:
    they repeat the origin cell's position but carry no text of their own."""

    text: str
    line: int | None = None
    spanned: bool = False


def spanned_cells(line: int | None, n: int) -> list[GridCell]:
    """``n`` × ``GridCell("", line, True)``, their slots filled directly: the class call costs
    about four times as much, and a third of the cells of a report's tables are a span's copies."""
    out = []
    for _ in range(n):
        cell = _new_cell(GridCell)
        cell.text, cell.line, cell.spanned = "", line, True
        out.append(cell)
    return out


_new_cell = GridCell.__new__


class Grid:
    """A table as rows of cells. ``exact`` is True when the reader knows every cell's column
    (HTML, DOCX: blanks are real cells), False for tab-separated text whose leading tabs are
    irregular.

    The text reader makes hundreds of cells per report that are only a string and their row's
    line: it hands over the strings (``Grid.of_texts``) and the ``GridCell`` objects are made the
    first time ``rows`` is read. ``string_rows`` gives them without making GridCells (the
    ``Stream`` reads every cell of every grid), and ``tab_rows`` each row's cells joined by tabs
    (for a tab row of a text file: the line itself, nothing to join)."""

    __slots__ = ("_rows", "_texts", "_lines", "_tabbed", "line", "exact")

    def __init__(self, rows: list[list[GridCell]], line: int | None = None, exact: bool = False) -> None:
        self._rows: list[list[GridCell]] | None = rows
        self._texts: list[list[str]] | None = None
        self._lines: list[int] | None = None
        self._tabbed: list[str] | None = None
        self.line = line
        self.exact = exact

    @classmethod
    def of_texts(cls, texts: list[list[str]], lines: list[int], line: int | None = None,
                 exact: bool = False, tabbed: list[str] | None = None) -> Grid:
        """A grid whose row ``i`` is the cells ``texts[i]``, all on line ``lines[i]``, none of
        them spanned. ``tabbed``, when given, holds ``"\\t".join(texts[i])`` for every row, and no
        cell holds a tab. The lists may still grow until ``rows`` is first read."""
        g = cls.__new__(cls)
        g._rows = None
        g._texts = texts
        g._lines = lines
        g._tabbed = tabbed
        g.line = line
        g.exact = exact
        return g

    @property
    def rows(self) -> list[list[GridCell]]:
        if self._rows is None:
            self._rows = [[GridCell(t, n) for t in row] for row, n in zip(self._texts, self._lines)]
            self._texts = self._lines = self._tabbed = None  # ``rows`` is now the one copy (callers may edit it)
        return self._rows

    @rows.setter
    def rows(self, rows: list[list[GridCell]]) -> None:
        self._rows, self._texts, self._lines, self._tabbed = rows, None, None, None

    def string_rows(self) -> tuple[list[list[str]], list[int]] | None:
        """The cell strings and the line of each row of a ``Grid.of_texts`` grid whose ``GridCell``
        objects were not made yet, else None."""
        return None if self._texts is None else (self._texts, self._lines)

    def tab_rows(self) -> list[str] | None:
        """Each row's cells joined by tabs, for a ``Grid.of_texts`` grid given them (the text
        reader's) whose ``GridCell`` objects were not made yet, else None. No cell holds a tab."""
        return self._tabbed if self._texts is not None else None

    def text_rows(self, n: int | None = None) -> list[list[str]]:
        """The ``text`` of every cell of the first ``n`` rows (all rows by default), without
        making the ``GridCell`` objects of a text grid."""
        if self._texts is not None:
            return self._texts[:n]
        return [[c.text for c in row] for row in self.rows[:n]]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.rows, self.line, self.exact) == (other.rows, other.line, other.exact)

    __hash__ = None  # type: ignore[assignment] - mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        return f"Grid(rows={self.rows!r}, line={self.line!r}, exact={self.exact!r})"


Block = Paragraph | Grid


@dataclass
class Document:
    blocks: list[Block]
    format: str  # "text", "markdown", "html", "docx", "pdf"
    encoding: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # e.g. {"published": "2020-01-31", "title": ...}
    warnings: list[str] = field(default_factory=list)  # reader-level notes, become anomalies

    def plain_text(self) -> str:
        """All text in reading order; grid cells joined by tabs (for display and search)."""
        out = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            else:
                for r in b.rows:
                    out.append("\t".join("" if c.spanned else c.text for c in r))
        return "\n".join(out)


class ReadError(Exception):
    """A file that cannot be read as a report. The message is one line a reviewer understands."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message
