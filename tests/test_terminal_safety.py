"""Issue 9, terminal safety: text from a report never drives the terminal.

A report whose agency, narrative and problems carry Rich markup, ANSI/OSC escape sequences
(clear screen, OSC 52 clipboard write, window title, hyperlinks), C1 controls and bidi overrides is
fed to ``gxtui check`` and ``gxtui export``; the bytes written are inspected. Machine formats must
stay lossless (JSON escapes the characters as ``\\uXXXX``; the parsed value is unchanged).
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_bad_inputs as mbi  # noqa: E402

from gxtui.cli import main  # noqa: E402
from gxtui.cli.common import safe_text  # noqa: E402

HOSTILE = Path(__file__).resolve().parent / "bad_inputs" / "hostile.txt"
UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(mbi.UNSAFE_CODEPOINTS)) + "]")
# The only escape sequences gxtui itself may emit on a colour terminal: SGR colours.
OWN_SGR = re.compile(r"\x1b\[[0-9;]*m")



def _unsafe(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})


def _run(argv: list[str], capsysbinary: pytest.CaptureFixture) -> tuple[int, bytes, bytes]:
    rc = main(argv)
    out, err = capsysbinary.readouterr()
    return rc, out, err


def test_hostile_report_is_readable_and_keeps_its_text() -> None:
    from gxtui.extract import load  # noqa: PLC0415

    r = load(HOSTILE)
    assert r.tables_found == {"table2", "table3", "table4"}
    text = "\n".join(s.text for s in r.sections)
    assert "\x1b]52;c;" in text and "\u202e" in text and "[link=" in text  # kept literally in the model


@pytest.mark.parametrize("bit", mbi.HOSTILE_BITS)
def test_safe_text_neutralises(bit: str) -> None:
    assert _unsafe(safe_text(bit)) == []


def test_check_text_output_is_clean(capsysbinary: pytest.CaptureFixture) -> None:
    rc, out, err = _run(["check", str(HOSTILE)], capsysbinary)
    assert rc in (0, 1)
    for stream in (out, err):
        s = stream.decode("utf-8")
        assert b"\x1b" not in stream
        assert _unsafe(s) == []


def test_check_on_a_terminal_emits_only_its_own_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = Tty(), Tty()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.delenv("NO_COLOR", raising=False)
    rc = main(["check", str(HOSTILE)])
    assert rc in (0, 1)
    for s in (out.getvalue(), err.getvalue()):
        stripped = OWN_SGR.sub("", s)
        assert _unsafe(stripped) == [], stripped[:300]


@pytest.mark.parametrize("fmt", ["json", "toml", "csv"])
def test_export_on_a_terminal_is_clean(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["export", str(HOSTILE), "-f", fmt]) == 0
    assert _unsafe(out.getvalue()) == []


def test_export_json_to_a_pipe_is_clean_and_lossless(capsysbinary: pytest.CaptureFixture) -> None:
    rc, out, err = _run(["export", str(HOSTILE)], capsysbinary)
    assert rc == 0
    s = out.decode("utf-8")
    assert b"\x1b" not in out and _unsafe(s) == []
    data = json.loads(s)
    text = "\n".join(x["text"] for x in data["sections"])
    assert "\x1b]52;c;" in text and "\u202e" in text  # escaped, not dropped


def test_check_json_to_a_pipe_is_clean(capsysbinary: pytest.CaptureFixture) -> None:
    rc, out, err = _run(["check", "--format", "json", str(HOSTILE)], capsysbinary)
    assert rc in (0, 1)
    assert _unsafe(out.decode("utf-8")) == []
    json.loads(out)


@pytest.mark.parametrize("fmt", ["toml", "csv"])
def test_export_text_formats_to_a_pipe_are_clean(fmt: str, capsysbinary: pytest.CaptureFixture) -> None:
    rc, out, err = _run(["export", str(HOSTILE), "-f", fmt], capsysbinary)
    assert rc == 0
    assert _unsafe(out.decode("utf-8")) == []


def test_unreadable_file_name_with_escapes_is_neutralised(tmp_path: Path,
                                                          capsysbinary: pytest.CaptureFixture) -> None:
    """A hostile *file name* (crawled files keep their remote names) is printed safely too."""
    bad = tmp_path / "x\x1b]0;pwned\x07\u202e.txt"
    bad.write_bytes(b"")
    for cmd in (["export", str(bad)], ["check", str(bad)]):
        rc, out, err = _run(cmd, capsysbinary)
        assert rc == 2
        for stream in (out, err):
            assert _unsafe(stream.decode("utf-8")) == [], stream
