"""Content rules: section 五 (C-1), 信息处理费 in section 六 (C-2, C-3), narrative vs tables (X-1)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from gxtui.extract import load
from gxtui.model import Report

from tests.rule_fixtures import FIX, edit_fixture, findings
NARRATIVE = "全年共收到政府信息公开申请13件，上年结转1件，予以公开6件，结转下年度继续办理1件。因政府信息公开被申请行政复议2件，提起行政诉讼1件。"
FEE_TEXT = "本年度发出信息处理费收费通知1件，申请人逾期未缴纳，未实际收取信息处理费。"


def _edit(tmp_path: Path, *pairs: tuple[str, str], name: str = "full_2021.txt") -> Report:
    return edit_fixture(tmp_path, name, *pairs)



@pytest.fixture(scope="module")
def full21() -> Report:
    return load(FIX / "full_2021.txt")


# -- C-1 -----------------------------------------------------------------------------------
def test_c1_no_improvement(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "C-1")
    improvement = ("下一步，继续加大对《中华人民共和国政府信息公开条例》学习贯彻力度，使局机关全体人员掌握政府信息公开新的"
                   "规定，按照相关要求，认真做好相关信息的公开工作。")
    r = _edit(tmp_path, (improvement, ""))
    fs = findings(r, "C-1")
    assert [(f.section, f.severity) for f in fs] == [("s5", "warning")]
    assert "改进" in fs[0].message_zh


def test_c1_no_problem(full21: Report) -> None:
    r = copy.deepcopy(full21)
    r.problems = []
    assert [f.message_en for f in findings(r, "C-1")] == ["section 5 lists no problem"]


# -- C-2 -----------------------------------------------------------------------------------
def test_c2_section6_silent_on_fee(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "C-2")
    r = load(FIX / "seed_2021.txt")
    fs = findings(r, "C-2")
    assert [(f.section, f.severity) for f in fs] == [("s6", "warning")]
    r19 = load(FIX / "full_2019.txt")  # 2019 template: no fee duty
    assert not findings(r19, "C-2")


# -- C-3 -----------------------------------------------------------------------------------
def test_c3_section6_denies_fee_notices(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "C-3")
    r = _edit(tmp_path, (FEE_TEXT, "本年度未发出信息处理费收费通知，未收取信息处理费。"))
    fs = findings(r, "C-3")
    assert len(fs) == 1 and fs[0].row == "r.other.fee_unpaid" and fs[0].actual == 1
    assert "未发出信息处理费收费通知" in fs[0].message_zh


def test_c3_section6_does_not_mention_fees(tmp_path: Path) -> None:
    r = _edit(tmp_path, (FEE_TEXT, "无。"))
    fs = findings(r, "C-3")
    assert len(fs) == 1 and "neither" in fs[0].message_en


def test_c3_silent_when_no_unpaid_fee(tmp_path: Path) -> None:
    r = load(FIX / "seed_2021.txt")
    assert not findings(r, "C-3")


# -- X-1 -----------------------------------------------------------------------------------
def test_x1_silent_when_narrative_agrees(full21: Report) -> None:
    assert not findings(full21, "X-1")


@pytest.mark.parametrize("old,new,row,expected,stated", [
    ("收到政府信息公开申请13件", "收到政府信息公开申请15件", "new", 13, 15),
    ("予以公开6件", "予以公开4件", "r.disclosed", 6, 4),
    ("上年结转1件", "上年结转3件", "carried_in", 1, 3),
    ("结转下年度继续办理1件", "结转下年度继续办理2件", "carried_out", 1, 2),
    ("行政复议2件", "行政复议5件", "review", 2, 5),
    ("行政诉讼1件", "行政诉讼4件", "lit_direct", 1, 4),
])
def test_x1_contradiction(tmp_path: Path, old: str, new: str, row: str, expected: int, stated: int) -> None:
    r = _edit(tmp_path, (old, new))
    fs = findings(r, "X-1")
    assert [(f.row, f.expected, f.actual, f.severity, f.section) for f in fs] == [(row, expected, stated, "warning", "s1")]
    assert str(expected) in fs[0].message_zh and str(stated) in fs[0].message_zh
    assert fs[0].line is not None


def test_x1_received_may_include_carried_over(tmp_path: Path) -> None:
    r = _edit(tmp_path, ("收到政府信息公开申请13件", "收到政府信息公开申请14件"))  # 13 new + 1 carried in
    assert not findings(r, "X-1")


def test_x1_ignores_other_years_and_scopes(tmp_path: Path) -> None:
    r = _edit(tmp_path, (NARRATIVE, "2020年共收到政府信息公开申请40件。全市教育系统共收到政府信息公开申请90件。"))
    assert not findings(r, "X-1")


def test_x1_never_uses_unknown_cells(tmp_path: Path) -> None:
    r = _edit(tmp_path, ("收到政府信息公开申请13件", "收到政府信息公开申请15件"))
    c = r.cells[("table3", "new", "tot")]
    c.semantic, c.value = "unknown", None
    assert not findings(r, "X-1")


# -- scope (issue 12 item 6) ----------------------------------------------------------------
def test_x1_part_in_parentheses_is_not_the_total(tmp_path: Path) -> None:
    # 办结13件（含上年结转申请1件）: 13 handled and 1 carried in — not "1 handled"
    r = _edit(tmp_path, (NARRATIVE, "全年共收到政府信息公开申请13件，办结政府信息公开申请13件（含上年度结转申请1件）。"))
    assert r.cell("table3", "r.total", "tot").value != 1
    assert not [f for f in findings(r, "X-1") if f.row == "r.total" and f.actual == 1]
    # the part itself is still checked against its own row
    r = _edit(tmp_path, (NARRATIVE, "全年共收到政府信息公开申请13件（含上年度结转申请3件）。"))
    assert [(f.row, f.actual) for f in findings(r, "X-1")] == [("carried_in", 3)]


def test_x1_subset_after_qizhong_is_not_the_total(tmp_path: Path) -> None:
    r = _edit(tmp_path, (NARRATIVE, "全年共收到政府信息公开申请13件，其中受理网上申请9件。"))
    assert not findings(r, "X-1")
    r = _edit(tmp_path, (NARRATIVE, "全年共收到政府信息公开申请9件，其中网上申请5件。"))
    assert [(f.row, f.actual) for f in findings(r, "X-1")] == [("new", 9)]


@pytest.mark.parametrize("text", ["市政府办公室代表市政府受理政府信息公开申请5件。",
                                  "本级收到政府信息公开申请4件。"])
def test_x1_narrower_subject_is_not_compared(tmp_path: Path, text: str) -> None:
    r = _edit(tmp_path, (NARRATIVE, text))
    assert not findings(r, "X-1")
    r = _edit(tmp_path, (NARRATIVE, "全市收到政府信息公开申请5件。".replace("全市", "")))
    assert [(f.row, f.actual) for f in findings(r, "X-1")] == [("new", 5)]


@pytest.mark.parametrize("text", ["政府信息公开未发生收费情况。", "本年度未收取任何费用。", "无政府信息公开收费。",
                                  "本机关未收取信息处理费。"])
def test_c2_usual_ways_of_saying_no_fee(tmp_path: Path, text: str) -> None:
    r = _edit(tmp_path, (FEE_TEXT, text))
    assert not findings(r, "C-2")


def test_c2_still_fires_when_section6_says_nothing_of_fees(tmp_path: Path) -> None:
    r = _edit(tmp_path, (FEE_TEXT, "本年度无其他需要报告的事项。"))
    assert [f.section for f in findings(r, "C-2")] == ["s6"]


def test_c1_finds_improvements_written_inline(tmp_path: Path) -> None:
    improvement = ("下一步，继续加大对《中华人民共和国政府信息公开条例》学习贯彻力度，使局机关全体人员掌握政府信息公开新的"
                   "规定，按照相关要求，认真做好相关信息的公开工作。")
    r = _edit(tmp_path, (improvement, ""), ("不能够深入了解和掌握政策。", "不能够深入了解和掌握政策。针对存在问题，下一步将切实抓好以下工作："
                                       "一是加强学习；二是及时公开。"))
    assert not findings(r, "C-1")
    assert [i.text for i in r.improvements] == ["加强学习", "及时公开"]
    assert len(r.problems) == 3


def test_stated_counts_with_their_scope() -> None:
    from gxtui.extract.narrative import stated_counts  # noqa: PLC0415
    from gxtui.model import Paragraph, Section  # noqa: PLC0415

    sec = Section("s1", "一、总体情况", [Paragraph(
        "全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件；结转下一年 31 件。"
        "办结政府信息公开申请3050件（含上年度结转申请34件）。县政府办代表县政府受理政府信息公开申请12件。"
        "2023年收到政府信息公开申请40件。", 7)], 6)
    got = [(s.key, s.value, s.in_scope) for s in stated_counts([sec], 2024)]
    assert ("received", 749, True) in got and ("carried_out", 31, True) in got
    assert ("handled", 3050, True) in got and ("handled", 34, True) not in got
    assert ("carried_in", 34, True) in got  # the part, compared with its own row
    assert ("received", 12, False) in got  # narrower body
    assert ("received", 40, False) in got  # another year
    assert all(s.line == 7 and s.section == "s1" for s in stated_counts([sec], 2024))


def test_x1_no_comparison_with_a_table_read_from_the_same_line(full21: Report) -> None:
    r = copy.deepcopy(full21)
    stated_line = next(p.line for s in r.sections for p in s.paragraphs if "行政复议2件" in p.text)
    for col in ("upheld", "corrected", "other", "pending", "total"):
        c = r.cells[("table4", "review", col)]
        c.value, c.semantic, c.line = None, "blank", stated_line
    assert not [f for f in findings(r, "X-1") if f.row == "review"]
    c = r.cells[("table4", "review", "total")]
    c.value, c.semantic, c.line = 0, "value", stated_line + 40  # a real table elsewhere: compared
    assert [f.row for f in findings(r, "X-1") if f.row == "review"] == ["review"]


@pytest.mark.parametrize("text,fee", [("政府信息公开未发生收费情况。", 0.0), ("本年度未收取任何费用。", 0.0),
                                      ("本年度无其他需要报告的事项。", None)])
def test_info_fee_read_from_the_usual_no_fee_wordings(tmp_path: Path, text: str, fee) -> None:
    r = _edit(tmp_path, (FEE_TEXT, text))
    assert r.info_fee_yuan == fee


# -- held-out scope sentences (tests/fixtures/scope_heldout) ---------------------------------
def _scope_cases() -> list[dict]:
    import tomllib  # noqa: PLC0415

    return tomllib.loads((FIX.parent / "scope_heldout" / "sentences.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", _scope_cases(), ids=lambda c: c["text"][:16])
def test_x1_heldout_scope_sentences(tmp_path: Path, case: dict) -> None:
    r = _edit(tmp_path, (NARRATIVE, case["text"]))
    assert sorted(f.row for f in findings(r, "X-1")) == sorted(case["x1"])


def test_x1_whole_and_narrower_share_in_one_paragraph(tmp_path: Path) -> None:
    # the table is of the narrower body: the region's figure is not compared
    r = _edit(tmp_path, (NARRATIVE, "全县共收到政府信息公开申请120件，其中县政府本级收到政府信息公开申请13件。"))
    assert not findings(r, "X-1")
    # neither figure agrees with the table: still a contradiction
    r = _edit(tmp_path, (NARRATIVE, "全县共收到政府信息公开申请120件，其中县政府本级收到政府信息公开申请11件。"))
    assert [(f.row, f.actual) for f in findings(r, "X-1")] == [("new", 120)]
