"""The ruling-path walk of ``pdfium_page.edges``: which paths count, where their points land and
when a page is refused. The walk fetches everything for a whole page at once (objects, then
segments), so these pin what it must keep doing path by path: forms drawn where they are placed
(nested up to the depth limit), paths that paint nothing skipped, curve control points dropped,
a close repeating the subpath's start, and the segment budget checked before any segment is read."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from reportlab.pdfgen import canvas

from gxtui.read import budget
from gxtui.read import pdfium_page as pp
from gxtui.read.document import ReadError
from gxtui.read.pdflayout import Edge, EdgeSink

W, H = 600.0, 800.0  # page size: a point (x, y) of user space is at top = H − y


def _pdf(draw: Callable[[canvas.Canvas], None], **kw: object) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H), **kw)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


@contextmanager
def _page(data: bytes) -> Iterator[pdfium.PdfPage]:
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        try:
            yield page
        finally:
            page.close()
    finally:
        doc.close()


def _edges(data: bytes) -> EdgeSink:
    with _page(data) as page:
        return pp.edges(page, pp.Frame.of(page), 1)


def test_forms_are_walked_where_they_are_placed() -> None:
    """A line inside a form inside a form: both placements and the page's own matrix apply."""
    def draw(c: canvas.Canvas) -> None:
        c.beginForm("inner")
        c.line(10, 20, 110, 20)
        c.endForm()
        c.beginForm("outer")
        c.line(0, 0, 0, 50)  # before the inner form: drawn (and listed) first
        c.saveState()
        c.translate(5, 7)
        c.doForm("inner")
        c.restoreState()
        c.endForm()
        c.line(300, 300, 400, 300)  # a page line before the forms
        c.translate(100, 200)
        c.doForm("outer")

    sink = _edges(_pdf(draw))
    assert sink.lines == [Edge("h", 300.0, 400.0, 500.0, 500.0), Edge("v", 100.0, 100.0, 550.0, 600.0),
                          Edge("h", 115.0, 215.0, H - 227.0, H - 227.0)]
    assert sink.rects == [] and sink.curves == []


def test_forms_nested_deeper_than_the_limit_are_not_walked() -> None:
    """Form k draws a line at y = 10·k and then form k − 1: the contents of the form at depth
    d (the page's objects are at depth 0) are walked while d ≤ ``_MAX_FORM_DEPTH``."""
    forms = pp._MAX_FORM_DEPTH + 3

    def draw(c: canvas.Canvas) -> None:
        for k in range(forms):
            c.beginForm(f"f{k}")
            c.line(100, 10 * k + 10, 200, 10 * k + 10)
            if k:
                c.doForm(f"f{k - 1}")
            c.endForm()
        c.doForm(f"f{forms - 1}")

    drawn = [H - e.top for e in _edges(_pdf(draw)).lines]
    # form k's contents are at depth forms − k: walked for k ≥ forms − _MAX_FORM_DEPTH
    assert drawn == [10.0 * k + 10 for k in range(forms - 1, forms - 1 - pp._MAX_FORM_DEPTH, -1)]


def test_curves_keep_their_end_points_and_a_close_returns_to_the_start() -> None:
    """m l c h: the bezier's two control points are dropped, the close adds the start, and the
    straight pieces of that polyline are the edges (the closing piece is slanted: none)."""
    data = _pdf(lambda c: c._code.append("100 100 m 200 100 l 260 160 260 240 200 300 c h S"))
    sink = _edges(data)
    assert sink.lines == [] and sink.rects == []
    assert sink.curves == [Edge("h", 100.0, 200.0, H - 100, H - 100), Edge("v", 200.0, 200.0, H - 300, H - 100)]


