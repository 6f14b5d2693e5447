"""Plain-text reports: tab-separated grids, Markdown pipe tables, one cell per line, glued text.

The reader only splits lines into paragraphs and grids; deciding what a run of lines means
(a table row, a cell per line, cells glued without separators) is the extractor's job.
"""

from __future__ import annotations

import itertools
import re

from gxtui.read.budget import MAX_TEXT, Budget
from gxtui.read.document import Document, Grid, Paragraph
from gxtui.read.gcpause import collector_paused

_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


_WIDE_GAP = re.compile(r"[ \u3000]{2,}|\u3000")
_NUMBERISH = re.compile(r"^(?:[-+]?\d+(?:\.\d+)?|[/—\-－／无]+)$")
# Whitespace other than the tab (``\s`` is exactly ``str.isspace``): a row without any is split
# on its tabs alone, since stripping, gap splitting and token splitting then change nothing.
_NON_TAB_SPACE = re.compile(r"[^\S\t]")


def _tab_cells(line: str) -> list[str]:
    """The cells of a tab row. Text converters mix tabs with runs of spaces between cells
    (``规范性文件  1\t1    6``): inside a tab cell, a run of two or more spaces (or an ideographic
    space) separates cells too, and so does a single space between tokens that are all numbers or
    nothing-marks (``0 0``: two numbers are never one)."""
    if not _NON_TAB_SPACE.search(line):  # most rows: one C search instead of a loop over cells
        return line.split("\t")
    out: list[str] = []
    for c in line.split("\t"):
        if not _NON_TAB_SPACE.search(c):
            out.append(c)
            continue
        c = c.strip()
        parts = [p for p in _WIDE_GAP.split(c) if p] if c else [c]
        for p in parts:
            toks = p.split()
            if len(toks) > 1 and all(_NUMBERISH.match(t) for t in toks):
                out += toks
            else:
                out.append(p.strip())
    return out


def _line_too_long(text: str) -> bool:
    """Whether a line of ``text`` is longer than ``MAX_TEXT``, found by jumping from newline to
    newline at most ``MAX_TEXT`` ahead (``rfind`` in the window): a few dozen searches for 16 MB
    instead of measuring every line."""
    pos, n = 0, len(text)
    while n - pos > MAX_TEXT:
        nl = text.rfind("\n", pos, pos + MAX_TEXT + 1)
        if nl < 0:
            return True  # the line starting at ``pos`` runs on past the window
        pos = nl + 1
    return False


def parse_text(text: str, fmt: str = "text", encoding: str | None = None,
               budget: Budget | None = None, *, no_cr_nul: bool = False) -> Document:
    """Split decoded text into blocks. Line numbers are 1-based and refer to the file.

    Before any block is built, the longest line and the number of cells the tab and pipe rows
    would make are checked against the file's ``budget``. ``no_cr_nul``: the caller knows that
    ``text`` holds no carriage return and no NUL (``read_bytes`` finds that out on the bytes)."""
    # NUL bytes (left by some converters and truncated copies) carry nothing and would glue
    # themselves to cell values ("\x000" is not a number); drop them.
    if not no_cr_nul:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.count("\x00"):  # faster than ``in`` on CJK text: no memchr over the zero high bytes
            text = text.replace("\x00", "")
    lines = text.split("\n")
    if _line_too_long(text):
        Budget.check_text(max(map(len, lines)))
    # one count over the text: ~3x cheaper than a generator over the lines of a report (str.count
    # on CJK text is ~0.3 ns a character; 1.5 ms more than counting in tab lines only at 16 MB)
    # (``in`` finds an ASCII character with memchr, ~6x faster than ``count`` on CJK text: most
    # reports hold no bar)
    tabs = text.count("\t")
    bars = text.count("|") if "|" in text else 0
    (budget or Budget()).add_cells(tabs + bars)
    blocks = _blocks if tabs or bars else _paragraphs
    if len(lines) < MANY_LINES:
        return blocks(lines, fmt, encoding)
    with collector_paused():  # tens of thousands of paragraphs, no cycle among them
        return blocks(lines, fmt, encoding)


# From this many lines on, ``parse_text`` makes its blocks with the cyclic collector paused.
MANY_LINES = 4096


def _paragraphs(lines: list[str], fmt: str, encoding: str | None) -> Document:
    """``_blocks`` of lines holding neither a tab nor a bar (most real text reports): every line
    that is not blank is a paragraph. The lines are stripped, and their numbers picked, by C loops
    (``map``, ``compress``, ``filter``): no Python step per line but the paragraph's own."""
    stripped = list(map(str.strip, lines))
    numbers = itertools.compress(itertools.count(1), stripped)
    return Document(list(map(Paragraph, filter(None, stripped), numbers)), fmt, encoding)


def _blocks(lines: list[str], fmt: str, encoding: str | None) -> Document:
    """The paragraphs and grids of ``lines`` (see ``parse_text``)."""
    blocks: list = []
    texts: list[list[str]] = []  # the rows of the grid being read, their lines, their tab-joined text
    row_lines: list[int] = []
    tabbed: list[str] = []
    grid_kind = None
    md = False
    append = blocks.append
    for i, line in enumerate(lines, start=1):
        s = line.strip()
        if not s:
            continue  # blank lines separate paragraphs; a grid may continue after one
        if "\t" in line:
            if grid_kind != "tab":
                texts, row_lines, tabbed = [], [], []
                append(Grid.of_texts(texts, row_lines, line=i, exact=False, tabbed=tabbed))
                grid_kind = "tab"
            if _NON_TAB_SPACE.search(line) is None:  # most rows: the line split on its tabs,
                texts.append(line.split("\t"))  # and the line is their tab-joined text
                tabbed.append(line)
            else:
                cells = _tab_cells(line)
                texts.append(cells)
                tabbed.append("\t".join(cells))
            row_lines.append(i)
            continue
        if s[0] == "|" and s.count("|") >= 2:  # a Markdown pipe row: starts with a bar, holds two
            md = True
            if _PIPE_SEP.match(line):
                continue
            if grid_kind != "pipe":
                texts, row_lines, tabbed = [], [], []
                append(Grid.of_texts(texts, row_lines, line=i, exact=True, tabbed=tabbed))
                grid_kind = "pipe"
            cells = _pipe_cells(line)
            texts.append(cells)
            row_lines.append(i)
            tabbed.append("\t".join(cells))  # (the line holds no tab)
            continue
        grid_kind = None
        append(Paragraph(s, i))
    return Document(blocks, "markdown" if md else fmt, encoding)
