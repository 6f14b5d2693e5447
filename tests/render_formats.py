"""Render one text report (the tab-separated format of ``data/*.txt``) as HTML, DOCX and PDF.

The cross-format tests (tests/test_cross_format.py) feed the same source through every reader and
expect the same ``Report``. The renderings are faithful: every paragraph line of the text becomes
one paragraph, every run of tab rows one table with the same cells in the same columns (short
rows are padded with blank cells). The only structural liberty is the table-三 header, which is
drawn with merged cells the way published reports draw it (see ``header_merges``).

- ``to_html``: a whole CMS-style page: navigation, breadcrumb "当前位置：首页 > 政务公开 > …", a
  "发布日期：" info line, the article, share buttons and a footer.
- ``to_docx``: python-docx paragraphs and real Word tables (merges with ``cell.merge``).
- ``to_pdf``: reportlab platypus with the built-in CID font STSong-Light (no font file): flowing
  paragraphs over several pages, "- N -" page numbers in the footer, ruled tables that may break
  across pages (``repeatRows=0``), cell text wrapped with ``Paragraph`` objects.

Usage: ``python tests/render_formats.py data/X.txt OUTDIR`` writes X.html, X.docx and X.pdf.
"""

from __future__ import annotations

import html as _html
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Parsing the text source
# ---------------------------------------------------------------------------------------------


@dataclass
class Table:
    rows: list[list[str]]
    # (row, col) of an origin cell → (rowspan, colspan); cells it covers are skipped
    merges: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)

    def covered(self) -> set[tuple[int, int]]:
        out = set()
        for (r, c), (rs, cs) in self.merges.items():
            for i in range(r, r + rs):
                for j in range(c, c + cs):
                    if (i, j) != (r, c):
                        out.add((i, j))
        return out


Block = str | Table


def parse(text: str) -> list[Block]:
    """Same block split as ``gxtui.read.text.parse_text``: a line with a tab is a table row, a
    blank line does not end a table, any other line is a paragraph."""
    blocks: list[Block] = []
    table: Table | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\t" in line and line.strip():
            if table is None:
                table = Table([])
                blocks.append(table)
            table.rows.append([c.strip() for c in line.split("\t")])
            continue
        if not line.strip():
            continue
        table = None
        blocks.append(line.strip())
    for b in blocks:
        if isinstance(b, Table):
            w = b.width
            b.rows = [r + [""] * (w - len(r)) for r in b.rows]
            b.merges = header_merges(b)
    return blocks


