"""Report text made safe for the screen: always ``rich.text.Text`` (never markup), with control
and bidi characters removed so that a report cannot move the cursor or recolour the terminal."""

from __future__ import annotations

import re

from rich.text import Text

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean(s: object) -> str:
    return _UNSAFE.sub("", "" if s is None else str(s))


def txt(s: object, style: str = "") -> Text:
    """``s`` as literal text: ``[b]`` and ``[2023]`` stay visible."""
    return Text(clean(s), style=style)


def fmt_num(v: object) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:g}"
    return str(v)
