"""What pdfium knows about one page: positioned characters and painted paths.

pypdfium2's helpers wrap every handle in Python objects; a page has thousands of characters and
a ruled table thousands of path segments, so the few pdfium calls made per character, text
object, page object and segment are declared here once with plain ``void *`` arguments, which is
several times cheaper per call. Each is made for a whole page at a time through ``map`` (out
parameters land in one buffer, ``_Slots``, read back with one ``tolist``), not in a Python loop
with one call per iteration. Only the document and page lifetimes go through pypdfium2's own
objects.

Coordinates come out as pdfplumber had them (``pdflayout``'s convention): pdfminer's device space
for the page rotation, then flipped so that ``top`` grows downwards from the page top. Character
boxes follow pdfminer's metrics: from the baseline's descent (the font's /Descent) up one font
size, from the pen position to its advance.
"""

from __future__ import annotations

import ctypes
import re
from collections import deque
from collections.abc import Iterable, Sequence
from ctypes import byref, c_double, c_float, c_int, c_size_t, c_void_p
from dataclasses import dataclass
from functools import cache
from math import isfinite
from itertools import accumulate, chain, compress, repeat
from operator import or_

import pypdfium2 as pdfium
import pypdfium2_raw.bindings as _bindings

from gxtui.read.budget import Budget
from gxtui.read.pdflayout import Char, EdgeSink, path_edges

_lib = _bindings._libs["pdfium"]


def _fn(name: str, restype, *argtypes):  # noqa: ANN001, ANN202 - ctypes prototypes
    f = _lib[name]
    f.restype = restype
    f.argtypes = argtypes
    return f


def _hot(name: str, restype):  # noqa: ANN001, ANN202 - ctypes prototypes
    """A prototype without ``argtypes``, for the calls made once per character: ctypes then
    passes a ``c_void_p`` handle, Python ints (C ``int``) and ``byref`` pointers as they are,
    without converting each argument (about a third of the cost of a call). Callers pass the
    text page as a ``c_void_p``, never as a bare int (it would be truncated to a C int).

    These are getters that return at once, so the prototype is ``PYFUNCTYPE``: the call keeps
    the GIL instead of releasing and taking it back (a fifth of the cost of such a call)."""
    return ctypes.PYFUNCTYPE(restype)(ctypes.cast(_lib[name], c_void_p).value)


_CountChars = _fn("FPDFText_CountChars", c_int, c_void_p)
_GetText = _fn("FPDFText_GetText", c_int, c_void_p, c_int, c_int, c_void_p)
_IsGenerated = _hot("FPDFText_IsGenerated", c_int)  # (text page, index)
_MapError = _hot("FPDFText_HasUnicodeMapError", c_int)  # (text page, index)
_TextObject = _hot("FPDFText_GetTextObject", c_void_p)  # (text page, index) → text object
_LooseBox = _hot("FPDFText_GetLooseCharBox", None)  # (text page, index, box pointer): cannot fail for an index < count
# once per text object (a page has one for every ≈ 10 characters), so also without argtypes
_Origin = _hot("FPDFText_GetCharOrigin", c_int)  # (text page, index, byref(c_double) × 2)
_ObjFont = _hot("FPDFTextObj_GetFont", c_size_t)  # (text object) → font, 0 for none (an int either way)
_ObjFontSize = _hot("FPDFTextObj_GetFontSize", c_int)  # (text object, byref(c_float))
_PageObjMatrix = _hot("FPDFPageObj_GetMatrix", c_int)  # (page object, pointer to 6 floats a b c d e f)
_FontDescent = _hot("FPDFFont_GetDescent", c_int)  # (font, c_float size, byref(c_float))
_CountObjects = _fn("FPDFPage_CountObjects", c_int, c_void_p)


class _Handle(c_void_p):
    """The restype of the calls that return a page object or a path segment: ctypes returns a
    subclass of ``c_void_p`` as the object itself (a plain ``c_void_p`` restype becomes an int,
    to be wrapped again for the next call), ready to pass on, false when NULL."""


