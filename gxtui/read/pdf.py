"""PDF reports (pdfium): ruled tables become exact grids, the rest paragraphs.

A PDF has no paragraphs or tables, only positioned characters and lines. Per page the reader
takes characters and painted paths from pdfium (``pdfium_page``), finds ruled tables and text
lines (``pdflayout``), reads the text outside the tables line by line, drops running
headers/footers and page numbers, then across pages joins a table that continues after a page
break and re-joins lines that were wrapped mid-sentence.

Line numbers: ``line = page * 1000 + n`` where ``page`` is 1-based and ``n`` is the 1-based index
of the text line on that page, counted top to bottom over *all* text on the page (table text and
removed headers included), so "page 3, line 12" is what a reader counts on the printed page.
A paragraph has the line of its first line; a table cell the line of its row's top.

Text is kept as extracted (no Traditional→Simplified conversion); only whitespace is normalised.
Tables drawn without ruling lines are not detected as tables; their rows arrive as text lines.

pdfium is not thread-safe: every call into it happens under one lock (the TUI reads in worker
threads). Before pdfium sees the file, its compressed streams are measured (``pdfstreams``), so a
stream that would inflate to gigabytes is refused instead of decoded.
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass
from operator import itemgetter

from gxtui.read import pdflayout as lay
from gxtui.read.budget import MAX_CROSSINGS, Budget, too_complex
from gxtui.read.document import Document, Grid, GridCell, Paragraph, ReadError
from gxtui.read.gcpause import collector_paused
from gxtui.read.html import find_published, squash
from gxtui.read.pdfstreams import check_streams

_PDFIUM = threading.Lock()

MARGIN_ZONE = 0.1  # top/bottom share of the page height where running headers/footers live
LINE_BASE = 1000

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~·\s]*\d{1,4}[-—–－~·\s]*"
    r"|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$")
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_SENTENCE_END = re.compile(r"[。！？；：!?;:][”’\"'）)]*$")
_ORDINAL_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d)"
    r"|第[一二三四五六七八九十\d]+[章节条部分])")
# CJK characters and CJK punctuation (a line may start with "，" when a generator wraps naively),
# digits, Latin letters and opening quotes/brackets; ordinals are excluded separately.
_CONTINUES = re.compile(r"^[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef0-9A-Za-z《“‘(]")


_C0, _C1, _C2, _C3 = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)  # a cell's sides


@dataclass(slots=True)
class _Line:
    text: str
    page: int
    line: int
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass(slots=True)
class _Table:
    grid: Grid
    page: int
    top: float


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    lines: list[_Line]
    tables: list[_Table]
    has_text: bool
    unmapped: bool = False  # text comes out as "(cid:123)": fonts without a Unicode mapping


# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------


def _one_line(e: BaseException) -> str:
    msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    return re.sub(r"^Failed to load (?:document|page)\s*", "", msg).strip(" ()")[:200] or type(e).__name__


def _open(data: bytes):  # noqa: ANN202 - pypdfium2.PdfDocument
    """Open the PDF; password protection and damage become one-line ReadErrors."""
    import pypdfium2 as pdfium  # noqa: PLC0415 - only for PDFs

    from gxtui.read import pdffonts  # noqa: PLC0415

    pdffonts.install()
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == 4 or "password" in str(e).lower():
            raise ReadError("this PDF is encrypted (password-protected); save an unprotected copy "
                            "and read that") from None
        raise ReadError(f"the PDF file is damaged and cannot be read ({_one_line(e)})") from None


# ---------------------------------------------------------------------------------------------
# One page
# ---------------------------------------------------------------------------------------------


def _outside(chars: list[lay.Char], boxes: list[tuple[float, float, float, float]],
             index: lay.CentreIndex) -> list[int]:
    """The indices of the characters whose centre is in none of the boxes (1 pt of slack around
    each), in order: one pass per box over what the previous boxes left (a page has a few tables
    and thousands of characters), on the centres ``index`` (the page's ``centre_index``) holds."""
    _, _, cxs, cys = index
    kept = range(len(chars))
    for x0, top, x1, bottom in boxes:
        left, right, upper, lower = x0 - 1, x1 + 1, top - 1, bottom + 1
        kept = [i for i in kept if not (left <= cxs[i] <= right and upper <= cys[i] <= lower)]
    return list(kept)


def _grid(rows: list[list[lay.Cell | None]], texts: list[list[str | None]], line_of, budget: Budget) -> Grid:  # noqa: ANN001
    """Table rows → exact Grid. ``None`` marks a position covered by a merged cell."""
    budget.add_cells(sum(len(r) for r in rows))
    out = []
    for cells, row_texts in zip(rows, texts, strict=True):
        line = line_of(min(c[1] for c in cells if c is not None))
        row = []
        for t in row_texts:  # GridCell(squash(t), line), or spanned: the slots filled directly (a third of the class call)
            cell = _new_cell(GridCell)
            if t is None:
                cell.text, cell.line, cell.spanned = "", line, True
            else:
                cell.text, cell.line, cell.spanned = squash(t), line, False
            row.append(cell)
        out.append(row)
    return Grid(out, line=out[0][0].line if out and out[0] else None, exact=True)


_new_cell = GridCell.__new__


def _is_real_table(rows: list[list[str | None]]) -> bool:
    """A ruled box around a paragraph (one column, or one cell) is a frame, not a table."""
    return len(rows) >= 1 and max((len(r) for r in rows), default=0) >= 2


def _read_page(page, number: int, budget: Budget) -> _Page:  # noqa: ANN001 - pypdfium2.PdfPage
    from gxtui.read import pdfium_page as pp  # noqa: PLC0415

    frame = pp.Frame.of(page)
    budget.add_page(number, frame.width, frame.height)
    textpage = page.get_textpage()
    try:
        Budget.check_page(number, pp._CountChars(pp._addr(textpage.raw)),
                          pp._CountObjects(pp._addr(page.raw)))
        raw_chars, unmapped_count = pp.chars(textpage, frame)
    finally:
        textpage.close()
    chars = lay.dedupe(raw_chars)
    if not chars:
        return _Page(number, frame.height, [], [], False)
    unmapped = unmapped_count > len(raw_chars) / 2
    page_lines = lay.PageLines(chars)
    tops = sorted(page_lines.tops)

    def line_of(top: float) -> int:
        return number * LINE_BASE + min(bisect.bisect_left(tops, top - 1.0), max(len(tops) - 1, 0)) + 1

    tables, boxes = [], []
    index: lay.CentreIndex | None = None  # made for the first table
    sink = pp.edges(page, frame, number)
    if sink:

        def over(n: int) -> None:
            raise too_complex(f"page {number} has more than {MAX_CROSSINGS:,} ruling-line crossings")

        points = lay.crossings(lay.merged(sink), MAX_CROSSINGS, over)
        for t in lay.tables(lay.cells(points)):
            rows = lay.table_rows(t)
            index = index or lay.centre_index(chars)
            texts = lay.table_text(rows, chars, index, page_lines.upright)
            if not _is_real_table(texts):
                continue
            bbox = (min(map(_C0, t)), min(map(_C1, t)), max(map(_C2, t)), max(map(_C3, t)))
            boxes.append(bbox)
            tables.append(_Table(_grid(rows, texts, line_of, budget), number, bbox[1]))
    lines = []
    for ln in page_lines.of(_outside(chars, boxes, index) if boxes and index else None):
        text = squash(ln.text)
        if text:
            Budget.check_text(len(text))
            lines.append(_Line(text, number, line_of(ln.top), ln.top, ln.bottom, ln.x0, ln.x1))
    return _Page(number, frame.height, lines, tables, True, unmapped)


# ---------------------------------------------------------------------------------------------
# Running headers, footers, page numbers
# ---------------------------------------------------------------------------------------------


def _in_margin(ln: _Line, height: float) -> bool:
    return ln.top < height * MARGIN_ZONE or ln.bottom > height * (1 - MARGIN_ZONE)


def _is_page_number(ln: _Line, page: _Page) -> bool:
    """"- 3 -", "第3页", "第 3 页 共 8 页", "3/8" at a page edge; a bare "3" only in the margin."""
    if not _PAGE_NUMBER.match(ln.text):
        return False
    if _in_margin(ln, page.height):
        return True
    edge = ln is page.lines[0] or ln is page.lines[-1]
    return edge and not _BARE_NUMBER.match(ln.text)


def _strip_furniture(pages: list[_Page]) -> None:
    """Remove page numbers and lines repeated at the same height in the margins of most pages.

    Position matters: a report whose running header repeats its title keeps the title on page 1,
    because only the copy at the header's height repeats across pages."""
    by_key: dict[str, list[tuple[int, _Line]]] = {}
    for p in pages:
        for ln in p.lines:
            if _in_margin(ln, p.height):
                by_key.setdefault(re.sub(r"\d+", "#", ln.text), []).append((p.number, ln))
    needed = max(2, (sum(p.has_text for p in pages) + 1) // 2)
    running: set[int] = set()
    for group in by_key.values():
        if len({n for n, _ in group}) < needed:
            continue
        for n, ln in group:
            same_height = {m for m, other in group if abs(other.top - ln.top) < 3}
            if len(same_height | {n}) >= needed:
                running.add(id(ln))
    for p in pages:
        p.lines = [ln for ln in p.lines if id(ln) not in running and not _is_page_number(ln, p)]


# ---------------------------------------------------------------------------------------------
# Across pages: paragraphs and continued tables
# ---------------------------------------------------------------------------------------------


def _is_header_row(row: list[GridCell]) -> bool:
    """A header row: every real cell has text and none is a number."""
    real = [c for c in row if not c.spanned]
    return bool(real) and all(c.text and not re.search(r"\d", c.text) for c in real)


def _continue_table(prev: Grid, nxt: Grid) -> bool:
    """Join ``nxt`` onto ``prev`` when it is the same table carried over a page break.

    Same column count, and the next page does not open with a header of its own; a header that
    repeats the previous page's first rows is a repeated header and is dropped."""
    if not prev.rows or not nxt.rows or len(prev.rows[-1]) != len(nxt.rows[0]):
        return False
    texts = [[c.text for c in r] for r in prev.rows]
    k = 0
    while k < len(nxt.rows) and k < len(texts) and [c.text for c in nxt.rows[k]] == texts[k] \
            and _is_header_row(prev.rows[k]):
        k += 1
    if k:
        del nxt.rows[:k]
        return True
    return not _is_header_row(nxt.rows[0])


def _page_edges(pages: list[_Page]) -> dict[int, tuple[float, float]]:
    """(left, right) of the body text per page, from its text lines."""
    return {p.number: (min(ln.x0 for ln in p.lines), max(ln.x1 for ln in p.lines))
            for p in pages if p.lines}


def _joins(prev: _Line, nxt: _Line, edges: dict[int, tuple[float, float]]) -> bool:
    """Was ``nxt`` wrapped from ``prev``? The line must run to the right margin without sentence
    punctuation, and the next must start flush left with a CJK char and not with "一、"/"（一）"/"1、"."""
    if _SENTENCE_END.search(prev.text) or _ORDINAL_START.match(nxt.text) or not _CONTINUES.match(nxt.text):
        return False
    size = max(prev.bottom - prev.top, 6.0)
    right = edges[prev.page][1]
    left = edges[nxt.page][0]
    return prev.x1 >= right - 2 * size and nxt.x0 <= left + 0.8 * size


def _assemble(pages: list[_Page]) -> list[Paragraph | Grid]:
    """Interleave lines and tables by position and merge wrapped lines and continued tables."""
    edges = _page_edges(pages)
    stream: list[_Line | _Table] = []
    for p in pages:
        stream.extend(sorted([*p.lines, *p.tables], key=lambda it: it.top))
    blocks: list[Paragraph | Grid] = []
    last_line: _Line | None = None
    grid_page: int | None = None
    for item in stream:
        if isinstance(item, _Table):
            last_line = None
            prev = blocks[-1] if blocks else None
            if isinstance(prev, Grid) and grid_page == item.page - 1 and _continue_table(prev, item.grid):
                prev.rows.extend(item.grid.rows)
            elif item.grid.rows:
                blocks.append(item.grid)
            grid_page = item.page
            continue
        if last_line is not None and isinstance(blocks[-1], Paragraph) and _joins(last_line, item, edges):
            sep = " " if last_line.text[-1:].isascii() and last_line.text[-1:].isalpha() \
                and item.text[:1].isascii() and item.text[:1].isalpha() else ""
            blocks[-1].text += sep + item.text
        else:
            blocks.append(Paragraph(item.text, item.line))
        last_line = item
    return blocks


_JUNK_TITLES = {"untitled", "无标题", "anonymous", "(anonymous)", "文档", "document"}


def _clean_title(value: object) -> str | None:
    """The PDF's Title metadata unless it is a producer default ("untitled", "Microsoft Word - x.doc")."""
    if not isinstance(value, str):
        return None
    title = re.sub(r"^Microsoft Word\s*-\s*", "", value.strip())
    title = re.sub(r"\.(?:docx?|wps|pdf)$", "", title, flags=re.I).strip()
    return title if title and title.lower() not in _JUNK_TITLES else None


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def read(data: bytes, budget: Budget | None = None) -> Document:
    """PDF bytes → Document (format "pdf")."""
    budget = budget or Budget()
    check_streams(data)
    pages: list[_Page] = []
    warnings: list[str] = []
    failed: set[int] = set()
    with _PDFIUM, collector_paused():  # under the lock: reads never overlap here
        pdf = _open(data)
        try:
            for i in range(1, len(pdf) + 1):
                try:
                    page = pdf[i - 1]
                except Exception as e:  # noqa: BLE001 - one broken page should not lose the rest
                    warnings.append(f"page {i} of the PDF cannot be read ({_one_line(e)})")
                    failed.add(i)
                    pages.append(_Page(i, 0.0, [], [], False))
                    continue
                try:
                    pages.append(_read_page(page, i, budget))
                finally:
                    page.close()
            meta = _metadata(pdf)
        finally:
            pdf.close()
    if not pages:
        raise ReadError("the PDF has no pages")
    if not any(p.has_text for p in pages):
        if len(failed) == len(pages):
            raise ReadError(f"the PDF file is damaged and cannot be read ({warnings[0]})")
        raise ReadError("this PDF has no text layer (a scanned image); gxtui does not do OCR")
    if all(p.unmapped for p in pages if p.has_text):
        raise ReadError("this PDF's fonts have no Unicode mapping, so its text cannot be extracted "
                        "(it comes out as (cid:…) codes)")
    empty = [p.number for p in pages if not p.has_text and p.number not in failed]
    if empty:
        warnings.append("pages without a text layer (scanned images, not read): "
                        + ", ".join(map(str, empty)))
    unmapped = [p.number for p in pages if p.unmapped]
    if unmapped:
        warnings.append("pages whose fonts have no Unicode mapping (text unreadable): "
                        + ", ".join(map(str, unmapped)))
    _strip_furniture(pages)
    blocks = _assemble(pages)
    doc = Document(blocks, "pdf", None, warnings=warnings)
    title = _clean_title(meta.get("Title"))
    if title:
        doc.meta["title"] = title
    published = find_published("\n".join(b.text for b in blocks[:40] if isinstance(b, Paragraph)), weak=False)
    if published:
        doc.meta["published"] = published
    return doc


def _metadata(pdf) -> dict[str, str]:  # noqa: ANN001
    try:
        return pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - metadata is optional
        return {}
