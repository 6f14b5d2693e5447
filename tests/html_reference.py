"""The HTML reader as it was before the speed round of issue 15 (main at f294ec1, verbatim below
this docstring), kept as the reference ``tests/test_read_html_fast.py`` compares the reader with.

Not imported by gxtui; do not edit it to follow the reader: it is the old behaviour.
"""
# ruff: noqa

from __future__ import annotations

import codecs
import datetime as _dt
import re
import threading
from collections.abc import Iterable
from itertools import chain

from lxml import etree

from gxtui.read.budget import Budget
from gxtui.read.document import Document, Grid, GridCell, Paragraph, ReadError
from gxtui.read.encoding import decode, truncated_tail

# ---------------------------------------------------------------------------------------------
# Whitespace and dates: shared with the DOCX and PDF readers (they import these helpers).
# ---------------------------------------------------------------------------------------------

_CJK = ("\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
        "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_WS = re.compile(r"\s+")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
_TAB_RUN = re.compile(r"\s*\t\s*")


def _has_invisible(text: str) -> bool:
    """Whether ``text`` holds a zero-width or soft-hyphen character (six substring searches are
    several times faster than one character-class regex over a long paragraph)."""
    return ("\u200b" in text or "\u200c" in text or "\u200d" in text or "\u2060" in text
            or "\ufeff" in text or "\u00ad" in text)


def squash(text: str, keep_tabs: bool = False) -> str:
    """Collapse whitespace; drop it next to CJK characters.

    Source line breaks and ``&nbsp;`` padding inside Chinese text are layout, not content
    ("本年新\\n制作数量" is one label). Spaces between Latin words or digits are kept as one space.
    With ``keep_tabs`` a whitespace run containing a tab becomes one tab (Word tab-aligned rows)."""
    if not text or text.isalnum():  # most cells: digits or CJK without spaces or invisible characters
        return text
    if text.isprintable() and " " not in text:
        # nothing to do: every whitespace character but the space, and every invisible one, is
        # unprintable (Unicode separators and "other"); "1,234.5" and "（一）" end here
        return text
    if not text.isascii() and _has_invisible(text):
        text = text.translate(_INVISIBLE)
    if keep_tabs and "\t" in text:
        parts = [squash(p) for p in _TAB_RUN.split(text)]
        return "\t".join(parts).strip("\t")
    text = " ".join(text.split())  # str.split() splits on exactly the characters re's \s matches
    return _SPACE_NEAR_CJK.sub("", text) if " " in text else text


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH = "０１２３４５６７８９"
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_STRONG_LABEL = re.compile(r"(?:发布|公开|发文|印发|成文)(?:日期|时间)\s*[:：]?\s*" + _DATE)
_WEAK_LABEL = re.compile(r"(?:^|[\s【\[|｜丨(（])(?:时间|日期)\s*[:：]\s*" + _DATE, re.M)
_BARE_DATE = re.compile(_DATE)


def iso_date(y: str, m: str, d: str) -> str | None:
    """A valid calendar date as yyyy-mm-dd, or None (CMS fields are sometimes 0000-00-00)."""
    try:
        day = _dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return day.isoformat() if 1990 <= day.year <= 2100 else None


def find_published(text: str, weak: bool = True) -> str | None:
    """The publication date written in the page text ("发布日期：2020-01-31", "时间：…").

    Explicit 发布/公开 labels win over a bare "时间：" or "日期："; the weak labels must start a
    segment so that "截止日期：" inside the report body is not mistaken for the page date."""
    # ten substring searches cost a tenth of one character-class regex's scan of the page
    if not text.isascii() and any(d in text for d in _FULLWIDTH):
        text = text.translate(_FULLWIDTH_DIGITS)
    patterns = (_STRONG_LABEL, _WEAK_LABEL) if weak else (_STRONG_LABEL,)
    for pat in patterns:
        for m in pat.finditer(text):
            iso = iso_date(*m.groups())
            if iso:
                return iso
    return None


# ---------------------------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "csgb2312", "gb-2312", "ms936", "euc-cn"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta>`` or an XML declaration, as a Python codec name.

    GB2312 and GBK declarations are read as GB18030 (a strict superset): sites declare gb2312 and
    then use characters outside it."""
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    if name in _GB_ALIASES:
        return "gb18030"
    if name == "big5":
        return "big5hkscs"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_page(data: bytes) -> tuple[str, str, list[str]]:
    """Decode with the BOM, then strict UTF-8, then the declared charset, then detection.

    UTF-8 is tried before the declaration because a wrong ``charset=gb2312`` on a UTF-8 page is a
    common CMS mistake, while GBK text that is also valid UTF-8 practically never occurs."""
    declared = declared_charset(data)
    text, enc = decode(data, declared)
    warnings = []
    if declared and enc.replace("-bom", "") not in (declared, declared.replace("_", "-")) \
            and not data.isascii() and not enc.startswith("utf-16"):
        warnings.append(f"the page declares charset {declared} but is encoded in {enc}; read as {enc}")
    if truncated_tail(data, enc):
        warnings.append("the page ends in the middle of a character: it was probably cut short")
    head, tail = data[:4096].lower(), data[-4096:].lower()
    if b"<html" in head and b"</html" not in tail:
        warnings.append("the page ends before </html>: it may be cut short; missing tables are "
                        "reported as missing")
    return text.lstrip("\ufeff"), enc, warnings


# ---------------------------------------------------------------------------------------------
# Chrome (navigation, footers, buttons) and block structure
# ---------------------------------------------------------------------------------------------

_ALWAYS_DROP = {"script", "style", "noscript", "template", "button", "select", "option", "textarea",
                "iframe", "object", "embed", "svg", "canvas", "head", "title", "meta", "link", "input",
                "map", "audio", "video", "frameset", "frame"}
_CHROME_TAGS = {"nav", "header", "footer", "aside", "form"}
_CHROME_ATTR = re.compile(r"nav|breadcrumb|crumb|footer|share|header|menu|sidebar", re.I)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
               "section", "article", "main", "blockquote", "pre", "center", "address", "body", "html",
               "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "figure",
               "figcaption", "fieldset", "legend", "details", "summary"} | _CHROME_TAGS
_CHROME_LINE = re.compile(  # one leading ^ so a long paragraph is tried at its start only
    r"^(?:(?:当前位置|您(?:现在)?的位置|所在位置|当前所在位置)\s*[:：]"
    r"|(?:首页|网站首页|主页)\s*(?:[>＞»›/|]|&gt;)"
    r"|(?:上一篇|下一篇|上一条|下一条)\s*[:：]"
    r"|(?:分享到|扫一扫)"
    r"|(?:发布日期|发布时间|发文日期|来源|信息来源|浏览次数|访问量|点击数|阅读次数)\s*[:：][^。]{0,80}$"
    r"|[【\[]?\s*字[体号]\s*[:：]?\s*[大中小默认\s]+[】\]]?$)")
_CHROME_WORDS = {"打印", "打印本页", "打印此页", "关闭", "关闭窗口", "关闭本页", "收藏", "分享", "分享到",
                 "返回顶部", "返回", "字体", "字号", "大", "中", "小", "默认", "保存", "纠错",
                 "我要纠错", "收藏本页", "加入收藏", "【", "】", "[", "]"}
# A word is a run of non-separators; the pattern reads at most one character past the longest
# furniture word, so a paragraph's long first word costs a few steps, not a scan of the paragraph.
_CHROME_WORD_MAX = max(map(len, _CHROME_WORDS))
_CHROME_WORD = re.compile(r"[^【】\[\]\s:：|｜/]{1,%d}" % (_CHROME_WORD_MAX + 1))
_KEEP_CHROME_TEXT = 1000  # a "chrome" element holding this much text is a mis-named wrapper


# Every text ``_is_chrome_text_full`` accepts starts with one of these characters or with
# whitespace: the first characters of _CHROME_LINE's alternatives, of the furniture words, and the
# separators _CHROME_WORD skips. Most paragraphs start with none of them and need no regex.
_CHROME_FIRST = frozenset("当您所首网主上下分扫发来信浏访点阅【[字"
                          + "".join(w[0] for w in _CHROME_WORDS) + "【】[]:：|｜/")


def is_chrome_text(text: str) -> bool:
    """Page furniture that survived as text: "当前位置：…", "【字体：大 中 小】【打印】【关闭】"."""
    first = text[:1]
    if first not in _CHROME_FIRST and not first.isspace():
        return False
    return _is_chrome_text_full(text)


def _is_chrome_text_full(text: str) -> bool:
    """``is_chrome_text`` without the first-character test (tests/test_read_html.py compares them)."""
    if _CHROME_LINE.search(text):
        return True
    found = False
    for m in _CHROME_WORD.finditer(text):  # stops at the first word that is not furniture
        if m.end() - m.start() > _CHROME_WORD_MAX or m.group() not in _CHROME_WORDS:
            return False
        found = True
    return found


def _tag(el: etree._Element) -> str | None:
    """Lower-case tag name, or None for comments and processing instructions."""
    return el.tag.lower() if isinstance(el.tag, str) else None


class _Dropper:
    """Decides which elements are page chrome.

    ASP.NET pages wrap the whole page in ``<form>``, and themes call the main column
    "main-sidebar-layout": an element that holds a table or a lot of text is never chrome.
    The content check is bounded so a hostile page cannot make it quadratic."""

    def __init__(self) -> None:
        self.budget = 500

    def drop(self, el: etree._Element, tag: str) -> bool:
        """Whether ``el`` is chrome. ``_walk`` asks only of a chrome tag or an element with an id
        or a class (most elements have neither), and drops ``_ALWAYS_DROP`` elements itself."""
        if tag not in _CHROME_TAGS and not _CHROME_ATTR.search(f"{el.get('id') or ''} {el.get('class') or ''}"):
            return False
        if tag in ("body", "html"):
            return False
        if self.budget <= 0:
            return True
        self.budget -= 1
        has_table = el.find(".//table") is not None
        return not has_table and len(_string(el)) < _KEEP_CHROME_TEXT


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

_LAYOUT_CELL_TEXT = 400
_SPAN_NUM = re.compile(r"\s*(\d+)")


def cell_text(el: etree._Element) -> str:
    """All text under a cell, joined with "" (``<br>``, ``<p>``, ``<span>`` add no separator)."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(el, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        tag = _tag(node)
        if tag is None or tag in _ALWAYS_DROP:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if node.text:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((c, False) for c in reversed(node))
    return squash("".join(parts))


_DROP_TAGS = tuple(sorted(_ALWAYS_DROP))
_HEADINGS = {"h1", "h2", "h3"}
# what one scan of a table's descendants looks for: a nested table, captions, headings, dropped elements
_TABLE_SCAN = ("table", "caption", *sorted(_HEADINGS), *_DROP_TAGS)
_HEADING_INSIDE = etree.XPath("boolean(.//h1|.//h2|.//h3)")
_string = etree.XPath("string()", smart_strings=False)
_KEYS = etree._Element.keys  # (``map`` calls it on a row's cells in C)


def _read_table(table: etree._Element, budget: Budget) -> tuple[Grid, list[etree._Element]] | None:
    """The table as a ``Grid`` and its ``<caption>`` elements (found by the scan below, so the
    walk need not search the table again), or None when it is a layout table.

    Tables used for page layout hold the report rather than a statistic: a nested table, a
    single cell, a cell with a long text or a heading. Their content is read as flow.

    Each cell's text is read once (its ``text`` when it has no child element — comments and PIs
    are removed at parsing, so that is its whole string value — else one XPath ``string()``) and
    used both for the layout decision and, squashed by ``_span_grid``, as the cell's text, unless
    the table holds script/style/… elements, whose text ``cell_text`` leaves out. Every test that
    can reject the table comes before the budget is charged."""
    inside: set[str] = set()
    captions: list[etree._Element] = []
    # one C-level scan for the nested table (it stops there), the headings, the dropped
    # elements and the captions
    for el in table.iterdescendants(_TABLE_SCAN):
        tag = el.tag
        if tag == "table":
            return None
        if tag == "caption":
            captions.append(el)
        else:
            inside.add(tag)
    cells = list(table.iter("td", "th"))
    if len(cells) <= 1:
        return None
    trs = list(table.iter("tr"))
    rows = _rows(trs, cells)
    texts = [[_string(td) if len(td) else td.text or "" for td in row] for row in rows]
    if max(map(len, chain.from_iterable(texts)), default=0) > _LAYOUT_CELL_TEXT:
        return None
    if len(cells) != sum(map(len, rows)) and any(len(_string(c)) > _LAYOUT_CELL_TEXT for c in cells):
        return None  # cells outside any row count for the decision, not for the grid
    if not inside.isdisjoint(_HEADINGS) and any(_HEADING_INSIDE(c) for c in cells):
        return None
    if inside and not inside <= _HEADINGS:
        texts = [[cell_text(td) for td in row] for row in rows]  # (squashed again: no change)
        for row in texts:
            for t in row:
                Budget.check_text(len(t), "a table cell")
    # else squashing only shortens: every text is within _LAYOUT_CELL_TEXT
    return _span_grid(table, trs, rows, texts, budget), captions


def _rows(trs: list[etree._Element], cells: list[etree._Element]) -> list[list[etree._Element]]:
    """Each row's td/th children (``_rows_general``). The children of a row by slicing (half
    the cost: no tag matcher is set up per row) are kept when every child of every row is one of
    the table's ``cells`` (its td/th descendants; lxml keeps one proxy per node, so the
    identities compare)."""
    rows = [tr[:] for tr in trs]
    if set(cells).issuperset(chain.from_iterable(rows)):
        return rows
    return _rows_general(trs)


def _rows_general(trs: list[etree._Element]) -> list[list[etree._Element]]:
    return [list(tr.iterchildren("td", "th")) for tr in trs]


def _span_grid(table: etree._Element, trs: list[etree._Element], rows: list[list[etree._Element]],
               texts: list[list[str]], budget: Budget) -> Grid:
    """Expand rowspan/colspan: the origin cell has the text (``texts``, squashed here; squash
    leaves a squashed text as it is), every copy is ``spanned``.

    ``rowspan`` is clipped to the table's last row (as browsers do), ``rowspan="0"`` spans to the
    end, ``colspan`` is capped at 1000 (HTML limit). Holes left by ragged rows become plain "".
    Every cell, copies included, is counted against the file's ``budget`` before it is made.

    A row with no hole so far and no cell with an attribute (most rows of a report table: the spans
    are in the header and the first column) is its cells appended in order, with no per-cell
    bookkeeping. Other rows are filled cell by cell: ``holes`` counts, per row, the columns a
    span's extension left empty so far, and a cell goes to the next free column."""
    ntr = len(trs)
    new_cell = GridCell.__new__
    grid: list[list[GridCell | None]] = [[] for _ in range(ntr)]  # None: a hole so far
    holes = [0] * ntr
    for r, (row, trow) in enumerate(zip(rows, texts)):
        gr = grid[r]
        budget.add_cells(len(row))  # one each; a span's copies are counted where it is met
        if not holes[r] and not any(map(_KEYS, row)):  # no hole, no cell with an attribute
            append = gr.append
            for td, text in zip(row, trow):
                # GridCell(text, td.sourceline), its slots filled here: a class call costs twice
                # as much, and a page has thousands of cells (tests/test_read_html.py checks them)
                cell = new_cell(GridCell)
                cell.text = text if not text or text.isalnum() else squash(text)
                cell.line, cell.spanned = td.sourceline, False
                append(cell)
            continue
        c = 0
        for td, text in zip(row, trow):
            cell = new_cell(GridCell)
            cell.text = text if not text or text.isalnum() else squash(text)
            cell.line, cell.spanned = td.sourceline, False
            if holes[r]:  # the next free column: spans from above occupy some
                n = len(gr)
                while c < n and gr[c] is not None:
                    c += 1
                if c == n:
                    gr.append(cell)
                else:
                    gr[c] = cell
                    holes[r] -= 1
            else:  # every column so far is taken: the cell goes at the end
                c = len(gr)
                gr.append(cell)
            if not td.keys():  # most cells have no attribute: one call instead of two lookups
                c += 1
                continue
            rsa, csa = td.get("rowspan"), td.get("colspan")
            if rsa is None and csa is None:
                c += 1
                continue
            # rs = ntr - r if rs == 0 else max(1, min(rs, ntr - r)), and cs = max(1, min(cs,
            # 1000)), by comparisons (_span_value is never negative; builtins calls cost more)
            left = ntr - r
            rs = 1 if rsa is None else _span_value(rsa)
            if rs == 0 or rs > left:
                rs = left
            cs = 1 if csa is None else _span_value(csa)
            if cs == 0:
                cs = 1
            elif cs > 1000:
                cs = 1000
            if rs > 1 or cs > 1:
                budget.add_cells(rs * cs - 1)
                line = cell.line
                end = c + cs
                for dr in range(rs):
                    target = grid[r + dr]
                    n = len(target)
                    # the copies are GridCell("", line, True), made here as in spanned_cells
                    # (most spans are a label's rowspan: one copy per row, a call each there)
                    if n == c + (not dr):  # the span's columns are past the row's end: append
                        for _ in range(cs - (not dr)):
                            copy = new_cell(GridCell)
                            copy.text, copy.line, copy.spanned = "", line, True
                            target.append(copy)
                        continue
                    if n < end:
                        holes[r + dr] += end - n
                        target.extend([None] * (end - n))
                    for dc in range(cs):
                        if (dr or dc) and target[c + dc] is None:
                            copy = new_cell(GridCell)
                            copy.text, copy.line, copy.spanned = "", line, True
                            target[c + dc] = copy
                            holes[r + dr] -= 1
            c += cs
    ragged = [r for r in range(ntr) if holes[r]]
    if ragged:
        budget.add_cells(sum(holes[r] for r in ragged))  # holes are cells too
        for r in ragged:
            line = trs[r].sourceline
            grid[r] = [GridCell("", line) if cell is None else cell for cell in grid[r]]
    return Grid([row for row in grid if row], line=table.sourceline, exact=True)


def _span_value(value: str) -> int:
    """The leading number of a rowspan/colspan value, 1 if there is none ("2", " 3", "2;")."""
    if value.isdigit() and value.isascii():  # nearly every value: what the pattern would match
        return int(value)
    m = _SPAN_NUM.match(value)
    return int(m.group(1)) if m else 1


# ---------------------------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------------------------


class _Flow:
    """Collects inline text into paragraphs; a block boundary or ``<br>`` ends the paragraph.

    ``line`` is None while the buffer holds only whitespace (or nothing): it is the line of the
    first text that is not whitespace. ``_walk`` appends to ``buf`` itself (see there); the list
    is cleared in place, never replaced, so that its alias stays valid."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.blocks: list[Paragraph | Grid] = []
        self.buf: list[str] = []
        self.line: int | None = None

    def add(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if self.line is None and not text.isspace():  # (text.strip(), without the copy)
            self.line = line
        self.buf.append(text)

    def flush(self) -> None:
        buf = self.buf
        if not buf:  # then ``line`` is None too
            return
        if self.line is None:  # squash would make "" of it: most flushes are the line breaks between blocks
            Budget.check_text(sum(map(len, buf)), "a paragraph")
            buf.clear()
            return
        text = "".join(buf)
        Budget.check_text(len(text), "a paragraph")
        text = squash(text)
        if text and not is_chrome_text(text):
            self.blocks.append(Paragraph(text, self.line))
        buf.clear()
        self.line = None

    def grid(self, grid: Grid) -> None:
        self.flush()
        if grid.rows:
            self.blocks.append(grid)


_ENDS_PARAGRAPH = frozenset(_BLOCK_TAGS | {"br"})


def _walk(root: etree._Element, budget: Budget) -> list[Paragraph | Grid]:
    """Document-order walk by lxml's ``iterwalk`` (C-level, no recursion, any depth).

    An element's text is read at its start event and its tail at its end event; a dropped
    element, a ``<br>`` or a table read as a grid is not descended into (``skip_subtree``: its
    end event still comes and adds its tail). Comments and processing instructions (removed at
    parsing, but a walk must not lose their tails) add their tails only.

    ``_Flow.add`` is inlined for texts and tails (a page has an event per element, most with a
    whitespace tail or no text): ``sourceline`` is read only for the first text of a paragraph,
    and a flush with an empty buffer (a no-op) is not called."""
    flow, dropper = _Flow(budget), _Dropper()
    buf, flush, append = flow.buf, flow.flush, flow.buf.append
    drop, chrome_tags, always_drop = dropper.drop, _CHROME_TAGS, _ALWAYS_DROP
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if event == "end":
            if buf and el.tag.lower() in _ENDS_PARAGRAPH:
                flush()
            text = el.tail
        elif event == "start":
            tag = el.tag.lower()
            if tag == "br" or tag in always_drop:
                walker.skip_subtree()
                continue
            if (tag in chrome_tags or el.get("id") is not None or el.get("class") is not None) \
                    and drop(el, tag):
                walker.skip_subtree()
                continue
            if tag == "table" and (found := _read_table(el, budget)) is not None:
                walker.skip_subtree()
                grid, captions = found
                for cap in captions:
                    flow.add(cell_text(cap), cap.sourceline)
                    flush()
                flow.grid(grid)
                continue
            if buf and tag in _BLOCK_TAGS:
                flush()
            text = el.text
        else:  # a comment or processing instruction
            text = el.tail
        if text:
            if flow.line is None and not text.isspace():
                flow.line = el.sourceline
            append(text)
    flush()
    return flow.blocks


# ---------------------------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------------------------

_PUB_META_NAMES = {"pubdate", "publishdate", "publishtime", "publisheddate", "firstpublishedtime",
                   "articlepublishedtime", "articlepubdate", "releasedate", "dcdate", "dctermsissued",
                   "dcdateissued", "dctermscreated"}


_NO_OWN_TEXT = ("script", "style", "head", "title")
_TEXT_NODES = etree.XPath("//text()", smart_strings=False)
# the same texts by one (slower) XPath, for pages whose script/title text lxml cannot set again
_PAGE_TEXTS = etree.XPath("//text()[not(parent::script or parent::style or parent::head or parent::title)"
                          " or preceding-sibling::*]", smart_strings=False)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _all_text(root: etree._Element) -> list[str]:
    """Every text node outside scripts and styles, chrome included (dates live in page headers),
    stripped, in document order: an element's own text unless it is a script/style/head/title,
    and every tail. one XPath walks the tree; the few excluded texts are lifted out of
    the tree for the walk and put back after it."""
    saved = [(el, el.text) for el in root.iter(*_NO_OWN_TEXT) if el.text]
    if any(_NOT_XML.search(t) for _, t in saved):  # lxml would refuse to put it back: no lifting
        return list(map(str.strip, _PAGE_TEXTS(root)))
    for el, _ in saved:
        el.text = None
    try:
        return list(map(str.strip, _TEXT_NODES(root)))
    finally:
        for el, text in saved:
            try:
                el.text = text
            except ValueError:  # lxml parsed a control character it will not take back
                el.text = _NOT_XML.sub("", text)




def _meta_published(root: etree._Element) -> str | None:
    """``<meta name="PubDate" content="2020-01-31 10:00">`` and the like."""
    for m in root.iter("meta"):
        name = re.sub(r"[^a-z]", "", (m.get("name") or m.get("property") or m.get("itemprop") or "").lower())
        if name in _PUB_META_NAMES:
            found = _BARE_DATE.search((m.get("content") or "").translate(_FULLWIDTH_DIGITS))
            if found and iso_date(*found.groups()):
                return iso_date(*found.groups())
    return None


def page_meta(root: etree._Element) -> dict[str, str]:
    """Title and publication date. Visible "发布日期：" wins, then ``<meta>``, then "时间：" / "日期："."""
    meta: dict[str, str] = {}
    text = "\n".join(filter(None, _all_text(root)))
    published = find_published(text, weak=False) or _meta_published(root) or find_published(text)
    if published:
        meta["published"] = published
    title = _title(root)
    if title:
        meta["title"] = title
    return meta


_TITLE_SEP = re.compile(r"\s*[_|｜]\s*|\s+[-–—]\s+")


def _title(root: etree._Element) -> str:
    """``<title>`` without the site name ("报告_某某区人民政府" → "报告"), else the first ``<h1>``."""
    el = next(root.iter("title"), None)
    if el is not None:
        parts = [squash(p) for p in _TITLE_SEP.split(_string(el))]
        best = max(parts, key=len, default="")
        if best:
            return best
    el = next(root.iter("h1"), None)
    return cell_text(el) if el is not None else ""


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


# libxml2 (huge_tree off) stops at an attribute value or comment of 10 MB and drops the rest of
# the page: a 15 MB inline image before the report hid the report. Such values carry nothing a
# reviewer reads; they are emptied before parsing (the scan is one linear regex pass).
_HUGE = 1_000_000
_HUGE_ATTR = re.compile(r"""=\s*(?:"[^"]{%d,}"|'[^']{%d,}')""" % (_HUGE, _HUGE))


