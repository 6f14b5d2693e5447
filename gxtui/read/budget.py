"""One budget per file: how much a reader may materialise before the file is refused.

A report is a few pages, a few hundred table cells and lines of a few thousand characters. A
hostile or broken file can claim millions (``gridBefore="100000000"``, twenty tables of
``colspan=1000 rowspan=499``, a 14400 × 14400 pt page, a stream that inflates to gigabytes). Every
reader counts what it is about to build against one ``Budget`` per file, *before* building it, so
such a file ends in a one-line ``ReadError`` in bounded time and memory instead of exhausting
the machine. The limits are hundreds of times what any real report needs.
"""

from __future__ import annotations

from gxtui.read.document import ReadError

# Grid cells over all tables of a file, spanned copies included (a report has ~500).
MAX_CELLS = 200_000
# Characters in one text line, paragraph or table cell (a long real paragraph is ~5,000).
MAX_TEXT = 200_000
# One PDF page: area in pt² (twice A0; a report page is A4 or A3), characters, drawing
# operations (page objects and path segments), ruling-line crossings (table candidates).
MAX_PAGE_AREA = 16_000_000
MAX_PAGE_CHARS = 100_000
MAX_PAGE_OBJECTS = 200_000
MAX_PAGE_SEGMENTS = 500_000
MAX_CROSSINGS = 100_000
# All pages of a PDF together (2,000 A4 pages) and the number of pages.
MAX_TOTAL_AREA = 1_000_000_000
MAX_PAGES = 5_000
# Decompressed bytes of a PDF's compressed streams (images excluded: they are never decoded).
MAX_STREAM_BYTES = 128 * 2**20
MAX_CONTENT_STREAM = 16 * 2**20  # one page-content or other non-font stream
MAX_FONT_STREAM = 64 * 2**20  # one embedded font program (a full CJK font is ~20 MB)


def too_complex(detail: str) -> ReadError:
    """The one-line refusal; ``detail`` says what was over the limit."""
    return ReadError(f"too complex to read safely: {detail}")


class Budget:
    """Counts what one file makes the readers build; raises ``ReadError`` when over a limit."""

    __slots__ = ("cells", "area", "pages")

    def __init__(self) -> None:
        self.cells = 0
        self.area = 0.0
        self.pages = 0

    def add_cells(self, n: int) -> None:
        """Call before creating ``n`` more grid cells (any table of the file)."""
        self.cells += n
        if self.cells > MAX_CELLS:
            raise too_complex(f"its tables hold more than {MAX_CELLS:,} cells (a report has a few hundred)")

    @staticmethod
    def check_text(n: int, what: str = "a line") -> None:
        """Call with the length of one line, paragraph or cell text before keeping it."""
        if n > MAX_TEXT:
            raise too_complex(f"{what} of {n:,} characters (limit {MAX_TEXT:,})")

    def add_page(self, number: int, width: float, height: float) -> None:
        """Call for every PDF page before reading it."""
        self.pages += 1
        if self.pages > MAX_PAGES:
            raise too_complex(f"it has more than {MAX_PAGES:,} pages")
        area = abs(width * height)
        if area > MAX_PAGE_AREA:
            raise too_complex(f"page {number} is {abs(width):.0f} × {abs(height):.0f} pt, "
                              "larger than any report page")
        self.area += area
        if self.area > MAX_TOTAL_AREA:
            raise too_complex("its pages together are larger than 2,000 A4 pages")

    @staticmethod
    def check_page(number: int, chars: int, objects: int) -> None:
        if chars > MAX_PAGE_CHARS:
            raise too_complex(f"page {number} has more than {MAX_PAGE_CHARS:,} characters")
        if objects > MAX_PAGE_OBJECTS:
            raise too_complex(f"page {number} has more than {MAX_PAGE_OBJECTS:,} drawing operations")

    @staticmethod
    def check_segments(number: int, segments: int) -> None:
        if segments > MAX_PAGE_SEGMENTS:
            raise too_complex(f"page {number} has more than {MAX_PAGE_SEGMENTS:,} drawing operations")

    @staticmethod
    def check_crossings(number: int, crossings: int) -> None:
        if crossings > MAX_CROSSINGS:
            raise too_complex(f"page {number} has more than {MAX_CROSSINGS:,} ruling-line crossings")
