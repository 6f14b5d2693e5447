"""Word (.docx) reports: the body XML walked in document order, merged cells expanded.

python-docx opens the package (content types, relationships, the numbering and style parts);
the body is then walked directly because ``Document.paragraphs`` and ``Document.tables`` are two
separate lists and lose the order in which paragraphs and tables interleave.

Line numbers: ``line`` is the 1-based index of the ``w:p`` element among *all* paragraphs of the
body in document order, including paragraphs inside table cells (and empty ones). A grid's line
is the index of its first paragraph; a cell's line is the index of its first paragraph. A
paragraph split at a manual line break (``w:br``) gives several Paragraphs with the same line.

Automatic numbering (``w:numPr``) is rendered as a text prefix ("一、", "（一）", "1.") when the
level's format is decimal or Chinese counting; other formats (bullets, letters, roman) are left
unprefixed, and a paragraph whose text already starts with a number is never prefixed twice.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from lxml import etree

from gxtui.read.document import Document, Grid, GridCell, Paragraph, ReadError
from gxtui.read.html import find_published, squash

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (_w(n) for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent",
                                                                 "customXml"))
T, TAB, BR, CR, NBH = (_w(n) for n in ("t", "tab", "br", "cr", "noBreakHyphen"))
FALLBACK = f"{{{MC}}}Fallback"
VAL = _w("val")

MAX_DOCUMENT_XML = 50 * 2**20
MAX_RATIO = 200
MAX_TOTAL = 256 * 2**20
_RATIO_FLOOR = 2**20  # tiny parts compress very well legitimately; only large ones can be bombs

# ---------------------------------------------------------------------------------------------
# Package checks
# ---------------------------------------------------------------------------------------------


def check_package(data: bytes) -> None:
    """Refuse damaged containers and zip bombs before python-docx inflates every part."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise ReadError(f"the Word document is damaged: not a valid ZIP container ({e})") from None
    names = {i.filename: i for i in infos}
    doc = names.get("word/document.xml")
    if doc is None:
        raise ReadError("the Word document is damaged: word/document.xml is missing")
    if doc.file_size > MAX_DOCUMENT_XML:
        raise ReadError(f"the Word document is too large: its text part is "
                        f"{doc.file_size / 2**20:.0f} MB uncompressed (limit 50 MB)")
    if sum(i.file_size for i in infos) > MAX_TOTAL:
        raise ReadError("the Word document is too large: over 256 MB uncompressed")
    for i in infos:
        if i.file_size > _RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise ReadError(f"the Word document looks like a zip bomb: {i.filename} expands "
                            f"{i.file_size // max(i.compress_size, 1)} times (limit {MAX_RATIO})")


def _open(data: bytes):  # noqa: ANN202 - python-docx Document type
    """Open with python-docx; every failure becomes a one-line ReadError."""
    import docx  # noqa: PLC0415 - heavy import, only for .docx

    try:
        return docx.Document(BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError, EOFError, OSError,
            AttributeError, TypeError) as e:
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ReadError(f"the Word document is damaged: {msg[:200]}") from None
    except Exception as e:  # noqa: BLE001 - python-docx raises its own PackageNotFoundError etc.
        raise ReadError(f"the Word document is damaged: {type(e).__name__}") from None


# ---------------------------------------------------------------------------------------------
# Automatic numbering
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_ALREADY_NUMBERED = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十]+[）)、.．]|[（(]?\d+[）)、.．])")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                     (_CN_DIGITS[1] if rest < 20 else "") + chinese_number(rest))
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "chineseLegalSimplified": None,  # 壹贰叁: rare in reports, not rendered
    "japaneseCounting": chinese_number,
    "ideographTraditional": None,
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
}


