"""The shortcuts taken for throughput (issue 8) give exactly what the plain code gives."""

from __future__ import annotations

import random

import pytest

from gxtui.extract import stream
from gxtui.extract.stream import Stream, normalise_piece
from gxtui.normalize import TRADITIONAL_IN_GB2312, _traditional_only, looks_traditional
from gxtui.read.document import Document, Grid, GridCell, Paragraph


def test_plain_ranges_are_their_own_normal_form() -> None:
    """``_translate`` copies simplified ideographs, printable ASCII and the kept marks (the grid
    glue characters among them) unchanged."""
    table = stream._TABLES[False]
    for code in [*range(0x4E00, 0xA000), *range(0x21, 0x7F), *map(ord, stream._KEPT_MARKS)]:
        assert table[code] == chr(code), hex(code)


def test_traditional_in_gb2312_matches_zhconv() -> None:
    trad = _traditional_only()
    if not trad:
        pytest.skip("zhconv not available")
    encodable = set()
    for c in trad:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        encodable.add(c)
    assert encodable == set(TRADITIONAL_IN_GB2312)


def _slow_looks_traditional(text: str, sample: int = 1500) -> bool:
    s = text[:sample]
    wide = len(s) - len(s.encode("ascii", "ignore"))
    if wide < 20:
        return False
    trad = _traditional_only()
    return sum(map(trad.__contains__, s)) / wide > 0.04


@pytest.mark.parametrize("text", [
    "本报告根据条例编制。" * 20,
    "後於乾" * 3 + "本报告根据条例编制。" * 5,
    "本報告根據條例編製，檔案與入口網站。" * 10,
    "abc" * 500 + "中文" * 15,
    "後" * 30,
])
def test_looks_traditional_same_as_counting_every_character(text: str) -> None:
    assert looks_traditional(text) == _slow_looks_traditional(text)


_ALPHABET = list("中文报告一二三abc012 ，。、（）“”：；《》〈〉\u3000\u00a0\t\n\x1f\x1c１２３ＡＢ㈠①﹙﹚—－–") + [
    "12、", "3、", "1.、", "檔案", "反覆", "\uf900", "\U00020000"]


def _reference_piece(text: str, traditional: bool) -> str:
    """normalise_piece as a single ``str.translate`` (the pre-optimisation code)."""
    s = text.translate(stream._TABLES[traditional])
    if " " in s:
        s = stream._WS_RUN.sub(lambda m: stream.DIGIT_GAP if stream._between_digits(s, m) else "", s)
    if "、" in s:
        s = stream._NUMBERING.sub(r"\1.", s)
    if traditional:
        for a, b in stream.VOCAB_SWAPS:
            s = s.replace(a, b)
    return s


def test_normalise_piece_same_as_translating_every_character() -> None:
    rnd = random.Random(7)
    for _ in range(2000):
        text = "".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 120)))
        for traditional in (False, True):
            assert normalise_piece.__wrapped__(text, traditional) == _reference_piece(text, traditional)


def test_line_at_per_piece_lines() -> None:
    """Cells of one row on different lines (HTML, DOCX) keep their own line."""
    doc = Document([Paragraph("标题", 1),
                    Grid([[GridCell("a", 3), GridCell("12", 4), GridCell("", None, True)],
                          [GridCell("b", 5), GridCell("7", 5)]], line=3, exact=True),
                    Paragraph("结尾", 9)], "html")
    s = Stream(doc)
    want = {"标题": 1, "a": 3, "12": 4, "b": 5, "7": 5, "结尾": 9}
    for text, line in want.items():
        assert s.line_at(s.text.index(text)) == line


def _piecewise_stream(doc: Document, traditional: bool) -> tuple[str, list[int | None]]:
    """The Stream text and the line of every offset, built one piece per cell (the plain code)."""
    text, lines = "", []

    def add(piece: str, line: int | None) -> None:
        nonlocal text
        text += piece
        lines.extend([line] * len(piece))

    for b in doc.blocks:
        if isinstance(b, Paragraph):
            cells = stream.pipe_cells(b.text)
            if cells is None:
                add("\n" + normalise_piece(b.text, traditional), b.line)
            elif len(cells) == 1:
                add("\n" + (normalise_piece(cells[0], traditional) or "\x1c"), b.line)
            else:
                add("\n", b.line)
                for c in cells:
                    add("\x1f" + normalise_piece(c, traditional), b.line)
                add("\x1e", b.line)
        else:
            for row in b.rows:
                for c in row:
                    add("\x1f" + ("\x1c" if c.spanned else normalise_piece(c.text, traditional)), c.line)
                add("\x1e", row[0].line if row else b.line)
    add("\n", None)
    # a separator of a piece without a line takes the line of the next piece that has one
    for i in range(len(lines) - 2, -1, -1):
        if lines[i] is None:
            lines[i] = lines[i + 1]
    return text, lines


