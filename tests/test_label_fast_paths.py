"""The shortcuts of the table-label search give what the full search gives (issue 15).

``tables.REUSE_FAILURES``: the second pass of ``_anchor_rows`` does not search again what the
first pass proved absent. ``tables.BOUND_FIRST``: table 三 is not searched for in a span that
cannot give enough of its rows (``_possible_rows``, itself checked against every search).
``labels.CHAR_BOUND``: a near-miss search skips a span lacking too
many of the label's characters. Each flag is switched off and every input extracted both ways;
the reports must be equal in everything a later stage sees. The inputs are the corpus and test
text files of the snapshot, generated reports, and seeded mutations of their table labels, the
variants real reports print: a character dropped, replaced or inserted, numbering removed, a
label wrapped over two lines, deleted, moved or swapped with another, lines from one label to
another deleted (tables missing), a long label garbled in several places. Each test also
requires that the shortcut fired and that the full search still ran, so a shortcut that never
fires (or always fires) fails. The lemmas the shortcuts rest on are tested on their own on
random strings.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
import report_snapshot as rs

from gxtui.extract import extract, labels, tables
from fast_paths import both_ways, counting, readable  # noqa: E402

_WORD = re.compile("[\u4e00-\u9fff]{2,}")
_NUMBERING = re.compile(r"(?:[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[.．、]|[一二三四五六七八九十]{1,3}、)\s*$")
_FILLER = "的一是在人有中大为上个国以要时来用生到作地于出分对成会可主发年动同工能下过子产种面而方后多定行学法所民得经"


def _label_words() -> list[str]:
    from gxtui import templates  # noqa: PLC0415

    out: set[str] = set()
    for v in ("2019", "2021"):
        tpl = templates.get(v)
        texts = [r.label for r in tpl.t3_rows]
        for b in tpl.t2_blocks:
            texts += [b.caption] + [r.label for r in b.rows] + [c.label for c in b.columns]
        for t in texts:
            out.update(_WORD.findall(t))
    return sorted(out)


def _mutate(rng: random.Random, text: str, words: list[str]) -> str:
    occ = sorted({(j, j + len(w)) for w in words for j in (m.start() for m in re.finditer(re.escape(w), text))})
    if not occ:
        return text
    a, b = rng.choice(occ)
    k = rng.randrange(a, b)
    op = rng.choice(["drop", "replace", "insert", "unnumber", "wrap", "delete", "move", "swap", "table", "garble"])
    if op == "garble":  # a long label a PDF extraction damaged in several places
        a, b = max(occ, key=lambda o: (o[1] - o[0], rng.random()))
        chars = list(text[a:b])
        for _ in range(rng.randint(2, 4)):
            chars[rng.randrange(len(chars))] = rng.choice(_FILLER)
        return text[:a] + "".join(chars) + text[b:]
    if op == "drop":
        return text[:k] + text[k + 1:]
    if op == "replace":
        return text[:k] + rng.choice(_FILLER) + text[k + 1:]
    if op == "insert":
        return text[:k] + rng.choice(_FILLER) + text[k:]
    if op == "unnumber":
        m = _NUMBERING.search(text, max(0, a - 6), a)
        return text[:m.start()] + text[a:] if m else text
    if op == "wrap":
        return text[:max(a + 1, k)] + "\n" + text[max(a + 1, k):]
    if op == "delete":
        return text[:a] + text[b:]
    if op == "move":
        w, rest = text[a:b], text[:a] + text[b:]
        c = max(0, min(len(rest), a + rng.randint(-150, 150)))
        return rest[:c] + w + rest[c:]
    c, d = rng.choice(occ)
    if op == "swap" and (d <= a or c >= b):
        (a, b), (c, d) = sorted([(a, b), (c, d)])
        return text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
    lo, hi = sorted([a, c])  # "table": the lines from one label to another deleted
    return text[:text.rfind("\n", 0, lo) + 1] + text[text.find("\n", hi) + 1 if text.find("\n", hi) >= 0 else len(text):]


def _inputs() -> Iterator[tuple[str, bytes]]:
    from bench import gen  # noqa: PLC0415

    texts = []
    for name, make in rs.ds.inputs():
        if name.endswith((".txt", ".md")):
            data = make()
            yield name, data
            try:
                texts.append((name, data.decode("utf-8")))
            except UnicodeDecodeError:
                pass
    for n in range(0, 60, 3):
        data = gen.RENDER["txt"](gen.make_spec(n, seed=11))
        yield f"gen/{n}.txt", data
        texts.append((f"gen/{n}.txt", data.decode("utf-8")))
    rng = random.Random(20261203)
    words = _label_words()
    for i in range(500):
        name, text = rng.choice(texts)
        for _ in range(1 if i % 3 else rng.randint(2, 8)):
            text = _mutate(rng, text, words)
        yield f"mut/{i}/{name}", text.encode("utf-8")


@pytest.fixture(scope="module")
def documents() -> list[tuple[str, bytes, object]]:
    return readable(_inputs())




def _compare(documents, monkeypatch, module, flag: str, calls: list[int]) -> None:
    """Extract every input with ``module.flag`` on and off: equal reports. ``calls`` counts work
    only the full search does: with the flag on it must run less often than with it off (the
    shortcut fired), and still run (not everything was skipped)."""
    fast, full, on, off = both_ways(documents, monkeypatch, module, flag, calls)
    for (name, _, _), a, b in zip(documents, fast, full):
        assert a == b, name
    assert 0 < on < off, (on, off)


@pytest.mark.slow
def test_second_pass_reusing_failures_equals_searching_again(documents, monkeypatch) -> None:
    _compare(documents, monkeypatch, tables, "REUSE_FAILURES", counting(monkeypatch, tables, "find_label"))


@pytest.mark.slow
def test_table3_bound_first_equals_searching(documents, monkeypatch) -> None:
    _compare(documents, monkeypatch, tables, "BOUND_FIRST", counting(monkeypatch, tables, "_anchor_rows"))


@pytest.mark.slow
def test_possible_rows_hold_every_row_found(documents, monkeypatch) -> None:
    """``_possible_rows`` is a superset of what ``_anchor_rows`` finds, on every call of it (every
    table and block of every input), and it rules rows out on some."""
    real = tables._anchor_rows  # noqa: SLF001
    seen = {"calls": 0, "ruled out": 0}

    def checked(stream, rows, start, end, table, anomalies):
        out = real(stream, rows, start, end, table, anomalies)
        may = tables._possible_rows(stream.text, rows, start, end, len(rows) + 1)  # noqa: SLF001
        assert may is not None
        for (key, m), ok in zip(out, may):
            assert m is None or ok, (table, key, m)
        seen["calls"] += 1
        seen["ruled out"] += may.count(False)
        return out

    monkeypatch.setattr(tables, "BOUND_FIRST", False)
    monkeypatch.setattr(tables, "_anchor_rows", checked)
    for name, data, doc in documents:
        extract(doc, name, data)
    assert seen["calls"] and seen["ruled out"], seen


@pytest.mark.slow
def test_near_miss_char_bound_equals_full_search(documents, monkeypatch) -> None:
    labels._fuzzy("x", "一二三四五六", 0, 1, 1)  # noqa: SLF001  (imports rapidfuzz's functions)
    alignment, distance = labels._RAPIDFUZZ  # noqa: SLF001
    calls = [0]

    def counted(*a, **k):
        calls[0] += 1
        return alignment(*a, **k)

    monkeypatch.setattr(labels, "_RAPIDFUZZ", [counted, distance])
    _compare(documents, monkeypatch, labels, "CHAR_BOUND", calls)


def test_fewest_edits_is_a_lower_bound() -> None:
    """No substring of a text is nearer to a label than ``fewest_edits`` of the text's
    characters (what lets ``_fuzzy`` skip a span)."""
    from rapidfuzz.distance import Levenshtein  # noqa: PLC0415

    rng = random.Random(5)
    for _ in range(400):
        alphabet = "甲乙丙丁戊己庚辛"[: rng.randint(2, 8)]
        label = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9)))
        text = "".join(rng.choice(alphabet[: rng.randint(1, len(alphabet))]) for _ in range(rng.randint(1, 14)))
        bound = labels.fewest_edits(label, frozenset(text))
        best = min(Levenshtein.distance(label, text[a:b]) for a in range(len(text)) for b in range(a, len(text) + 1))
        assert best >= bound, (label, text)
    assert labels.fewest_edits("甲乙甲丙", frozenset("乙丁")) == 3


def test_label_absent_from_a_span_is_absent_from_its_parts() -> None:
    """``find_label`` without near misses finding nothing in a span finds nothing in any span
    inside it (what lets the second pass skip the searches the first pass made): wrapped labels,
    numbering, aliases, repeated and partial occurrences on random texts."""
    rng = random.Random(8)
    pool = ["2.没有现成信息需要另行制作", "没有现成信息", "需要另行", "2.", "\n", "\n", "行制作", "\t", "制", "另", "1.属于国家秘密",
            "国家秘", "密", "x", "2.没有现成信息需", "要另行制作", "需要另行制作"]
    label_sets = [("2.没有现成信息需要另行制作",), ("1.属于国家秘密", "国家秘密"), ("需要另行制作",)]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
        for labs in label_sets:
            for fuzzy in (False, True):
                a = rng.randint(0, len(text))
                b = rng.randint(a, len(text))
                if labels.find_label(text, labs, a, b, fuzzy=fuzzy) is not None:
                    continue
                c = rng.randint(a, b)
                d = rng.randint(c, b)
                assert labels.find_label(text, labs, c, d, fuzzy=False) is None, (text, labs, a, b, c, d)
                assert labels.find_label(text, labs, c, d, fuzzy=False, wrapped=False) is None


def test_template_labels_hold_no_break() -> None:
    """``find_prefix`` and ``find_wrapped`` search the text as it is for a label's words: no
    label, alias or caption holds a paragraph break (or the NUL the old search put in its place)."""
    from gxtui import templates  # noqa: PLC0415
    from gxtui.extract.tables import _layout  # noqa: PLC0415

    for v in ("2019", "2021"):
        lay = _layout(templates.get(v))
        labs = [lab for _, ls in lay.t3_rows for lab in ls]
        for b in lay.t2_blocks.values():
            labs += list(b.caption) + [lab for _, ls in b.rows for lab in ls] + [h for hs in b.headers for h in hs]
        assert labs and not any("\n" in lab or "\x00" in lab for lab in labs)
