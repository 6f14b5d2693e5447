"""Text from reports made safe for terminals and files, and JSON as gxtui writes it."""

from __future__ import annotations

import json
import re

# C0/C1 controls (except tab/newline), DEL, and bidi overrides/isolates: never sent to a terminal.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def safe_text(s: str) -> str:
    """Text from a report, made safe to print: control and bidi characters become visible
    escapes (``\\x1b``) instead of acting on the terminal."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                       else f"\\u{ord(m.group()):04x}", s)


def escape_unsafe_json(s: str) -> str:
    """JSON/TOML text with control and bidi characters written as \\uXXXX escapes.

    Those characters can only occur inside string literals, where the escape means the same
    character: the output stays lossless for parsers and inert in a terminal."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


def dumps_json(data: object) -> str:
    """``json.dumps`` for everything gxtui prints: readable CJK, escaped controls."""
    return escape_unsafe_json(json.dumps(data, ensure_ascii=False, indent=2, default=str))