def test_rectangles_and_closed_lines() -> None:
    """``re`` (pdfium: m l l l with a close) is a rectangle; "m l h" a line; a path that begins
    without a moveto is no path at all (pdfminer drops it); "m h" is no edge."""
    data = _pdf(lambda c: c._code.append("10 10 100 50 re S 300 300 m 300 400 l h S 400 10 l 500 10 l S "
                                         "250 250 m h S"))
    sink = _edges(data)
    assert sink.lines == [Edge("v", 300.0, 300.0, H - 400, H - 300)]
    assert sink.rects == [Edge("h", 10.0, 110.0, H - 60, H - 60), Edge("h", 10.0, 110.0, H - 10, H - 10),
                          Edge("v", 10.0, 10.0, H - 60, H - 10), Edge("v", 110.0, 110.0, H - 60, H - 10)]
    assert sink.curves == []


def test_a_rotated_page_maps_points_as_pdfminer_does() -> None:
    """Turned 90°: the 600 × 800 page is 800 wide and 600 high, user (x, y) lands at x = y and
    top = x, so a horizontal line is a vertical edge."""
    def draw(c: canvas.Canvas) -> None:
        c.setPageRotation(90)
        c.line(100, 50, 300, 50)

    assert _edges(_pdf(draw)).lines == [Edge("v", 50.0, 50.0, 100.0, 300.0)]


def _insert_path(page: pdfium.PdfPage, points: list[tuple[float, float]], fill: int, stroke: bool) -> None:
    """A path made through pdfium's API: the only way to get one that paints nothing (pdfium
    makes no object for a parsed "W n" or "n")."""
    path = raw.FPDFPageObj_CreateNewPath(*points[0])
    for x, y in points[1:]:
        raw.FPDFPath_LineTo(path, x, y)
    raw.FPDFPath_SetDrawMode(path, fill, stroke)
    raw.FPDFPage_InsertObject(page.raw, path)


def test_paths_that_paint_nothing_are_skipped_and_not_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_PAGE_SEGMENTS", 4)
    with _page(_pdf(lambda c: None)) as page:
        _insert_path(page, [(10, 10), (90, 10), (90, 90), (10, 90)], 0, False)  # a clipping path's shape
        _insert_path(page, [(10, 10), (90, 10)], 0, True)
        _insert_path(page, [(50, 10), (50, 90)], raw.FPDF_FILLMODE_WINDING, False)
        sink = pp.edges(page, pp.Frame.of(page), 1)  # 4 painted segments: at the limit, not over
    assert sink.lines == [Edge("h", 10.0, 90.0, H - 10, H - 10), Edge("v", 50.0, 50.0, H - 90, H - 10)]


def test_segments_over_the_budget_refuse_the_page_before_any_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_PAGE_SEGMENTS", 9)
    read: list[object] = []
    get, first = pp._GetSegment, pp._FirstSegment
    monkeypatch.setattr(pp, "_GetSegment", lambda path, k: read.append(k) or get(path, k))
    monkeypatch.setattr(pp, "_FirstSegment", lambda path, k: read.append(k) or first(path, k))

    def draw(c: canvas.Canvas) -> None:
        c.beginForm("f")
        c.line(0, 0, 10, 0)  # 2 segments inside a form count too
        c.endForm()
        for k in range(4):
            c.line(10, 10 * k + 10, 90, 10 * k + 10)
        c.doForm("f")

    data = _pdf(draw)
    with _page(data) as page, pytest.raises(ReadError, match=r"^too complex to read safely: page 3 has "
                                                               r"more than 9 drawing operations$"):
        pp.edges(page, pp.Frame.of(page), 3)
    assert read == []
    monkeypatch.setattr(budget, "MAX_PAGE_SEGMENTS", 10)
    assert len(_edges(data).lines) == 5
    assert len(read) == (5 if pp._points_readable() else 10)  # each path's first segment, or every segment


def _each_char_its_own_object(c: canvas.Canvas) -> None:
    """Some generators draw every character as a text object of its own: "ab" so, then "cd"
    mirrored upside down (matrix 1 0 0 −1) and "ef" in one object, all in Helvetica 12."""
    for k, (ch, d) in enumerate((("a", 1), ("b", 1), ("c", -1), ("d", -1))):
        t = c.beginText()
        t.setFont("Helvetica", 12)
        t.setTextTransform(1, 0, 0, d, 100 + 10 * k, 700)
        t.textOut(ch)
        c.drawText(t)
    c.setFont("Helvetica", 12)
    c.drawString(100, 600, "ef")


