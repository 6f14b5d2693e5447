"""Word (.docx) reports: the body XML walked in document order, merged cells expanded.

The package is read directly: the relationships name the main part (``word/document.xml``),
its numbering and style parts and the core properties (title); each is parsed once with lxml
(no entities resolved, no network, libxml2's size and depth limits on). python-docx, which the
reader used before, parsed every part of the package up front, which was most of the cost.

Line numbers: ``line`` is the 1-based index of the ``w:p`` element among *all* paragraphs of the
body in document order, including paragraphs inside table cells (and empty ones). A grid's line
is the index of its first paragraph; a cell's line is the index of its first paragraph. A
paragraph split at a manual line break (``w:br``) gives several Paragraphs with the same line.

Automatic numbering (``w:numPr``) is rendered as a text prefix ("一、", "（一）", "1.") when the
level's format is decimal or Chinese counting; other formats (bullets, letters, roman) are left
unprefixed, and a paragraph whose text already starts with a number is never prefixed twice.
"""

from __future__ import annotations

import functools
import re
import threading
import zipfile
from io import BytesIO
from itertools import chain
from zlib import error as zlib_error

from lxml import etree

from gxtui.read.budget import MAX_CELLS, MAX_TEXT, Budget
from gxtui.read.document import Document, Grid, GridCell, Paragraph, ReadError, spanned_cells
from gxtui.read.html import find_published, squash

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


@functools.cache
def _w(name: str) -> str:
    return f"{{{W}}}{name}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (_w(n) for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent",
                                                                 "customXml"))
T, TAB, BR, CR, NBH = (_w(n) for n in ("t", "tab", "br", "cr", "noBreakHyphen"))
TCPR, GRIDSPAN, VMERGE, TRPR, GRIDBEFORE, GRIDAFTER, PPR, NUMPR, PSTYLE = (
    _w(n) for n in ("tcPr", "gridSpan", "vMerge", "trPr", "gridBefore", "gridAfter", "pPr", "numPr", "pStyle"))
NUMID, ILVL = _w("numId"), _w("ilvl")
FALLBACK = f"{{{MC}}}Fallback"
VAL = _w("val")

MAX_DOCUMENT_XML = 50 * 2**20
MAX_RATIO = 200
MAX_TOTAL = 256 * 2**20
_RATIO_FLOOR = 2**20  # tiny parts compress very well legitimately; only large ones can be bombs

# ---------------------------------------------------------------------------------------------
# Package checks
# ---------------------------------------------------------------------------------------------