class Numbering:
    """Renders Word list numbers for the formats reports use; None when unsure.

    Counters belong to the abstract numbering definition (lists sharing one continue each other)
    and restart when a ``w:lvlOverride/w:startOverride`` instance is first used, as Word does."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.num: dict[str, tuple[str, dict[int, int]]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._load_numbering(numbering)
        if styles is not None:
            self._load_styles(styles)

    def _load_numbering(self, root: etree._Element) -> None:
        for an in root.iterchildren(_w("abstractNum")):
            levels = {}
            for lvl in an.iterchildren(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                text = lvl.find(_w("lvlText"))
                start = lvl.find(_w("start"))
                levels[int(lvl.get(_w("ilvl"), "0"))] = (
                    fmt.get(VAL, "decimal") if fmt is not None else "decimal",
                    text.get(VAL, "") if text is not None else "",
                    _int(start.get(VAL) if start is not None else None, 1))
            self.abstract[an.get(_w("abstractNumId"), "")] = levels
        for num in root.iterchildren(_w("num")):
            ref = num.find(_w("abstractNumId"))
            overrides = {}
            for ov in num.iterchildren(_w("lvlOverride")):
                so = ov.find(_w("startOverride"))
                if so is not None:
                    overrides[_int(ov.get(_w("ilvl")), 0)] = _int(so.get(VAL), 1)
            self.num[num.get(_w("numId"), "")] = (ref.get(VAL, "") if ref is not None else "", overrides)

    def _load_styles(self, root: etree._Element) -> None:
        based: dict[str, str] = {}
        direct: dict[str, tuple[str, int]] = {}
        for st in root.iterchildren(_w("style")):
            sid = st.get(_w("styleId"), "")
            b = st.find(_w("basedOn"))
            if b is not None:
                based[sid] = b.get(VAL, "")
            np_ = st.find(f"{_w('pPr')}/{_w('numPr')}")
            if np_ is not None:
                direct[sid] = _num_pr(np_)
        for sid in set(based) | set(direct):
            cur, seen = sid, 0
            while cur and cur not in direct and seen < 20:
                cur, seen = based.get(cur, ""), seen + 1
            if cur in direct:
                self.style_num[sid] = direct[cur]

    def prefix(self, p: etree._Element) -> str:
        """The number Word would display before paragraph ``p`` ("" if none or unsure)."""
        ppr = p.find(_w("pPr"))
        if ppr is None:
            return ""
        np_ = ppr.find(_w("numPr"))
        if np_ is not None:
            num_id, ilvl = _num_pr(np_)
        else:
            style = ppr.find(_w("pStyle"))
            if style is None or style.get(VAL, "") not in self.style_num:
                return ""
            num_id, ilvl = self.style_num[style.get(VAL, "")]
        return self._advance(num_id, ilvl)

    def _advance(self, num_id: str, ilvl: int) -> str:
        if num_id in ("", "0") or num_id not in self.num:
            return ""
        abstract_id, overrides = self.num[num_id]
        levels = self.abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if 0 <= lvl < 10:
                    counters[lvl] = start - 1
        cur = counters[ilvl]
        counters[ilvl] = (levels[ilvl][2] - 1 if cur is None else cur) + 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        return self._render(levels, counters, ilvl)

    @staticmethod
    def _render(levels: dict[int, tuple[str, str, int]], counters: list[int | None], ilvl: int) -> str:
        if _FORMATS.get(levels[ilvl][0]) is None:
            return ""  # bullets, letters, roman numerals: not rendered
        text = levels[ilvl][1]
        out = text
        for m in re.finditer(r"%(\d)", text):
            lvl = int(m.group(1)) - 1
            fmt = levels.get(lvl, ("", "", 1))[0]
            render = _FORMATS.get(fmt)
            value = counters[lvl] if 0 <= lvl < 10 else None
            if render is None or value is None:
                return ""
            out = out.replace(m.group(0), render(value), 1)
        return out


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _num_pr(np_: etree._Element) -> tuple[str, int]:
    num = np_.find(_w("numId"))
    lvl = np_.find(_w("ilvl"))
    return (num.get(VAL, "") if num is not None else "",
            _int(lvl.get(VAL) if lvl is not None else None, 0))


# ---------------------------------------------------------------------------------------------
# Body walk
# ---------------------------------------------------------------------------------------------


def _paragraph_lines(p: etree._Element) -> list[str]:
    """Text of a paragraph split at manual line breaks; ``mc:Fallback`` copies are skipped."""
    lines: list[list[str]] = [[]]
    stack = [p]
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == FALLBACK:
            continue
        if tag == T:
            lines[-1].append(el.text or "")
        elif tag == TAB:
            lines[-1].append("\t")
        elif tag in (BR, CR):
            lines.append([])
        elif tag == NBH:
            lines[-1].append("-")
        if el is p or tag not in (T,):
            stack.extend(reversed([c for c in el if isinstance(c.tag, str)]))
    return ["".join(parts) for parts in lines]


def _children(el: etree._Element, *tags: str) -> list[etree._Element]:
    """Direct children with the given tags, looking through ``w:sdt``/``w:customXml`` wrappers."""
    out: list[etree._Element] = []
    stack = list(reversed(list(el)))
    while stack:
        c = stack.pop()
        if c.tag in tags:
            out.append(c)
        elif c.tag == SDT:
            content = c.find(SDT_CONTENT)
            if content is not None:
                stack.extend(reversed(list(content)))
        elif c.tag == CUSTOM_XML:
            stack.extend(reversed(list(c)))
    return out


class _Reader:
    """Walks the body once, numbering paragraphs and building blocks."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.counter = 0
        self.blocks: list[Paragraph | Grid] = []

    def container(self, el: etree._Element) -> None:
        for child in _children(el, P, TBL):
            if child.tag == P:
                self.paragraph(child)
            elif (cell := _single_cell(child)) is not None:
                self.container(cell)  # a 1×1 layout box: read its content as flow
            else:
                self.table(child)

    def paragraph(self, p: etree._Element) -> None:
        self.counter += 1
        prefix = self.numbering.prefix(p)
        lines = [squash(t, keep_tabs=True) for t in _paragraph_lines(p)]
        if prefix and lines and lines[0] and not _ALREADY_NUMBERED.match(lines[0]):
            lines[0] = prefix + lines[0]
        for text in lines:
            if text:
                self.blocks.append(Paragraph(text, self.counter))

    def cell_text(self, tc: etree._Element) -> tuple[str, int]:
        """All paragraphs of a cell (nested tables included) joined with "", and its first line."""
        first = self.counter + 1
        parts = []
        for p in tc.iter(P):
            if _inside_paragraph(p, tc):
                continue  # a text box inside a paragraph: already part of that paragraph's text
            self.counter += 1
            prefix = self.numbering.prefix(p)
            text = "".join(_paragraph_lines(p))
            parts.append(prefix + text if prefix and text and not _ALREADY_NUMBERED.match(text) else text)
        return squash("".join(parts)), first

    def table(self, tbl: etree._Element) -> None:
        """gridSpan copies and vMerge continuation cells become ``spanned`` cells."""
        start = self.counter + 1
        rows: list[list[GridCell]] = []
        origin_line: dict[int, int] = {}
        for tr in _children(tbl, TR):
            row: list[GridCell] = []
            trpr = tr.find(_w("trPr"))
            before = trpr.find(_w("gridBefore")) if trpr is not None else None
            for _ in range(_int(before.get(VAL) if before is not None else None, 0)):
                row.append(GridCell("", self.counter + 1))
            for tc in _children(tr, TC):
                span, vmerge = _tc_props(tc)
                col = len(row)
                text, line = self.cell_text(tc)
                if vmerge == "continue":
                    line = origin_line.get(col, line)
                    row.extend(GridCell("", line, spanned=True) for _ in range(span))
                    continue
                origin_line[col] = line
                row.append(GridCell(text, line))
                row.extend(GridCell("", line, spanned=True) for _ in range(span - 1))
            rows.append(row)
        if any(rows):
            self.blocks.append(Grid([r for r in rows if r], line=start, exact=True))


