"""A stand-in for CJK fonts that a PDF names but does not embed.

pdfium substitutes a system font for a non-embedded font. Without a CJK system font (servers,
containers, many reviewers' laptops) the substitute has no glyph for a Chinese character, the
glyph's box is empty, and pdfium drops every text object made only of such glyphs: a table
cell "无", the last character of a wrapped label. gxtui therefore answers pdfium's requests for
Chinese, Japanese and Korean fonts with ``data/box.ttf`` (one box glyph for every CJK character,
see ``scripts/make_box_font.py``). Text extraction only needs the boxes, and the same PDF reads
the same on every machine, whatever fonts are installed. Other requests go to pdfium's default.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

_FONT = (Path(__file__).resolve().parent / "data" / "box.ttf").read_bytes()
_FONT_BUF = ctypes.create_string_buffer(_FONT, len(_FONT))
_HANDLE = ctypes.addressof(_FONT_BUF)  # any stable non-null pointer identifies the font
_CJK_CHARSETS = {128, 129, 134, 136}  # Shift-JIS, Hangul, GB2312, Big5
_FACE = b"gxtui box"
_installed = False


def install() -> None:
    """Register the stand-in with pdfium once per process (before the first page is loaded)."""
    global _installed
    if _installed:
        return
    _installed = True
    from pypdfium2._helpers.sysfontinfo import PdfSysfontBase  # noqa: PLC0415

    class _BoxForCJK(PdfSysfontBase):
        def MapFont(self, _, weight, italic, charset, pitch, face, exact):  # noqa: ANN001, ANN202, N802
            if charset in _CJK_CHARSETS:
                return _HANDLE
            return self.default.MapFont(self.default, weight, italic, charset, pitch, face, exact)

        def GetFontData(self, _, font, table, buf, size):  # noqa: ANN001, ANN202, N802
            if font == _HANDLE:
                if table != 0:
                    return 0
                if buf and size >= len(_FONT):
                    ctypes.memmove(buf, _FONT_BUF, len(_FONT))
                return len(_FONT)
            return self.default.GetFontData(self.default, font, table, buf, size)

        def GetFaceName(self, _, font, buf, size):  # noqa: ANN001, ANN202, N802
            if font == _HANDLE:
                if buf and size > len(_FACE):
                    ctypes.memmove(buf, _FACE + b"\0", len(_FACE) + 1)
                return len(_FACE) + 1
            return self.default.GetFaceName(self.default, font, buf, size)

        def GetFontCharset(self, _, font):  # noqa: ANN001, ANN202, N802
            if font == _HANDLE:
                return 134
            return self.default.GetFontCharset(self.default, font)

        def DeleteFont(self, _, font):  # noqa: ANN001, ANN202, N802
            if font != _HANDLE:
                self.default.DeleteFont(self.default, font)

    _BoxForCJK().setup()