def check_package(data: bytes, z: zipfile.ZipFile | None = None) -> zipfile.ZipFile:
    """Refuse damaged containers and zip bombs before any part is inflated; the open package
    (``z``: the container already opened from ``data``)."""
    try:
        z = z or zipfile.ZipFile(BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
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
    return z


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


_PARSERS = threading.local()


def _parser() -> etree.XMLParser:
    """This thread's XML parser (lxml parsers must not be shared between threads; a package has
    four or five parts, and making a parser for each cost a few per cent of reading it).

    resolve_entities=False: no billion laughs, no XXE; huge_tree=False keeps libxml2's limits."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                                                   load_dtd=False)
    return parser


class _Package:
    """The parts of a .docx the reader needs, found through the package relationships."""

    def __init__(self, z: zipfile.ZipFile) -> None:
        self.z = z
        self.names = set(z.namelist())
        self._rels: dict[str, etree._Element | None] = {}

    def xml(self, name: str | None, required: bool = False) -> etree._Element | None:
        if name is None or name not in self.names:
            if required:
                raise ReadError(f"the Word document is damaged: {name} is missing")
            return None
        try:
            return etree.fromstring(self.z.read(name), _parser())
        except (etree.LxmlError, ValueError) as e:
            if not required:
                return None  # an optional part that is broken: no numbering, no title
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise ReadError(f"the Word document is damaged: {msg[:200]}") from None
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib_error) as e:
            raise ReadError(f"the Word document is damaged: {type(e).__name__}") from None

    def raw(self, name: str) -> bytes:
        try:
            return self.z.read(name) if name in self.names else b""
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib_error, ValueError):
            return b""

    def related(self, source: str, kind: str) -> str | None:
        """The part ``source`` points to with a relationship of type ``kind`` (internal only)."""
        folder, _, base = source.rpartition("/")
        name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if name not in self._rels:  # each relationships part parsed once
            self._rels[name] = self.xml(name)
        rels = self._rels[name]
        if rels is None:
            return None
        for rel in rels.iter(_REL):
            if rel.get("Type", "").endswith("/" + kind) and rel.get("TargetMode") != "External":
                return _resolve(folder, rel.get("Target", ""))
        return None


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


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

    @classmethod
    def from_tables(cls, abstract: dict, num: dict, style_num: dict) -> Numbering:
        """Definitions loaded before (never changed after loading); fresh counters."""
        self = cls(None, None)
        self.abstract, self.num, self.style_num = abstract, num, style_num
        return self

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
        if not self.num:
            return ""  # no numbering definitions: nothing can be numbered
        ppr = _child(p, PPR)
        if ppr is None:
            return ""
        np_ = _child(ppr, NUMPR)
        if np_ is not None:
            num_id, ilvl = _num_pr(np_)
        else:
            style = _child(ppr, PSTYLE)
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


_W_DECL = f'xmlns:w="{W}"'.encode()


def _numbering_styles(raw: bytes) -> etree._Element | None:
    """``w:styles`` with the table styles left out (unless they carry numbering), or None when
    the part is not written the usual way (then the caller parses it whole).

    Word's default styles part is ~350 KB, 90 % of it table styles, and parsing it cost seven
    times the whole body; numbering only ever looks at paragraph styles. The part is cut at its
    ``<w:style>`` elements with ``bytes.find`` (styles do not nest) and only the others parsed,
    inside the original root element so every namespace declaration stays."""
    start = raw.find(b"<w:styles")
    end = raw.find(b">", start) if start >= 0 else -1
    if end < 0 or _W_DECL not in raw[start:end] or raw[end - 1:end] == b"/" \
            or b"AlternateContent" in raw:
        return None
    keep = [raw[:end + 1]]
    pos = end + 1
    while (s := raw.find(b"<w:style", pos)) >= 0:
        if raw[s + 8:s + 9] not in (b" ", b">", b"\t", b"\n", b"\r", b"/"):
            pos = s + 8  # <w:styles…
            continue
        e = raw.find(b"</w:style>", s)
        if e < 0:
            return None
        e += len(b"</w:style>")
        chunk = raw[s:e]
        opening = chunk[:chunk.find(b">")]
        if b'w:type="table"' not in opening or b"numPr" in chunk:
            keep.append(chunk)
        pos = e
    keep.append(b"</w:styles>")
    try:
        return etree.fromstring(b"".join(keep), _parser())
    except (etree.LxmlError, ValueError):
        return None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _num_pr(np_: etree._Element) -> tuple[str, int]:
    num = _child(np_, NUMID)
    lvl = _child(np_, ILVL)
    return (num.get(VAL, "") if num is not None else "",
            _int(lvl.get(VAL) if lvl is not None else None, 0))


# ---------------------------------------------------------------------------------------------
# Body walk
# ---------------------------------------------------------------------------------------------


def _paragraph_lines(p: etree._Element) -> list[str]:
    """Text of a paragraph split at manual line breaks; ``mc:Fallback`` copies are skipped."""
    if next(p.iter(TAB, BR, CR, NBH, FALLBACK), None) is None:  # plain runs: one C-level pass
        return ["".join([t.text or "" for t in p.iter(T)])]
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

    def __init__(self, numbering: Numbering, budget: Budget, body: etree._Element | None = None) -> None:
        self.numbering = numbering
        self.budget = budget
        self.counter = 0
        self.blocks: list[Paragraph | Grid] = []
        # What the body holds, found once by lxml so that the common case skips per-element work:
        # no sdt/customXml wrappers (children are plain iterchildren), no tabs/breaks/fallbacks
        # (a paragraph's text is the join of its w:t), no paragraph inside a paragraph (text
        # boxes), and the paragraphs that can carry a number at all.
        self.wrapped = self.special = self.nested = True
        self.numbered: set | None = None  # None: every paragraph may be numbered
        self.numbered_now: set = set()  # of those, the ones Numbering.prefix can number
        if body is not None:
            self.wrapped = _has(body, SDT, CUSTOM_XML)
            self.nested = _NESTED_P(body)
            self.special, self.numbered, self.numbered_now = _scan(body, numbering)
        # a cell's text is then the join of its paragraphs' w:t (no text box counted twice)
        self.simple = not (self.special or self.nested) and body is not None
        self.body = body
        # for the tables that are not plain (_plain_table), made when the first one is met
        self.cell_paragraphs: dict = {}
        self.irregular: set | None = None

    def _index_cells(self, body: etree._Element) -> None:
        """Paragraphs per table cell in one pass over the body's w:p (an iterator per cell costs
        more than the cell's text). A cell holding a paragraph that is not its direct child
        (nested table, wrapper) or one that may be numbered is read by ``cell_text``."""
        counts = self.cell_paragraphs
        irregular = self.irregular

        def cells_above(el: etree._Element | None) -> None:
            while el is not None:
                if el.tag == TC:
                    irregular.add(el)
                el = el.getparent()

        for p in body.iter(P):
            parent = p.getparent()
            if parent is not None and parent.tag == TC:
                counts[parent] = counts.get(parent, 0) + 1
            else:
                cells_above(parent)
        for tbl in body.iter(TBL):
            cells_above(tbl.getparent())
        for p in self.numbered or ():
            cells_above(p.getparent())

    def children(self, el: etree._Element, *tags: str) -> list[etree._Element]:
        return _children(el, *tags) if self.wrapped else list(el.iterchildren(*tags))

    def prefix(self, p: etree._Element) -> str:
        if self.numbered is not None and p not in self.numbered_now:
            return ""  # no w:pPr/w:numPr, no numbered w:pPr/w:pStyle: Numbering.prefix would say ""
        return self.numbering.prefix(p)

    def lines(self, p: etree._Element) -> list[str]:
        if self.special:
            return _paragraph_lines(p)
        return ["".join([t.text or "" for t in p.iter(T)])]

    def container(self, el: etree._Element) -> None:
        for child in self.children(el, P, TBL):
            if child.tag == P:
                self.paragraph(child)
            elif (cell := _single_cell(child, self.children)) is not None:
                self.container(cell)  # a 1×1 layout box: read its content as flow
            else:
                self.table(child)

    def paragraph(self, p: etree._Element) -> None:
        self.counter += 1
        prefix = self.prefix(p)
        lines = [squash(t, keep_tabs=True) for t in self.lines(p)]
        if prefix and lines and lines[0] and not _ALREADY_NUMBERED.match(lines[0]):
            lines[0] = prefix + lines[0]
        for text in lines:
            if text:
                Budget.check_text(len(text), "a paragraph")
                self.blocks.append(Paragraph(text, self.counter))

    def cell_text(self, tc: etree._Element) -> tuple[str, int]:
        """All paragraphs of a cell (nested tables included) joined with "", and its first line."""
        first = self.counter + 1
        if self.simple:
            ps = list(tc.iter(P))
            if not self.numbered or self.numbered.isdisjoint(ps):  # one pass over the cell's w:t
                self.counter += len(ps)
                joined = "".join([t.text or "" for p in ps for t in p.iter(T)])
                Budget.check_text(len(joined), "a table cell")
                return (joined if not joined or joined.isalnum() else squash(joined)), first
        parts = []
        for p in tc.iter(P):
            if self.nested and _inside_paragraph(p, tc):
                continue  # a text box inside a paragraph: already part of that paragraph's text
            self.counter += 1
            prefix = self.prefix(p)
            text = "".join(self.lines(p))
            parts.append(prefix + text if prefix and text and not _ALREADY_NUMBERED.match(text) else text)
        joined = "".join(parts)
        Budget.check_text(len(joined), "a table cell")
        return squash(joined), first

    def table(self, tbl: etree._Element) -> None:
        """gridSpan copies and vMerge continuation cells become ``spanned`` cells."""
        start = self.counter + 1
        rows = self._plain_table(tbl) if self.simple else None
        if rows is None:
            rows = self._rows(tbl)
        if any(rows):
            self.blocks.append(Grid([r for r in rows if r], line=start, exact=True))

    def _plain_table(self, tbl: etree._Element) -> list[list[GridCell]] | None:
        """The rows of a plain table from one pass of lxml over its rows, cells, paragraphs and
        texts, or None (nothing counted or kept) when the table is not plain.

        An iterator per row and per cell costs more than the text it finds; one ``iter`` over the
        table gives every row, cell, paragraph and text in document order, and the order says
        which cell each belongs to once the pass has checked that every row is a child of the
        table, every cell a child of its row, every paragraph a child of its cell and every text
        inside its paragraph. Not plain is a table holding a table, a wrapper (``w:sdt``,
        ``w:customXml``) between those levels, a paragraph that may be numbered or anything else
        out of place; and a table over the budget, so that ``_rows`` refuses it with the message
        and at the point it always did. Called for bodies with no text box and nothing but
        ``w:t`` in their runs (``simple``)."""
        numbered = self.numbered_now
        room = MAX_CELLS - self.budget.cells  # cells this table may add
        rows: list[list[GridCell]] = []
        origin_line: dict[int, int] = {}
        new_cell = GridCell.__new__
        counter = self.counter
        row: list[GridCell] = []
        texts: list[str] = []
        tr = tc = p = None
        # the cell's own gridSpan and vMerge ([first, first] in its first w:tcPr), None for none,
        # the cell itself when one is elsewhere (then _tc_props decides)
        own: list | etree._Element | None = None
        grid = False
        line = 0
        for el in chain(tbl.iter(_PLAIN_TAGS), _END):
            tag = el.tag
            if tag == T:
                if p is None or (el.getparent().getparent() is not p and not _within(el, p, tc)):
                    return None
                texts.append(el.text or "")
            elif tag == P:
                if tc is None or el.getparent() is not tc or (numbered and el in numbered):
                    return None
                p = el
                counter += 1
            elif tag == TC or tag == TR or tag is None:
                if tc is not None:  # a cell ends where the next cell or row begins
                    text = "".join(texts)
                    if len(text) > MAX_TEXT:
                        return None
                    if text and not text.isalnum():
                        text = squash(text)
                    span, vmerge = (_PLAIN if own is None else _tc_props(tc) if own is tc
                                    else _span_state(*own))
                    if vmerge == "continue":
                        room -= span
                        if room < 0:
                            return None
                        cline = origin_line.get(len(row), line)
                        row.extend(spanned_cells(cline, span))
                    else:
                        origin_line[len(row)] = line
                        # GridCell(text, line), its slots filled here: a class call costs twice
                        # as much (tests/test_read_docx.py checks every field of every cell)
                        cell = new_cell(GridCell)
                        cell.text, cell.line, cell.spanned = text, line, False
                        row.append(cell)
                        room -= span
                        if span > 1:
                            if room < 0:
                                return None
                            row.extend(spanned_cells(line, span - 1))
                if tag == TC:
                    if tr is None or el.getparent() is not tr:
                        return None
                    tc, p, texts, own, line = el, None, [], None, counter + 1
                    continue
                if tr is not None:  # a row ends where the next row or the table ends
                    if room < 0:
                        return None
                    rows.append(row)
                if tag is None:
                    break
                if el.getparent() is not tbl:
                    return None
                tr, tc, p, grid, row = el, None, None, False, []
            elif tag == GRIDSPAN or tag == VMERGE:
                if tc is not None and own is not tc:
                    tcpr = el.getparent()
                    if tcpr.getparent() is tc and tc[0] is tcpr and tcpr.tag == TCPR:
                        if own is None:
                            own = [None, None]
                        if own[tag == VMERGE] is None:
                            own[tag == VMERGE] = el
                    else:
                        own = tc
            elif tag == GRIDBEFORE or tag == GRIDAFTER:
                if tr is None or tc is not None:
                    return None  # gridBefore cells go first in their row
                if not grid:  # _row_grid decides whether they are the row's own
                    grid = True
                    n_before, n_after = _row_grid(tr)
                    room -= n_before + n_after
                    if room < 0:
                        return None
                    row.extend([GridCell("", counter + 1) for _ in range(n_before)])
            elif el is not tbl:  # a table in the table
                return None
        self.budget.add_cells(MAX_CELLS - self.budget.cells - room)
        self.counter = counter
        return rows

    def _rows(self, tbl: etree._Element) -> list[list[GridCell]]:
        """Any table, cell by cell: wrappers, nested tables, numbered paragraphs in cells."""
        if self.simple and self.irregular is None:
            self.irregular = set()
            self._index_cells(self.body)
        rows: list[list[GridCell]] = []
        origin_line: dict[int, int] = {}
        spans = _may_span(tbl)
        simple, counts, irregular = self.simple, self.cell_paragraphs, self.irregular
        add_cells = self.budget.add_cells
        new_cell = GridCell.__new__
        for tr in self.children(tbl, TR):
            row: list[GridCell] = []
            n_before, n_after = _row_grid(tr)
            # gridAfter is not materialised, but a row claiming millions of columns is no report
            self.budget.add_cells(n_before + n_after)
            for _ in range(n_before):
                row.append(GridCell("", self.counter + 1))
            counter = self.counter
            tcs = self.children(tr, TC)
            add_cells(len(tcs))  # one each; a span's copies are counted where it is met
            for tc in tcs:
                span, vmerge = _tc_props(tc) if tc in spans else _PLAIN
                if span > 1:
                    add_cells(span - 1)
                col = len(row)
                if simple and tc not in irregular:
                    # cell_text inline for a cell whose paragraphs are its children: one pass
                    # over its w:t (a w:t outside any w:p, which Word never writes, counts too)
                    line = counter + 1
                    counter += counts.get(tc, 0)
                    text = "".join([t.text or "" for t in tc.iter(T)])
                    if len(text) > MAX_TEXT:
                        Budget.check_text(len(text), "a table cell")
                    if text and not text.isalnum():
                        text = squash(text)
                else:
                    self.counter = counter
                    text, line = self.cell_text(tc)
                    counter = self.counter
                if vmerge == "continue":
                    line = origin_line.get(col, line)
                    row.extend([GridCell("", line, True) for _ in range(span)])
                    continue
                origin_line[col] = line
                cell = new_cell(GridCell)
                cell.text, cell.line, cell.spanned = text, line, False
                row.append(cell)
                if span > 1:
                    row.extend([GridCell("", line, True) for _ in range(span - 1)])
            self.counter = counter
            rows.append(row)
        return rows


_PLAIN_TAGS = (TBL, TR, TC, P, T, GRIDSPAN, VMERGE, GRIDBEFORE, GRIDAFTER)


class _End:
    """What ``_Reader._plain_table``'s pass meets after the table's last element."""

    tag = None


_END = (_End(),)


def _within(el: etree._Element, p: etree._Element, stop: etree._Element) -> bool:
    """Whether ``p`` is an ancestor of ``el`` below ``stop`` (a run inside a hyperlink or a
    tracked change)."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent is p:
            return True
        parent = parent.getparent()
    return False


def _row_grid(tr: etree._Element) -> tuple[int, int]:
    """(gridBefore, gridAfter) of a row: the first of each in its first ``w:trPr``, ≥ 0."""
    trpr = _child(tr, TRPR)
    if trpr is None:
        return 0, 0
    before = _child(trpr, GRIDBEFORE)
    after = _child(trpr, GRIDAFTER)
    return (max(0, _int(before.get(VAL) if before is not None else None, 0)),
            max(0, _int(after.get(VAL) if after is not None else None, 0)))


def _single_cell(tbl: etree._Element, children=None) -> etree._Element | None:
    """The only cell of a 1×1 table (a frame drawn around text), else None. Stops at the
    second cell: a report table has hundreds."""
    children = children or _children
    found = None
    for tr in children(tbl, TR):
        for tc in children(tr, TC):
            if found is not None:
                return None
            found = tc
    return found


def _inside_paragraph(p: etree._Element, stop: etree._Element) -> bool:
    parent = p.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == P:
            return True
        parent = parent.getparent()
    return False



def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with ``tag``. A loop over the children is cheaper than ``find``'s path
    parse and than ``iterchildren(tag)``'s tag matcher, and the properties element looked for is
    nearly always the first child."""
    for c in el:
        if c.tag == tag:
            return c
    return None


_NS = {"w": W}
_NESTED_P = etree.XPath("boolean(.//w:p/descendant::w:p)", namespaces=_NS)  # a p inside a p


def _scan(body: etree._Element, numbering: Numbering | None) -> tuple[bool, set, set]:
    """Whether the body holds a tab, break, non-breaking hyphen or ``mc:Fallback`` (then a
    paragraph's text is not just the join of its w:t), and, when the package has numbering
    (``numbering`` None: any), the paragraphs that may be numbered (a ``w:pPr/w:numPr`` or
    ``w:pPr/w:pStyle``: found from the few numPr/pStyle elements up instead of testing every p)
    and those of them with a ``w:numPr`` or a numbered style (the only ones ``Numbering.prefix``
    can number): one pass of lxml over the body for all three questions."""
    if numbering is not None and not numbering.num:
        return _has(body, TAB, BR, CR, NBH, FALLBACK), set(), set()
    style_num = numbering.style_num if numbering is not None else None
    special = False
    out = set()
    numbers = set()
    for el in body.iter(TAB, BR, CR, NBH, FALLBACK, NUMPR, PSTYLE):
        tag = el.tag
        if tag != NUMPR and tag != PSTYLE:
            special = True
            continue
        ppr = el.getparent()
        if ppr is not None and ppr.tag == PPR:
            p = ppr.getparent()
            if p is not None and p.tag == P:
                out.add(p)
                if tag == NUMPR or style_num is None or el.get(VAL, "") in style_num:
                    numbers.add(p)
    return special, out, numbers


def _has(el: etree._Element, *tags: str) -> bool:
    return next(el.iter(*tags), None) is not None


def _may_span(tbl: etree._Element) -> set:
    """The cells with a ``w:tcPr/w:gridSpan`` or ``w:tcPr/w:vMerge`` (``.//w:tc[w:tcPr/w:gridSpan
    or w:tcPr/w:vMerge]``, found from the few gridSpan/vMerge elements up instead of testing
    every cell)."""
    out = set()
    for el in tbl.iter(GRIDSPAN, VMERGE):
        tcpr = el.getparent()
        if tcpr is not None and tcpr.tag == TCPR:
            tc = tcpr.getparent()
            if tc is not None and tc.tag == TC:
                out.add(tc)
    return out


_PLAIN = (1, None)  # a cell without gridSpan or vMerge


def _tc_props(tc: etree._Element) -> tuple[int, str | None]:
    """(gridSpan, vMerge state) of a cell; vMerge without a value means "continue". The first
    ``w:gridSpan`` and ``w:vMerge`` of the cell's first ``w:tcPr``, found in one pass over it."""
    tcpr = _child(tc, TCPR)
    if tcpr is None:
        return 1, None
    gs = vm = None
    for c in tcpr:
        tag = c.tag
        if tag == GRIDSPAN:
            gs = c if gs is None else gs
        elif tag == VMERGE:
            vm = c if vm is None else vm
    return _span_state(gs, vm)


def _span_state(gs: etree._Element | None, vm: etree._Element | None) -> tuple[int, str | None]:
    """(gridSpan, vMerge state) given a cell's ``w:gridSpan`` and ``w:vMerge`` elements."""
    span = max(1, min(_int(gs.get(VAL) if gs is not None else None, 1), 1000))
    state = None if vm is None else ("restart" if vm.get(VAL) == "restart" else "continue")
    return span, state


# Numbering definitions by the identity of the parts they come from (name, CRC-32 and sizes from
# the ZIP directory, read without inflating anything): the documents of one template share their
# numbering and styles parts byte for byte, and Word's default styles part alone is ~350 KB.
_NUMBERING_CACHE: dict[tuple, tuple] = {}


def _part_key(pkg: _Package, name: str | None) -> tuple | None:
    if name is None or name not in pkg.names:
        return None
    info = pkg.z.getinfo(name)
    return (name, info.CRC, info.file_size, info.compress_size)


def _numbering(pkg: _Package, main: str) -> Numbering:
    numbering_name = pkg.related(main, "numbering")
    styles_name = pkg.related(main, "styles")
    key = (_part_key(pkg, numbering_name), _part_key(pkg, styles_name))
    cached = _NUMBERING_CACHE.get(key) if key[0] is not None else None
    if cached is not None:
        return Numbering.from_tables(*cached)
    numbering_xml = pkg.xml(numbering_name)
    # styles matter only for numbering carried by a style; skip parsing them otherwise
    styles_raw = pkg.raw(styles_name) if styles_name and numbering_xml is not None else b""
    styles_xml = None
    if b"numPr" in styles_raw:
        styles_xml = _numbering_styles(styles_raw)
        if styles_xml is None:
            styles_xml = pkg.xml(styles_name)
    numbering = Numbering(numbering_xml, styles_xml)
    if key[0] is not None:
        if len(_NUMBERING_CACHE) >= 64:
            _NUMBERING_CACHE.clear()
        _NUMBERING_CACHE[key] = (numbering.abstract, numbering.num, numbering.style_num)
    return numbering


def read(data: bytes, budget: Budget | None = None, z: zipfile.ZipFile | None = None) -> Document:
    """DOCX bytes → Document (format "docx"); ``z``: the container already opened from ``data``."""
    pkg = _Package(check_package(data, z))
    main = pkg.related("", "officeDocument")
    if main not in pkg.names:
        main = "word/document.xml"
    root = pkg.xml(main, required=True)
    body = root.find(_w("body")) if root is not None else None
    if body is None:
        raise ReadError("the Word document is damaged: it has no document body")
    numbering = _numbering(pkg, main)
    reader = _Reader(numbering, budget or Budget(), body)
    reader.container(body)
    if not reader.blocks:
        raise ReadError("the Word document contains no text")
    doc = Document(reader.blocks, "docx", None)
    core = pkg.xml(pkg.related("", "metadata/core-properties"))
    title = core.findtext(_DC_TITLE) if core is not None else None
    if title and title.strip():
        doc.meta["title"] = title.strip()
    published = find_published("\n".join(b.text for b in reader.blocks[:40] if isinstance(b, Paragraph)),
                               weak=False)
    if published:
        doc.meta["published"] = published
    return doc
