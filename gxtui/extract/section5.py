"""Section 五 as items: the problems list and the improvement measures, one item each.

Real reports write section 五 in many ways (format.md §6.10); this module reads them all with one
procedure, driven by the wordings in ``templates/narrative.toml``:

1. The section's paragraphs are joined into one text (paragraph breaks kept as ``\\n``; a line
   that does not end a sentence is a wrapped line and runs on). Sub-headings — ``（一）存在的主要
   问题`` / ``（二）改进情况``, ``存在问题`` / ``改进措施``, on their own line or glued in front of
   the first item — set the list that follows.
2. The text is cut at *boundaries*: an item marker (``一是`` ``（一）`` ``1、`` ``第一，`` ``①``) after
   a sentence end, a colon or a paragraph break (after a comma only when it continues the
   numbering), a sentence that starts the measures (``下一步…`` ``针对上述问题…`` ``2024年，我区将…``),
   and a paragraph break after a sentence end.
3. Pieces are read in order. Until a sub-heading or a measures lead-in says otherwise they are
   problems, after it improvements; a numbering that starts again (一是… after 二是…) without a
   lead-in starts the measures too, and a problems numbering that goes on after a measure
   sentence (一是A不够。下一步将加强A。二是B不足。…) returns to the problems. Within one list,
   unnumbered text before the first numbered item is a lead-in and never an item (what follows
   its last colon is, when the first measure was printed without its number); an unnumbered
   paragraph after the numbered items is one more item; a numbering of another kind inside an
   item (一是…：1.…；2.…) stays in that item. Page footers (``— 4 —``) and Markdown marks are
   dropped; ``无。`` is no item.
4. A list without numbering: problems are taken from the inline list of the sentence that states
   them — ``如：A；B；C``, ``主要是：A，B，C``, ``存在A、B、C等问题``, ``存在一些不足，A，B`` — and a
   clause after ``等问题，`` is one more problem unless it is a general remark (``与…相比还有差
   距``). A list is split at ``；``, at ``、`` inside ``如…等`` / ``存在…等问题``, and at ``，`` only
   when every piece states a problem (a word of ``problem_cues``); otherwise it is kept whole.
   Without an inline list, each sentence that states a problem is one (its ``虽然…取得…成效，
   但`` context cut off). Measures without numbering are one item per sentence, and a sentence
   ``下一步，我们将A；B；C`` is three, the shared ``下一步，我们将`` dropped.

An item's text has no marker, no trailing ``；``/``。``/``，`` and no closing ``等``; the marker as
printed (``label``) and the source line of its first character are kept beside it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, partial

from gxtui import templates
from gxtui.extract.starts import Starts, unrolled
from gxtui.model import Item, Paragraph as MPara, Section
from gxtui.normalize import CharTable, _t2s

_CN_NUM = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}
_CIRCLED = {c: i + 1 for i, c in enumerate("①②③④⑤⑥⑦⑧⑨⑩")}
_PUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_SENT_END = "。；！？"
_STRONG = "。；！？：\n"
_LEAD_PREV = ("", *_SENT_END, "\n")  # what a measures lead-in follows: nothing or a sentence end
_SPACE = " \t\u3000\u00a0"
_TRIM = "；。，、：" + _SPACE + ";,.:"


@dataclass
class _Seg:
    start: int  # offset in the joined text
    end: int
    label: str | None = None  # the marker as printed
    ordinal: int | None = None
    kind: str | None = None  # which marker pattern
    lead: bool = False  # starts with a measures lead-in
    mode: str | None = None  # "P" / "I" set by a sub-heading just before


class _Words:
    """The compiled wordings of narrative.toml [section5]."""

    def __init__(self) -> None:
        d = templates.narrative()["section5"]
        line = r"^(?:[（(]?\s*[一二三123]\s*[)）.、．]?)?\s*{}\s*[：。]?"
        self.sub_p = re.compile(line.format(d["subhead_problems"]))
        self.sub_i = re.compile(line.format(d["subhead_improvements"]))
        # either, in one match of each paragraph (a problems heading is tried first, as on its own)
        self.sub_any = re.compile(f"(?P<P>{self.sub_p.pattern})|(?P<I>{self.sub_i.pattern})")
        inline = r"[（(]\s*[一二三123]\s*[)）]\s*"
        # glued inside a paragraph: with its bracketed number, or (after a sentence end) its colon
        self.sub_inline = Starts(re.compile(
            "(?P<p>" + inline + d["subhead_problems"] + r"[：。]?|" + d["subhead_problems"] + "：)|(?P<i>"
            + inline + d["subhead_improvements"] + r"[：。]?|" + d["subhead_improvements"] + "：)"))
        self.markers = [re.compile(m) for m in d["markers"]]
        # (the pattern each marker is found with, its kind): the same matches, a leading repeat
        # written out so that the engine skips to where a marker can begin (``starts.unrolled``)
        self.marker_scans = [(unrolled(rx), rx.pattern) for rx in self.markers]
        self.bullet = self.markers[-1].pattern  # the kind of a list bullet (numbered by its place)
        self.item_starts = [re.compile(r"\s*" + m) for m in d["markers"]]  # ``_starts_item``
        self.lead = Starts(re.compile("(?:" + "|".join(d["improvement_lead"]) + ")"))
        self.shared_lead = re.compile(d["shared_lead"])
        self.inline = [(re.compile(x["pattern"]), bool(x.get("enclosed")), bool(x.get("tail")), bool(x.get("cue")))
                       for x in d["inline_list"]]
        self.no_problem = re.compile(d["no_problem_statement"])
        self.table_p = re.compile(d["table_problems"])
        self.table_i = re.compile(d["table_improvements"])
        self.cues = tuple(d["problem_cues"])
        self.generic = [re.compile(p) for p in d["generic_remarks"]]
        self.context = re.compile(d["context_cut"])
        self.empty = re.compile(d["empty_statement"])
        self.closing = re.compile(d["closing_remarks"])


@lru_cache(maxsize=1)
def _words() -> _Words:
    return _Words()


def _shadow_char(c: str, traditional: bool) -> str:
    """One character of ``shadow`` (worked out once per character by ``_SHADOW``)."""
    if c in _PUNCT:
        return _PUNCT[c]
    n = unicodedata.normalize("NFKC", c)
    if len(n) == 1 and n.isdigit():
        c = n
    elif n in _PUNCT:
        c = _PUNCT[n]
    if traditional and "\u4e00" <= c <= "\u9fff":
        c = _t2s(c)
    return c


_SHADOW = {t: CharTable(partial(_shadow_char, traditional=t)) for t in (False, True)}


# The characters of ASCII and GB2312 that ``shadow`` changes (with ``traditional`` or without:
# those without are a subset), written out from ``_shadow_char`` over every GB2312 character;
# tests/test_narrative_speed.py checks the list against it.
GB2312_CHANGED = "!(),:;?①②③④⑤⑥⑦⑧⑨乾吒夥後徵拚捱摺於榘渖甯矽菸薹谘醣醯钜锺镟馀麴麽０１２３４５６７８９"
_CHANGED = re.compile("[" + re.escape(GB2312_CHANGED) + "]")


def shadow(text: str, traditional: bool = True) -> str:
    """A same-length copy of ``text`` for matching: simplified characters, Chinese punctuation,
    half-width digits. Offsets in it are offsets in ``text``.

    ``str.translate`` through a table that is a dict costs ~90 ns a character; a text GB2312
    encodes (the encoder is C) and that holds none of ``GB2312_CHANGED`` is its own shadow, which
    one encode and one class search tell at a few ns a character. Any other text is translated."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return text.translate(_SHADOW[bool(traditional)])
    if _CHANGED.search(text) is None:
        return text
    return text.translate(_SHADOW[bool(traditional)])


