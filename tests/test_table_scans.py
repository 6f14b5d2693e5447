"""The table scans rewritten for speed give what the scans they replace gave (issue 15).

``tables._possible_rows`` tests each row through per-template bounds derived once
(``_row_bounds``) instead of asking ``find_prefix``, ``label_core``, ``max_distance`` and
``fewest_edits`` per row; ``tables.detect_layout`` stops counting value lines at six;
``tables._t3_sparse`` counts the digits of a region's first line without copying the region;
``detached.value_lines`` skips the paragraphs without a digit gap (``SKIP_GAPLESS``);
``values.is_footer`` is cached. The replaced versions are kept here verbatim as references.
Every call the extraction makes on the label-mutation inputs of ``test_label_fast_paths`` (the
corpus and test texts, generated reports, 500 seeded mutations of their labels) is made again
with the reference and must give the same result; random adversarial texts are compared too.
"""

from __future__ import annotations

import random

import pytest

from gxtui.extract import detached, extract, tables, values
from gxtui.extract.labels import MIN_FUZZY, NEAR_PIECE, abridged_possible, fewest_edits, find_prefix, label_core, \
    max_distance
from gxtui.extract.stream import DIGIT_GAP, SEP_CELL, SEP_PARA, SEP_ROW, SPANNED
from gxtui.extract.values import is_value_token
from fast_paths import readable  # noqa: E402
from test_label_fast_paths import _inputs  # noqa: E402


def possible_rows_reference(text, rows, start, end, enough):
    flat = text[start:end].replace("\n", "")
    chars = None
    pieces = None
    may = []
    count = 0
    for _, labels in rows:
        if labels[0] in flat:
            may.append(True)
            count += 1
            if count >= enough:
                return None
            continue
        core = label_core(labels[0])
        ok = (any(lab in flat for lab in labels[1:])
              or (core != labels[0] and len(core) >= 4 and core in flat)
              or find_prefix(text, labels[0], start, end) is not None
              or abridged_possible(text, labels[0], start, end))
        if not ok and len(core) >= MIN_FUZZY:
            d = max_distance(core)
            if chars is None:
                chars = frozenset(flat)
            if fewest_edits(core, chars) <= d:
                if pieces is None:
                    pieces = [(len(m.group(0)), frozenset(m.group(0))) for m in NEAR_PIECE.finditer(text, start, end)]
                ok = any(n >= len(core) - d and fewest_edits(core, cs) <= d for n, cs in pieces)
        may.append(ok)
        count += ok
        if count >= enough:
            return None
    for i in range(1, len(rows) - 1):
        may[i] = may[i] or (may[i - 1] and may[i + 1])
    return may


def detect_layout_reference(stream, start, end):
    if stream.text.count(SEP_CELL, start, end) >= 8:
        return "grid"
    region = stream.text[start:end]
    pieces = [p for p in region.split(SEP_PARA) if p]
    whole = sum(1 for p in pieces if is_value_token(p.replace(DIGIT_GAP, "")) or
                all(is_value_token(t) for t in p.split(DIGIT_GAP) if t) and DIGIT_GAP in p)
    return "lines" if whole >= 6 else "glued"


def t3_sparse_reference(stream, regions, layout):
    for a, b in regions.values():
        seg = stream.text[a:b]
        if layout == "glued":
            digits = sum(ch.isdigit() for ch in seg.split(SEP_PARA)[0][:40])
            if digits < 7:
                return True
    return False


class _Stream:
    def __init__(self, text: str) -> None:
        self.text = text


_POOL = ["0", "1", "12", "7", "/", "-", "0\x1d0", "3\x1d1\x1d0", "\x1d", "一件", "合计", "２", "٣", "²", "①",
         SEP_PARA, SEP_PARA, SEP_PARA, SEP_CELL, SEP_ROW, SPANNED, "（一）", "1.属于国家秘密", "2.没有现成信息需要另行制作",
         "本年新收政府信息公开申请数量", "其他处理", "x"]


_LINES = ["0", "12", "/", "-", "3\x1d1", "0\x1d0\x1d7", "1\x1d", "\x1d", "", "一件", "合计说明", "x1", "1\x1dx",
          "０", "٣", "²", "5\x1f6", "7\x1e"]


def _text(rng: random.Random) -> str:
    if rng.random() < 0.2:  # long lines of few digits (the first 40 characters of a row decide)
        return "".join(rng.choice(["0", "x", "甲", "٣", SEP_CELL, "1"]) for _ in range(rng.randint(30, 90)))
    if rng.random() < 0.5:  # paragraphs, most of them values or values with digit gaps
        return SEP_PARA.join(rng.choice(_LINES) for _ in range(rng.randint(0, 16)))
    return "".join(rng.choice(_POOL) for _ in range(rng.randint(0, 60)))