# the path walk calls each of these for all objects or all segments of a page through ``map``
_GetObject = _hot("FPDFPage_GetObject", _Handle)  # (page, index) → page object
_FormCount = _hot("FPDFFormObj_CountObjects", c_int)  # (form object)
_FormObject = _hot("FPDFFormObj_GetObject", _Handle)  # (form object, index) → page object
_ObjType = _hot("FPDFPageObj_GetType", c_int)  # (page object)
_CountSegments = _hot("FPDFPath_CountSegments", c_int)  # (path)
_DrawMode = _hot("FPDFPath_GetDrawMode", c_int)  # (path, byref(c_int) fill mode, byref(c_int) stroke)
_GetSegment = _hot("FPDFPath_GetPathSegment", _Handle)  # (path, index) → segment
_SegPoint = _hot("FPDFPathSegment_GetPoint", c_int)  # (segment, byref(c_float) × 2)
_SegType = _hot("FPDFPathSegment_GetType", c_int)  # (segment)
_SegClose = _hot("FPDFPathSegment_GetClose", c_int)  # (segment)

_SPACE = re.compile(r"[\s\ufffe]")  # what str.isspace() accepts, and pdfium's "no character"
_PATH, _FORM = 2, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_MAX_FORM_DEPTH = 12


def _addr(obj: object) -> int:
    return ctypes.cast(obj, c_void_p).value or 0


@dataclass(slots=True)
class Frame:
    """pdfminer's device space for a page (rotation applied) and pdfplumber's flip of it: user
    space (x, y) → device (xd, yd) = (a·x + c·y + e, b·x + d·y + f) → pdfplumber's
    (xd + x_shift, height − yd + top_shift). The readers of characters and of paths apply it
    inline (a call per character or path point costs more than the arithmetic)."""

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float
    x_shift: float
    top_shift: float
    height: float
    width: float
    plain: bool = False  # no rotation, origin at (0, 0): pdfminer's device space is user space

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> Frame:
        x0, y0, x1, y1 = page.get_mediabox()
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        rot = page.get_rotation() % 360
        ctm = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, 1, x1, y1),
               270: (0, 1, -1, 0, y1, -x0)}.get(rot, (1, 0, 0, 1, -x0, -y0))
        if rot in (90, 270):  # pdfplumber swaps the mediabox axes of a turned page
            x0, y0, x1, y1 = y0, x0, y1, x1
        height = y1 - y0
        frame = cls(*map(float, ctm), x_shift=x0, top_shift=height - y1, height=height, width=x1 - x0)
        frame.plain = (*ctm, frame.x_shift, frame.top_shift) == (1, 0, 0, 1, 0, 0, 0, 0)
        return frame


def _text(tp: int, n: int) -> str | None:
    """All characters of the page in one call, when it maps one-to-one onto indices."""
    buf = (ctypes.c_char * (2 * (n + 1)))()
    got = _GetText(tp, 0, n, buf)
    text = ctypes.string_at(buf, max(got - 1, 0) * 2).decode("utf-16-le", "replace")
    return text if len(text) == n else None


_CHUNK = 2048  # calls whose out-parameters are fetched into one buffer


