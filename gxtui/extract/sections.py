"""Finding the six section headings (ordinal + keyword, format.md §6.1) in the stream."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def find_headings(stream: Stream) -> list[Heading]:
    """The section headings in document order; a missing section is simply absent."""
    text = stream.text
    found: list[Heading] = []
    pos = 0
    for sec in templates.get("2021").sections:
        h = _find(text, sec, pos)
        if h is not None:
            found.append(h)
            pos = h.end
    return found


def _find(text: str, sec: templates.Section, pos: int) -> Heading | None:
    pattern = re.compile(re.escape(sec.ordinal) + r"[、.,]")
    mid: Heading | None = None
    for m in pattern.finditer(text, pos):
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
