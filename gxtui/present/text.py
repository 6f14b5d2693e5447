"""Text from reports made safe for terminals and files, and JSON as gxtui writes it."""

from __future__ import annotations

import json
import re

# Never sent to a terminal: C0/C1 controls (except tab/newline), DEL; bidi marks, embeddings,
# overrides and isolates (U+061C, U+200E/F, U+202A–E, U+2066–9); zero-width and invisible
# characters (U+200B–D, U+2060–4, U+FEFF, U+180E, U+034F, U+115F/1160, U+3164, U+FFA0, U+00AD);
# line and paragraph separators (U+2028/9), which some terminals and every browser break on.
# As (first, last) code point ranges: ``export`` builds its test for plain text from them too.
UNSAFE_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x034F, 0x034F), (0x061C, 0x061C),
                 (0x115F, 0x1160), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064),
                 (0x2066, 0x2069), (0x3164, 0x3164), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0))
_UNSAFE = re.compile("[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in UNSAFE_RANGES) + "]")
_UNSAFE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")
UNSAFE = _UNSAFE  # for the TUI, which removes these characters instead of escaping them


def _escape(m: re.Match) -> str:
    c = m.group()
    return {"\n": "\\n", "\t": "\\t"}.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}")


def safe_text(s: str, *, one_line: bool = False) -> str:
    """Text from a report (or a file name), made safe to print: control, bidi, zero-width and
    separator characters become visible escapes (``\\x1b``, ``\\u202e``) instead of acting on
    the terminal or hiding text. ``one_line``: newline and tab too (``\\n``, ``\\t``), for file
    names and one-line messages, so that a crafted name cannot start a line of its own."""
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_escape, s)


def escape_unsafe_json(s: str) -> str:
    """JSON/TOML text with control and bidi characters written as \\uXXXX escapes.

    Those characters can only occur inside string literals, where the escape means the same
    character: the output stays lossless for parsers and inert in a terminal."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


def dumps_json(data: object) -> str:
    """``json.dumps`` for everything gxtui prints: readable CJK, escaped controls."""
    return escape_unsafe_json(json.dumps(data, ensure_ascii=False, indent=2, default=str))
