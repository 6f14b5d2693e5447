"""The shortcuts of the narrative side of extraction and of the content rules (issue 15) give
exactly what the general code gives, on real reports and on generated text."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from gxtui.extract import _certain, detect_template, extract, narrative, section5
from gxtui.extract.stream import Stream
from gxtui.read import read_bytes

from conftest import CORPUS, DATA

ROOT = Path(__file__).resolve().parent.parent


def _real_docs(limit: int = 40) -> list:
    files = sorted(CORPUS.glob("*.txt"))[:limit] + sorted(DATA.glob("*.txt"))
    if not files:
        pytest.skip("no corpus reports available")
    return [(f, read_bytes(f.read_bytes())) for f in files]


def _generated_docs(n: int = 60) -> list:
    """Text reports of ``bench.gen`` (every template and layout it makes), seeded."""
    from bench import gen  # noqa: PLC0415

    return [(Path(f"gen{i}.txt"), read_bytes(gen.render_txt(gen.make_spec(i, seed=15)))) for i in range(n)]


# -- shadow ------------------------------------------------------------------------------------
def _gb2312_and_ascii() -> list[str]:
    chars = {chr(i) for i in range(128)}
    for a in range(0xA1, 0xF8):
        for b in range(0xA1, 0xFF):
            try:
                chars.add(bytes([a, b]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return sorted(chars)


def test_gb2312_changed_is_what_shadow_changes() -> None:
    """The written-out list is exactly the ASCII and GB2312 characters the table changes with
    ``traditional``, and holds those it changes without."""
    chars = _gb2312_and_ascii()
    with_t = {c for c in chars if section5._shadow_char(c, True) != c}
    without = {c for c in chars if section5._shadow_char(c, False) != c}
    assert with_t == set(section5.GB2312_CHANGED)
    assert without <= with_t


PIECES = ["存在的主要问题", "下一步", "一是", "（一）", "(1)", "1、", "2.", "①", "⑩", "０９", "後於", "乾坤",
          "報告", "问题", "，", ",", "；", ";", "：", ":", "。", "！", "?", "•", "- ", "\u3000", " ", "\n", "\t",
          "𠀀", "é", "ｆ", "A", "7", "等", "|"]


@pytest.mark.parametrize("traditional", [True, False])
def test_shadow_shortcut_equals_translation(traditional: bool) -> None:
    """Generated strings (changed characters, traditional ones, characters GB2312 cannot
    encode) and every paragraph of real reports: the shortcut gives the translated text."""
    rng = random.Random(7)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 30))) for _ in range(3000)]
    texts += [b.text for _, d in _real_docs() + _generated_docs() for b in d.blocks if hasattr(b, "text")]
    for t in texts:
        assert section5.shadow(t, traditional) == section5.translated_shadow(t, traditional), t


# -- template detection -------------------------------------------------------------------------
def _certain_formula(names: tuple[str, ...], have: dict[str, int], left: dict[str, int]) -> bool:
    return any(all(have[v] > have[o] + left[o] for o in names if o != v) for v in names)


@pytest.mark.parametrize("names", [(), ("2021",), ("2019", "2021"), ("a", "b", "c")])
def test_certain_is_the_formula(names: tuple[str, ...]) -> None:
    """Testing only a leader decides as testing every template does, on every small state."""
    for hs in itertools.product(range(4), repeat=len(names)):
        for ls in itertools.product(range(3), repeat=len(names)):
            have, left = dict(zip(names, hs)), dict(zip(names, ls))
            assert _certain(names, have, left) == _certain_formula(names, have, left), (have, left)


def test_scores_stop_where_counting_decides() -> None:
    """On real reports, the template found is the one counting every marker gives (a tie going
    to the year's template)."""
    from gxtui import templates  # noqa: PLC0415
    from gxtui.extract import _markers  # noqa: PLC0415

    for f, doc in _real_docs() + _generated_docs():
        stream = Stream(doc, False)
        year = extract(doc, str(f)).year
        full = {v: sum(stream.text.rfind(m) >= 0 for m in ms) for v, ms in _markers().items()}
        expected = templates.expected_template(year)
        if full["2019"] == full["2021"]:
            want = expected if full["2019"] == 0 else (expected or "2021")
        else:
            want = max(full, key=full.get)
        assert detect_template(stream, year)[0] == want, f


# -- stated counts ------------------------------------------------------------------------------
def _is_part_formula(before: str, subset: tuple[str, ...]) -> bool:
    if before.count("（") + before.count("(") > before.count("）") + before.count(")"):
        return True
    tail = narrative._PART_GAP.sub("", before[-8:])
    return any(tail.endswith(w) or w in tail[-4:] for w in subset)


def test_is_part_is_the_formula() -> None:
    """The part test (one ``endswith`` of the word tuple, one C-level scan of the last four
    characters) decides as testing each word in turn, on generated text and the configured words."""
    subset = narrative._stated_words()[4]
    rng = random.Random(3)
    pieces = [*subset, "（", "）", "(", ")", "，", ":", " ", "申请", "件", "3", "结转", "中"]
    for _ in range(5000):
        before = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
        for words in (subset, ("含",), ("其中", "包括在内的"), ()):
            assert narrative._is_part(before, words) == _is_part_formula(before, words), (before, words)


# -- item markers -------------------------------------------------------------------------------
def test_unrolled_patterns_find_what_the_patterns_find() -> None:
    """``starts.unrolled`` (a leading repeat written out once) gives the same matches and groups
    as the pattern, on the item markers and on patterns made to test its corners (a repeat at
    least twice, a lazy one, ``{1}``, flags, a group reference), over random text."""
    import re  # noqa: PLC0415

    from gxtui.extract.starts import unrolled  # noqa: PLC0415

    w = section5._words()
    pats = [*w.markers, *(x[0] for x in w.inline), re.compile(r"a{1,}b"), re.compile(r"(?:x{2,3})y"),
            re.compile(r"[ab]+?c"), re.compile(r"a{1}b"), re.compile(r"(?i)a{1,2}"),
            re.compile(r"(?P<q>\d{1,2})(?P=q)"), re.compile(r"\d*x"), re.compile(r"(?:ab){1,2}")]
    scans = [unrolled(p) for p in pats]
    assert sum(s is not p for s, p in zip(scans, pats)) >= 6  # the markers that open with a repeat, a{1,}b, …
    assert unrolled(pats[-2]) is pats[-2] and unrolled(pats[-1]) is pats[-1]  # {0,}, a group: left alone
    key = "一二三是（）()、，。；：！？1234.．abcxyAB-•*第①②十\n \t\u3000存在等问题的"
    rng = random.Random(21)
    for _ in range(4000):
        text = "".join(rng.choice(key) for _ in range(rng.randint(0, 40)))
        for p, s in zip(pats, scans):
            want = [(m.span(), m.groups(), m.groupdict()) for m in p.finditer(text)]
            assert [(m.span(), m.groups(), m.groupdict()) for m in s.finditer(text)] == want, (p.pattern, text)


def _section5_items(docs: list) -> list:
    out = []
    for f, doc in docs:
        r = extract(doc, str(f))
        out.append(section5.split(r.section("s5") or section5.lost_section(r.sections)))
    return out


def test_section5_with_the_patterns_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Section 五 read with the markers' own patterns (the general path) gives the same items as
    with their unrolled scans, on real and generated reports."""
    docs = _real_docs() + _generated_docs()
    fast = _section5_items(docs)
    w = section5._words()
    monkeypatch.setattr(w, "marker_scans", [(rx, rx.pattern) for rx in w.markers])
    assert _section5_items(docs) == fast
