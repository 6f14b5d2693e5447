"""Reading one cell's text as a value: number, zero, blank, n/a, or text.

Policy (format.md §6.3): blank, "/", "-", "—" are kept as what they are (never turned into 0);
arithmetic treats them as 0 and a blank 总计 means "not reported".
"""

from __future__ import annotations

import re
from functools import lru_cache

NA_TOKENS = frozenset({"/", "-", "—", "--", "\\", "－", "一", "无", "——", "／"})
_NUM = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|个|项|万)?$")


@lru_cache(maxsize=16384)
def parse_value(text: str | None) -> tuple[float | int | None, str, str | None]:
    """Return (value, semantic, unit) for a cell's text (already NFKC-normalised is fine)."""
    if text is None:
        return None, "blank", None
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if s == "":
        return None, "blank", None
    if s in NA_TOKENS:
        return None, "na", None
    m = _NUM.match(s)
    if not m:
        return None, "text", None
    sign, digits, frac, unit = m.groups()
    digits = digits.replace(",", "")
    if frac:
        v: float | int = float(digits + frac)
    else:
        v = int(digits)
    if sign == "-":
        v = -v
    return v, ("zero" if v == 0 else "number"), unit


@lru_cache(maxsize=16384)
def is_value_token(text: str) -> bool:
    """True for tokens that can be a table value (a number, or an n/a mark)."""
    s = text.strip()
    return bool(s) and (s in NA_TOKENS or _NUM.match(s) is not None)


_FOOTER = re.compile(r"^(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|\d{1,3}|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3})$")


@lru_cache(maxsize=16384)
def is_footer(paragraph: str) -> bool:
    """A page footer a PDF extraction leaves between table rows: ``— 4 —``, a lone page number,
    ``第4页``. Callers decide where a lone number can be a footer (never in a one-cell-per-line
    table, where it is a cell). Cached: the pieces asked are mostly the same few values (``0``),
    each line of a one-cell-per-line row is asked."""
    return bool(_FOOTER.match(paragraph.replace("\x1d", "").strip()))