class _Slots:
    """Room for the out-parameters of ``_CHUNK`` calls of one pdfium getter (``width`` numbers of
    ``ctype`` each), with ready-made pointers into each slot (one to each of its first
    ``pointers`` numbers): ``map`` can then call pdfium for every character, object or segment
    of a page without a Python frame per call, and the numbers come back as one list per
    position asked for instead of attribute reads per call. Used under the reader's pdfium lock
    only, so one set of slots per kind serves every page (``_slots``)."""

    def __init__(self, ctype: type, width: int, pointers: int) -> None:
        self.width = width
        self.buf = (ctype * (width * _CHUNK))()
        size = ctypes.sizeof(ctype)
        self.refs = [[byref(self.buf, size * (width * k + j)) for k in range(_CHUNK)] for j in range(pointers)]
        self.view = memoryview(self.buf).cast("B").cast(ctype._type_)

    def fetch(self, fn, items: list, picks: Iterable[int], *lead: Iterable) -> list[list]:  # noqa: ANN001 - a ctypes function
        """``fn(*lead, item, *pointers)`` for every item (``lead``: ``repeat`` of the arguments
        before it), and the numbers at each position of ``picks`` in every item's slot."""
        picks = tuple(picks)
        out: list[list] = [[] for _ in picks]
        w = self.width
        for s in range(0, len(items), _CHUNK):
            part = items[s:s + _CHUNK]
            deque(map(fn, *lead, part, *self.refs), 0)
            end = w * len(part)
            for got, k in zip(out, picks, strict=True):
                got += self.view[k:end:w].tolist()
        return out


@cache
def _slots(ctype: type, width: int, pointers: int) -> _Slots:
    """The slots of one shape, made on first use and kept for the process."""
    return _Slots(ctype, width, pointers)


def _loose_boxes(tpv: c_void_p, idx: list[int], sides: tuple[int, ...] = (0, 2)) -> list[list[float]]:
    """Sides of the loose box of every character in ``idx``, one list per side asked for
    (0 left, 1 top, 2 right, 3 bottom; by default left and right, all most pages need)."""
    return _slots(c_float, 4, 1).fetch(_LooseBox, idx, sides, repeat(tpv))


def _descent(font: int) -> float:
    """The font's /Descent per unit of font size (0 without a font)."""
    out = c_float()
    return out.value if font and _FontDescent(c_void_p(font), c_float(1.0), byref(out)) else 0.0


def _objects_info(objs: list[int], firsts: list[int], tpv: c_void_p, frame: Frame) -> list[tuple]:
    """What the characters of each text object share: on an unrotated page for unrotated text
    ``(True, top, bottom, size, upright, font)``, else ``(False, straight, low, high, ltr,
    upright, font)`` for ``_placed``. ``firsts`` are the objects' first characters (their
    baselines). Each getter is called for all objects at once, as for the characters.

    Some generators draw every character as a text object of its own, so this runs once per
    character there: on an unrotated page whose objects' matrices are finite numbers, the
    straight objects take ``_plain_infos`` (the same numbers without the rotation's terms)."""
    fa, fb, fc, fd = frame.a, frame.b, frame.c, frame.d
    handles = list(map(c_void_p, objs))
    mas, mbs, mcs, mds = _slots(c_float, 6, 1).fetch(_PageObjMatrix, handles, range(4))
    (sizes,) = _slots(c_float, 1, 1).fetch(_ObjFontSize, handles, (0,))
    fonts = list(map(_ObjFont, handles))
    descents = {font: _descent(font) for font in set(fonts)}
    height = frame.height
    # no b or c but zeros (a NaN is true): every object is straight, each first character's origin is read
    if not any(mbs) and not any(mcs):
        (origins,) = _slots(c_double, 2, 2).fetch(_Origin, firsts, (1,), repeat(tpv))
        if frame.plain and isfinite(sum(mas) + sum(mds)):
            return _plain_infos(origins, mas, mds, sizes, fonts, list(map(descents.__getitem__, fonts)), height)
        straights = [True] * len(objs)
    else:
        straights = list(map(_both_zero, mbs, mcs))
        (origins,) = _slots(c_double, 2, 2).fetch(_Origin, list(compress(firsts, straights)), (1,), repeat(tpv))
    ys = iter(origins)
    out = []
    for ma, mb, mc, md, fs, font, straight in zip(mas, mbs, mcs, mds, sizes, fonts, straights, strict=True):
        # the character's matrix in pdfminer's device space (text matrix × page rotation)
        a, b, c, d = ma * fa + mb * fc, ma * fb + mb * fd, mc * fa + md * fc, mc * fb + md * fd
        low = high = 0.0
        if straight:  # pdfminer's box: from the descent up one font size
            low = next(ys) + md * descents[font] * fs
            high = low + md * fs
        upright = a * d > 0 and b * c <= 0
        if straight and frame.plain:  # the vertical extent is the object's: computed here once
            y0, y1 = (low, high) if low <= high else (high, low)
            top, bottom = height - y1, height - y0
            out.append((True, top, bottom, bottom - top, upright, font))
        else:
            out.append((False, straight, low, high, ma > 0, upright, font))
    return out


