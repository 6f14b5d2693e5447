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
