"""The narrative parts: title, agency, year, dates, sections' text, the section-五 lists, fees."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from gxtui import templates
from gxtui.extract.sections import Heading
from gxtui.extract.stream import Stream, is_paragraph, normalise_piece
from gxtui.model import Item, Paragraph as MPara, Section
from gxtui.normalize import CharTable
from gxtui.read.document import Document, Grid, Paragraph

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "十": 10, "O": 0, "○": 0, "Ｏ": 0}

_TITLE_TAIL = r"政府信息公开工作(?:情况)?(?:的)?(?:年度)?报告"
_TITLE_RES = (
    re.compile(r"(?P<agency>[^\n《》\"“”:,。;]{2,40}?)(?P<year>20\d{2})年度?" + _TITLE_TAIL),
    re.compile(r"(?P<year>20\d{2})年度?(?P<agency>[^\n《》\"“”:,。;]{2,40}?)" + _TITLE_TAIL),
)
# Every title match ends in _TITLE_TAIL and starts at most _TITLE_LEAD characters before it (agency
# 40 + year 4 + 年度 2): the title patterns need not be tried from the start of a long first
# paragraph (a crawled page is often one), where each position costs up to 40 attempts.
_TITLE_ANCHOR = re.compile(_TITLE_TAIL)
_TITLE_LEAD = 46
# a title line without its year (the year is then the statistics period's): 武义县统计局政府信息公开工作年度报告
_TITLE_NO_YEAR = re.compile(r"^(?P<agency>[^\n《》\"“”:,。;\d]{2,40}?)政府信息公开工作(?:的)?年度报告$")
# a year in Chinese numerals (二〇二三年): read as digits before the title patterns
_CN_YEAR = re.compile(r"([二][〇零○OＯ][一二三四五六七八九〇零○OＯ]{2})(?=年)")
# a line with a space between every character (PDF text): 海 宁 市 审 计 局 2 0 2 2 年 …
_SPACED = re.compile(r"^(?:\S[ \t\u3000]+){5,}\S$")
# a joint title of the party committee's and the government's offices: the government's reports
# (中共X县委办公室 X县人民政府办公室 → X县人民政府办公室)
_JOINT_PARTY = re.compile(r"^中共[^\s]{1,20}?委(?:员会)?[^\s]{0,10}?(?:办公室|部)\s*(?=[^\s]{2,24}?(?:人民政府|政府))")
# Verbs of the intro sentence before the agency name (…编制X乡2024年政府信息公开工作年度报告,
# 现将…, 特向社会公布…): never part of the name. 编制 only as a verb: 机构编制委员会 is a name.
_AGENCY_PREFIX = re.compile(
    r"^.*(?:发布|编写了?|编制了?(?!委员会|办公室|办|部门|管理|科|股)|撰写了?|制作了?|形成了?|公布|公开了|印发|"
    r"现将|现予|特?向社会公布|关于|了)")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计时间|统计期间|数据统计期)[^。]{0,8}?(20\d{2})年(\d{1,2})月(\d{1,2})日(?:起)?至(?:(20\d{2})年)?(\d{1,2})月(\d{1,2})日")
_DATE = re.compile(r"(20\d{2})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"([二〇零一二三四五六七八九○OＯ]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_META_DATE = re.compile(r"(?:发布日期|发布时间|成文日期|日期|时间|pubdate)\s*[:：]\s*(20\d{2}[-年./]\d{1,2}[-月./]\d{1,2})")
_HEADER_TITLE = re.compile(r"^(?:标题|title)\s*[:：]\s*(.+)$")
_SPACES = re.compile(r"\s+")
# words of a phrase that an agency name never holds (…落实…, …按照…): what precedes a title is no name
_NOT_A_NAME = re.compile(r"落实|贯彻|推进|加强|坚持|按照|根据")
# the date that closes a glued last paragraph
_CLOSING_DATE = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
# a signature line holds no sentence punctuation
_SENTENCE_MARK = re.compile(r"[。，,；;：:]")


def cn_number(s: str) -> int:
    if len(s) == 4 and all(c in CN_DIGITS for c in s):
        return int("".join(str(CN_DIGITS[c]) for c in s))
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_DIGITS[s[1]]
    if s.endswith("十"):
        return CN_DIGITS[s[0]] * 10
    if "十" in s:
        a, b = s.split("十")
        return CN_DIGITS[a] * 10 + CN_DIGITS[b]
    return CN_DIGITS[s]


def parse_date(text: str) -> dt.date | None:
    m = _DATE.search(text)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _CN_DATE.search(text)
        if m:
            return dt.date(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
    except (ValueError, KeyError):
        return None
    return None


def paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def first_paragraphs(doc: Document, n: int) -> list[Paragraph]:
    """``paragraphs(doc)[:n]`` without walking a long document's every block (the title, the
    intro and the metadata lines are read from its first few)."""
    return list(itertools.islice(filter(is_paragraph, doc.blocks), n))


def last_paragraphs(doc: Document, n: int) -> list[Paragraph]:
    """``paragraphs(doc)[-n:]`` (the closing lines), walking the blocks from the end."""
    out = list(itertools.islice(filter(is_paragraph, reversed(doc.blocks)), n))
    out.reverse()
    return out


def find_title(doc: Document, traditional: bool = False) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year) from the title line, a crawler header, the intro or page metadata."""
    paras = first_paragraphs(doc, 12)
    # the title may be split over two lines: agency / year + 政府信息公开工作年度报告
    head = [p.text.strip() for p in paras[:6]]
    head = [_SPACES.sub("", h) if _SPACED.match(h) else h for h in head]
    year_only: int | None = None
    for cand in _title_candidates(doc, paras, head):
        c = normalise_piece(_strip_marks(cand), traditional)
        c = _CN_YEAR.sub(lambda m: str(cn_number(m.group(1).replace("○", "〇").replace("O", "〇").replace("Ｏ", "〇"))), c)
        for m in title_matches(c):
            agency = clean_agency(m.group("agency"))
            if agency is None:
                # a title line's year stands even when what precedes it is no agency name
                if year_only is None and len(c) <= 60:
                    year_only = int(m.group("year"))
                continue
            return m.group(0), agency, int(m.group("year"))
    if year_only is None:
        for h in head[:3]:
            m = _TITLE_NO_YEAR.match(normalise_piece(_strip_marks(h), traditional))
            if m:
                agency = clean_agency(m.group("agency"))
                if agency:
                    return m.group(0), agency, None
    return None, None, year_only


