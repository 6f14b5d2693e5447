"""Helpers shared by the subcommands: loading with a one-line error, terminal-safe text."""

from __future__ import annotations

import os
import re
import sys

from gxtui.model import Report

# Language of messages for the current command ("zh" by default; `--lang` / GXTUI_LANG).
LANG = os.environ.get("GXTUI_LANG", "zh")

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
    import json  # noqa: PLC0415

    return escape_unsafe_json(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def write_output(path: str, text: str, force: bool) -> bool:
    """Write a command's output file atomically; refuse to overwrite unless ``force``.
    On failure print one line (``gxtui: …``) and return False."""
    from gxtui.files import write_atomic  # noqa: PLC0415

    try:
        write_atomic(path, text, overwrite=force)
    except FileExistsError as e:
        sys.stderr.write(f"gxtui: {safe_text(str(e))}\n")
        return False
    except OSError as e:
        sys.stderr.write(f"gxtui: cannot write {safe_text(path)}: {e.strerror or e}\n")
        return False
    return True


def load_or_fail(path: str) -> Report | None:
    """Load a report; on failure print ``gxtui: PATH: reason`` (one line) and return None."""
    from gxtui.extract import load  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415

    from gxtui.read.errors_zh import localize  # noqa: PLC0415

    try:
        return load(path)
    except ReadError as e:
        msg = localize(e.message, LANG)
        sys.stderr.write(f"gxtui: {safe_text(path)}: {safe_text(msg)}\n")
        return None