@pytest.mark.slow
def test_scans_equal_their_references_on_every_call(monkeypatch) -> None:
    checked = {"possible": 0, "layout": 0, "sparse": 0, "lines": 0}
    real = {"possible": tables._possible_rows, "layout": tables.detect_layout,  # noqa: SLF001
            "sparse": tables._t3_sparse, "lines": detached.value_lines}  # noqa: SLF001

    def possible(text, rows, start, end, enough):
        got = real["possible"](text, rows, start, end, enough)
        assert got == possible_rows_reference(text, rows, start, end, enough)
        # and with no early answer: every row's verdict
        assert real["possible"](text, rows, start, end, len(rows) + 1) == \
            possible_rows_reference(text, rows, start, end, len(rows) + 1)
        checked["possible"] += 1
        return got

    def layout(stream, start, end):
        got = real["layout"](stream, start, end)
        assert got == detect_layout_reference(stream, start, end)
        checked["layout"] += 1
        return got

    def sparse(stream, regions, lay):
        got = real["sparse"](stream, regions, lay)
        assert got == t3_sparse_reference(stream, regions, lay)
        assert real["sparse"](stream, regions, "glued") == t3_sparse_reference(stream, regions, "glued")
        checked["sparse"] += 1
        return got

    def lines(text, a, b, min_values=5):
        got = real["lines"](text, a, b, min_values)
        monkeypatch.setattr(detached, "SKIP_GAPLESS", False)
        assert got == real["lines"](text, a, b, min_values)
        monkeypatch.setattr(detached, "SKIP_GAPLESS", True)
        checked["lines"] += 1
        return got

    monkeypatch.setattr(tables, "_possible_rows", possible)
    monkeypatch.setattr(tables, "detect_layout", layout)
    monkeypatch.setattr(tables, "_t3_sparse", sparse)
    monkeypatch.setattr(detached, "value_lines", lines)
    for name, data, doc in readable(_inputs()):
        extract(doc, name, data)
    assert all(v > 50 for v in checked.values()), checked


def test_possible_rows_equal_reference_on_random_texts() -> None:
    from gxtui import templates  # noqa: PLC0415

    rng = random.Random(21)
    row_sets = []
    for v in ("2019", "2021"):
        lay = tables._layout(templates.get(v))  # noqa: SLF001
        row_sets.append(lay.t3_rows)
        row_sets += [b.rows for b in lay.t2_blocks.values()]
    labels = [lab for rows in row_sets for _, labs in rows for lab in labs]
    # each label printed alone in the ways a row is found: as it is, an alias, unnumbered, its
    # number and the start of its words (after a digit or not), shortened, near misses
    for rows in row_sets:
        for _, labs in rows:
            core = label_core(labs[0])
            num = labs[0][: len(labs[0]) - len(core)]
            variants = list(labs) + [core, num + core[: (len(core) * 3 + 4) // 5 + 1], num + core[::2], core[1:],
                                     core[:-1], "丙" + core[1:], core[:2] + "丙丁" + core[4:]]
            for v in variants:
                for text in (v, "\n" + v + "\n", "7" + v, "." + v, SEP_CELL + v + "\n" + v[:3]):
                    for enough in (1, len(rows) + 1):
                        assert tables._possible_rows(text, rows, 0, len(text), enough) == \
                            possible_rows_reference(text, rows, 0, len(text), enough), (text, labs)  # noqa: SLF001
    for _ in range(400):
        parts = []
        for _ in range(rng.randint(1, 12)):
            lab = rng.choice(labels)
            k = rng.randrange(len(lab) + 1)
            parts.append(rng.choice([lab, lab[:k], lab[k:], lab[:k] + "\n" + lab[k:], lab[:k] + "丙" + lab[k + 1:],
                                     rng.choice("0123456789") + lab, "2.", "第"]))
            parts.append(rng.choice(["", "\n", SEP_CELL, "0", "12", "说明文字"]))
        text = "".join(parts)
        rows = rng.choice(row_sets)
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        for enough in (len(rows) // 2, len(rows) + 1):
            assert tables._possible_rows(text, rows, a, b, enough) == \
                possible_rows_reference(text, rows, a, b, enough), (text, a, b)  # noqa: SLF001


def test_layout_sparse_and_value_lines_equal_references_on_random_texts(monkeypatch) -> None:
    rng = random.Random(22)
    for _ in range(3000):
        text = _text(rng)
        s = _Stream(text)
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        assert tables.detect_layout(s, a, b) == detect_layout_reference(s, a, b), text
        cuts = sorted(rng.randint(0, len(text)) for _ in range(rng.randint(0, 6)))
        regions = {str(i): (x, max(x, y)) for i, (x, y) in enumerate(zip(cuts, cuts[1:] + [len(text)]))}
        for lay in ("glued", "lines", "grid"):
            assert tables._t3_sparse(s, regions, lay) == t3_sparse_reference(s, regions, lay), text  # noqa: SLF001
        for mv in (1, 2, 5):
            got = detached.value_lines(text, a, b, mv)
            monkeypatch.setattr(detached, "SKIP_GAPLESS", False)
            assert got == detached.value_lines(text, a, b, mv), (text, a, b, mv)
            monkeypatch.setattr(detached, "SKIP_GAPLESS", True)
        assert values.is_footer(text) == values.is_footer.__wrapped__(text)


def cell_per_line_reference(region):
    pieces = [p for p in region.split(SEP_PARA)[1:] if p]
    vals = 0
    for p in pieces:
        if p == SPANNED or is_value_token(p.replace(DIGIT_GAP, "")):
            vals += 1
            continue
        break
    return vals >= 2 and region.split(SEP_PARA, 1)[0] == ""


def test_glued_row_checks_equal_references_on_random_texts() -> None:
    """``rowread._cell_per_line`` answers at once for a region whose label line is not empty, and
    ``rowread._glued`` tests the numbers after a run in place (``_INTERRUPTED`` has no anchor and
    no look-behind, so matching at an offset is matching the rest cut off)."""
    from gxtui.extract import rowread  # noqa: PLC0415

    rng = random.Random(23)
    marks = ["¦", "|", "·", "0", "1", "12", "x", "、", "一", " ", "\n", "-", "."]
    for _ in range(4000):
        region = _text(rng)
        assert rowread._cell_per_line(region) == cell_per_line_reference(region), region  # noqa: SLF001
        s = "".join(rng.choice(marks) for _ in range(rng.randint(0, 14)))
        k = rng.randint(0, len(s))
        a, b = rowread._INTERRUPTED.match(s, k), rowread._INTERRUPTED.match(s[k:])  # noqa: SLF001
        assert (a is None) == (b is None) and (a is None or a.group(0) == b.group(0)), (s, k)
