"""English finding messages name tables, rows and columns by their English labels, never by the
internal keys (``r.total``, ``np``, ``table3``, ``art20_1``): the keys belong in the machine
fields (``table``/``row``/``col``) only.

Scanned: ``gxtui check`` and ``gxtui diff`` (JSON) over data/, the rule fixtures and the corpus
(when present). The key list comes from the templates, so a new row is covered without a test edit.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import pytest

from gxtui import templates
from gxtui.cli import main
from gxtui.templates import vocab

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
CORPUS = ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")


@lru_cache(maxsize=1)
def _key_pattern() -> re.Pattern[str]:
    """The keys that cannot be read as English: with a dot, underscore or digit (``r.total``,
    ``carried_in``, ``art20_1``), the table and section keys, and the short column codes
    (``np``, ``tot``) unless the word also occurs in an English label (``new``, ``law``)."""
    keys: set[str] = set()
    for v in templates.TEMPLATES:
        t = templates.get(v)
        keys |= {r.key for r in t.t3_rows} | {c.key for c in t.t3_columns}
        keys |= {g.key for g in t.t4_groups} | {c.key for c in t.t4_columns}
        for b in t.t2_blocks:
            keys |= {b.key} | {r.key for r in b.rows} | {c.key for c in b.columns}
    glosses = " ".join(str(x) for t in vocab.names()["en"].values() for kind in t.values()
                       for x in kind.values()).lower()
    words = set(re.findall(r"[a-z]+", glosses))
    machine = {k for k in keys if re.search(r"[._\d]", k) or (len(k) <= 3 and k not in words)}
    machine |= set(vocab.TABLES) | {s for s in vocab.section_order() if re.fullmatch(r"s\d", s)}
    alt = "|".join(sorted(map(re.escape, machine), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])({alt})(?!\w)")


def keys_in(message: str) -> list[str]:
    return _key_pattern().findall(message)


def _messages(doc: Any) -> Iterator[tuple[str, str]]:
    """(rule, English message) of every finding anywhere in a JSON output."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k == "message" and isinstance(v, dict) and "en" in v:
                yield doc.get("rule", "?"), v["en"]
            else:
                yield from _messages(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from _messages(v)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([*argv, "--format", "json", "--lang", "en"])
    assert code in (0, 1), code
    return json.loads(capsys.readouterr().out)


def _offenders(docs: list[Any]) -> list[str]:
    return [f"{rule}: {msg}" for d in docs for rule, msg in _messages(d) if keys_in(msg)]


def test_detector_catches_the_old_wording() -> None:
    assert keys_in("table 3 column np: carried in 3 in 2022, but 2021 carried out 1") == ["np"]
    assert keys_in("row r.total (3(7) total of outcomes), column tot (total)") == ["r.total", "tot"]
    assert keys_in("table3 new / tot: 2 → 11") == ["table3", "tot"]
    assert keys_in("sections are out of order: found s1, s3, s2") == ["s1", "s3", "s2"]
    assert keys_in('table 3, row "3(7) total of outcomes", column "natural persons"') == []
    assert keys_in("new 2 + carried in 3, prohibited by law") == []  # words, not keys


def test_english_messages_over_data_and_fixtures(capsys: pytest.CaptureFixture[str]) -> None:
    docs = [_run(capsys, "check", str(DATA), str(FIXTURES)),
            _run(capsys, "diff", str(DATA / "示例县教育局_2021.txt"), str(DATA / "示例县教育局_2022.txt")),
            _run(capsys, "diff", str(DATA))]
    assert sum(1 for d in docs for _ in _messages(d)) > 20  # the scan saw real findings
    assert _offenders(docs) == []


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not available")
def test_english_messages_over_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    docs = [_run(capsys, "check", str(CORPUS)), _run(capsys, "diff", str(CORPUS))]
    assert sum(1 for d in docs for _ in _messages(d)) > 50
    assert _offenders(docs) == []