def _plain_infos(ys: list[float], mas: list[float], mds: list[float], sizes: list[float], fonts: list[int],
                 descents: list[float], height: float) -> list[tuple]:
    """``_objects_info`` of straight objects (matrices ``ma 0 0 md``) on a page whose device
    space is user space, one comprehension for all (no call per object): there ``a`` is ``ma``,
    ``d`` is ``md`` and ``b``, ``c`` are zeros (when ``ma`` and ``md`` are finite numbers: the
    caller checks), so ``a·d > 0 and b·c <= 0`` is ``ma·md > 0`` (a zero gives zero either
    way). ``ys`` are the baselines, ``descents`` each object's font's."""
    return [(True, height - y1, height - y0, (height - y0) - (height - y1), ma * md > 0, font)
            for y, ma, md, fs, font, descent in zip(ys, mas, mds, sizes, fonts, descents, strict=True)
            for low in (y + md * descent * fs,)
            for high in (low + md * fs,)
            for y0, y1 in ((low, high) if low <= high else (high, low),)]


def _both_zero(b: float, c: float) -> bool:
    return b == 0 and c == 0


def _placed(ch: str, left: float, top_y: float, right: float, bottom_y: float, info: tuple,
            frame: Frame) -> Char:
    """One character of rotated text or on a rotated or shifted page, from its loose box."""
    _, straight, low, high, ltr, upright, font = info
    if straight:
        xa, xb = (left, right) if ltr else (right, left)
        ya, yb = low, high
    else:
        xa, xb, ya, yb = left, right, bottom_y, top_y
    height = frame.height
    if frame.plain:
        x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
        y0, y1 = (ya, yb) if ya <= yb else (yb, ya)
        top = height - y1
        bottom = height - y0
    else:
        fa, fb, fc, fd, fe, ff = frame.a, frame.b, frame.c, frame.d, frame.e, frame.f
        x0 = fa * xa + fc * ya + fe
        x1 = fa * xb + fc * yb + fe
        y0 = fb * xa + fd * ya + ff
        y1 = fb * xb + fd * yb + ff
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        if frame.x_shift:
            x0 += frame.x_shift
            x1 += frame.x_shift
        top = (height - y1) + frame.top_shift
        bottom = (height - y0) + frame.top_shift
    return Char(ch, x0, x1, top, bottom, upright, bottom - top, font)


