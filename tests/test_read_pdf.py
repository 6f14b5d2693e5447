"""PDF reader: a generated two-page report (CID font text, page furniture, a table continued
across the page break, wrapped paragraphs) plus damaged, encrypted and image-only PDFs."""

from __future__ import annotations

import io
from pathlib import Path

import make_pdf_fixture as fx  # tests/ is on sys.path (pytest's default "prepend" import mode)
import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from gxtui.read import read_bytes
from gxtui.read.document import Document, Grid, GridCell, Paragraph, ReadError
from gxtui.read.pdf import _continue_table, _is_page_number, _Line, _Page, read


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return fx.build(tmp_path_factory.mktemp("pdf") / "report.pdf").read_bytes()


@pytest.fixture(scope="module")
def doc(fixture_pdf: bytes) -> Document:
    return read_bytes(fixture_pdf)


def paras(d: Document) -> list[tuple[str, int | None]]:
    return [(b.text, b.line) for b in d.blocks if isinstance(b, Paragraph)]


def test_cid_text_decoded_and_paragraphs_joined(doc: Document) -> None:
    assert doc.format == "pdf" and not doc.warnings
    assert paras(doc) == [
        (fx.TITLE, 1002),
        ("一、总体情况", 1003),
        (fx.PARA1, 1004),  # three wrapped lines re-joined into one paragraph
        ("二、主动公开政府信息情况", 1007),  # heading not glued to the next line
        (fx.AFTER_HEADING, 1008),
        ("三、收到和处理政府信息公开申请情况", 1009),
        ("四、政府信息公开行政复议、行政诉讼情况", 2004),
        (fx.PARA2, 2005),
    ]


def test_page_numbers_and_running_header_removed(doc: Document) -> None:
    text = doc.plain_text()
    assert "- 1 -" not in text and "- 2 -" not in text
    assert [p for p, _ in paras(doc)].count(fx.HEADER) == 1  # the title on page 1 stays


def test_table_continued_across_page_break(doc: Document) -> None:
    grids = [b for b in doc.blocks if isinstance(b, Grid)]
    assert len(grids) == 1
    g = grids[0]
    assert g.exact and g.line == 1010
    assert [["~" if c.spanned else c.text for c in r] for r in g.rows] == [
        ["信息内容", "申请人情况", "~"],
        ["~", "自然人", "总计"],
        ["一、本年新收政府信息公开申请数量", "821", "859"],
        ["二、上年结转政府信息公开申请数量", "18", "18"],
        ["（一）予以公开", "258", ""],
        ["（七）总计", "767", "805"],
    ]
    assert g.rows[4][2].text == "" and not g.rows[4][2].spanned  # a blank cell, not a merge
    assert g.rows[4][0].line == 2002 and g.rows[2][0].line == 1013
    order = ["GRID" if isinstance(b, Grid) else b.text for b in doc.blocks]
    assert order.index("GRID") == order.index("三、收到和处理政府信息公开申请情况") + 1


# --------------------------------------------------------------------------------------------
# Units: page numbers and table continuation
# --------------------------------------------------------------------------------------------


def _line(text: str, top: float) -> _Line:
    return _Line(text, 1, 1, top, top + 10, 72, 200)


@pytest.mark.parametrize(("text", "top", "removed"), [
    ("- 3 -", 800, True), ("—3—", 800, True), ("第3页", 800, True), ("第 3 页 共 8 页", 800, True),
    ("3/8", 800, True), ("3", 800, True), ("3", 400, False), ("第3页", 400, True),
    ("共8页 第3页", 20, True), ("859件", 800, False), ("二、主动公开", 800, False),
])
def test_page_number_patterns(text: str, top: float, removed: bool) -> None:
    ln = _line(text, top)
    other = _line("正文", 300)
    page = _Page(1, 842.0, [other, ln] if top > 300 else [ln, other], [], True)
    assert _is_page_number(ln, page) is removed


