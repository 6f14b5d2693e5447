"""How far a PDF's compressed streams inflate, measured before pdfium decodes any of them.

pdfium inflates a page's content stream whole: an 800 KB stream of zeros becomes 843 MB and
1.7 GB of memory. Deflate cannot expand more than 1,032 times, so a stream of ``n`` compressed
bytes is harmless when ``1032 × n`` fits the budget; only the streams whose bound does not fit
are inflated here, largest first, with zlib stopping at the limit, until the remaining bounds fit.
A stream whose output is itself zlib data (a filter chain) is measured through both layers.
Images are skipped: pdfium never decodes them to read text.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib

from gxtui.read.budget import MAX_CONTENT_STREAM, MAX_FONT_STREAM, MAX_STREAM_BYTES, too_complex

_RATIO = 1032
_STREAM = re.compile(rb"stream\r?\n")
_DICT_BACK = 2048
_FONT_KEYS = (b"/Length1", b"/Length2", b"/Length3", b"/FontFile", b"/OpenType", b"/Type1C", b"/CIDFontType0C")


def _zlib_header(b: bytes) -> bool:
    return len(b) >= 2 and b[0] & 0x0F == 8 and b[0] >> 4 <= 7 and (b[0] << 8 | b[1]) % 31 == 0


def _streams(data: bytes) -> list[tuple[int, int, int, bool]]:
    """(start, end, cap, ascii85) of every zlib-compressed stream that is not an image."""
    out = []
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            return out
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        pos = max(end, start)
        if data[m.start() - 3:m.start()] == b"end":
            continue
        head = data[max(0, m.start() - _DICT_BACK):m.start()]
        head = head[head.rfind(b"obj") + 1:] if b"obj" in head else head
        a85 = b"/ASCII85Decode" in head or b"/A85" in head
        if b"/Image" in head or not (a85 or _zlib_header(data[start:start + 2])):
            continue
        cap = MAX_FONT_STREAM if any(k in head for k in _FONT_KEYS) else MAX_CONTENT_STREAM
        out.append((start, end, cap, a85))


def _inflated(chunk: bytes, cap: int, a85: bool) -> int:
    """Bytes ``chunk`` inflates to, stopping just past ``cap`` (two layers for filter chains)."""
    if a85:
        try:
            chunk = base64.a85decode(chunk.strip(), adobe=chunk.rstrip().endswith(b"~>"))
        except (ValueError, binascii.Error):
            return 0
        if not _zlib_header(chunk[:2]):
            return 0
    d = zlib.decompressobj()
    try:
        first = d.decompress(chunk, cap + 1)
    except zlib.error:
        return 0  # not deflate after all, or damaged: pdfium will not get far with it either
    size = len(first)
    if size <= cap and _zlib_header(first[:2]):
        inner = zlib.decompressobj()
        try:
            size = max(size, len(inner.decompress(first, cap + 1)))
        except zlib.error:
            pass
    return size


def check_streams(data: bytes) -> None:
    """Raise ``too complex`` when a stream would inflate past its cap or all of them past the
    budget. A stream whose worst case fits its cap and the total is not inflated at all."""
    streams = _streams(data)
    bound = sum(_RATIO * (e - s) for s, e, _, _ in streams)
    total = 0
    for s, e, cap, a85 in sorted(streams, key=lambda t: t[0] - t[1]):
        worst = _RATIO * (e - s)
        if worst <= cap and total + bound <= MAX_STREAM_BYTES:
            return  # the remaining streams are smaller still: none can break a limit
        bound -= worst
        size = _inflated(data[s:e], cap, a85)
        if size > cap:
            raise too_complex(f"a compressed stream inflates to more than {cap // 2**20} MB")
        total += size
        if total > MAX_STREAM_BYTES:
            raise too_complex(f"its compressed streams inflate to more than {MAX_STREAM_BYTES // 2**20} MB")