def chars(textpage: pdfium.PdfTextPage, frame: Frame) -> tuple[list[Char], int]:
    """Every character pdfium found (its generated spaces and line breaks excluded), and how
    many of them have no Unicode mapping. Each character's text is one code point of the page's
    text (so no character is longer than the text budget allows).

    Two pdfium calls per character (its text object, its box), each made for all characters at
    once through ``map``; the object's matrix, font size, font descent and baseline are fetched
    once per text object (all characters of one object share them), and so is the vertical
    extent of unrotated text on an unrotated page."""
    tp = _addr(textpage.raw)
    n = _CountChars(tp)
    if n <= 0:
        return [], 0
    text = _text(tp, n)
    if text is None:
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(n))[:n].ljust(n)
    tpv = c_void_p(tp)  # for the per-character calls (``_hot``)
    spaces = [m.start() for m in _SPACE.finditer(text)]
    generated = list(compress(spaces, map(_IsGenerated, repeat(tpv), spaces)))
    if generated:
        keep = bytearray(b"\x01") * n  # the characters pdfium did not make up
        for i in generated:
            keep[i] = 0
        idx = list(compress(range(n), keep))
        texts: Sequence[str] = list(compress(text, keep))
    else:
        idx = list(range(n))
        texts = text
    objects = list(map(_TextObject, repeat(tpv), idx))
    lefts, rights = _loose_boxes(tpv, idx)
    first = dict(zip(reversed(objects), reversed(idx)))  # every text object's first character
    first.pop(None, None)  # characters of no object
    objs = dict(zip(first, _objects_info(list(first), list(first.values()), tpv, frame)))
    infos = list(map(objs.get, objects))  # None for the characters of no object
    if None not in infos and all(info[0] for info in objs.values()):  # the common case: see _unrotated
        out = _unrotated(texts, lefts, rights, infos)
    else:
        out = _mixed(tpv, idx, texts, lefts, rights, infos, frame)
    # unmapped glyphs are counted on a sample: only "most of them" matters
    sample = [i for i, obj in zip(idx, objects) if obj and not i & 7]
    mapped_errors = sum(text[i] == "\ufffe" or bool(_MapError(tpv, i)) for i in sample)
    unmapped = round(mapped_errors * len(out) / len(sample)) if sample else 0
    return out, unmapped


def _unrotated(texts: Sequence[str], lefts: list[float], rights: list[float], infos: list[tuple]) -> list[Char]:
    """The characters when every one belongs to a text object of unrotated text on a page whose
    device space is user space (``infos``: each character's ``_objects_info``): the vertical
    extent is the object's, the horizontal one the loose box's left and right in order. One
    comprehension for the page, not one per run of characters of an object (a generator that
    draws each character as an object of its own makes every run one character long)."""
    return [Char(ch, x1, x0, top, bottom, upright, size, font) if x1 < x0
            else Char(ch, x0, x1, top, bottom, upright, size, font)
            for ch, x0, x1, (_, top, bottom, size, upright, font) in zip(texts, lefts, rights, infos)]


def _mixed(tpv: c_void_p, idx: list[int], texts: Sequence[str], lefts: list[float], rights: list[float],
           infos: list[tuple | None], frame: Frame) -> list[Char]:
    """The characters in general: those of no object (``None`` info) dropped, those of
    unrotated text on a plain page as ``_unrotated`` makes them, the others ``_placed`` from
    their loose box, whose top and bottom are fetched for all of them at once."""
    slow = [k for k, info in enumerate(infos) if info is not None and not info[0]]
    ups, downs = _loose_boxes(tpv, [idx[k] for k in slow], (1, 3)) if slow else ([], [])
    boxes = dict(zip(slow, zip(ups, downs)))
    out: list[Char] = []
    for k, (ch, x0, x1, info) in enumerate(zip(texts, lefts, rights, infos)):
        if info is None:
            continue
        if info[0]:
            _, top, bottom, size, upright, font = info
            out.append(Char(ch, x1, x0, top, bottom, upright, size, font) if x1 < x0
                       else Char(ch, x0, x1, top, bottom, upright, size, font))
        else:
            up, down = boxes[k]
            out.append(_placed(ch, x0, up, x1, down, info, frame))
    return out


def edges(page: pdfium.PdfPage, frame: Frame, number: int) -> EdgeSink:
    """Ruling edges from every painted path of the page, form XObjects included.

    A ruled table is hundreds of paths of a few segments each, so nothing is fetched path by
    path: the page's paths are listed first (``_paths``), then each pdfium getter is called for
    all of them, and after the segment counts are checked against the page's budget, each
    segment getter for all segments of the page, through ``map``."""
    sink = EdgeSink()
    pagev = _Handle(_addr(page.raw))
    paths: list[_Handle] = []
    outers: list[tuple | None] = []
    _paths(list(map(_GetObject, repeat(pagev), range(_CountObjects(pagev)))), None, paths, outers, 0)
    fills, strokes = _slots(c_int, 2, 2).fetch(_DrawMode, paths, (0, 1))
    painted = list(map(bool, map(or_, fills, strokes)))  # neither: a clipping path, nothing is painted
    if not all(painted):
        paths, outers = list(compress(paths, painted)), list(compress(outers, painted))
    counts = list(map(_CountSegments, paths))
    Budget.check_segments(number, sum(counts))
    if paths:
        pts, types, closes = _segments(paths, outers, counts, frame)
        ops, pts = _shapes(types, closes, pts, counts)
        path_edges(ops, pts, sink)
    return sink