def _title_candidates(doc: Document, paras: list[Paragraph], head: list[str]) -> Iterator[str]:
    """The texts a title is looked for in, in order, each once (the same text twice gives the same
    answer twice): a crawler header's title (the last one first), the page metadata's, each of
    the first six lines alone and joined with the next one or two (a title split over lines),
    then the first four paragraphs whole. Made one at a time: the title is usually among the
    first few, and a line joined with a long paragraph after it is a copy of that paragraph."""
    seen: set[str] = set()
    first: list[str] = []
    for p in paras:
        hm = _HEADER_TITLE.match(p.text.strip())
        if hm:
            first.insert(0, hm.group(1))
    if doc.meta.get("title"):
        first.append(doc.meta["title"])

    def joined() -> Iterator[str]:
        yield from first
        for i in range(len(head)):
            yield head[i]
            if i + 1 < len(head) and len(head[i]) <= 40:
                yield head[i] + head[i + 1]
                if i + 2 < len(head) and len(head[i + 1]) <= 20:
                    yield head[i] + head[i + 1] + head[i + 2]
        for p in paras[:4]:
            yield p.text

    for cand in joined():
        if cand not in seen:
            seen.add(cand)
            yield cand


def title_matches(text: str) -> Iterator[re.Match[str]]:
    """What ``rx.search(text)`` finds for each of ``_TITLE_RES`` (those that match, in order,
    each searched only when the caller asks for the next), searched from ``_TITLE_LEAD``
    characters before the first title tail."""
    tail = _TITLE_ANCHOR.search(text)
    if tail is None:
        return
    start = max(0, tail.start() - _TITLE_LEAD)
    for rx in _TITLE_RES:
        m = rx.search(text, start)
        if m is not None:
            yield m