def _drop_huge_values(text: str) -> str:
    if len(text) < _HUGE:
        return text
    text = _HUGE_ATTR.sub('=""', text)
    parts, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        end = len(text) if end < 0 else end + 3
        if end - start > _HUGE:
            parts.append(text[pos:start])
            pos = end
        else:
            parts.append(text[pos:end])
            pos = end
    return "".join(parts) + text[pos:] if parts else text


_BLOCK_WRAPPER = re.compile(r"</?(?:div|section|article|center|blockquote|main)\b[^>]*>", re.I)
_INLINE_WRAPPER = re.compile(r"</?(?:span|font|b|i|u|em|strong|small|big|a|sup|sub|o:p)\b[^>]*>", re.I)


_PARSERS = threading.local()


def _parser() -> etree.HTMLParser:
    """This thread's parser (lxml parsers must not be shared between threads; making one per
    page cost as much as a tenth of parsing it). Its error log is reset by every parse.

    lxml's plain HTML parser: the same tree as lxml.html's, without a Python class lookup for
    every element proxy (a third of the reader's time)."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                                    no_network=True, huge_tree=False)
    return parser


def _parse_once(text: str) -> tuple[etree._Element, int | None]:
    """Parse with libxml2's forgiving HTML parser (huge_tree off: depth capped at 256).

    Returns the tree and, when the depth cap cut the page short, the line where reading stopped."""
    parser = _parser()
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
        if root is None:
            raise etree.ParserError("Document is empty")
    except (etree.LxmlError, ValueError) as e:
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ReadError(f"the HTML page cannot be parsed ({msg})") from None
    cut = next((err.line for err in parser.error_log if "Excessive depth" in err.message), None)
    return root, cut


def _parse(text: str) -> tuple[etree._Element, list[str]]:
    """Parse; a page nested past 256 levels (unclosed ``<font>``/``<span>``, wrapper ``<div>``s)
    is parsed again with those wrappers flattened (``<div>`` → ``<br>``, inline tags removed),
    which keeps every table and paragraph boundary. If that is still too deep, what was read is
    kept and a warning says where reading stopped."""
    root, cut = _parse_once(text)
    if cut is None:
        return root, []
    flat = _INLINE_WRAPPER.sub("", _BLOCK_WRAPPER.sub("<br>", text))
    root2, cut2 = _parse_once(flat)
    if cut2 is None:
        return root2, ["the page is nested more than 256 levels deep; it was read with its "
                       "<div>/<span> structure flattened, so page navigation may remain in the text"]
    return root, [f"the page is nested more than 256 levels deep; content after line {cut} was not read"]


def read(data: bytes, budget: Budget | None = None) -> Document:
    """HTML bytes → Document (format "html")."""
    text, enc, warnings = _decode_page(data)
    if not text or text.isspace():  # (not text.strip(), without copying the page)
        raise ReadError("the file is empty")
    text = _drop_huge_values(text)
    root, parse_warnings = _parse(text)
    blocks = _walk(root, budget or Budget())
    if not blocks and parse_warnings:
        raise ReadError("the HTML page is nested too deeply (more than 256 levels) to be read")
    if not blocks:
        raise ReadError("the HTML page contains no readable text")
    return Document(blocks, "html", enc, meta=page_meta(root), warnings=warnings + parse_warnings)
