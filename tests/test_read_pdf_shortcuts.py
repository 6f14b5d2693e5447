"""The PDF reader's fast paths against the general ones they stand for: each test builds input
that takes the fast path (checked with a spy, so a fast path that stops being taken fails the
test instead of passing it vacuously) and compares its result with the general path's."""

from __future__ import annotations

import dataclasses
import io
import random
from collections.abc import Callable

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from gxtui.read import pdfium_page as pp
from gxtui.read.pdflayout import Char, Edge, PageLines, text_lines

W, H = 600.0, 800.0


def _pdf(draw: Callable[[canvas.Canvas], None]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls of ``pp.<name>``."""
    calls: list[int] = []
    real = getattr(pp, name)

    def spy(*a: object, **k: object) -> object:
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(pp, name, spy)
    return calls


def _ruled(c: canvas.Canvas) -> None:
    """A grid of lines at awkward positions: fractions, the page edges, a zero-length line."""
    for k in range(12):
        x = 20.3 + k * 41.17
        c.line(x, 0, x, H)
        c.line(0, H - 13.9 * k, W, H - 13.9 * k)
    c.line(0, 0, W, 0)
    c.line(100.5, 100.5, 100.5, 100.5)
    c.line(10, 10, 30, 50)  # slanted


def test_unmoved_points_are_the_general_arithmetics(monkeypatch: pytest.MonkeyPatch) -> None:
    """Identity matrices on a plain page: ``_unmoved``'s points equal the general mapping's."""
    calls = _spy(monkeypatch, "_unmoved")
    doc = pdfium.PdfDocument(_pdf(_ruled))
    page = doc[0]
    frame = pp.Frame.of(page)
    assert frame.plain
    fast = pp.edges(page, frame, 1)
    assert calls, "the fast path was not taken"
    n = len(calls)
    general = pp.edges(page, dataclasses.replace(frame, plain=False), 1)
    assert len(calls) == n  # the general path this time
    assert fast.lines == general.lines and fast.rects == general.rects and fast.curves == general.curves
    assert len(fast.lines) == 27
    page.close()
    doc.close()


def test_a_moved_path_takes_the_general_arithmetic(monkeypatch: pytest.MonkeyPatch) -> None:
    """One path placed by a matrix that is not the identity: no shortcut for the page."""
    calls = _spy(monkeypatch, "_unmoved")

    def draw(c: canvas.Canvas) -> None:
        _ruled(c)
        c.translate(3, 5)
        c.line(0, 0, 50, 0)

    doc = pdfium.PdfDocument(_pdf(draw))
    page = doc[0]
    sink = pp.edges(page, pp.Frame.of(page), 1)
    assert not calls
    assert sink.lines[-1] == Edge("h", 3.0, 53.0, H - 5.0, H - 5.0)
    page.close()
    doc.close()


def _page_chars(rng: random.Random, upright: bool = True) -> list[Char]:
    """Lines of characters with jittered tops (some lines chain, some split), spaces, gaps and a
    rotated character now and then when ``upright`` is False."""
    out: list[Char] = []
    top = 50.0
    for _ in range(rng.randint(1, 12)):
        top += rng.choice([2.0, 2.9, 3.5, 12.0, 14.0])
        x = 40.0
        for _ in range(rng.randint(1, 15)):
            t = top + rng.choice([0.0, 0.0, 0.5, 1.5, 2.5, 4.0])
            ch = rng.choice("一二三4 5a")
            up = upright or rng.random() > 0.1
            out.append(Char(ch, x, x + 9.0, t, t + 10.0, up, 10.0, 1))
            x += rng.choice([9.0, 9.0, 10.0, 14.0])
    if rng.random() < 0.2:
        rng.shuffle(out)
    return out


@pytest.mark.parametrize("upright", [True, False])
def test_page_lines_of_kept_indices_are_text_lines_of_those_characters(upright: bool) -> None:
    """``PageLines.of`` (lines kept as they were, touched ones re-clustered) against
    ``text_lines`` of the kept characters, over random pages and random subsets."""
    rng = random.Random(7)
    fast = 0
    for _ in range(400):
        chars = _page_chars(rng, upright)
        lines = PageLines(chars)
        kept = sorted(rng.sample(range(len(chars)), rng.randint(0, len(chars))))
        assert lines.of(kept) == text_lines([chars[i] for i in kept])
        assert lines.of(None) == text_lines(chars)
        fast += bool(lines.index)
    assert fast if upright else fast < 400  # the index path was taken (for the upright pages)


def _raw_pdf(content: bytes) -> bytes:
    """A one-page PDF (W × H) whose content stream is ``content``."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>" % (W, H),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _all_closes(segs: list, types: list[int], counts: list[int]) -> list[int]:
    return list(map(pp._SegClose, segs))


@pytest.mark.parametrize("content", [
    b"10 10 m 200 10 l S 50 50 m 50 50 l h S 60 0 m 60 300 l S",  # a close after a line back to the start
    b"10 10 m 200 10 l S 50 0 m 50 300 l h S",  # a close drawing a line back: three segments
    b"10 10 m 200 10 l S 70 20 m h 90 40 l S",  # a close on a move: "mhl" is no line
    b"10 10 m 200 10 l 200 50 l S 5 5 m 9 5 l h S",  # a path of three segments
])
def test_closes_of_one_line_paths_are_the_general_ones(monkeypatch: pytest.MonkeyPatch, content: bytes) -> None:
    """Every path one move and one line: the lines' close flags are not asked for, and the
    edges are those of the flags asked for every segment."""
    doc = pdfium.PdfDocument(_raw_pdf(content))
    page = doc[0]
    frame = pp.Frame.of(page)
    fast = pp.edges(page, frame, 1)
    monkeypatch.setattr(pp, "_closes", _all_closes)
    general = pp.edges(page, frame, 1)
    assert (fast.lines, fast.rects, fast.curves) == (general.lines, general.rects, general.curves)
    assert fast.lines
    page.close()
    doc.close()


def test_the_shortcut_leaves_out_only_the_lines_flags() -> None:
    """With a closed line on the page (pdfium keeps a line back to the start as a third segment,
    so only a line that ends where it starts is closed in two), the shortcut's flags differ
    from the general ones (so the test above compares two different inputs to ``_shapes``),
    at that line only."""
    doc = pdfium.PdfDocument(_raw_pdf(b"10 10 m 200 10 l S 50 50 m 50 50 l h S"))
    page = doc[0]
    pagev = pp._Handle(pp._addr(page.raw))
    paths = [o for o in map(pp._GetObject, [pagev] * pp._CountObjects(pagev), range(pp._CountObjects(pagev)))]
    counts = list(map(pp._CountSegments, paths))
    segs = [pp._GetSegment(p, k) for p, n in zip(paths, counts) for k in range(n)]
    types = list(map(pp._SegType, segs))
    assert counts == [2, 2] and types == [pp._MOVETO, pp._LINETO] * 2
    assert _all_closes(segs, types, counts) == [0, 0, 0, 1]
    assert pp._closes(segs, types, counts) == [0, 0, 0, 0]
    page.close()
    doc.close()


def _shapes_drawn(c: canvas.Canvas) -> None:
    """Lines, rectangles, curves, closed polygons and a form: every kind of segment and close."""
    _ruled(c)
    c.rect(50, 60, 70, 80, stroke=1, fill=0)
    c.rect(150.25, 160.5, 10, 10, stroke=1, fill=1)
    c.bezier(10, 10, 40, 90, 80, 20, 120, 60)
    c.circle(300, 300, 25)
    p = c.beginPath()
    p.moveTo(400, 400)
    p.lineTo(450, 400)
    p.lineTo(450, 460)
    p.close()
    p.moveTo(500, 500)
    p.curveTo(510, 520, 530, 540, 560, 500)
    p.close()
    c.drawPath(p, stroke=1, fill=1)
    c.beginForm("f")
    c.line(0, 0, 33.3, 0)
    c.rect(1, 1, 5, 5)
    c.endForm()
    c.doForm("f")


def _asked_segments(paths: list, counts: list[int]) -> tuple[list, list, list, list]:
    """Every segment's x, y, type and close flag through pdfium's segment calls, one by one."""
    segs = [pp._GetSegment(p, k) for p, n in zip(paths, counts) for k in range(n)]
    xs, ys = [], []
    for s in segs:
        x, y = pp.c_float(), pp.c_float()
        assert pp._SegPoint(s, pp.byref(x), pp.byref(y))
        xs.append(x.value)
        ys.append(y.value)
    return xs, ys, list(map(pp._SegType, segs)), list(map(pp._SegClose, segs))


def _page_paths(page: pdfium.PdfPage) -> tuple[list, list[int]]:
    paths: list = []
    pagev = pp._Handle(pp._addr(page.raw))
    pp._paths(list(map(pp._GetObject, [pagev] * pp._CountObjects(pagev), range(pp._CountObjects(pagev)))),
              None, paths, [], 0)
    return paths, list(map(pp._CountSegments, paths))


_SEGMENT_INPUTS = {
    "shapes": lambda: _pdf(_shapes_drawn),
    "closes": lambda: _raw_pdf(b"10 10 m 200 10 l S 50 50 m 50 50 l h S 70 20 m h 90 40 l S 5 5 m 9 5 l h S"
                               b" 1 0 0 1 3.5 -2 cm 0 0 m 10 10 20 20 30 0 c h f 1e20 5 m -1e20 5 l S"),
    "ruled fixture": lambda: open("tests/fixtures/heldout/pdf_ruled_2024.pdf", "rb").read(),
    "corpus": lambda: open("/work/shared/corpus/huaian-szf_2024.pdf", "rb").read(),
}


def test_this_build_reads_segments_from_their_points() -> None:
    """The layout check passes on the pdfium this project runs on, so the tests below compare
    the shortcut (not the fallback) with pdfium's calls."""
    assert pp._points_readable()


@pytest.mark.parametrize("name", sorted(_SEGMENT_INPUTS))
def test_stored_segments_are_the_asked_ones(name: str) -> None:
    """``_stored_segments`` against pdfium's four segment calls, segment by segment, on every
    page: lines, rectangles, curves, closes on lines, curves and moves, forms, huge numbers;
    and with a path left out by a count of zero."""
    try:
        data = _SEGMENT_INPUTS[name]()
    except FileNotFoundError:
        pytest.skip("the shared corpus is not here")
    doc = pdfium.PdfDocument(data)
    seen = 0
    for i in range(len(doc)):
        page = doc[i]
        paths, counts = _page_paths(page)
        assert pp._stored_segments(paths, counts) == _asked_segments(paths, counts)
        if len(paths) > 1:
            skipped = [0, *counts[1:]]
            assert pp._stored_segments(paths, skipped) == _asked_segments(paths[1:], counts[1:])
        seen += sum(counts)
        page.close()
    doc.close()
    assert seen


@pytest.mark.parametrize("name", sorted(_SEGMENT_INPUTS))
def test_edges_from_stored_segments_are_those_of_the_calls(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Whole pages: the edges with the segments read from their points equal those with every
    segment asked for (the layout check answering no)."""
    try:
        data = _SEGMENT_INPUTS[name]()
    except FileNotFoundError:
        pytest.skip("the shared corpus is not here")
    doc = pdfium.PdfDocument(data)
    for i in range(len(doc)):
        page = doc[i]
        frame = pp.Frame.of(page)
        fast = pp.edges(page, frame, i + 1)
        with monkeypatch.context() as m:
            m.setattr(pp, "_points_readable", lambda: False)
            m.setattr(pp, "_stored_segments", None)  # would fail if still used
            general = pp.edges(page, frame, i + 1)
        assert (fast.lines, fast.rects, fast.curves) == (general.lines, general.rects, general.curves)
        page.close()
    doc.close()


def test_a_wrong_layout_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The layout check compares what it reads: points taken for 8 bytes (x, y alone) fail it."""
    pp._points_readable.cache_clear()
    try:
        monkeypatch.setattr(pp, "_POINT_SIZE", 8)
        assert not pp._points_readable()
    finally:
        monkeypatch.undo()
        pp._points_readable.cache_clear()
    assert pp._points_readable()


def _pairs(rng: random.Random, n: int) -> list[tuple[float, float]]:
    """Points of ``n`` lines: on a ruled grid mostly, some slanted, short, of zero length, at
    -0.0, infinite or NaN."""
    odd = [0.0, -0.0, float("nan"), float("inf"), -float("inf"), 0.5, 1.0, 2.999, 3.0]
    out: list[tuple[float, float]] = []
    for _ in range(n):
        x, y = rng.choice([rng.uniform(0, W), rng.choice(odd), 20.3 + 41.17 * rng.randint(0, 9)]), \
            rng.choice([rng.uniform(0, H), rng.choice(odd), 13.9 * rng.randint(0, 9)])
        kind = rng.random()
        if kind < 0.4:
            b = (x + rng.choice([rng.uniform(-300, 300), rng.choice(odd)]), y)
        elif kind < 0.8:
            b = (x, y + rng.choice([rng.uniform(-300, 300), rng.choice(odd)]))
        else:
            b = (rng.choice([x, rng.uniform(0, W), rng.choice(odd)]), rng.choice([y, rng.uniform(0, H), rng.choice(odd)]))
        out += [(x, y), b] if rng.random() < 0.5 else [b, (x, y)]
    return out


def _same_edges(a: list[Edge], b: list[Edge]) -> bool:
    """Equal edge lists, NaN equal to NaN and a zero's sign told apart."""
    return [repr(dataclasses.astuple(e)) for e in a] == [repr(dataclasses.astuple(e)) for e in b]


def test_merged_lines_kept_as_points_are_merge_edges_of_their_edges() -> None:
    """A sink of one-line paths keeps the points; ``merged`` of it against ``merge_edges`` of
    the edges ``_line`` makes, on random ruled grids with odd numbers."""
    from gxtui.read import pdflayout as lay  # noqa: PLC0415

    rng = random.Random(11)
    for _ in range(300):
        pts = _pairs(rng, rng.randint(1, 60))
        sink = lay.EdgeSink()
        lay.path_edges("ml" * (len(pts) // 2), pts, sink)
        assert sink.pairs == pts and sink  # the points are kept
        fast = lay.merged(sink)
        assert sink.pairs  # and still so: merged made no edge of them
        general = lay.merge_edges(list(map(lay._line, pts[::2], pts[1::2])))
        assert _same_edges(fast, general)
        assert sink.lines == list(map(lay._line, pts[::2], pts[1::2])) and not sink.pairs


def test_a_sink_with_other_edges_makes_its_lines_first() -> None:
    """Lines kept as points, then a rectangle and a polyline: the lines stay first, in order."""
    from gxtui.read import pdflayout as lay  # noqa: PLC0415

    sink = lay.EdgeSink()
    assert not sink
    lay.path_edges("mlml", [(0.0, 5.0), (50.0, 5.0), (10.0, 0.0), (10.0, 40.0)], sink)
    lay.path_edges("mlllhml", [(0.0, 0.0), (9.0, 0.0), (9.0, 9.0), (0.0, 9.0), (0.0, 0.0), (1.0, 1.0), (1.0, 7.0)], sink)
    assert sink.lines[:2] == [Edge("h", 0.0, 50.0, 5.0, 5.0), Edge("v", 10.0, 10.0, 0.0, 40.0)]
    assert len(sink.rects) == 4 and len(sink.lines) == 3
    assert lay.merged(sink) == lay.merge_edges(sink.all())


def test_cluster_indices_are_cluster_of_the_indices() -> None:
    """``cluster_indices`` against ``cluster`` of the indices, on random keys with ties, chains,
    gaps at the tolerance, infinities and NaN."""
    from gxtui.read import pdflayout as lay  # noqa: PLC0415

    rng = random.Random(3)
    odd = [float("nan"), float("inf"), -float("inf"), 0.0, -0.0, 3.0, 6.0]
    for _ in range(2000):
        n = rng.randint(0, 30)
        keys = [rng.choice([rng.uniform(0, 40), round(rng.uniform(0, 40)), rng.choice(odd)]) for _ in range(n)]
        tol = rng.choice([3.0, 1.0, 0.0])
        assert lay.cluster_indices(keys, tol) == lay.cluster(list(range(n)), keys.__getitem__, tol)


def _cell_chars(rng: random.Random) -> list[Char]:
    """The characters of a table cell: one to four lines (tops jittered, some lines chaining
    into one another, some spreading beyond the tolerance), spaces, gaps, ligatures, shuffled
    sometimes, now and then a rotated character or a NaN top."""
    out: list[Char] = []
    top = rng.uniform(0, 500)
    for _ in range(rng.randint(1, 4)):
        top += rng.choice([2.0, 3.0, 3.5, 8.5, 12.0])
        x = 40.0
        for _ in range(rng.randint(0, 8)):
            t = top + rng.choice([0.0, 0.0, 0.5, 1.5, 2.9, 3.1])
            if rng.random() < 0.01:
                t = float("nan")
            out.append(Char(rng.choice("社会公益ﬁ 1a、 "), x, x + 7.5, t, t + 7.5, rng.random() > 0.02, 7.5, 1))
            x += rng.choice([7.5, 7.5, 8.0, 12.0, -3.0])
    if rng.random() < 0.3:
        rng.shuffle(out)
    return out


def test_cells_of_several_lines_read_as_their_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """``cell_text`` with the line-by-line shortcut against the words (``LINES_IN_CELLS`` off),
    on random cells; the shortcut is taken for many of them."""
    from gxtui.read import pdflayout as lay  # noqa: PLC0415

    rng = random.Random(5)
    taken = 0
    for _ in range(3000):
        chars = _cell_chars(rng)
        upright = all(c.upright for c in chars)
        monkeypatch.setattr(lay, "LINES_IN_CELLS", True)
        fast = lay.cell_text(chars, upright)
        fast_unknown = lay.cell_text(chars)
        monkeypatch.setattr(lay, "LINES_IN_CELLS", False)
        general = lay.cell_text(chars)
        assert fast == general == fast_unknown, chars
        taken += len({c.top for c in chars}) > 1 and upright and "\n" in general
    assert taken > 300



def _table(rng: random.Random) -> tuple[list[list[tuple | None]], list[Char]]:
    """A ruled table's rows (cells side by side, some rows with a merged cell, some with a gap
    or a cell taller than the row) and characters in and around it."""
    xs = sorted(rng.sample(range(0, 500, 5), rng.randint(2, 8)))
    ys = sorted(rng.sample(range(0, 700, 7), rng.randint(2, 8)))
    rows: list[list[tuple | None]] = []
    for top, bottom in zip(ys, ys[1:]):
        row: list[tuple | None] = []
        k = 0
        while k < len(xs) - 1:
            step = 2 if rng.random() < 0.15 and k + 2 < len(xs) else 1
            right = xs[k + step] - (rng.choice([0, 0, 0, 2]) if rng.random() < 0.1 else 0)
            low = bottom + (7 if rng.random() < 0.05 else 0)
            row.append((float(xs[k]), float(top), float(right), float(low)))
            row += [None] * (step - 1)
            k += step
        rows.append(row)
    chars = []
    for _ in range(rng.randint(0, 80)):
        x, y = rng.uniform(-10, 510), rng.uniform(-10, 710)
        if rng.random() < 0.1:
            x = float(rng.choice(xs)) - 3.0
        chars.append(Char(rng.choice("一二3 a"), x, x + 6.0, y, y + 6.0, True, 6.0, 1))
    if rng.random() < 0.05 and chars:
        chars[0] = dataclasses.replace(chars[0], top=float("nan"))
    return rows, chars


def test_filled_rows_read_as_the_general_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """``table_text`` with the shortcut for rows their cells fill against the general test of
    every character (``FILLED_ROWS`` off), on random tables; the shortcut is taken."""
    from gxtui.read import pdflayout as lay  # noqa: PLC0415

    rng = random.Random(9)
    taken = 0
    real_filled = lay._filled

    def spy(*a: object) -> bool:
        nonlocal taken
        got = real_filled(*a)
        taken += got
        return got

    for _ in range(1500):
        rows, chars = _table(rng)
        index = lay.centre_index(chars)
        monkeypatch.setattr(lay, "_filled", spy)
        monkeypatch.setattr(lay, "FILLED_ROWS", True)
        fast = lay.table_text(rows, chars, index, True)
        monkeypatch.setattr(lay, "FILLED_ROWS", False)
        general = lay.table_text(rows, chars, index)
        assert fast == general
    assert taken > 1000


def _tables_reference(found: list[tuple]) -> list[list[tuple]]:
    """``tables`` as it was, with ``root`` a function (the reference for the inlined walk)."""
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(found):
        mine = i
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                theirs = root(j)
                if theirs != mine:
                    first, other = (mine, theirs) if mine < theirs else (theirs, mine)
                    parent[other] = mine = first
    groups: dict[int, list[tuple]] = {}
    for i, c in enumerate(found):
        groups.setdefault(root(i), []).append(c)
    out = [g for g in groups.values() if len(g) > 1]
    out.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return out


def test_tables_are_the_reference_components() -> None:
    """``tables`` (its root walk inline) against the reference on random cells of a few small
    grids, shuffled, so that components merge in every order."""
    from gxtui.read import pdflayout as lay  # noqa: PLC0415

    rng = random.Random(13)
    for _ in range(1500):
        found = []
        for _ in range(rng.randint(0, 40)):
            x0, y0 = rng.randint(0, 8), rng.randint(0, 8)
            found.append((float(x0), float(y0), float(x0 + rng.randint(1, 3)), float(y0 + rng.randint(1, 3))))
        rng.shuffle(found)
        assert lay.tables(found) == _tables_reference(found)


def test_identity_told_by_columns_is_identity_told_by_matrices() -> None:
    """``_segments``' test of the matrix columns against comparing each path's matrix with the
    identity, on columns of ones, zeros, negative zeros, NaN and other numbers."""
    rng = random.Random(17)
    values = [1.0, 0.0, -0.0, float("nan"), 2.0, 1.0, 0.0]
    for _ in range(3000):
        n = rng.randint(0, 6)
        columns = [[rng.choice(values if rng.random() < 0.2 else [want]) for _ in range(n)] for want in pp._IDENTITY]
        assert all(map(pp._all_equal, columns, pp._IDENTITY)) == all(map(pp._IDENTITY.__eq__, zip(*columns)))


def test_grid_cells_are_the_class_calls() -> None:
    """``_grid``'s cells, slots filled directly, equal ``GridCell(squash(t), line)`` and the
    spanned ``GridCell("", line, spanned=True)``."""
    from gxtui.read import pdf  # noqa: PLC0415
    from gxtui.read.budget import Budget  # noqa: PLC0415
    from gxtui.read.document import GridCell  # noqa: PLC0415
    from gxtui.read.html import squash  # noqa: PLC0415

    rows = [[(0.0, 10.0, 5.0, 20.0), None, (9.0, 10.0, 12.0, 20.0)], [(0.0, 20.0, 5.0, 30.0), (5.0, 20.0, 9.0, 30.0), None]]
    texts = [["a  b", None, "社 会"], ["", " 1,234 ", None]]
    grid = pdf._grid(rows, texts, lambda top: int(top) * 3, Budget())
    want = [[GridCell(squash(t), int(r[0][1]) * 3) if t is not None else GridCell("", int(r[0][1]) * 3, spanned=True)
             for t in ts] for r, ts in zip(rows, texts)]
    assert grid.rows == want and grid.line == 30 and grid.exact
    assert [type(c) for row in grid.rows for c in row] == [GridCell] * 6