def _paths(objs: list[_Handle], outer: tuple | None, paths: list[_Handle], outers: list[tuple | None],
           depth: int) -> None:
    """Append the path objects among ``objs`` to ``paths`` in drawing order, each with the
    placement of the forms it is in (``outer``, None outside forms) to ``outers``: those inside
    a form XObject (nested up to ``_MAX_FORM_DEPTH``) where the form is drawn."""
    objs = list(filter(None, objs))
    kinds = list(map(_ObjType, objs))
    forms = [i for i, kind in enumerate(kinds) if kind == _FORM] if depth < _MAX_FORM_DEPTH else []
    done = 0
    for i in [*forms, len(objs)]:
        found = list(compress(objs[done:i], map(_PATH.__eq__, kinds[done:i])))
        paths += found
        outers += repeat(outer, len(found))
        if i < len(objs):
            form = objs[i]
            matrix = [m for m, in _slots(c_float, 6, 1).fetch(_PageObjMatrix, [form], range(6))]
            inner = _compose(matrix, outer)
            _paths(list(map(_FormObject, repeat(form), range(_FormCount(form)))), inner, paths, outers, depth + 1)
        done = i + 1


def _compose(inner: list[float], outer: tuple | None) -> tuple:
    """The matrix ``inner`` (a b c d e f) followed by ``outer`` (a form's placement), or None."""
    a, b, c, d, e, f = inner
    if outer is None:
        return a, b, c, d, e, f
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _segments(paths: list[_Handle], outers: list[tuple | None], counts: list[int],
              frame: Frame) -> tuple[list[tuple[float, float]], list[int], list[int]]:
    """Every segment of the paths, in order: its point in pdfplumber's coordinates (the path's
    matrix, its forms' placement, then the ``Frame`` mapping, inline), its type and whether it
    closes its subpath."""
    columns = _slots(c_float, 6, 1).fetch(_PageObjMatrix, paths, range(6))  # a, b, c, d, e, f of each path
    in_forms = any(outers)
    # no path in a form and every matrix the identity: told by the columns, without a tuple a path
    unmoved = not in_forms and all(map(_all_equal, columns, _IDENTITY))
    matrices = [] if unmoved else list(zip(*columns))
    if in_forms:  # paths inside forms
        matrices = list(map(_compose, matrices, outers))
    if _points_readable():
        xs, ys, types, flags = _stored_segments(paths, counts)
        closes = _closes_of(flags, types, counts)
    else:
        segs = list(map(_GetSegment, chain.from_iterable(map(repeat, paths, counts)),
                        chain.from_iterable(map(range, counts))))
        xs, ys = _slots(c_float, 2, 2).fetch(_SegPoint, segs, (0, 1))
        types = list(map(_SegType, segs))
        closes = _closes(segs, types, counts)
    if frame.plain and (unmoved or all(map(_IDENTITY.__eq__, matrices))) and isfinite(sum(xs) + sum(ys)):
        return _unmoved(xs, ys, frame.height), types, closes
    if unmoved:
        matrices = list(zip(*columns))
    fa, fb, fc, fd, fe, ff = frame.a, frame.b, frame.c, frame.d, frame.e, frame.f
    x_shift, top_shift, height = frame.x_shift, frame.top_shift, frame.height
    pts = [((xd + x_shift if x_shift else xd), (height - yd) + top_shift)
           for (a, b, c, d, e, f), x, y in zip(chain.from_iterable(map(repeat, matrices, counts)), xs, ys)
           for ux, uy in ((a * x + c * y + e, b * x + d * y + f),)  # user space
           for xd, yd in ((fa * ux + fc * uy + fe, fb * ux + fd * uy + ff),)]
    return pts, types, closes