def translated_shadow(text: str, traditional: bool = True) -> str:
    """``shadow`` without its shortcut: the text through the table (what the shortcut must equal)."""
    return text.translate(_SHADOW[bool(traditional)])


# ---------------------------------------------------------------------------------- public
def split(sec: Section | None) -> tuple[list[Item], list[Item]]:
    """(problems, improvements) of section 五 (``None``: no section, no items)."""
    if sec is None or not sec.paragraphs:
        return [], []
    rest, tp, ti = _problem_table(sec.paragraphs)
    if tp or ti:
        p, i = _Reader(Section(sec.key, sec.title, rest, sec.line)).read() if rest else ([], [])
        return p + tp, i + ti
    return _Reader(sec).read()


_INTRODUCES_TABLE = re.compile(r"(?:[：:]|如下[。：:]?|下表[。：:]?)\s*$")
_PIPE_ROW = re.compile(r"^\s*\|?[^|\n]*(?:\|[^|\n]*)+\|?\s*$")
_RULE_CELL = re.compile(r"^:?-{2,}:?$")


def _cells(text: str) -> list[str]:
    t = text.strip()
    if t.startswith("|"):
        t = t[1:]
    if t.endswith("|"):
        t = t[:-1]
    return [c.strip() for c in t.split("|")]