def _grid(*rows: list[str]) -> Grid:
    return Grid([[GridCell(t) for t in r] for r in rows], exact=True)


def test_continuation_rules() -> None:
    head = ["项目", "自然人", "总计"]
    assert _continue_table(_grid(head, ["一、新收", "1", "2"]), _grid(["（一）予以公开", "", ""]))
    repeated = _grid(head, ["（一）予以公开", "3", "4"])
    assert _continue_table(_grid(head, ["一、新收", "1", "2"]), repeated)
    assert [c.text for c in repeated.rows[0]] == ["（一）予以公开", "3", "4"]  # header dropped
    assert not _continue_table(_grid(head, ["一、新收", "1", "2"]), _grid(["行政复议", "行政诉讼", "其他"]))
    assert not _continue_table(_grid(head, ["一、新收", "1", "2"]), _grid(["甲", "1"]))


# --------------------------------------------------------------------------------------------
# Unreadable PDFs
# --------------------------------------------------------------------------------------------


def _pdf(draw, **kw) -> bytes:  # noqa: ANN001
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kw)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_no_text_layer() -> None:
    data = _pdf(lambda c: c.rect(100, 100, 300, 400, fill=1))
    with pytest.raises(ReadError, match=r"^this PDF has no text layer \(a scanned image\); gxtui does not do OCR$"):
        read(data)


def test_not_a_pdf_but_starts_with_magic() -> None:
    with pytest.raises(ReadError, match="the PDF file is damaged") as e:
        read_bytes(b"%PDF-1.7\nthis is not really a pdf\n")
    assert "\n" not in str(e.value)


def test_truncated_pdf(fixture_pdf: bytes) -> None:
    with pytest.raises(ReadError, match="damaged"):
        read(fixture_pdf[: len(fixture_pdf) // 3])


def test_password_protected_pdf() -> None:
    enc = pdfencrypt.StandardEncryption("secret", "owner")
    data = _pdf(lambda c: c.drawString(100, 700, "hello"), encrypt=enc)
    with pytest.raises(ReadError, match="encrypted"):
        read(data)


def test_owner_restricted_pdf_is_read() -> None:
    """Encrypted with an empty user password (copy/print restrictions only): opens without a
    password, so the text is read."""
    enc = pdfencrypt.StandardEncryption("", "owner", canPrint=0, canCopy=0)
    data = _pdf(lambda c: c.drawString(72, 700, "Annual report 2019"), encrypt=enc)
    assert paras(read(data)) == [("Annual report 2019", 1001)]


def test_fonts_without_unicode_mapping() -> None:
    """reportlab leaves the CID font's /Registry and /Ordering strings unencrypted in an encrypted
    file, so pdfminer decrypts them into garbage and can only print "(cid:N)": the reader must say
    so instead of returning the codes as text."""
    pdfmetrics.registerFont(UnicodeCIDFont(fx.FONT))

    def draw(c: canvas.Canvas) -> None:
        c.setFont(fx.FONT, 12)
        c.drawString(72, 700, "六、其他需要报告的事项")

    data = _pdf(draw, encrypt=pdfencrypt.StandardEncryption("", "owner"))
    try:
        doc = read(data)
    except ReadError as e:
        assert "no Unicode mapping" in str(e)
    else:  # a future reportlab that encrypts those strings: then the text must be right
        assert paras(doc) == [("六、其他需要报告的事项", 1001)]


def test_traditional_characters_kept() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(fx.FONT))

    def draw(c: canvas.Canvas) -> None:
        c.setFont(fx.FONT, 12)
        c.drawString(72, 700, "政府資訊公開年度報告")

    assert paras(read(_pdf(draw))) == [("政府資訊公開年度報告", 1001)]


def test_fixture_script_writes_file(tmp_path: Path) -> None:
    out = fx.build(tmp_path / "x.pdf")
    assert out.read_bytes().startswith(b"%PDF-")
