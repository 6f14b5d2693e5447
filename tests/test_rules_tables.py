"""Tables 三, 四, 二: each rule fires on a defective report and stays silent on a correct one.

Defective reports are made by editing the text fixtures (one number changed) and loading them
with the real extractor, or by mutating the cells of a loaded report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gxtui.check import check_report
from gxtui.config import Config
from gxtui.extract import load
from gxtui.model import Finding, Report

from tests.rule_fixtures import FIX, edit_fixture, findings


def _errors(report: Report) -> list[Finding]:
    return [f for f in check_report(report) if f.severity == "error"]


@pytest.fixture(scope="module")
def full21() -> Report:
    return load(FIX / "full_2021.txt")


@pytest.fixture(scope="module")
def full19() -> Report:
    return load(FIX / "full_2019.txt")


def test_correct_reports_have_no_findings(full21: Report, full19: Report) -> None:
    assert check_report(full21) == []
    assert check_report(full19) == []


# -- T3-A ----------------------------------------------------------------------------------
def test_t3a_fires_on_changed_new_row(tmp_path: Path) -> None:
    r = edit_fixture(tmp_path, "full_2021.txt", ("申请数量\t\t10\t2\t0\t0\t1\t0\t13", "申请数量\t\t11\t2\t0\t0\t1\t0\t14"))
    fs = findings(r, "T3-A")
    assert [(f.col, f.row, f.expected, f.actual) for f in fs] == [("np", "r.total", 12, 11), ("tot", "r.total", 15, 14)]
    assert "自然人" in fs[0].message_zh and "12" in fs[0].message_zh and "11" in fs[0].message_zh
    assert "natural persons" in fs[0].message_en
    assert all(f.severity == "error" for f in fs)
    assert not findings(r, "T3-B") and not findings(r, "T3-C")


def test_t3a_2019(tmp_path: Path) -> None:
    r = edit_fixture(tmp_path, "full_2019.txt", ("四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1", "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t2"))
    assert [(f.col, f.expected, f.actual) for f in findings(r, "T3-A")] == [("tot", 10, 11)]
    assert [(f.row, f.col) for f in findings(r, "T3-C")] == [("carried_out", "tot")]


# -- T3-B ----------------------------------------------------------------------------------
def test_t3b_fires_when_outcomes_do_not_add_up(tmp_path: Path) -> None:
    r = edit_fixture(tmp_path, "full_2021.txt", ("（一）予以公开\t5\t1\t0\t0\t0\t0\t6", "（一）予以公开\t6\t1\t0\t0\t0\t0\t7"))
    fs = findings(r, "T3-B")
    assert [(f.row, f.col, f.expected, f.actual) for f in fs] == [("r.total", "np", 11, 10), ("r.total", "tot", 14, 13)]
    assert "（一）予以公开 6" in fs[0].message_zh
    assert not findings(r, "T3-A") and not findings(r, "T3-C")


def test_t3b_2019_uses_single_other_row(tmp_path: Path, full19: Report) -> None:
    assert not findings(full19, "T3-B")
    r = edit_fixture(tmp_path, "full_2019.txt", ("（六）其他处理\t\t1\t0\t0\t0\t0\t0\t1", "（六）其他处理\t\t2\t0\t0\t0\t0\t0\t2"))
    assert {f.col for f in findings(r, "T3-B")} == {"np", "tot"}


# -- T3-C ----------------------------------------------------------------------------------
def test_t3c_fires_on_row_total(tmp_path: Path) -> None:
    r = edit_fixture(tmp_path, "full_2021.txt", ("只计这一情形，不计其他情形）\t2\t0\t0\t0\t0\t0\t2", "只计这一情形，不计其他情形）\t2\t0\t0\t0\t0\t0\t3"))
    fs = findings(r, "T3-C", "error")
    assert [(f.row, f.col, f.expected, f.actual) for f in fs] == [("r.partial", "tot", 2, 3)]
    assert "六类申请人之和" in fs[0].message_zh


def test_t3c_blank_total_is_info_not_error(tmp_path: Path) -> None:
    r = edit_fixture(tmp_path, "full_2021.txt", ("只计这一情形，不计其他情形）\t2\t0\t0\t0\t0\t0\t2", "只计这一情形，不计其他情形）\t2\t0\t0\t0\t0\t0\t"))
    assert r.cell("table3", "r.partial", "tot").semantic == "blank"
    assert _errors(r) == []
    infos = findings(r, "T3-C", "info")
    assert len(infos) == 1 and "partly disclosed" in infos[0].message_en and "部分公开" in infos[0].message_zh


def test_t3c_info_keeps_its_level_when_config_changes_rule_severity(tmp_path: Path) -> None:
    r = edit_fixture(tmp_path, "full_2021.txt", ("只计这一情形，不计其他情形）\t2\t0\t0\t0\t0\t0\t2", "只计这一情形，不计其他情形）\t2\t0\t0\t0\t0\t0\t"))
    cfg = Config(rules={"T3-C": {"severity": "warning"}})
    assert [f.severity for f in findings(r, "T3-C", config=cfg)] == ["info"]


# -- T3-D ----------------------------------------------------------------------------------
def _set(report: Report, key: tuple[str, str, str], raw: str, value: object, semantic: str) -> Report:
    import copy

    r = copy.deepcopy(report)
    c = r.cells[key]
    c.raw, c.value, c.semantic = raw, value, semantic
    return r


def test_t3d_text_and_negative(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "T3-D")
    # the extractor drops words from number rows today, so a text cell is made on the model
    r = _set(full21, ("table3", "r.withheld.third_party", "np"), "一件", None, "text")
    fs = findings(r, "T3-D")
    assert [(f.row, f.col, f.actual) for f in fs] == [("r.withheld.third_party", "np", "一件")]
    assert "文字" in fs[0].message_zh
    # the text cell is not counted as 0: no arithmetic error built on it
    assert not [f for f in _errors(r) if f.rule != "T3-D" and f.col == "np"]
    r2 = edit_fixture(tmp_path, "full_2021.txt", ("2. 重复申请\t0\t0\t0\t0\t1\t0\t1", "2. 重复申请\t0\t0\t0\t0\t-1\t0\t1"))
    assert [(f.row, f.col, f.actual) for f in findings(r2, "T3-D")] == [("r.not_processed.duplicate", "law", -1)]


def test_unknown_cells_never_produce_findings(full21: Report) -> None:
    import copy

    r = copy.deepcopy(full21)
    for key in [("table3", "r.total", "np"), ("table3", "new", "tot"), ("table4", "review", "total")]:
        c = r.cells[key]
        c.semantic, c.value, c.raw = "unknown", None, None
    # make the identities wrong around the unknown cells: still nothing may be reported on them
    r.cells[("table3", "carried_out", "np")].value = 5
    fs = check_report(r)
    assert not [f for f in fs if f.rule == "T3-A" and f.col in ("np",)]
    assert not [f for f in fs if f.rule in ("T3-B", "T3-C") and f.row == "r.total" and f.col == "np"]
    assert not [f for f in fs if f.rule == "T4-A"]
    assert not [f for f in fs if f.rule == "X-1" and f.row in ("new", "review")]


# -- T4 ------------------------------------------------------------------------------------
def test_t4a_fires_and_is_silent(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "T4-A")
    r = edit_fixture(tmp_path, "full_2021.txt", ("1\t0\t0\t1\t2\t0\t1\t0\t0\t1\t0", "1\t0\t0\t1\t3\t0\t1\t0\t0\t1\t0"))
    fs = findings(r, "T4-A")
    assert [(f.row, f.col, f.expected, f.actual) for f in fs] == [("review", "total", 2, 3)]
    assert "行政复议" in fs[0].message_zh and "结果维持 1" in fs[0].message_zh


def test_t4b_text_cell(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "T4-B")
    r = edit_fixture(tmp_path, "full_2021.txt", ("1\t0\t0\t1\t2\t0\t1\t0\t0\t1\t0", "1\t0\t0\t1\t2\t0\t1\t0\t0\t1\t0.5"))
    fs = findings(r, "T4-B")
    assert [(f.row, f.col) for f in fs] == [("lit_after_review", "upheld")]


# -- T2 ------------------------------------------------------------------------------------
def test_t2a_count_and_fee_kinds(tmp_path: Path, full19: Report) -> None:
    assert not findings(full19, "T2-A")  # 本年增/减 -2 is a legitimate signed value
    r = edit_fixture(tmp_path, "full_2021.txt", ("行政许可\t120", "行政许可\t1.5"), ("行政事业性收费\t1.5", "行政事业性收费\t-1.5"))
    assert {(f.row, f.col) for f in findings(r, "T2-A")} == {("licensing", "decisions"),
                                                        ("admin_fees", "amount_wan_yuan")}
    r2 = _set(load(FIX / "full_2021.txt"), ("table2", "penalty", "decisions"), "见附件", None, "text")
    fs = findings(r2, "T2-A")
    assert [(f.row, f.actual) for f in fs] == [("penalty", "见附件")]


def test_t2fee_yuan_unit(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "T2-FEE")
    r = edit_fixture(tmp_path, "full_2021.txt", ("行政事业性收费\t1.5", "行政事业性收费\t15000元"))
    fs = findings(r, "T2-FEE")
    assert len(fs) == 1 and fs[0].severity == "warning" and fs[0].expected == 1.5
    assert "元" in fs[0].message_zh and "万元" in fs[0].message_zh


def test_t2fee_implausibly_large(tmp_path: Path) -> None:
    r = edit_fixture(tmp_path, "full_2021.txt", ("行政事业性收费\t1.5", "行政事业性收费\t250000"))
    fs = findings(r, "T2-FEE")
    assert len(fs) == 1 and fs[0].actual == 250000 and "过大" in fs[0].message_zh
    r.kind = "government"
    assert not findings(r, "T2-FEE")
    cfg = Config(rules={"T2-FEE": {"max_wan_yuan_government": 1000}})
    assert len(findings(r, "T2-FEE", config=cfg)) == 1


def test_t2d_2019_cumulative(tmp_path: Path, full19: Report) -> None:
    assert not findings(full19, "T2-D")
    r = edit_fixture(tmp_path, "full_2019.txt", ("规范性文件\t5\t5\t40", "规范性文件\t5\t5\t3"))
    fs = findings(r, "T2-D")
    assert [(f.row, f.col, f.actual, f.severity) for f in fs] == [("normative", "total_published", 3, "warning")]