def is_problem_grid(rows: list[list[str]]) -> bool:
    """A grid whose heading row names a problems column (存在问题 | 整改措施)."""
    w = _words()
    return any(w.table_p.match(shadow(c.strip())) or w.table_i.match(shadow(c.strip()))
               for row in rows[:2] for c in row)


def _problem_table(paras: list) -> tuple[list, list[Item], list[Item]]:
    """A table of problems inside section 五 (``存在问题 | 整改措施`` and one pipe row per problem,
    as Markdown or as the rows of a grid): each row's problem cell is a problem, its measure cell
    an improvement. Returns the paragraphs outside the table and the items of the table."""
    if not any("|" in p.text for p in paras):
        return list(paras), [], []  # no pipe row (``_PIPE_ROW`` needs a bar): no table
    w = _words()
    rest: list = []
    probs: list[Item] = []
    imps: list[Item] = []
    cols: tuple[int | None, int | None] | None = None
    for p in paras:
        text = p.text
        if not _PIPE_ROW.match(text):
            cols = None
            rest.append(p)
            continue
        cells = [shadow(c) for c in _cells(text)]
        pc = next((k for k, c in enumerate(cells) if w.table_p.match(c)), None)
        ic = next((k for k, c in enumerate(cells) if w.table_i.match(c)), None)
        if pc is not None or ic is not None:
            cols = (pc, ic)
            if rest and _INTRODUCES_TABLE.search(rest[-1].text):
                rest.pop()  # the sentence introducing the table is no item
            continue
        if cols is None:
            rest.append(p)
            continue
        if all(_RULE_CELL.match(c) or not c for c in cells):
            continue
        raw = _cells(text)
        for k, out in zip(cols, (probs, imps)):
            if k is not None and k < len(raw) and len(_core(raw[k])) >= 2:
                out.append(Item(_clean(raw[k]), p.line, None))
    return rest, probs, imps


def lost_section(sections: list[Section], paragraphs: list | None = None) -> Section | None:
    """Section 五 when its heading was lost: the paragraphs from a stand-in sub-heading
    (``（一）主要问题``) or from the sentence that states the problems (``…取得了…成绩，但仍存在
    不足``) in the section before 六 (or the last one), up to the next numbered section heading.
    Failing that, a whole-line problems sub-heading anywhere in ``paragraphs`` (the document's,
    for text whose short lines were taken for table cells) followed by an improvements one."""
    keys = [s.key for s in sections]
    if "s5" in keys:
        return None
    order = ["s4", "s3", "s2", "s1", "intro"]
    if "s6" in keys:
        pool = [s for s in sections[:keys.index("s6")] if s.key in order][-1:]
    else:
        pool = [s for s in sections if s.key in order][-1:]
    for s in pool:
        found = _stand_in(s.paragraphs, sentence=True)
        if found:
            return found
    if paragraphs:
        return _stand_in(paragraphs, sentence=False)
    return None


