"""Build ``gxtui/read/data/box.ttf``: a two-glyph TrueType font whose one glyph, a 1000-unit
box, stands for every character (CJK, digits, Latin) a CJK font would hold.

pdfium drops a text object whose glyphs have no outline box (its check for zero-width
objects). A PDF that names a CJK font without embedding it (STSong-Light, common in generated
government PDFs) on a machine without CJK system fonts gives exactly that, and every
single-character line or cell ("业" wrapped alone, "无") vanished from the text. gxtui lends
pdfium this font for CJK substitutes (``gxtui/read/pdffonts.py``): outlines are never drawn, only
the box matters, and the same PDF reads the same on every machine.

    python scripts/make_box_font.py   # needs fonttools (a dev-only tool, not a dependency)
"""

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

OUT = Path(__file__).resolve().parent.parent / "gxtui" / "read" / "data" / "box.ttf"
RANGES = [(0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x2FFFF)]  # everything a CJK font holds


def box():
    pen = TTGlyphPen(None)
    pen.moveTo((0, -120))
    pen.lineTo((0, 880))
    pen.lineTo((1000, 880))
    pen.lineTo((1000, -120))
    pen.closePath()
    return pen.glyph()


def main() -> None:
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "box"])
    fb.setupCharacterMap({})
    fb.setupGlyf({".notdef": box(), "box": box()})
    fb.setupHorizontalMetrics({".notdef": (1000, 0), "box": (1000, 0)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "gxtui box", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120,
                ulCodePageRange1=(1 << 17) | (1 << 18) | (1 << 19) | (1 << 20) | (1 << 21))
    fb.setupPost()
    sub = CmapSubtable.newSubtable(13)
    sub.platformID, sub.platEncID, sub.language = 3, 10, 0
    sub.cmap = {cp: "box" for lo, hi in RANGES for cp in range(lo, hi + 1)}
    fb.font["cmap"].tables = [sub]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(OUT))
    print(OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