# Markdown / heading marks around a title line: "# 沐阳县人民政府2025年…", "**…**", "【…】".
_LEAD_MARKS = re.compile(r"[\s#*>＃【\[]+")
_TAIL_MARKS = "*】]"


def _strip_marks(text: str) -> str:
    """``text`` without the marks (and whitespace) at its start and end. The end is stripped by
    ``rstrip`` (a pattern anchored at the end is tried at every position of a paragraph: a
    crawled page's first paragraph can be its whole text)."""
    t = text.strip()
    m = _LEAD_MARKS.match(t)
    if m is not None:
        t = t[m.end():]
    while True:
        u = t.rstrip().rstrip(_TAIL_MARKS)
        if u == t:
            return u
        t = u


_AGENCY_SUFFIX = re.compile(
    r"(厅|局|委员会|委|办公室|办公厅|人民政府|政府|管委会|管理委员会|中心|院|署|部|处|所|站|馆|队|会|"
    r"省|市|县|区|旗|州|盟|镇|乡|街道|实验区|新区|开发区)$")
_LEADING_NUM = re.compile(r"^[\d.、\s]+")
_FIRST_SENTENCE_AGENCY = re.compile(
    r"20\d{2}年(?:以来|度)?[,，]?\s*(?:我|本)?(?P<agency>[^,，。;:：\d我]{2,24}?(?:厅|局|委员会|办公室|办公厅|人民政府|管委会|中心|实验区|办事处|街道|乡|镇))"
    r"(?:坚持|深入|认真|紧紧|始终|全面|以|按照|围绕|持续|在|进一步|不断|严格|高度|积极|聚焦|扎实)")


def clean_agency(raw: str) -> str | None:
    """An agency name as found before the year in a title, or None when it is not one."""
    agency = _AGENCY_PREFIX.sub("", _strip_marks(raw)).strip("《\"“ #＃*")
    agency = _JOINT_PARTY.sub("", agency)
    agency = _LEADING_NUM.sub("", agency)
    if len(agency) < 2 or len(agency) > 40 or "报告" in agency or "." in agency:
        return None
    if not _AGENCY_SUFFIX.search(agency) or _NOT_A_NAME.search(agency):
        return None
    return agency


# "本报告…由安阳街道办事处结合有关统计数据编制": the body that compiled the report.
_COMPILED_BY = re.compile(
    r"由(?P<agency>[^,，。;:：\d由]{2,24}?(?:办事处|人民政府办公室|人民政府|政府办公室|办公室|厅|局|委员会|管委会|中心|街道|乡|镇))"
    r"(?:结合|根据|依据|负责|组织|牵头|编制|汇总|按照)")


def agency_from_text(doc: Document) -> str | None:
    """"2022年，河北省科学技术厅坚持…" / "2022年宜城市教育局全面…": the agency named at the start of
    总体情况; or the body the intro says compiled the report (由X结合…编制)."""
    for p in first_paragraphs(doc, 12):
        text = normalise_piece(p.text)[:3000]
        for rx in (_FIRST_SENTENCE_AGENCY, _COMPILED_BY):
            m = rx.search(text)
            if m:
                agency = clean_agency(m.group("agency"))
                if agency:
                    return agency
    return None


def province_of(doc: Document) -> str | None:
    """The one province a report names (e.g. 《河北省实施…办法》), if exactly one."""
    text = normalise_piece(" ".join(p.text for p in first_paragraphs(doc, 6)))[:6000]
    names = {p for p in PROVINCES if p in text}
    return names.pop() if len(names) == 1 else None