def _stand_in(paras: list, sentence: bool) -> Section | None:
    w = _words()
    start = None
    cut = 0
    for k, p in enumerate(paras):
        t = shadow(p.text).strip(_SPACE)
        m = w.sub_p.match(t)
        if m and not t[m.end():].strip(_SPACE):
            if sentence or any(w.sub_i.match(shadow(q.text).strip(_SPACE)) for q in paras[k + 1:k + 40]):
                start, cut = k, 0
                break
        if sentence and start is None:
            sm = _PROBLEM_SENTENCE.search(t)
            if sm and w.context.search(t[sm.start():]):
                start, cut = k, sm.start()
    if start is None:
        return None
    out = []
    for k, p in enumerate(paras[start:]):
        if k and _SECTION_HEADING.match(p.text):
            break
        text = p.text[cut:] if k == 0 else p.text
        out.append(MPara(text, p.line))
    return Section("s5", "", out, out[0].line)


_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十][、.．]")
# a sentence stating the problems: its start is the start of the stand-in section 五
_PROBLEM_SENTENCE = re.compile(
    r"(?:^|(?<=[。！？]))[^。！？]*?(?:取得[^。]*?(?:成效|成绩|进展|效果)|运行状况较好)[^。]*?"
    r"(?:存在[^。]{0,40}?(?:问题|不足|短板|差距)|仍有[^。]{0,10}(?:不足|差距|改进))")


