"""Rule X-1 judges the scope of a figure only when the figure disagrees with the table
(``content.x_1``); that must give exactly the findings of judging every figure first, as the rule
did before (``_reference``: the former ``x_1`` over ``narrative.stated_counts``)."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Iterator

from hypothesis import given, settings, strategies as st

from gxtui.extract import load, narrative
from gxtui.model import Finding, Paragraph, Report
from gxtui.rules import content

from tests.rule_fixtures import FIX


def _reference(report: Report) -> Iterator[Finding]:
    """X-1 as it was: every stated figure with its scope, then compared."""
    seen: set[tuple[str, str, str, int]] = set()
    stated = narrative.stated_counts(report.sections, report.year)
    narrower_values: dict[tuple[int | None, str], set[int]] = {}
    for s in stated:
        if s.narrower:
            narrower_values.setdefault((s.line, s.key), set()).add(s.value)
    for s in stated:
        claim = content.CLAIMS.get(s.key)
        if claim is None or not s.in_scope or not report.has_table(s.table):
            continue
        cell = report.cell(s.table, s.row, s.col)
        if cell is not None and cell.line is not None and cell.line == s.line:
            continue
        want = claim.expected(report)
        if want is None:
            continue
        ok = [want] + [a for a in claim.alternatives(report) if a is not None]
        key = (s.table, s.row, s.col, s.value)
        if s.value in ok or key in seen or narrower_values.get((s.line, s.key), set()) & set(ok):
            continue
        seen.add(key)
        yield content._x1_finding(report, claim, s, want)  # noqa: SLF001


def _plain(fs: list[Finding]) -> list[tuple]:
    return [(f.rule, f.severity, f.message_zh, f.message_en, f.table, f.row, f.col, f.section, f.line,
             f.expected, f.actual) for f in fs]


@lru_cache(maxsize=1)
def reports() -> tuple[Report, Report]:
    return load(FIX / "full_2021.txt"), load(FIX / "full_2019.txt")


# the figures of the fixtures' tables among others, and the wordings that change a figure's scope
PIECES = ["全年共收到政府信息公开申请", "受理申请", "予以公开", "办结申请", "答复", "上年结转", "结转下年度",
          "行政复议", "行政诉讼", "信息公开", "代表县政府受理", "本级", "其中", "（含", "）", "同比", "2023年",
          "2024年", "共", "为", "13", "14", "1", "6", "2", "0", "5", "件", "个", "，", "。", "；", "\n", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), min_size=1, max_size=4),
       st.lists(st.sampled_from([None, 3, 3, 4]), min_size=4, max_size=4), st.integers(0, 1))
def test_lazy_scope_gives_the_findings_of_judging_every_figure(texts: list[str], lines: list[int | None],
                                                              which: int) -> None:
    r = copy.deepcopy(reports()[which])
    sec = next(s for s in r.sections if s.key == "s1")
    # shared and unknown lines: figures of two paragraphs can excuse each other (same (line, key))
    sec.paragraphs = [Paragraph(t, lines[i]) for i, t in enumerate(texts)] + sec.paragraphs
    assert _plain(list(content.x_1(r))) == _plain(list(_reference(r)))


def test_examples_with_findings() -> None:
    r = copy.deepcopy(reports()[0])
    sec = next(s for s in r.sections if s.key == "s1")
    sec.paragraphs = [Paragraph("全年共收到政府信息公开申请15件，其中县政府本级收到申请13件。", 3),
                      Paragraph("全年共收到政府信息公开申请15件。予以公开4件。予以公开4件。", 4)] + sec.paragraphs
    got = _plain(list(content.x_1(r)))
    assert got == _plain(list(_reference(r)))
    assert [(g[5], g[10]) for g in got] == [("new", 15), ("r.disclosed", 4)]