def header_merges(t: Table) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged cells for the table-三 header (the rows above "一、本年新收…").

    Rows are scanned top-down, left to right: a labelled cell takes the blank cells to its right
    (up to the next label), then the header rows below while that whole strip is blank. This gives
    the published layout: the 勾稽关系 note over three rows, 申请人情况 over the applicant
    columns, 自然人 and 总计 over two rows, 法人或其他组织 over the five organisation columns."""
    if not t.rows or not t.rows[0][0].startswith("（本列数据"):
        return {}
    head = next((i for i, r in enumerate(t.rows) if r[0].startswith("一、")), 0)
    claimed: set[tuple[int, int]] = set()
    merges = {}
    w = t.width
    for r in range(head):
        for c in range(w):
            if not t.rows[r][c] or (r, c) in claimed:
                continue
            c2 = c + 1
            while c2 < w and not t.rows[r][c2] and (r, c2) not in claimed:
                c2 += 1
            r2 = r + 1
            while r2 < head and all(not t.rows[r2][j] and (r2, j) not in claimed for j in range(c, c2)):
                r2 += 1
            for i in range(r, r2):
                for j in range(c, c2):
                    claimed.add((i, j))
            if (r2 - r, c2 - c) != (1, 1):
                merges[(r, c)] = (r2 - r, c2 - c)
    return merges


def _title_and_body(blocks: list[Block]) -> tuple[list[str], list[Block]]:
    """The leading paragraphs up to the one naming the 年度报告 are the title."""
    for i, b in enumerate(blocks[:3]):
        if isinstance(b, str) and "年度报告" in b:
            return [str(x) for x in blocks[: i + 1]], blocks[i + 1:]
    return [], blocks


def closing_date(blocks: list[Block]) -> str | None:
    """The closing "2022年1月20日" line as 2022-01-20 (for the page's 发布日期)."""
    for b in reversed(blocks[-3:]):
        if isinstance(b, str):
            m = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", b)
            if m:
                return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


_HEADING = re.compile(r"^[一二三四五六七八九十]、")

# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


def _html_table(t: Table) -> str:
    covered = t.covered()
    out = ['<table border="1" cellspacing="0" cellpadding="0" class="MsoNormalTable">', "<tbody>"]
    for i, row in enumerate(t.rows):
        cells = []
        for j, text in enumerate(row):
            if (i, j) in covered:
                continue
            attrs = ""
            rs, cs = t.merges.get((i, j), (1, 1))
            if rs > 1:
                attrs += f' rowspan="{rs}"'
            if cs > 1:
                attrs += f' colspan="{cs}"'
            # Word-exported pages wrap cell text in <p><span>; blanks are &nbsp;
            inner = f"<p><span>{_html.escape(text)}</span></p>" if text else "<p>&nbsp;</p>"
            cells.append(f'<td valign="center"{attrs}>{inner}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def to_html(text: str, charset: str = "utf-8") -> str:
    """A whole CMS page around the report. Encode the result with ``charset`` yourself."""
    blocks = parse(text)
    title, body = _title_and_body(blocks)
    date = closing_date(blocks) or "2022-01-01"
    agency = title[0] if len(title) > 1 else "某机关"
    page_title = "".join(title)
    parts = []
    for b in body:
        if isinstance(b, Table):
            parts.append(_html_table(b))
        elif _HEADING.match(b):
            parts.append(f"<p><strong>{_html.escape(b)}</strong></p>")
        else:
            parts.append(f'<p style="text-indent:2em">{_html.escape(b)}</p>')
    article = "\n".join(parts)
    heads = "\n".join(f"<p>{_html.escape(t)}</p>" for t in title)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{_html.escape(page_title)}_{_html.escape(agency)}</title>
<meta name="keywords" content="政府信息公开,年度报告">
<script>var siteId = 12;</script>
<style>.article p {{ line-height: 2em; }}</style>
</head>
<body>
<div class="header"><div class="logo">{_html.escape(agency)}门户网站</div>
<ul class="nav-menu"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="content">
<h1 class="article-title">{_html.escape(page_title)}</h1>
<div class="info">发布日期：{date}&nbsp;&nbsp;来源：{_html.escape(agency)}&nbsp;&nbsp;【字体：大 中 小】</div>
<div class="article">
{heads}
{article}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> 【打印本页】【关闭窗口】</div>
</div>
<div class="footer"><p>主办单位：{_html.escape(agency)}&nbsp;&nbsp;版权所有 &copy; 2022</p>
<p>网站标识码：1234000001&nbsp;&nbsp;ICP备案号：X ICP备12345678号</p></div>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------


def to_docx(text: str) -> bytes:
    """python-docx document: centred bold title, paragraphs, real tables with merged cells."""
    from docx import Document  # noqa: PLC0415
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    blocks = parse(text)
    title, body = _title_and_body(blocks)
    d = Document()
    for t in title:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(t).bold = True
    for b in body:
        if isinstance(b, Table):
            tbl = d.add_table(rows=len(b.rows), cols=b.width)
            tbl.style = "Table Grid"
            # fill first (one pass over the rows: tbl.cell() rebuilds the cell list every call),
            # then merge: the covered cells are empty, so a merge keeps the origin's text only
            for row_text, row in zip(b.rows, tbl.rows):
                for cell_text, cell in zip(row_text, row.cells):
                    if cell_text:
                        cell.paragraphs[0].text = cell_text
            for (i, j), (rs, cs) in b.merges.items():
                tbl.cell(i, j).merge(tbl.cell(i + rs - 1, j + cs - 1))
        elif _HEADING.match(b):
            d.add_paragraph().add_run(b).bold = True
        else:
            d.add_paragraph(b)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------

FONT = "STSong-Light"


_NUMERIC = re.compile(r"^-?[\d.,]+(万元|元)?$")


def _col_widths(t: Table, total: float) -> list[float]:
    """Label columns (mostly text) share what the number columns (mostly numbers) leave."""
    w = t.width
    label = []
    for j in range(w):
        vals = [r[j] for r in t.rows if r[j]]
        text = sum(1 for v in vals if not _NUMERIC.match(v))
        if text > len(vals) - text:
            label.append(j)
    if not label or len(label) > w // 2:
        return [total / w] * w
    num_w = min(48.0, total * 0.6 / (w - len(label)))
    lab_w = (total - num_w * (w - len(label))) / len(label)
    return [lab_w if j in label else num_w for j in range(w)]


def to_pdf(text: str) -> bytes:
    """reportlab platypus: A4, flowing paragraphs, "- N -" footers, ruled tables."""
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.lib.enums import TA_CENTER  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table as RLTable, TableStyle  # noqa: PLC0415

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    title_st = ParagraphStyle("t", fontName=FONT, fontSize=16, leading=26, alignment=TA_CENTER,
                              wordWrap="CJK")
    head_st = ParagraphStyle("h", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK",
                             spaceBefore=4)
    body_st = ParagraphStyle("b", fontName=FONT, fontSize=12, leading=20, firstLineIndent=24,
                             wordWrap="CJK")
    cell_st = ParagraphStyle("c", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK")

    blocks = parse(text)
    title, body = _title_and_body(blocks)
    doc_w = A4[0] - 2 * 72
    story: list = [Paragraph(_html.escape(t), title_st) for t in title]
    story.append(Spacer(1, 12))
    for b in body:
        if isinstance(b, Table):
            covered = b.covered()
            data = [[Paragraph(_html.escape(c), cell_st) if c and (i, j) not in covered else ""
                     for j, c in enumerate(row)] for i, row in enumerate(b.rows)]
            style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                     ("FONTNAME", (0, 0), (-1, -1), FONT),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            for (i, j), (rs, cs) in b.merges.items():
                style.append(("SPAN", (j, i), (j + cs - 1, i + rs - 1)))
            tbl = RLTable(data, colWidths=_col_widths(b, doc_w), repeatRows=0, style=TableStyle(style))
            story += [Spacer(1, 4), tbl, Spacer(1, 8)]
        elif _HEADING.match(b):
            story.append(Paragraph(_html.escape(b), head_st))
        else:
            story.append(Paragraph(_html.escape(b), body_st))

    def footer(canvas, doc) -> None:  # noqa: ANN001
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 36, f"- {doc.page} -")
        canvas.restoreState()

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=72, rightMargin=72, topMargin=72,
                      bottomMargin=72, title="".join(title)).build(
        story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Traditional characters
# ---------------------------------------------------------------------------------------------

_TW_SWAPS = (("文件", "檔案"), ("门户网站", "入口網站"))


def to_traditional(text: str) -> str:
    """A 繁体 mirror of the report: mainland vocabulary swaps in the narrative (not in the table
    labels, which keep the official wording), then character conversion with zhconv."""
    import zhconv  # noqa: PLC0415

    lines = []
    for line in text.split("\n"):
        if "\t" not in line:
            for a, b in _TW_SWAPS:
                line = line.replace(a, b)
        lines.append(line)
    return zhconv.convert("\n".join(lines), "zh-tw")


if __name__ == "__main__":
    src = Path(sys.argv[1])
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ".")
    out.mkdir(parents=True, exist_ok=True)
    t = src.read_text(encoding="utf-8")
    (out / f"{src.stem}.html").write_text(to_html(t), encoding="utf-8")
    (out / f"{src.stem}.docx").write_bytes(to_docx(t))
    (out / f"{src.stem}.pdf").write_bytes(to_pdf(t))