# ---------------------------------------------------------------------------------- reader
class _Reader:
    def __init__(self, sec: Section) -> None:
        self.w = _words()
        parts: list[str] = []
        shs: list[str] = []
        self.lines: list[tuple[int, int | None]] = []
        self._starts: list[int] = []  # the offsets of ``lines``, for ``line_of``
        self.switch: dict[int, str] = {}
        pos = 0
        for p in sec.paragraphs:
            text = _strip_md(p.text.strip(_SPACE + "\r\n"))
            if not text or _PAGE_FOOTER.match(text):
                continue
            sh = shadow(text)
            # a sub-heading in front of the paragraph
            mode = None
            head = self._subheading(sh)
            if head is not None:
                mode, end = head
                text, sh = text[end:].lstrip(_SPACE), sh[end:].lstrip(_SPACE)
            if parts:
                parts.append("\n")
                pos += 1
            if mode is not None:
                self.switch[pos] = mode
            self.lines.append((pos, p.line))
            self._starts.append(pos)
            parts.append(text)
            shs.append(sh)
            pos += len(text)
        self.text = "".join(parts)
        self.sh = "\n".join(shs)
        # sub-headings glued inside a paragraph: （二）下一步改进措施一是…
        for m in self.w.sub_inline.finditer(self.sh):
            if m.start() == 0 or self.sh[m.start() - 1] in _STRONG + _SPACE:
                self.switch[m.end()] = "P" if m.group("p") else "I"
                self._blank(m.start(), m.end())

    def _subheading(self, sh: str) -> tuple[str, int] | None:
        """("P" or "I", where it ends) for a sub-heading in front of a paragraph (``sh``, its
        shadow): the whole paragraph, or ending in ``：``/``。``, or followed by an item marker."""
        m = self.w.sub_any.match(sh)
        if m is None:
            return None
        kind = "P" if m.group("P") is not None else "I"
        if _heads(sh, m):
            return kind, m.end()
        if kind == "P":  # not heading this paragraph as a problems heading: as an improvements one?
            m = self.w.sub_i.match(sh)
            if m is not None and _heads(sh, m):
                return "I", m.end()
        return None

    def _blank(self, a: int, b: int) -> None:
        self.text = self.text[:a] + " " * (b - a) + self.text[b:]
        self.sh = self.sh[:a] + " " * (b - a) + self.sh[b:]

    def line_of(self, off: int) -> int | None:
        k = bisect.bisect_right(self._starts, off) - 1
        return self.lines[k][1] if k >= 0 else None

    # -- boundaries
    def _segments(self) -> list[_Seg]:
        sh = self.sh
        cuts: dict[int, _Seg] = {}
        for off, mode in self.switch.items():
            cuts[off] = _Seg(off, 0, mode=mode)
        # markers
        cands = []
        for scan, kind in self.w.marker_scans:
            for m in scan.finditer(sh):
                cands.append((m.start(), m.end(), m.group("m"), _ordinal(m.group("o")), kind))
        cands.sort()
        last: tuple[int, str] | None = None
        last_end = -1
        content_end = len(sh.rstrip())  # a marker at the very end starts no item
        for a, b, label, ordn, kind in cands:
            if a < last_end:
                continue  # inside a marker taken already
            prev = _prev_char(sh, a)
            strong = prev == "" or prev in _STRONG or (a in self.switch) or _after_switch(self.switch, sh, a)
            weak = prev == "，" and last is not None and last[1] == kind and ordn == last[0] + 1
            if not weak and ordn == 1 and kind == self.w.markers[0].pattern and prev in "将要拟":
                # 一是 right after 将/要/拟 (…我们将一是加强培训，二是…): a marker when its 二是
                # follows after a ，/； in the same sentence (标准统一是难点，二是… is none)
                nxt = next((c for c in cands if c[0] > b and c[4] == kind and c[3] == 2), None)
                weak = nxt is not None and "。" not in sh[b:nxt[0]] and _prev_char(sh, nxt[0]) in "，；"
            if not (strong or weak) or b >= content_end:
                continue
            if kind == self.w.bullet:
                # a bullet counts by its place in a run of bullets (a paragraph of other text
                # between two bullets starts a new run)
                between = sh[last_end:a].split("\n")[1:-1]
                run_on = last is not None and last[1] == kind and not any(x.strip(_SPACE) for x in between)
                ordn = last[0] + 1 if run_on else 1
            seg = cuts.get(a) or _Seg(a, 0)
            seg.label, seg.ordinal, seg.kind = self.text[a:b].strip(), ordn, kind
            cuts[a] = seg
            last = (ordn, kind)
            last_end = b
        # a bullet's item ends with its line (bullets are not wrapped lines)
        for a, seg in list(cuts.items()):
            if seg.kind == self.w.bullet:
                nl = sh.find("\n", a)
                if nl >= 0 and nl + 1 < len(sh) and nl + 1 not in cuts and sh[nl + 1:].strip(_SPACE + "\n"):
                    cuts[nl + 1] = _Seg(nl + 1, 0)
        # measures lead-ins at a sentence start
        for m in self.w.lead.finditer(sh):
            a = m.start()
            prev = _prev_char(sh, a)
            if prev not in _LEAD_PREV:
                continue
            if a in cuts and cuts[a].label:
                continue
            seg = cuts.get(a) or _Seg(a, 0)
            seg.lead = True
            cuts[a] = seg
        # paragraph breaks after a sentence end (and 　　 paragraph marks of flattened text)
        for m in _PARA_BREAK.finditer(sh):
            b = m.end()
            if b < len(sh) and b not in cuts:
                cuts[b] = _Seg(b, 0)
        if 0 not in cuts:
            cuts[0] = _Seg(0, 0)
        segs = [cuts[k] for k in sorted(cuts)]
        for s, nxt in zip(segs, segs[1:] + [None]):
            s.end = nxt.start if nxt else len(sh)
        return [s for s in segs if self.sh[s.start:s.end].strip(_SPACE + "\n") or s.mode]

    # -- reading
    def read(self) -> tuple[list[Item], list[Item]]:
        segs = self._segments()
        mode = "P"
        runs: list[tuple[str, list[_Seg]]] = []
        last_p: _Seg | None = None  # the last numbered problem
        by_lead = False  # the measures started at a lead-in sentence, not at a sub-heading
        i_numbered = False  # a numbered measure was seen since
        for s in segs:
            new_mode = mode
            if s.mode:
                new_mode = s.mode
                by_lead = False
                if s.mode == "P":
                    last_p = None
            elif s.lead and not s.label and mode == "P":
                new_mode, by_lead, i_numbered = "I", True, False
            elif (mode == "P" and s.label and s.ordinal == 1 and last_p is not None
                  and last_p.kind == s.kind and (last_p.ordinal or 0) >= 1):
                # the numbering starts again without a lead-in: the measures' list (its
                # sub-heading lost)
                new_mode, by_lead, i_numbered = "I", False, True
            elif (mode == "I" and by_lead and not i_numbered and s.label and last_p is not None
                  and s.kind == last_p.kind and s.ordinal == (last_p.ordinal or 0) + 1):
                # problem and measure in turn (一是A不够。下一步将加强A。二是B不足。…): the
                # problems' numbering goes on after a measure sentence
                new_mode = "P"
            elif mode == "I" and s.label:
                i_numbered = True
            if new_mode == "P" and s.label:
                last_p = s
            if not runs or new_mode != mode or s.mode:
                runs.append((new_mode, []))
            mode = new_mode
            if self.sh[s.start:s.end].strip(_SPACE + "\n"):
                runs[-1][1].append(s)
        out: dict[str, list[Item]] = {"P": [], "I": []}
        for mode, run in runs:
            if run:
                out[mode].extend(self._run(mode, run))
        return out["P"], out["I"]

    def _run(self, mode: str, run: list[_Seg]) -> list[Item]:
        items: list[Item] = []
        first = next((k for k, s in enumerate(run) if s.label), None)
        if first is None:
            for s in run:
                items += (self._prose_problems if mode == "P" else self._prose_measures)(s.start, s.end)
            return items
        # lead-in before the first numbered item: never an item, but what follows its last colon is
        pre = run[first - 1] if first else None
        if pre is not None:
            seg_sh = self.sh[pre.start:pre.end]
            colon = seg_sh.rfind("：")
            if colon >= 0:
                rest = self._item(pre.start + colon + 1, pre.end, None)
                if rest and len(_core(rest.text)) >= 6:
                    items.append(rest)
        # items of the run's numbering; a numbering of another kind after one of its items is a
        # list inside that item (一是加强培训：1.…；2.…), kept in it
        primary = run[first].kind
        spans: list[list] = []
        for s in run[first:]:
            if s.label and s.kind != primary and spans and spans[-1][2] is not None:
                spans[-1][1] = s.end
            elif s.label:
                spans.append([s.start + len(s.label), s.end, s.label, s.start])
            else:
                spans.append([s.start, s.end, None, None])
        for a, b, label, at in spans:
            for m in _SENTENCE_GAP.finditer(self.sh[a:b]):
                if self.w.closing.match(self.sh[a + m.end():b]):
                    b = a + m.start() + 1  # a remark closing the list ends the item
                    break
            it = self._item(a, b, label, at)
            if it:
                items.append(it)
        return items

    def _item(self, a: int, b: int, label: str | None, at: int | None = None) -> Item | None:
        text = _clean(self.text[a:b])
        if len(_core(text)) < 2:
            return None
        return Item(text, self.line_of(at if at is not None else _skip(self.text, a)), label)

    # -- unnumbered prose
    def _sentences(self, a: int, b: int) -> list[tuple[int, int]]:
        out = []
        start = a
        for m in _SENTENCE_STOP.finditer(self.sh[a:b]):
            out.append((start, a + m.end()))
            start = a + m.end()
        if self.sh[start:b].strip(_SPACE + "\n"):
            out.append((start, b))
        return out

    def _prose_problems(self, a: int, b: int) -> list[Item]:
        items: list[Item] = []
        sents = self._sentences(a, b)
        for sa, sb in sents:
            items += self._inline_list(sa, sb)
        if items:
            return items
        for sa, sb in sents:
            t = self.sh[sa:sb]
            if any(c in t for c in self.w.cues):
                m = self.w.context.match(t)
                cut = sa + (m.end() if m else 0)
                lead = _BUT.match(self.sh[cut:sb])
                if lead:
                    cut += lead.end()
                if self.w.empty.match(_clean(self.sh[cut:sb])):
                    continue  # "但也存在一些问题。": says there are problems, names none
                if self.w.no_problem.match(_clean(self.sh[sa:sb])):
                    continue  # "本年度未发现…明显问题。": says there is none
                pieces = _cut(self.sh[cut:sb], "；", cut)
                if len(pieces) < 2 or not all(any(c in self.sh[pa:pb] for c in self.w.cues) for pa, pb in pieces):
                    pieces = [(cut, sb)]  # A；B only when each states a problem
                for pa, pb in pieces:
                    it = self._item(pa, pb, None)
                    if it:
                        items.append(it)
        if not items and not _NOTHING.match(_core(self.sh[a:b])) and \
                not self.w.no_problem.match(_clean(self.sh[a:b])):
            it = self._item(a, b, None)
            if it:
                items.append(it)
        return items

    def _inline_list(self, a: int, b: int) -> list[Item]:
        t = self.sh[a:b]
        for rx, enclosed, has_tail, cue in self.w.inline:
            m = rx.search(t)
            if not m:
                continue
            la, lb = a + m.start("list"), a + m.end("list")
            pieces = self._split_list(la, lb, enclosed)
            if not pieces:
                continue
            if cue and not all(any(c in self.sh[pa:pb] for c in self.w.cues) for pa, pb in pieces):
                continue  # this pattern only for pieces that each state a problem
            items = [it for it in (self._item(pa, pb, None) for pa, pb in pieces) if it]
            # a clause after 等问题，: one more problem unless a general remark
            tail = t[m.end():].lstrip("，；、 ")
            if tail and has_tail:
                for ta, tb in self._clauses(a + len(t) - len(tail), b):
                    ct = self.sh[ta:tb]
                    if any(c in ct for c in self.w.cues) and not any(g.search(ct) for g in self.w.generic):
                        it = self._item(ta, tb, None)
                        if it:
                            items.append(it)
                    break
            return items
        return []

    def _clauses(self, a: int, b: int) -> list[tuple[int, int]]:
        """The rest of a sentence after a list, as one clause (up to ；/。)."""
        m = _CLAUSE_END.search(self.sh[a:b])
        return [(a, a + m.start() if m else b)]

    def _split_list(self, a: int, b: int, enclosed: bool) -> list[tuple[int, int]]:
        s = self.sh[a:b]
        for seps in ("；", "，、" if enclosed else "，", "、" if enclosed else ""):
            if not seps:
                continue
            pieces = _cut(s, seps, a)
            if len(pieces) < 2:
                continue
            if seps == "，" and not all(any(c in self.sh[pa:pb] for c in self.w.cues) for pa, pb in pieces):
                continue
            if seps == "，、":
                # 、 and ， together: split at both only when every piece states a problem,
                # else at 、 alone inside the list bounds
                if not all(any(c in self.sh[pa:pb] for c in self.w.cues) for pa, pb in pieces):
                    continue
            return pieces
        return [(a, b)]

    def _prose_measures(self, a: int, b: int) -> list[Item]:
        items: list[Item] = []
        for sa, sb in self._sentences(a, b):
            pieces = _cut(self.sh[sa:sb], "；", sa)
            if len(pieces) >= 2:
                pa, pb = pieces[0]
                m = self.w.shared_lead.match(self.sh[pa:pb])
                if m and len(_core(self.sh[pa + m.end():pb])) >= 4:
                    pieces[0] = (pa + m.end(), pb)
            for pa, pb in pieces:
                it = self._item(pa, pb, None)
                if it:
                    items.append(it)
        return items