@pytest.mark.parametrize("long_run", [1, stream._LONG_RUN])
def test_stream_pieces_per_row_give_the_lines_of_pieces_per_cell(monkeypatch, long_run: int) -> None:
    """Rows joined into one piece (string grids of the text reader, normalised a row at a time;
    rows on one line; crawl pipe rows) give the same text and ``line_at`` as one piece per cell;
    so do paragraphs as a separator and a text each (long runs, here every run when
    ``long_run`` is 1)."""
    monkeypatch.setattr(stream, "_LONG_RUN", long_run)
    paras = ["本报告根据条例编制。", "a | 1 | 2 |", "x |", " |", "首页丨a丨b", "a｜1｜2｜", "规章 | 3", "1、 公开"]
    cells = ["", "0", "12", "规章", "1、", "、", "行政 许可", "①", "檔案", "檔", "案", "3 4", " 5", "6 ", "\u200b7",
             "\x00", "a\x00b", "\x01", "1\x012"]

    def blocks(rnd: random.Random) -> list:
        out: list = []
        for _ in range(rnd.randint(0, 6)):
            k = rnd.random()
            if k < 0.4:
                out.append(Paragraph(rnd.choice(paras), rnd.choice([None, rnd.randint(1, 50)])))
            elif k < 0.7:
                out.append(Grid([[GridCell(rnd.choice(cells), rnd.choice([None, 3, 4]), rnd.random() < 0.2)
                                  for _ in range(rnd.randint(0, 4))] for _ in range(rnd.randint(0, 3))],
                                rnd.choice([None, 2])))
            else:
                n = rnd.randint(0, 3)
                rows = [[rnd.choice(cells) for _ in range(rnd.randint(0, 4))] for _ in range(n)]
                tabbed = ["\t".join(r) for r in rows] if rnd.random() < 0.5 else None  # the text reader's
                out.append(Grid.of_texts(rows, [rnd.randint(1, 60) for _ in range(n)], 7, tabbed=tabbed))
        return out

    for seed in range(1500):
        for traditional in (False, True):
            doc = Document(blocks(random.Random(seed)), "text")
            s = Stream(doc, traditional)  # before ``rows`` makes the GridCells of string grids
            text, lines = _piecewise_stream(doc, traditional)
            assert s.text == text
            assert [s.line_at(o) for o in range(len(text))] == lines


def test_title_len_same_as_one_character_at_a_time() -> None:
    """``narrative._title_len`` measures stretches with one ``translate``; the plain code added up
    ``len(normalise_piece(ch))`` one character at a time."""
    from gxtui.extract import narrative
    from gxtui.extract.sections import Heading

    def plain(text: str, pos: int, title: str) -> int:
        n, i = 0, pos
        while i < len(text) and n < len(title):
            n += len(normalise_piece(text[i]))
            i += 1
        return i - pos

    alphabet = list("一二三、．. \u3000（）㈠①１２ab政府信息公开工作情况\u200b\t檔") + ["\uf900"]
    rnd = random.Random(3)
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        pos = rnd.randint(0, len(text))
        title = "题" * rnd.randint(1, 12)
        assert narrative._title_len(text, pos, Heading("s1", 0, 0, title, True)) == plain(text, pos, title)


def test_placements_are_every_combination_of_columns() -> None:
    """``rowread.placements`` builds rows from cached column picks: the same rows, in the same
    order, as filling each ``itertools.combinations`` choice of columns directly."""
    import itertools

    from gxtui.extract.rowread import placements

    def plain(values: tuple, n: int) -> list[tuple]:
        out = []
        for pos in itertools.combinations(range(n), len(values)):
            row = [None] * n
            for p, v in zip(pos, values):
                row[p] = v
            out.append(tuple(row))
        return out

    for n in range(0, 9):
        for k in range(0, n + 2):
            values = tuple(str(10 + i) for i in range(k))
            assert placements(values, n) == plain(values, n), (n, k)
    assert placements(("3", None), 4)[0] == ("3", None, None, None)


def _compact_slow(text: str) -> str:
    """``compact`` without its ASCII shortcut (and without its cache)."""
    import re

    from gxtui.normalize import norm_char

    return re.sub(r"(?<![\d.])(\d{1,2})、", r"\1.", "".join(norm_char(c) for c in text))


@pytest.mark.parametrize("seed", range(5))
def test_compact_ascii_shortcut_is_the_full_normalisation(seed: int) -> None:
    from gxtui.normalize import compact

    rng = random.Random(seed)
    alphabet = [chr(i) for i in range(128)] + ["、", "１", "Ａ", "（", "　"]
    for n in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if n % 2:
            text = "".join(c for c in text if c.isascii())
        assert compact(text) == _compact_slow(text), repr(text)
    assert compact("r00001_2021") == "r00001_2021" and compact("a b\t1、") == "ab1."


def test_shown_width_shortcut_is_the_cell_length() -> None:
    from rich.cells import cell_len

    from gxtui.tui.screens.library import _shown_width
    from gxtui.tui.widgets.text import clean

    for text in ("r00001_2021", "abc def", "a\x1b[31mb", "示例县", "ｆｕｌｌ", "a\u200bb", "tab\there", ""):
        assert _shown_width(text) == cell_len(clean(text)), repr(text)


@pytest.mark.parametrize("traditional", [False, True])
def test_normalise_pieces_is_each_pieces_normal_form(traditional: bool) -> None:
    """A long run normalised glued (one character mapping for all) equals each paragraph
    normalised on its own: whitespace at the ends, digits around the glue, numbering at a
    paragraph's start, traditional wording, and a paragraph that holds the glue itself."""
    from gxtui.extract.stream import normalise_pieces

    normalise_piece.cache_clear()
    rng = random.Random(11 + traditional)
    alphabet = list("一二三1２3、.， 　\t（）%％ａA發佈資訊") + ["\x00", "\u200b", "者", "了"]
    for _ in range(60):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90))) for _ in range(rng.randint(1, 50))]
        if rng.random() < 0.7:
            texts = [t.replace("\x00", "") for t in texts]
        want = [normalise_piece.__wrapped__(t, traditional) for t in texts]
        assert normalise_pieces(texts, traditional) == want
    assert normalise_pieces(["1 2", " 3、是", "发布"], traditional) == \
        [normalise_piece.__wrapped__(t, traditional) for t in ["1 2", " 3、是", "发布"]]