PROVINCES = ("河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省",
             "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省",
             "甘肃省", "青海省", "台湾省")


_YEAR_LEAD = re.compile(r"(20\d{2})年(?:以来|度|全年|,|，)")


def year_from_text(doc: Document) -> int | None:
    for p in first_paragraphs(doc, 8):
        m = _YEAR_LEAD.search(normalise_piece(p.text)[:400])
        if m:
            return int(m.group(1))
    return None


def find_period(stream: Stream) -> tuple[dt.date, dt.date] | None:
    m = _PERIOD.search(stream.text[:20000])
    if not m:
        return None
    try:
        y1 = int(m.group(1))
        y2 = int(m.group(4) or y1)
        return dt.date(y1, int(m.group(2)), int(m.group(3))), dt.date(y2, int(m.group(5)), int(m.group(6)))
    except ValueError:
        return None


def find_published(doc: Document) -> tuple[dt.date | None, int | None]:
    """The closing date line; else page metadata (发布日期/发布时间); else None."""
    last = last_paragraphs(doc, 4)
    for p in reversed(last):
        t = p.text.strip()
        if len(t) <= 24:
            d = parse_date(t)
            if d:
                return d, p.line
    # a glued document: the date closes the last paragraph
    if last:
        tail = last[-1].text.strip()[-16:]
        m = _CLOSING_DATE.search(tail)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), last[-1].line
            except ValueError:
                pass
    if doc.meta.get("published"):
        d = parse_date(doc.meta["published"])
        if d:
            return d, None
    for p in first_paragraphs(doc, 12):
        m = _META_DATE.search(p.text)
        if m:
            d = parse_date(m.group(1))
            if d:
                return d, p.line
    return None, None


def closing_agency(doc: Document) -> str | None:
    """The signature line just above the closing date."""
    paras = paragraphs(doc)
    for i in range(len(paras) - 1, max(-1, len(paras) - 4), -1):
        t = paras[i].text.strip()
        if len(t) <= 24 and parse_date(t) and i > 0:
            sig = paras[i - 1].text.strip()
            if 2 <= len(sig) <= 30 and not _SENTENCE_MARK.search(sig):
                return _strip_marks(sig)
    # a flattened page: "…六、其他需要报告的事项无河北省人力资源和社会保障厅2021年1月27日更多信息…"
    if paras:
        tail = normalise_piece(paras[-1].text[-400:])
        for m in _GLUED_DATE.finditer(tail):
            pre = tail[max(0, m.start() - 30):m.start()]
            for k in range(len(pre) - 1):
                cand = pre[k:]
                if cand.startswith(PROVINCES + _AUTONOMOUS) or (k and pre[k - 1] in "。;；:："):
                    agency = clean_agency(cand)
                    if agency:
                        return agency
    return None


_GLUED_DATE = re.compile(r"(20\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_AUTONOMOUS = ("北京市", "天津市", "上海市", "重庆市", "内蒙古自治区", "广西壮族自治区", "西藏自治区",
               "宁夏回族自治区", "新疆维吾尔自治区")


# ------------------------------------------------------------------------ sections