# ---------------------------------------------------------------------------------- helpers
def _heads(sh: str, m: re.Match[str]) -> bool:
    """The sub-heading ``m`` at the start of ``sh`` heads it: nothing follows, or it ends in ``：``
    or ``。``, or an item marker follows."""
    return (not sh[m.end():].strip(_SPACE) or m.group(0).rstrip().endswith(("：", "。"))
            or _starts_item(sh[m.end():]))


def _starts_item(sh: str) -> bool:
    return any(rx.match(sh) for rx in _words().item_starts)


def _ordinal(o: str) -> int:
    if o.isdigit():
        return int(o)
    if o in _CIRCLED:
        return _CIRCLED[o]
    if o == "十":
        return 10
    if o.startswith("十"):
        return 10 + _CN_NUM.get(o[1:], 0)
    if "十" in o:
        a, _, b = o.partition("十")
        return _CN_NUM.get(a, 1) * 10 + _CN_NUM.get(b, 0)
    return _CN_NUM.get(o, 0)


def _prev_char(sh: str, a: int) -> str:
    i = a - 1
    while i >= 0 and sh[i] in _SPACE:
        i -= 1
    return sh[i] if i >= 0 else ""


def _after_switch(switch: dict[int, str], sh: str, a: int) -> bool:
    return bool(switch) and any(off <= a and not sh[off:a].strip(_SPACE + "\n") for off in switch if a - off < 16)


