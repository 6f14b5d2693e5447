"""Finding the six section headings (ordinal + keyword, format.md §6.1) in the stream."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gxtui import templates
from gxtui.normalize import compact
from gxtui.extract.stream import SEP_CELL, SEP_PARA, SEP_ROW, Stream

_BOUNDARY = set(SEP_PARA + SEP_CELL + SEP_ROW + "。;:!?\"'")
_HEAD_END = re.compile(r"[\d\n\x1f\x1e\x1c\x1d。;]")
_TITLE_END = re.compile(r"(情况|事项|措施)")
MAX_TITLE = 40
_NEXT_ORDINAL = re.compile(r"[一二三四五六七八九十][、.]")


@dataclass
class Heading:
    key: str
    start: int  # offset of the ordinal
    end: int  # offset just after the heading text
    title: str  # compact heading text
    at_line_start: bool
    standin: str | None = None  # the ordinal actually printed when it is not the section's own


# A paragraph that opens with any ordinal (一、 … 十、, (一) …) and is short: a heading line.
_ANY_ORDINAL = re.compile(r"(?:[一二三四五六七八九十]{1,2}[、.,]|\([一二三四五六七八九十]{1,2}\))")


def find_headings(stream: Stream) -> list[Heading]:
    """The section headings in document order; a missing section is simply absent."""
    text = stream.text
    found: list[Heading] = []
    pos = 0
    secs = templates.get("2021").sections
    for sec in secs:
        h = _find(text, sec, pos)
        if h is not None:
            found.append(h)
            pos = h.end
    if len(found) < len(secs):
        found = _standins(text, secs, found)
    return found


def _standins(text: str, secs, found: list[Heading]) -> list[Heading]:
    """Sections whose heading carries another ordinal (PDF-extracted text that renumbers the
    parts, ``三、主动公开工作情况`` or ``（一）主要问题`` for section 五): a short heading line with
    any ordinal whose words are the section's keywords, between the neighbouring headings."""
    by_key = {h.key: h for h in found}
    order = [s.key for s in secs]
    for i, sec in enumerate(secs):
        if sec.key in by_key:
            continue
        lo = max((by_key[k].end for k in order[:i] if k in by_key), default=0)
        hi = min((by_key[k].start for k in order[i + 1:] if k in by_key), default=len(text))
        h = _find_standin(text, sec, lo, hi)
        if h is not None:
            by_key[sec.key] = h
    return sorted(by_key.values(), key=lambda h: h.start)


def _find_standin(text: str, sec, lo: int, hi: int) -> Heading | None:
    for m in _ANY_ORDINAL.finditer(text, lo, hi):
        i = m.start()
        if i > 0 and text[i - 1] not in (SEP_PARA, SEP_CELL):
            continue
        if m.group(0).startswith("(") and sec.key != "s5":
            continue  # （一）主动公开情况 is a sub-heading of 一、总体情况, not a stand-in
        stop = text.find(SEP_PARA, m.end(), hi)
        stop = hi if stop < 0 else stop
        head = text[m.end():stop]
        if not head or len(head) > MAX_TITLE or any(ch.isdigit() or ch in "。;" for ch in head):
            continue
        if any(head.startswith(k) or k in head[:12] for k in sec.keywords):
            return Heading(sec.key, i, stop, text[i:stop], True, m.group(0))
    return None


@lru_cache(maxsize=None)
def _ordinal_rx(ordinal: str) -> re.Pattern[str]:
    """A section's ordinal and its mark (``一、``), compiled once per ordinal."""
    return re.compile(re.escape(ordinal) + r"[、.,]")


def _find(text: str, sec: templates.Section, pos: int) -> Heading | None:
    mid: Heading | None = None
    for m in _ordinal_rx(sec.ordinal).finditer(text, pos):
        i = m.start()
        prev = text[i - 1] if i > 0 else SEP_PARA
        at_start = prev in (SEP_PARA, SEP_CELL)
        if not (at_start or prev in _BOUNDARY or not _is_cjk(prev)):
            # glued text: accept a heading right after a word only when it is a known title
            known = next((t for t in map(compact, sec.titles) if text.startswith(t, i)), None)
            if known is None:
                continue
            return Heading(sec.key, i, i + len(known), known, False) if mid is None else mid
        stop = _HEAD_END.search(text, m.end())
        limit = min(stop.start() if stop else len(text), m.end() + MAX_TITLE)
        head = text[m.end():limit]
        nxt = _NEXT_ORDINAL.search(head)
        if nxt:
            head = head[:nxt.start()]
        if not any(k in head for k in sec.keywords):
            continue
        if at_start and (stop is None or stop.start() - m.end() <= MAX_TITLE) and text[limit:limit + 1] in (SEP_PARA, SEP_CELL, SEP_ROW, ""):
            end = limit
        else:
            kw = min((k for k in sec.keywords if k in head), key=lambda k: head.find(k))
            kw_pos = head.find(kw) + len(kw)
            t = None if kw.endswith(("情况", "事项", "措施")) else _TITLE_END.search(head[:kw_pos + 12], kw_pos)
            end = m.end() + (t.end() if t else kw_pos)
        h = Heading(sec.key, i, end, text[i:end], at_start)
        if at_start:
            return h
        if mid is None:
            mid = h
    return mid


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