def split_sections(doc: Document, stream: Stream, headings: list[Heading],
                   table_spans: list[tuple[int, int]] = ()) -> list[Section]:
    """Assign every paragraph (original text) to its section; split glued paragraphs at headings.

    Short paragraphs inside a table's span are table cells laid out one per line: they belong to
    the table, not to the narrative.

    The block that holds each heading is found by bisecting the blocks' end offsets; the blocks
    between two of them go to the current section in one run (``_add_run``), and only the blocks
    that hold a heading are cut."""
    sections: list[Section] = [Section("intro", "", [], None)]
    hs = sorted(headings, key=lambda h: h.start)
    blocks, ends = doc.blocks, stream.block_ends
    n = min(len(blocks), len(ends))
    edges = [0, *ends]  # block i spans edges[i] … edges[i + 1]
    # a heading belongs to the first block that ends after its start
    at = [bisect.bisect_right(ends, h.start) for h in hs]
    hi = j = 0
    while j < n:
        k = min(at[hi], n) if hi < len(hs) else n  # the next block that holds a heading
        if k > j:
            _add_run(sections[-1], blocks, j, k, edges, table_spans)
            j = k
            continue
        block, b1 = blocks[j], ends[j]
        if isinstance(block, Grid):
            while hi < len(hs) and hs[hi].start < b1:
                h = hs[hi]
                sections.append(Section(h.key, _cell_heading(block, h), [], block.line))
                hi += 1
            j += 1
            continue
        text = block.text
        cuts: list[tuple[int, Heading]] = []
        while hi < len(hs) and hs[hi].start < b1:
            h = hs[hi]
            cuts.append((_locate(text, h, cuts[-1][0] if cuts else 0), h))
            hi += 1
        prev = 0
        for pos, h in cuts:
            _add(sections[-1], text[prev:pos], block.line)
            title_len = _title_len(text, pos, h)
            sections.append(Section(h.key, text[pos:pos + title_len].strip(), [], block.line))
            prev = pos + title_len
        _add(sections[-1], text[prev:], block.line)
        j += 1
    if not sections[0].paragraphs:
        sections.pop(0)
    _split_closing(sections)
    return sections


def _add_run(sec: Section, blocks: list, j: int, k: int, edges: list[int],
             table_spans: list[tuple[int, int]]) -> None:
    """Add ``blocks[j:k]``, which hold no heading, to ``sec``: every paragraph but the short ones
    inside a table's span (table cells one per line); a grid only when it is a table of problems
    in section 五 (存在问题 | 整改措施), whose rows then become pipe rows. Block ``i`` spans
    ``edges[i]`` … ``edges[i + 1]`` of the stream. A run no table span reaches (most runs) takes
    its paragraphs without looking at their offsets."""
    paras = sec.paragraphs
    # the table spans that can hold a block of this run (most runs: none)
    lo, hi = edges[j], edges[k]
    spans = [(a, z + 1) for a, z in table_spans if a <= hi and z + 1 >= lo]
    for i in range(j, k):
        block = blocks[i]
        if isinstance(block, Grid):
            if sec.key == "s5":
                _add_problem_grid(sec, block)
            continue
        text = block.text
        if spans and len(text) <= 40 and _inside(edges[i], edges[i + 1], spans):
            continue
        t = text.strip()  # (U+3000 is whitespace to ``str.strip``)
        if t:
            # the reader's paragraph itself when its text needs no stripping (the same class)
            paras.append(block if t is text else MPara(t, block.line))


def _add_problem_grid(sec: Section, block: Grid) -> None:
    """A grid in section 五 that is a table of problems (存在问题 | 整改措施): its rows as pipe rows."""
    from gxtui.extract import section5  # noqa: PLC0415

    if section5.is_problem_grid(block.text_rows(2)):
        for row in block.rows:
            _add(sec, " | ".join(c.text for c in row if not c.spanned), row[0].line
                 if row and row[0].line is not None else block.line)