def _closes(segs: list[_Handle], types: list[int], counts: list[int]) -> list[int]:
    """Whether each segment closes its subpath.

    When every path is one line, a move then a line (a ruled table drawn line by line), only
    the moves are asked, half the calls: a close on the line (pdfium draws a close back to the
    start as a segment of its own, so that line ends where it starts) makes "mlh", which
    ``path_edges`` reads as the same line as "ml"; a close on the move ("mhl") is not the same,
    so it is asked for. The lines' flags are given as 0."""
    n = len(segs)
    if _one_line_paths(types, counts):
        closes = [0] * n
        closes[0::2] = map(_SegClose, segs[0::2])
        return closes
    return list(map(_SegClose, segs))


def _one_line_paths(types: list[int], counts: list[int]) -> bool:
    """Is every path one move then one line (``_closes``' shortcut)?"""
    n = len(types)
    return bool(n) and counts.count(2) == len(counts) and types[0::2].count(_MOVETO) == n // 2 \
        and types[1::2].count(_LINETO) == n // 2


def _closes_of(flags: list[int], types: list[int], counts: list[int]) -> list[int]:
    """``_closes`` from every segment's flag as stored: the lines' flags of one-line paths given
    as 0, as ``_closes`` gives them (so the shapes are the ones it makes)."""
    if _one_line_paths(types, counts):
        flags[1::2] = repeat(0, len(flags) // 2)
    return flags


# pdfium's path segment handle is the address of the segment's point in its path's points, a
# ``std::vector`` of ``CFX_Path::Point`` {float x, y; uint8 type; bool close} (12 bytes): the
# segments of a path lie one after another from its first one. Reading them so takes two calls
# a path (its first segment, the bytes) instead of three or four a segment (segment, point,
# type, close). ``_points_readable`` proves the layout on a path of every kind of segment
# before it is relied on; without that proof the segments are asked for one by one.
_POINT_SIZE = 12
_FirstSegment = _hot("FPDFPath_GetPathSegment", c_size_t)  # (path, index) → address, 0 for none


def _stored_segments(paths: list[_Handle], counts: list[int]) -> tuple[list[float], list[float], list[int], list[int]]:
    """The x, y, type and close flag of every segment of the paths, in order, read from the
    paths' points (see above) in one piece per path."""
    have = [k for k, n in enumerate(counts) if n]
    if len(have) < len(counts):
        paths, counts = [paths[k] for k in have], [counts[k] for k in have]
    raw = memoryview(b"".join(map(ctypes.string_at, map(_FirstSegment, paths, repeat(0)),
                                  [_POINT_SIZE * n for n in counts])))
    floats, octets, w = raw.cast("f"), raw.cast("B"), _POINT_SIZE
    return (floats[0::w // 4].tolist(), floats[1::w // 4].tolist(), octets[8::w].tolist(),
            octets[9::w].tolist())


@cache
def _points_readable() -> bool:
    """Do the segments of a path read from its points (``_stored_segments``) equal what pdfium's
    segment calls give, on a path with a move, lines, a curve and closes, made here? Asked
    once per process (the layout is the library's build's)."""
    raw = pdfium.raw
    path = raw.FPDFPageObj_CreateNewPath(1.5, -2.25)
    try:
        ok = raw.FPDFPath_LineTo(path, 3.0, 4.0) and raw.FPDFPath_BezierTo(path, 5.0, 6.0, 7.0, 8.0, 9.5, 10.0) \
            and raw.FPDFPath_Close(path) and raw.FPDFPath_MoveTo(path, -11.0, 12.0) \
            and raw.FPDFPath_LineTo(path, 13.0, 1e30) and raw.FPDFPath_Close(path)
        handle = _Handle(_addr(path))
        n = _CountSegments(handle)
        if not ok or n != 7:
            return False
        segs = [_GetSegment(handle, k) for k in range(n)]
        xs, ys = _slots(c_float, 2, 2).fetch(_SegPoint, segs, (0, 1))
        asked = (xs, ys, list(map(_SegType, segs)), list(map(_SegClose, segs)))
        types = asked[2]
        if len(set(types)) != 3 or sorted(set(asked[3])) != [0, 1]:
            return False
        return _stored_segments([handle], [n]) == asked
    finally:
        raw.FPDFPageObj_Destroy(path)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _all_equal(values: list[float], value: float) -> bool:
    """Is every one of ``values`` equal to ``value`` (as ``==`` tells, so ``-0.0`` is ``0.0``)?"""
    return values.count(value) == len(values)


def _unmoved(xs: list[float], ys: list[float], height: float) -> list[tuple[float, float]]:
    """``_segments``' points when every path's matrix is the identity on a page whose device
    space is user space (``Frame.plain``) and every coordinate is a finite number: there the
    two mappings multiply by ones and add products with zeros and zero offsets, which gives
    each number back (only the sign of a zero can differ, and no edge position keeps one:
    ``merge_edges`` snaps positions to means, which are never ``-0.0``; starts and ends are
    only compared), so a point is ``(x, height - y)``. Most generators place every path so;
    the arithmetic of the general case is a third of a ruled page's path walk."""
    return list(zip(xs, [height - y for y in ys]))


_OP_LETTERS = bytes.maketrans(bytes((_LINETO, _MOVETO)), b"lm")


def _shapes(types: list[int], closes: list[int], pts: list[tuple[float, float]],
            counts: list[int]) -> tuple[str, list[tuple[float, float]]]:
    """The operations of the paths as ``path_edges`` reads them (one letter per point: "m",
    "l", "c", "h" for a close, which repeats the subpath's start), of all the paths that start
    with "m" one after another (``path_edges`` cuts at every "m", so the cuts are the same as
    path by path), with their points. Paths of lines alone, unclosed (ruled tables), take the
    fast way: one letter per segment, the points as they are."""
    if any(closes) or not {_LINETO, _MOVETO}.issuperset(types):
        return _shapes_slow(types, closes, pts, counts)
    firsts = list(accumulate(counts[:-1], initial=0))
    if all(map(_MOVETO.__eq__, map(types.__getitem__, compress(firsts, counts)))):  # each path starts with a move
        return bytes(types).translate(_OP_LETTERS).decode(), pts
    ops, kept = [], []
    for i, k in zip(firsts, counts):
        if k and types[i] == _MOVETO:
            ops.append(bytes(types[i:i + k]).translate(_OP_LETTERS).decode())
            kept += pts[i:i + k]
    return "".join(ops), kept


def _shapes_slow(types: list[int], closes: list[int], pts: list[tuple[float, float]],
                 counts: list[int]) -> tuple[str, list[tuple[float, float]]]:
    """``_shapes`` segment by segment: pdfminer keeps only a curve's end point (a bezier
    segment's two control points are dropped), a close repeats the subpath's start."""
    ops: list[str] = []
    kept: list[tuple[float, float]] = []
    i = 0
    for k in counts:
        path_ops: list[str] = []
        path_pts: list[tuple[float, float]] = []
        start = (0.0, 0.0)
        bezier = 0
        for t, closed, p in zip(types[i:i + k], closes[i:i + k], pts[i:i + k]):
            if t == _BEZIERTO:
                bezier += 1
                if bezier < 3:
                    continue  # control points: pdfminer keeps a curve's end point only
                bezier = 0
                path_ops.append("c")
            elif t == _MOVETO:
                path_ops.append("m")
                start = p
            else:
                path_ops.append("l")
            path_pts.append(p)
            if closed:
                path_ops.append("h")
                path_pts.append(start)
        i += k
        if path_ops and path_ops[0] == "m":
            ops += path_ops
            kept += path_pts
    return "".join(ops), kept
