"""The Stream's whole-run shortcuts (issue 15) give exactly what the plain per-paragraph code gives:
``_numbered`` is ``_NUMBERING.sub``, ``_run_text`` is every paragraph's ``normalise_piece`` joined,
and a long run in a ``Stream`` has the text and lines of one piece per paragraph."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from gxtui.extract import stream
from gxtui.extract.stream import Stream, normalise_piece
from gxtui.read import read_bytes
from gxtui.read.document import Document, Paragraph

_NUMBER_ALPHABET = list("1234567890、.。a ") + ["١", "٣", "²", "１", "12、", "3.1、", "\n"]


def test_numbered_is_the_numbering_sub() -> None:
    rnd = random.Random(5)
    for _ in range(20000):
        s = "".join(rnd.choice(_NUMBER_ALPHABET) for _ in range(rnd.randint(0, 14)))
        assert stream._numbered(s) == stream._NUMBERING.sub(r"\1.", s), repr(s)


def test_numbered_breaks_when_wrong() -> None:
    """The control: a version deciding each 、 by its neighbour alone differs somewhere."""
    def naive(s: str) -> str:
        return re.sub(r"(?<=\d)、", ".", s)

    cases = ["123、", "1.2、", "a12、", "3、4、"]
    assert any(naive(s) != stream._NUMBERING.sub(r"\1.", s) for s in cases)
    assert all(stream._numbered(s) == stream._NUMBERING.sub(r"\1.", s) for s in cases)


_RUN_ALPHABET = list("一二三报告公开12３、.，：；（）《》。 　\t…㈠①%％ａA“”") + [
    "12、", "3、", "1.、", "\u200b", "\ufeff", "\x00", "\x01", "\x1f", "\U00020000", "檔案"]


def _reference(texts: list[str]) -> str:
    return "\n".join(normalise_piece.__wrapped__(t, False) for t in texts)


def test_run_text_is_each_paragraphs_normal_form() -> None:
    rnd = random.Random(17)
    for _ in range(400):
        texts = ["".join(rnd.choice(_RUN_ALPHABET) for _ in range(rnd.randint(0, 60)))
                 for _ in range(rnd.randint(1, 60))]
        got = stream._run_text(texts)
        assert got is not None
        text, lens = got
        assert text == _reference(texts)
        assert lens == [len(normalise_piece.__wrapped__(t, False)) for t in texts]


@pytest.mark.parametrize("odd", ["a|b", "首页丨信息", "a｜1｜", "a│b", "两\n行"])
def test_run_text_refuses_bars_and_newlines(odd: str) -> None:
    assert stream._run_text(["本报告", odd, "结尾"]) is None


def _one_piece_per_paragraph(doc: Document) -> tuple[str, list[int | None]]:
    text, lines = "", []
    for b in doc.blocks:
        piece = "\n" + normalise_piece.__wrapped__(b.text, False)
        text += piece
        lines += [b.line] * len(piece)
    return text + "\n", lines + [None]


def test_long_run_stream_same_as_one_piece_per_paragraph() -> None:
    rnd = random.Random(23)
    for _ in range(60):
        paras = [Paragraph("".join(rnd.choice(_RUN_ALPHABET) for _ in range(rnd.randint(0, 40))),
                           rnd.choice([None, rnd.randint(1, 99)])) for _ in range(rnd.randint(32, 80))]
        doc = Document(paras, "text")
        s = Stream(doc)
        text, lines = _one_piece_per_paragraph(doc)
        assert s.text == text
        assert [s.line_at(o) for o in range(len(text))] == [
            next((x for x in lines[o:-1] if x is not None), None) if lines[o] is None else lines[o]
            for o in range(len(text))]
        ends, at = [], 0
        for b in doc.blocks:
            at += 1 + len(normalise_piece.__wrapped__(b.text, False))
            ends.append(at)
        assert s.block_ends == ends


def test_real_reports_streams_unchanged_by_the_long_run_form(monkeypatch) -> None:
    """Every real text report and a long generated one: the Stream with the whole-run form and
    without it (``_LONG_RUN`` out of reach: one piece per paragraph, each normalised alone)."""
    files = sorted(Path("/work/shared/corpus").rglob("*.txt"))[:30] if Path("/work/shared/corpus").is_dir() else []
    docs = [read_bytes(f.read_bytes()) for f in files]
    from bench.export_cost import big_report

    docs.append(read_bytes(big_report(0.3)))
    for doc in docs:
        fast = Stream(doc)
        monkeypatch.setattr(stream, "_LONG_RUN", 10**9)
        plain = Stream(doc)
        monkeypatch.undo()
        assert fast.text == plain.text
        assert fast.block_ends == plain.block_ends
        assert [fast.line_at(o) for o in range(0, len(fast.text), 7)] == \
            [plain.line_at(o) for o in range(0, len(plain.text), 7)]


def test_text_reader_paragraphs_only_same_as_blocks() -> None:
    """Lines without a tab or a bar: ``_paragraphs`` (C loops) makes the blocks ``_blocks`` makes;
    with a tab or a bar somewhere, ``parse_text`` keeps ``_blocks``."""
    from gxtui.read import text as rt

    rnd = random.Random(29)
    alphabet = list("一二报告 　\u00a0\u2028\x0b\x1c12、.") + ["", "  ", "\u3000\u3000"]
    for _ in range(500):
        lines = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6))) for _ in range(rnd.randint(0, 30))]
        assert rt._paragraphs(lines, "text", "utf-8") == rt._blocks(lines, "text", "utf-8")
    files = sorted(Path("/work/shared/corpus").rglob("*.txt")) if Path("/work/shared/corpus").is_dir() else []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        if "\t" not in text and "|" not in text:
            lines = text.split("\n")
            assert rt._paragraphs(lines, "text", None) == rt._blocks(lines, "text", None)
    for odd in ("a\tb\n\nc", "| a | b |\n|---|---|\nx"):
        assert rt.parse_text(odd) == rt._blocks(odd.split("\n"), "text", None)
    assert rt.parse_text("| a | b |\nx").format == "markdown"