def _inside(b0: int, b1: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``[b0, b1)`` lies inside one of the spans ``(start, end)``."""
    for a, z in spans:
        if a <= b0 and b1 <= z:
            return True
    return False


def _split_closing(sections: list[Section]) -> None:
    """The signature and date lines close the report; they are not part of section 六."""
    last = sections[-1] if sections else None
    if last is None or last.key == "intro" or len(last.paragraphs) < 2:
        return
    tail = last.paragraphs
    k = len(tail)
    if k and len(tail[-1].text) <= 24 and parse_date(tail[-1].text):
        k -= 1
        if k > 0 and len(tail[k - 1].text) <= 30 and not _SENTENCE_MARK.search(tail[k - 1].text):
            k -= 1
    if 0 < k < len(tail):
        sections.append(Section("closing", "", tail[k:], tail[k].line))
        del tail[k:]


def _cell_heading(block: Grid, h: Heading) -> str:
    for row in block.rows:
        for c in row:
            if c.text and normalise_piece(c.text).startswith(h.title[:4]):
                return c.text.strip()
    return h.title


def _add(sec: Section, text: str, line: int | None) -> None:
    t = text.strip()  # (U+3000 is whitespace to ``str.strip``)
    if t:
        sec.paragraphs.append(MPara(t, line))


@lru_cache(maxsize=64)
def _ordinal_mark(ordinal: str) -> re.Pattern[str]:
    """A heading's ordinal and its punctuation (``一、``, ``三 .``)."""
    return re.compile(re.escape(ordinal) + r"\s*[、.．,，]")


def _locate(text: str, h: Heading, start: int) -> int:
    for m in _ordinal_mark(h.title[0]).finditer(text, start):
        pos = m.start()
        if normalise_piece(text[pos:pos + len(h.title) * 3]).startswith(h.title[:6]):
            return pos
    return start


# Each character's own normal form (``normalise_piece`` of the character alone), looked up by
# ``str.translate``: the length of a stretch's translation is the sum of its characters' lengths.
_ONE_CHAR = CharTable(normalise_piece)


def _title_len(text: str, pos: int, h: Heading) -> int:
    """Length in original characters of a heading whose compact form is ``h.title``: the shortest
    stretch from ``pos`` whose characters' normal forms, one character at a time, add up to the
    title's length. Measured a stretch at a time with one ``translate`` (most characters are
    their own normal form); a stretch that could reach the length before its last character
    (a character that expands, such as ㈠, or one that vanishes, such as a space, at its end) is
    walked a character at a time."""
    target = len(h.title)
    n, i, end = 0, pos, len(text)
    while i < end and n < target:
        chunk = text[i:i + target - n]
        m = n + len(chunk.translate(_ONE_CHAR))
        if m < target or (m == target and _ONE_CHAR[ord(chunk[-1])]):
            n, i = m, i + len(chunk)
            continue
        for ch in chunk:
            n += len(_ONE_CHAR[ord(ch)])
            i += 1
            if n >= target:
                break
    return i - pos


# ------------------------------------------------------------------------ section 五

def problems_and_improvements(sec: Section | None) -> tuple[list[Item], list[Item]]:
    """Section 五 as items (see ``gxtui.extract.section5``)."""
    from gxtui.extract import section5  # noqa: PLC0415

    return section5.split(sec)


# ------------------------------------------------------------------------ section 六 fees

_FEE_AMOUNT = re.compile(r"信息处理费[^。;]{0,40}?(?:共计|合计|总计|金额|为|计|收取|共|达)?\s*(\d+(?:\.\d+)?)\s*(万元|元)")
_FEE_AMOUNT_BEFORE = re.compile(r"(?:收取|收缴|收到)[^。;]{0,10}?(\d+(?:\.\d+)?)\s*(万元|元)[^。;]{0,6}信息处理费")
_FEE_NONE = re.compile(r"(未|没有|无|不|均未|未曾|暂未|尚未)[^。;]{0,12}?(收取|收缴|产生|发生|涉及|发出|开具)?[^。;]{0,8}?信息处理费|信息处理费[^。;]{0,10}?(为零|为0|0元|无)")


def info_fee(sec: Section | None, traditional: bool = False) -> tuple[float | None, int | None, bool]:
    """(amount in 元, line, mentioned) of the 信息处理费 stated in section 六."""
    if sec is None:
        return None, None, False
    mentioned = False
    for p in sec.paragraphs:
        c = normalise_piece(p.text, traditional)
        if "信息处理费" not in c and "处理费" not in c:
            continue
        mentioned = True
        m = _FEE_AMOUNT.search(c) or _FEE_AMOUNT_BEFORE.search(c)
        if m:
            v = float(m.group(1))
            if m.group(2) == "万元":
                v *= 10000
            return v, p.line, True
        if _FEE_NONE.search(c):
            return 0.0, p.line, True
    # no word 信息处理费, but one of the usual ways of saying no fee was charged
    # (政府信息公开未发生收费情况, 未收取任何费用; narrative.toml [fees] none)
    for p in sec.paragraphs:
        c = normalise_piece(p.text, traditional)
        if "收费通知" in c or not any(rx.search(c) for rx in _fee_none_words()):
            continue
        return 0.0, p.line, True
    return None, None, mentioned


@lru_cache(maxsize=1)
def _fee_none_words() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(x) for x in templates.narrative()["fees"]["none"])


