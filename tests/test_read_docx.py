"""DOCX reader: body order, merged cells, numbering, line numbers, damaged and hostile packages."""

from __future__ import annotations

import copy
import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from gxtui.read import read_bytes
from gxtui.read import docx as docx_reader
from gxtui.read.document import Document, Grid, Paragraph, ReadError
from gxtui.read.docx import chinese_number, read


def save(d: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def blocks(doc: Document) -> list[tuple]:
    """(kind, text-or-rows, line) per block, spanned cells shown as "~"."""
    out = []
    for b in doc.blocks:
        if isinstance(b, Grid):
            out.append(("grid", [["~" if c.spanned else c.text for c in r] for r in b.rows], b.line))
        else:
            out.append(("p", b.text, b.line))
    return out


def report_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("2019年某县教育局政府信息公开工作年度报告")
    d.add_paragraph("发布日期：2020年01月31日")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=5, cols=4)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "信息内容"          # vertical merge (vMerge)
    t.cell(0, 1).merge(t.cell(0, 3)).text = "申请人情况"        # horizontal merge (gridSpan 3)
    for j, h in enumerate(["自然人", "法人或其他组织", "总计"], start=1):
        t.cell(1, j).text = h
    for j, v in enumerate(["一、本年新收政府信息公开申请数量", "821", "", "859"]):
        t.cell(2, j).text = v
    t.cell(3, 0).merge(t.cell(4, 0)).text = "三、本年度办理结果"
    t.cell(3, 1).text = "258"
    t.cell(4, 1).text = "3"
    cell = t.cell(2, 2)
    cell.text = ""
    p = d.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    d.add_paragraph("规章\t13\t13")
    d.add_paragraph("　　臺灣資訊公開　 條例 ")
    return save(d)


def test_order_merged_cells_and_lines() -> None:
    doc = read(report_docx())
    assert doc.format == "docx"
    got = blocks(doc)
    assert got[:3] == [("p", "2019年某县教育局政府信息公开工作年度报告", 1), ("p", "发布日期：2020年01月31日", 2),
                       ("p", "三、收到和处理政府信息公开申请情况", 3)]
    kind, rows, line = got[3]
    assert kind == "grid" and line == 4
    assert rows == [["信息内容", "申请人情况", "~", "~"],
                    ["~", "自然人", "法人或其他组织", "总计"],
                    ["一、本年新收政府信息公开申请数量", "821", "", "859"],
                    ["三、本年度办理结果", "258", "", ""],
                    ["~", "3", "", ""]]
    grid = doc.blocks[3]
    assert grid.exact
    assert grid.rows[1][0].line == grid.rows[0][0].line == 4  # copies carry the origin's line
    assert grid.rows[0][2].line == 5 and grid.rows[1][1].line == 7
    # 2 merged-away cells in row 0 are gone from the XML: 4 + 4 + 4 + 4 paragraphs in rows 1-4
    assert got[4:] == [("p", "第一行", 22), ("p", "第二行", 22), ("p", "规章\t13\t13", 23),
                       ("p", "臺灣資訊公開條例", 24)]  # traditional characters kept as is
    assert doc.meta == {"published": "2020-01-31"}


def test_read_bytes_dispatches_docx() -> None:
    doc = read_bytes(report_docx())
    assert doc.format == "docx" and isinstance(doc.blocks[3], Grid)


def _add_chinese_numbering(d: docx.document.Document) -> str:
    """Add an abstractNum "%1、" (chineseCounting) / "（%2）" and return its numId."""
    numbering = d.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="•"/></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _numbered(d: docx.document.Document, text: str, num_id: str, ilvl: int) -> None:
    p = d.add_paragraph(text)
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_word_numbering_prefixes() -> None:
    d = docx.Document()
    num = _add_chinese_numbering(d)
    _numbered(d, "总体情况", num, 0)
    _numbered(d, "主动公开方面", num, 1)
    _numbered(d, "依申请公开方面", num, 1)
    _numbered(d, "主动公开政府信息情况", num, 0)
    _numbered(d, "主动公开方面", num, 1)
    _numbered(d, "要点", num, 2)
    _numbered(d, "三、已有编号", num, 0)
    d.add_paragraph("列表一", style="List Number")
    d.add_paragraph("列表二", style="List Number")
    texts = [b.text for b in read(save(d)).blocks]
    assert texts == ["一、总体情况", "（一）主动公开方面", "（二）依申请公开方面", "二、主动公开政府信息情况",
                     "（一）主动公开方面", "要点", "三、已有编号", "1.列表一", "2.列表二"]