def _cut(s: str, seps: str, base: int) -> list[tuple[int, int]]:
    out = []
    start = 0
    depth = 0
    for i, c in enumerate(s):
        if c in "（“《":
            depth += 1
        elif c in "）”》" and depth:
            depth -= 1
        elif c in seps and depth == 0:
            if s[start:i].strip(_TRIM):
                out.append((base + start, base + i))
            start = i + 1
    if s[start:].strip(_TRIM):
        out.append((base + start, base + len(s)))
    return out


# the patterns of the reader, compiled once
_PARA_BREAK = re.compile(r"(?<=[。；！？：])[ \t]*(?:\n|\u3000{2,})[\s\u3000]*")  # after a sentence end
_SENTENCE_GAP = re.compile(r"[。！？]\s*")
_SENTENCE_STOP = re.compile(r"[。！？]")
_CLAUSE_END = re.compile(r"[；。]")
_BUT = re.compile(r"(?:但是?|然而|不过)\s*")
_NOT_CORE = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
# a page footer left between lines by PDF extraction: "— 4 —", "- 12 -", "4", "第 4 页", "4/12"
_PAGE_FOOTER = re.compile(r"^[—\-－–\s]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*/\s*\d{1,3})?[—\-－–\s]*$")
# "无。" / "暂无。" / "本年度无此类情况": nothing to list
_NOTHING = re.compile(r"^(?:本年度|今年|目前)?(?:暂|均)?(?:无|没有)(?:此类情况|相关情况|相关问题|问题|此项|)$")
# Markdown heading / emphasis marks around a paragraph ("### （一）存在的主要问题", "**…**")
_MD_MARKS = re.compile(r"^(?:#{1,6}\s*|>\s*|[*_]{2}\s*)+|(?:\s*[*_]{2})+$")
def _strip_md(text: str) -> str:
    """``text`` without Markdown marks. Every match of ``_MD_MARKS`` holds a ``#``, ``>``, ``*`` or
    ``_``, so the regex (which tries its trailing alternative at every position) only runs on the
    few paragraphs that hold one."""
    if "#" in text or ">" in text or "*" in text or "_" in text:
        return _MD_MARKS.sub("", text)
    return text


_NOT_CLOSING_DENG = set("平同对相均初高中上次何")


def _clean(text: str) -> str:
    t = text.replace("\n", "").strip(_TRIM)
    while True:
        before = t
        if t.endswith("等") and len(t) > 1 and t[-2] not in _NOT_CLOSING_DENG:
            t = t[:-1]
        t = t.rstrip(_TRIM)
        if t == before:
            return t


def _core(text: str) -> str:
    return _NOT_CORE.sub("", text)


def _skip(text: str, a: int) -> int:
    while a < len(text) and text[a] in _SPACE + "\n":
        a += 1
    return a