def _single_cell(tbl: etree._Element) -> etree._Element | None:
    """The only cell of a 1×1 table (a frame drawn around text), else None."""
    cells = [tc for tr in _children(tbl, TR) for tc in _children(tr, TC)]
    return cells[0] if len(cells) == 1 else None


def _inside_paragraph(p: etree._Element, stop: etree._Element) -> bool:
    parent = p.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == P:
            return True
        parent = parent.getparent()
    return False


def _tc_props(tc: etree._Element) -> tuple[int, str | None]:
    """(gridSpan, vMerge state) of a cell; vMerge without a value means "continue"."""
    tcpr = tc.find(_w("tcPr"))
    if tcpr is None:
        return 1, None
    gs = tcpr.find(_w("gridSpan"))
    span = max(1, min(_int(gs.get(VAL) if gs is not None else None, 1), 1000))
    vm = tcpr.find(_w("vMerge"))
    state = None if vm is None else ("restart" if vm.get(VAL) == "restart" else "continue")
    return span, state


def _part_element(getter) -> etree._Element | None:  # noqa: ANN001
    try:
        return getter()
    except Exception:  # noqa: BLE001 - parts are optional; a broken one just means no numbering
        return None


def read(data: bytes) -> Document:
    """DOCX bytes → Document (format "docx")."""
    check_package(data)
    d = _open(data)
    numbering = Numbering(_part_element(lambda: _numbering_xml(d)), _part_element(lambda: d.styles.element))
    reader = _Reader(numbering)
    body = d.element.body
    reader.container(body)
    if not reader.blocks:
        raise ReadError("the Word document contains no text")
    doc = Document(reader.blocks, "docx", None)
    title = _part_element(lambda: d.core_properties.title) or ""
    if title.strip():
        doc.meta["title"] = title.strip()
    published = find_published("\n".join(b.text for b in reader.blocks[:40] if isinstance(b, Paragraph)),
                               weak=False)
    if published:
        doc.meta["published"] = published
    return doc


def _numbering_xml(d) -> etree._Element | None:  # noqa: ANN001
    """The numbering part if the document has one (python-docx would create an empty one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: PLC0415

    for rel in d.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return rel.target_part.element
    return None