def _chars_both_ways(monkeypatch: pytest.MonkeyPatch, data: bytes) -> tuple[list, list]:
    """``chars`` as it runs, and with ``_objects_info``'s general loop and ``_mixed`` forced
    (``isfinite`` false, ``_unrotated`` replaced by ``_mixed``)."""
    def read() -> list:
        with _page(data) as page:
            tp = page.get_textpage()
            try:
                return pp.chars(tp, pp.Frame.of(page))[0]
            finally:
                tp.close()

    fast = read()
    with monkeypatch.context() as m:
        m.setattr(pp, "isfinite", lambda x: False)
        m.setattr(pp, "_unrotated", lambda texts, lefts, rights, infos: pp._mixed(
            None, [], texts, lefts, rights, infos, None))  # every info is an unrotated one here
        general = read()
    return fast, general


def _font_numbered(chars: list) -> list[tuple]:
    """The characters' fields with each font as the order of its first appearance: a font's
    identity is a pdfium handle, an address that two loads of one PDF need not share (other
    pdfium work run before may move it), so only which characters share a font can be compared."""
    seen: dict[int, int] = {}
    return [(c.text, c.x0, c.x1, c.top, c.bottom, c.upright, c.size, seen.setdefault(c.font, len(seen)))
            for c in chars]


def test_objects_of_one_character_take_the_plain_way_with_the_general_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, general = _chars_both_ways(monkeypatch, _pdf(_each_char_its_own_object))
    assert _font_numbered(fast) == _font_numbered(general)
    got = [(c.text, round(c.x0, 2), round(c.x1, 2), round(c.top, 2), round(c.bottom, 2), c.upright) for c in fast]
    # pdfium gives Helvetica a descent of 0.224 of the size: the box runs from 12 × 0.224 below the
    # baseline (top = 800 − 700) up 12 pt; mirrored (d = −1) it runs from 12 × 0.224 above the
    # baseline down 12 pt, and is not upright
    assert got == [("a", 100.0, 106.67, 90.69, 102.69, True), ("b", 110.0, 116.67, 90.69, 102.69, True),
                   ("c", 120.0, 126.0, 97.31, 109.31, False), ("d", 130.0, 136.67, 97.31, 109.31, False),
                   ("e", 100.0, 106.67, 190.69, 202.69, True), ("f", 106.67, 110.01, 190.69, 202.69, True)]


def test_plain_infos_are_the_general_loops_numbers() -> None:
    """``_plain_infos`` against the general loop of ``_objects_info`` on a plain frame, for
    concrete matrices: upright, mirrored, turned upside down, a zero scale, a zero size."""
    frame = pp.Frame(1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 800.0, 600.0, plain=True)
    cases = ((700.0, 1.0, 1.0, 12.0, -0.207), (700.0, 1.0, -1.0, 12.0, -0.207), (33.3, -1.0, -1.0, 9.5, -0.25),
             (5.0, 0.0, 1.0, 10.0, 0.0), (-7.0, 2.0, 3.0, 0.0, -0.3))
    general = []
    for y, ma, md, fs, descent in cases:
        a, b, c, d = ma * frame.a + 0.0 * frame.c, ma * frame.b + 0.0 * frame.d, 0.0 * frame.a + md * frame.c, \
            0.0 * frame.b + md * frame.d
        low = y + md * descent * fs
        high = low + md * fs
        y0, y1 = (low, high) if low <= high else (high, low)
        general.append((True, 800.0 - y1, 800.0 - y0, (800.0 - y0) - (800.0 - y1), a * d > 0 and b * c <= 0, 7))
    ys, mas, mds, sizes, descents = (list(col) for col in zip(*cases))
    assert pp._plain_infos(ys, mas, mds, sizes, [7] * 5, descents, 800.0) == general
    assert pp._plain_infos([700.0], [1.0], [-1.0], [12.0], [7], [-0.25], 800.0) == [(True, 97.0, 109.0, 12.0, False, 7)]
    assert [info[4] for info in general] == [True, False, True, False, True]