@pytest.mark.parametrize(("n", "cn"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九"),
                                       (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_number(n: int, cn: str) -> None:
    assert chinese_number(n) == cn


def test_single_cell_layout_table_is_unwrapped() -> None:
    d = docx.Document()
    box = d.add_table(rows=1, cols=1).cell(0, 0)
    box.text = "一、总体情况"
    box.add_paragraph("本机关认真落实。")
    inner = box.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "规章"
    inner.cell(0, 1).text = "5"
    doc = read(save(d))
    assert blocks(doc) == [("p", "一、总体情况", 1), ("p", "本机关认真落实。", 2), ("grid", [["规章", "5"]], 3)]


def test_sdt_wrapped_paragraph_in_order() -> None:
    d = docx.Document()
    d.add_paragraph("前")
    mid = d.add_paragraph("中间内容")
    after = d.add_paragraph("后")
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent/></w:sdt>')
    mid._p.addprevious(sdt)
    sdt[0].append(copy.deepcopy(mid._p))
    mid._p.getparent().remove(mid._p)
    assert after.text == "后"
    assert [b.text for b in read(save(d)).blocks] == ["前", "中间内容", "后"]


# --------------------------------------------------------------------------------------------
# Damaged and hostile packages
# --------------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_corrupt_zip_is_damaged() -> None:
    data = report_docx()
    with pytest.raises(ReadError, match="the Word document is damaged"):
        read(data[:200] + b"\x00" * 50)


def test_zip_without_document_xml() -> None:
    with pytest.raises(ReadError, match="the Word document is damaged: word/document.xml is missing"):
        read(_zip({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"}))


def test_read_bytes_refuses_zip_without_document_xml() -> None:
    with pytest.raises(ReadError, match="not a Word"):
        read_bytes(_zip({"a.txt": b"hello"}))


def test_document_xml_not_xml_is_damaged() -> None:
    good = zipfile.ZipFile(io.BytesIO(report_docx()))
    members = {n: good.read(n) for n in good.namelist()}
    members["word/document.xml"] = b"<w:document><unclosed"
    with pytest.raises(ReadError, match="damaged") as e:
        read(_zip(members))
    assert "\n" not in str(e.value)


def test_zip_bomb_ratio_refused() -> None:
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (3 * 2**20)})
    with pytest.raises(ReadError, match="zip bomb"):
        read(bomb)


def test_document_xml_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_DOCUMENT_XML", 1000)
    with pytest.raises(ReadError, match="too large"):
        read(report_docx())


def test_empty_document() -> None:
    with pytest.raises(ReadError, match="no text"):
        read(save(docx.Document()))


def test_paragraph_objects_are_paragraphs() -> None:
    doc = read(report_docx())
    assert all(isinstance(b, (Paragraph, Grid)) for b in doc.blocks)
    assert "一、本年新收政府信息公开申请数量\t821\t\t859" in doc.plain_text()


def test_table_cells_have_every_field() -> None:
    """``_Reader.table`` fills GridCell slots itself: every field of every cell is set (a field
    added to GridCell but not there would be missing, and reading it would raise)."""
    import dataclasses

    from gxtui.read.document import GridCell

    doc = read(report_docx())
    cells = [c for b in doc.blocks if isinstance(b, Grid) for r in b.rows for c in r]
    assert cells and any(not c.spanned for c in cells)
    for c in cells:
        assert all(hasattr(c, f.name) for f in dataclasses.fields(GridCell))