# ------------------------------------------------------------------------ stated counts

@dataclass(frozen=True)
class Stated:
    """One count the narrative states (``全年共收到政府信息公开申请13件``), with its scope."""

    key: str  # the claim: received / disclosed / handled / carried_in / carried_out / review / lawsuits
    table: str
    row: str
    col: str
    value: int
    quote: str  # the wording as printed
    section: str
    line: int | None
    part: bool = False  # a part of a larger figure: in parentheses or after 其中/含/包括
    narrower: bool = False  # about a narrower body (…代表…受理, 本级)
    other_scope: bool = False  # about another scope or period (系统, 同比, 去年…)
    other_year: bool = False  # a year other than the report's named before the figure
    disclosure_context: bool = True  # the sentence speaks of 信息公开 (needed for table 四 counts)
    total: bool = False  # the claim names a whole (received, handled, reviews, lawsuits)

    @property
    def in_scope(self) -> bool:
        """Whether the figure is this report's own quantity, comparable with the table."""
        return not (self.narrower or self.other_scope or self.other_year or (self.total and self.part)
                    or not self.disclosure_context)


@dataclass(frozen=True)
class _Claim:
    key: str
    table: str
    row: str
    col: str
    pattern: re.Pattern[str]
    total: bool
    disclosure_context: bool


@lru_cache(maxsize=1)
def _stated_words() -> tuple[tuple[_Claim, ...], re.Pattern[str], re.Pattern[str], re.Pattern[str],
                             tuple[str, ...], tuple[re.Pattern[str], ...]]:
    d = templates.narrative()
    st = d["stated"]
    claims = tuple(_Claim(c["key"], c["table"], c["row"], c["col"], re.compile(c["pattern"] + st["number"]),
                          bool(c.get("total")), bool(c.get("disclosure_context"))) for c in st["claim"])
    scope = d["scope"]
    return (claims, re.compile(st["hint"]), re.compile(st["words"]), re.compile(st["other_scope"]),
            tuple(scope["subset_before"]), tuple(re.compile(x) for x in scope["narrower_subject"]))


_STATED_SENTENCE = re.compile(r"[^。；;！!？?\n\u3000]+")
_SENTENCE_END = re.compile(r"[。；;！!？?\n\u3000]")  # what ``_STATED_SENTENCE`` stops at
_YEAR_NAMED = re.compile(r"(20\d\d)\s*年")
_PART_GAP = re.compile(r"[\s，,：:]")


def is_part(sentence: str, start: int) -> bool:
    """The figure at ``start`` is a part of a larger one: inside an open parenthesis
    (``答复3050件（含上年度结转申请34件）``) or right after 其中/含/包括."""
    return _is_part(sentence[:start], _stated_words()[4])


def _is_part(before: str, subset: tuple[str, ...]) -> bool:
    """``is_part`` of a figure after ``before``; ``subset``: the words a part follows."""
    if before.count("（") + before.count("(") > before.count("）") + before.count(")"):
        return True
    tail = _PART_GAP.sub("", before[-8:])
    # a word of ``subset`` ends the tail or lies in its last four characters
    return tail.endswith(subset) or any(map(tail[-4:].__contains__, subset))


