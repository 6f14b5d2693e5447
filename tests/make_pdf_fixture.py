"""Build a small two-page report PDF with reportlab's built-in CID font (no font file needed).

Page 1: running header, title, heading "一、总体情况", a paragraph wrapped mid-sentence over three
lines, heading "二、主动公开政府信息情况" followed directly by a line that must not join it, heading
"三、…" and the first rows of a ruled table with merged header cells. Page 2: the table continues
(no repeated header), then heading "四、…" and a paragraph. Every page has the running header and a
footer "- n -".

Usage: ``python tests/make_pdf_fixture.py OUT.pdf`` (tests call ``build(path)``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
LEFT, RIGHT = 72.0, A4[0] - 72.0
SIZE = 12
LEADING = 20

HEADER = "某某县教育局2019年政府信息公开工作年度报告"
TITLE = "某某县教育局2019年政府信息公开工作年度报告"
PARA1 = ("本年度报告根据《中华人民共和国政府信息公开条例》的要求编制，全文包括总体情况、主动公开政府"
         "信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及"
         "改进情况以及其他需要报告的事项。")
AFTER_HEADING = "本机关全年主动公开政府信息共计一百二十条。"
PARA2 = ("本年度未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况，全年共收到政府信息公开申请"
         "八百五十九件，均已按期办结。")

# Table: 3 columns. Row 0: 信息内容 (rowspan 2) | 申请人情况 (colspan 2); row 1: 自然人 | 总计.
COL_X = [LEFT, LEFT + 230, LEFT + 320, LEFT + 410]
ROW_H = 22
PAGE1_ROWS = [["信息内容", "申请人情况", None], [None, "自然人", "总计"],
              ["一、本年新收政府信息公开申请数量", "821", "859"],
              ["二、上年结转政府信息公开申请数量", "18", "18"]]
PAGE2_ROWS = [["（一）予以公开", "258", ""], ["（七）总计", "767", "805"]]


def wrap(text: str, first_indent: float) -> list[tuple[float, str]]:
    """Break ``text`` into lines that fill the measure (CJK text wraps at any character)."""
    lines, cur, indent = [], "", first_indent
    for ch in text:
        if pdfmetrics.stringWidth(cur + ch, FONT, SIZE) > RIGHT - LEFT - indent:
            lines.append((indent, cur))
            cur, indent = "", 0.0
        cur += ch
    if cur:
        lines.append((indent, cur))
    return lines


def page_furniture(c: canvas.Canvas, n: int) -> None:
    c.setFont(FONT, 9)
    c.drawCentredString(A4[0] / 2, A4[1] - 40, HEADER)
    c.drawCentredString(A4[0] / 2, 36, f"- {n} -")


def paragraph(c: canvas.Canvas, y: float, text: str, indent: bool = True) -> float:
    c.setFont(FONT, SIZE)
    for dx, line in wrap(text, 2 * SIZE if indent else 0.0):
        c.drawString(LEFT + dx, y, line)
        y -= LEADING
    return y


def table(c: canvas.Canvas, top: float, rows: list[list[str | None]], merged_header: bool) -> float:
    """Draw ruled rows; with ``merged_header`` the first two rows carry a rowspan and a colspan."""
    c.setFont(FONT, 10)
    bottom = top - ROW_H * len(rows)
    c.line(COL_X[0], top, COL_X[-1], top)
    for i in range(1, len(rows) + 1):
        y = top - ROW_H * i
        if merged_header and i == 1:
            c.line(COL_X[1], y, COL_X[-1], y)  # column 0 spans rows 0-1
        else:
            c.line(COL_X[0], y, COL_X[-1], y)
    for j, x in enumerate(COL_X):
        if merged_header and j == 2:
            c.line(x, top - ROW_H, x, bottom)  # columns 1-2 merged in row 0
        else:
            c.line(x, top, x, bottom)
    for i, row in enumerate(rows):
        y = top - ROW_H * (i + 1) + 7
        for j, text in enumerate(row):
            if text:
                if merged_header and (i, j) == (0, 0):
                    y0 = top - ROW_H * 2 + 7 + ROW_H / 2
                    c.drawString(COL_X[j] + 4, y0, text)
                else:
                    c.drawString(COL_X[j] + 4, y, text)
    return bottom


def build(path: str | Path) -> Path:
    """Write the fixture PDF to ``path`` and return the path."""
    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=A4)
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    page_furniture(c, 1)
    c.setFont(FONT, 16)
    c.drawCentredString(A4[0] / 2, A4[1] - 90, TITLE)
    y = A4[1] - 130
    y = paragraph(c, y, "一、总体情况", indent=False)
    y = paragraph(c, y, PARA1)
    y = paragraph(c, y, "二、主动公开政府信息情况", indent=False)
    y = paragraph(c, y, AFTER_HEADING, indent=False)
    y = paragraph(c, y, "三、收到和处理政府信息公开申请情况", indent=False)
    table(c, y, PAGE1_ROWS, merged_header=True)
    c.showPage()
    page_furniture(c, 2)
    y = A4[1] - 80
    y = table(c, y, PAGE2_ROWS, merged_header=False) - 30
    y = paragraph(c, y, "四、政府信息公开行政复议、行政诉讼情况", indent=False)
    paragraph(c, y, PARA2)
    c.showPage()
    c.save()
    return path


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else "fixture.pdf")
