"""Text normalisation for matching report labels.

Reports spell the same label many ways: full-width or half-width brackets, ``1、``/``1．``/``1.``,
spaces inside words from PDF extraction, traditional characters from mirror sites. Matching is
done on a *compact* form (NFKC, simplified characters, unified punctuation, no whitespace). The
original text is never replaced: ``gxtui.extract.stream`` normalises each paragraph or cell on its
own and keeps the map from compact offsets back to source lines.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

# Punctuation that varies between reports, mapped to one canonical form (after NFKC).
_PUNCT = {
    "（": "(", "）": ")", "，": ",", "．": ".", "。": "。", "：": ":", "；": ";",
    "“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "＂": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]", "【": "[", "】": "]",
    "﹙": "(", "﹚": ")", "—": "-", "－": "-", "–": "-", "―": "-", "／": "/",
}
# Length-preserving vocabulary swaps of zh-TW mirror sites (format.md §6.4), applied after t2s.
VOCAB_SWAPS = (("檔案", "文件"), ("档案", "文件"), ("入口網站", "门户网站"), ("入口网站", "门户网站"),
               ("反覆", "反复"))
# Only the swaps that are safe in a government report: 档案 is a legitimate word in simplified
# reports (学籍档案), so it is swapped only when the page was detected as traditional.

_WS = set(" \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff")


class CharTable(dict):
    """A ``str.translate`` table that maps each code point by ``fn(character)``, worked out the
    first time the character is met: one C-level ``translate`` per text, no Python step per
    character of it."""

    def __init__(self, fn: "Callable[[str], str]") -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, code: int) -> str:
        out = self[code] = self.fn(chr(code))
        return out


@lru_cache(maxsize=1)
def _gb2312_changes() -> tuple[dict[str, str], "re.Pattern[str]"]:
    """The zh-cn entries GB2312 can encode that change the text (templates/zh_cn_gb2312.json,
    written from zhconv by scripts/zh_table.py) and one pattern finding any of their keys."""
    import json  # noqa: PLC0415
    from importlib import resources  # noqa: PLC0415

    data = json.loads(resources.files("gxtui.templates").joinpath("zh_cn_gb2312.json").read_text(encoding="utf-8"))
    changes: dict[str, str] = data["changes"]
    return changes, re.compile("|".join(map(re.escape, sorted(changes, key=len, reverse=True))))


def to_simplified(text: str) -> str:
    """``zhconv.convert(text, "zh-cn")``, without loading zhconv (≈ 0.2 s per process) for text
    that needs no conversion: text GB2312 encodes holding no key that changes anything is its
    own conversion, since zhconv only replaces matched keys by their values."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        pass
    else:
        changes, rx = _gb2312_changes()
        if len(text) == 1:
            return changes.get(text, text)
        if rx.search(text) is None:
            return text
    import zhconv  # noqa: PLC0415 - imported lazily: most reports are simplified already

    return zhconv.convert(text, "zh-cn")


@lru_cache(maxsize=8192)
def _t2s(ch: str) -> str:
    out = to_simplified(ch)
    return out if len(out) == 1 else ch


@lru_cache(maxsize=65536)
def norm_char(ch: str, traditional: bool = False) -> str:
    """Normalise one character; may return '' (dropped) or several characters (NFKC expansion)."""
    if ch in _WS:
        return ""
    out = unicodedata.normalize("NFKC", ch)
    res = []
    for c in out:
        if c in _WS or c.isspace():
            continue
        c = _PUNCT.get(c, c)
        if traditional and "\u4e00" <= c <= "\u9fff":
            c = _t2s(c)
        res.append(c)
    return "".join(res)


@lru_cache(maxsize=65536)  # the library compacts every agency name of a folder on each re-sort
def compact(text: str, traditional: bool = False) -> str:
    """The matching form of a label: normalised, whitespace-free, numbering as ``1.``. ASCII that
    normalisation leaves alone is its own form (the numbering rule needs "、"): the library
    compacts 10,000 file names before its first frame."""
    if not traditional and text.isascii() and _ASCII_KEPT.issuperset(text):
        return text
    out = "".join(norm_char(c, traditional) for c in text)
    out = re.sub(r"(?<![\d.])(\d{1,2})、", r"\1.", out)
    if traditional:
        for a, b in VOCAB_SWAPS:
            out = out.replace(a, b)
    return out


_ASCII_KEPT = frozenset(c for c in map(chr, range(128)) if norm_char(c) == c)


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    """Characters that exist only in traditional writing: zhconv's TRADONLY table, as
    templates/traditional_only.txt holds it (written by scripts/zh_table.py; reading it costs
    ≈ 1 ms where loading zhconv's tables costs ≈ 0.1 s per process)."""
    from importlib import resources  # noqa: PLC0415

    try:
        text = resources.files("gxtui.templates").joinpath("traditional_only.txt").read_text(encoding="utf-8")
    except OSError:  # detection degrades to "simplified", never fails a read
        return frozenset()
    return frozenset(text.strip())


# The only traditional-only characters (zhconv's TRADONLY) that GB2312 can encode; GB2312 is a
# simplified character set, so a sample it encodes holds no other. tests/test_normalize_fast_paths.py
# checks this list against zhconv.
TRADITIONAL_IN_GB2312 = "乾吒夥彷後徵捱摺於榘甯菸薹藉覆醣阪麴"
# those characters as one class: a sample is scanned once, not once per character (half the time)
_TRADITIONAL_IN_GB2312 = re.compile(f"[{TRADITIONAL_IN_GB2312}]")


def looks_traditional(text: str, sample: int = 1500) -> bool:
    """True when a text is written in traditional characters (a 繁体 mirror page).

    Counts traditional-only characters among the non-ASCII characters of a sample; simplified
    reports have almost none. A sample that GB2312 encodes (nearly every simplified report; the
    encoder is C) can only hold the few in ``TRADITIONAL_IN_GB2312``: counting those spares
    reading the table of traditional-only characters and a per-character membership test."""
    s = text[:sample]
    wide = len(s) - len(s.encode("ascii", "ignore"))
    if wide < 20:
        return False
    try:
        s.encode("gb2312")
    except UnicodeEncodeError:
        trad = _traditional_only()
        count = sum(map(trad.__contains__, s))  # set membership via ``map``: C-speed
    else:
        count = len(_TRADITIONAL_IN_GB2312.findall(s))
    return count / wide > 0.04
