"""The neutral ``Document`` every reader produces: paragraphs and grids, in document order.

Readers know file formats and nothing about reports; the extractor knows reports and nothing
about file formats. This module is the contract between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class GridCell:
    """One cell of a grid. ``spanned`` marks the copies made when expanding rowspan/colspan:
    they repeat the origin cell's position but carry no text of their own."""

    text: str
    line: int | None = None
    spanned: bool = False


@dataclass(slots=True)
class Paragraph:
    text: str
    line: int | None = None


@dataclass(slots=True)
class Grid:
    """A table as rows of cells. ``exact`` is True when the reader knows every cell's column
    (HTML, DOCX: blanks are real cells), False for tab-separated text whose leading tabs are
    irregular."""

    rows: list[list[GridCell]]
    line: int | None = None
    exact: bool = False


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