def _counted_sentences(text: str, hint: re.Pattern[str], words: re.Pattern[str]) -> Iterator[str]:
    """The sentences of ``text`` (runs of ``_STATED_SENTENCE``) holding a claim word and a hint,
    in order: what cutting out every sentence and testing each gives, at a fraction of the cost
    (a paragraph has many sentences and few claim words).

    Only the sentences where a search of the paragraph finds a claim word are cut out and tested.
    The search goes on from the end of the last sentence tested, so it reaches every sentence's
    own first claim word (the word patterns have no anchors: a match inside a sentence is a match
    in the paragraph)."""
    pos, n = 0, len(text)
    rev = ""  # the paragraph reversed: a sentence's start is the first end found backwards
    while (w := words.search(text, pos)) is not None:
        a = w.start()
        end_m = _SENTENCE_END.search(text, a)
        end = end_m.start() if end_m is not None else n
        if end == a:  # the word starts on a sentence end: no sentence holds that position
            pos = a + 1
            continue
        if not rev:
            rev = text[::-1]
        back = _SENTENCE_END.search(rev, n - a)
        sentence = text[n - back.start() if back is not None else 0:end]
        pos = end
        # the word found lies in the sentence unless it runs past its end: then test it again
        if hint.search(sentence) and (w.end() <= end or words.search(sentence)):
            yield sentence


StatedHit = tuple[_Claim, Section, MPara, str, re.Match[str]]


def stated_hits(sections: Iterable[Section],
                keys: tuple[str, ...] = ("intro", "s1", "s3", "s4")) -> Iterator[StatedHit]:
    """Every claim wording with its figure in the narrative of ``sections`` (those with ``keys``),
    in the order ``stated_counts`` lists them: (claim, section, paragraph, sentence, match), before
    any scope is judged. Judging the scope (``stated_of``) costs more than finding the figure, and
    rule X-1 needs it only for the few figures that disagree with the table."""
    claims, hint, words, *_ = _stated_words()
    for sec in sections:
        if sec.key not in keys:
            continue
        for p in sec.paragraphs:
            for sentence in _counted_sentences(p.text, hint, words):
                for c in claims:
                    for hit in c.pattern.finditer(sentence):
                        yield c, sec, p, sentence, hit


def is_narrower(sentence: str, end: int) -> bool:
    """The figure ending at ``end`` of ``sentence`` is about a narrower body (…代表…受理, 本级)."""
    upto = sentence[:end]
    return any(rx.search(upto) for rx in _stated_words()[5])


def stated_of(c: _Claim, sec: Section, p: MPara, sentence: str, hit: re.Match[str],
              year: int | None) -> Stated:
    """The ``Stated`` of one ``stated_hits`` item, its scope judged (``year``: the report's)."""
    _, _, _, other, subset, _ = _stated_words()
    a, b = hit.span()
    before = sentence[:a]
    return Stated(
        c.key, c.table, c.row, c.col, int(hit.group("n")), hit.group(0), sec.key, p.line,
        part=_is_part(before, subset),
        narrower=is_narrower(sentence, b),
        other_scope=other.search(before) is not None,
        other_year=year is not None and any(int(y) != year for y in _YEAR_NAMED.findall(before)),
        disclosure_context=not c.disclosure_context or "信息公开" in sentence,
        total=c.total)


def stated_counts(sections: Iterable[Section], year: int | None,
                  keys: tuple[str, ...] = ("intro", "s1", "s3", "s4")) -> list[Stated]:
    """Every count the narrative of ``sections`` (those with ``keys``) states, in order, each with
    its scope (``Stated.in_scope`` says whether it is this report's own quantity)."""
    return [stated_of(*h, year) for h in stated_hits(sections, keys)]
