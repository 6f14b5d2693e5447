"""``to_json`` writes plain section texts directly; the bytes are those of the plain dump."""

from __future__ import annotations

import json
import random
from pathlib import Path

from gxtui.extract import load
from gxtui.model import Paragraph
from gxtui.present.export import _PLACEHOLDER, to_dict, to_json
from gxtui.present.text import escape_unsafe_json


def _plain(report) -> str:
    return escape_unsafe_json(json.dumps(to_dict(report), ensure_ascii=False, indent=2))


def test_to_json_same_bytes_as_the_plain_dump(seed_path: Path) -> None:
    report = load(seed_path)
    assert to_json(report) == _plain(report)
    rnd = random.Random(5)
    odd = ["\u202e", '"', "\\", "\x01", "\t", "\x7f", "\u3164", "\n", "\\n", _PLACEHOLDER, "中", "a", "\u3000"]
    for _ in range(300):
        for sec in report.sections:
            if rnd.random() < 0.5:
                sec.paragraphs.append(Paragraph("".join(rnd.choice(odd) for _ in range(rnd.randint(0, 4))), 1))
        assert to_json(report) == _plain(report)


def test_plain_body_is_true_exactly_for_characters_written_as_they_are() -> None:
    """``_plain_body`` (an encoding map, not a regex) holds for a character exactly when neither
    ``json.dumps`` nor ``escape_unsafe_json`` changes it (the backslash apart, which
    ``_json_text`` counts itself): every code point of the BMP alone and inside longer text,
    those beyond it (none escaped) in one string."""
    from gxtui.present.export import _plain_body  # noqa: PLC0415

    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        written = escape_unsafe_json(json.dumps(c, ensure_ascii=False)) == f'"{c}"'
        assert _plain_body(c) == (written or c == "\\"), hex(code)
        if not written and c != "\\":
            assert not _plain_body("中文" * 100 + c + "text")
    astral = "".join(map(chr, range(0x10000, 0x110000)))
    assert escape_unsafe_json(json.dumps(astral, ensure_ascii=False)) == f'"{astral}"'
    assert _plain_body(astral)
