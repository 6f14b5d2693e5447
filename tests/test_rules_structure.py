"""Structure (S-1 … S-5) and dates (D-1): firing on defective reports, silent on correct ones."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from gxtui.check import check_report
from gxtui.config import Config
from gxtui.extract import load
from gxtui.model import Anomaly, Report

from tests.rule_fixtures import FIX, edit_fixture, findings


@pytest.fixture(scope="module")
def full21() -> Report:
    return load(FIX / "full_2021.txt")


@pytest.fixture(scope="module")
def seed() -> Report:
    return load(FIX / "seed_2021.txt")


# -- the seed ------------------------------------------------------------------------------
def test_seed_has_no_errors_and_reports_label_problems_as_warnings(seed: Report) -> None:
    fs = check_report(seed)
    assert [f for f in fs if f.severity == "error"] == []
    s4 = [f for f in fs if f.rule == "S-4"]
    assert all(f.severity == "warning" for f in s4)
    typo = [f for f in s4 if "本年度止件数" in f.message_zh]
    assert len(typo) == 1 and typo[0].line == 54 and typo[0].table == "table2" and typo[0].col == "repealed"
    assert "本年废止件数" in typo[0].message_zh and "line 54" in typo[0].message_en
    misplaced = {(f.row, f.line) for f in s4 if f.row and f.row.startswith("r.")}
    assert misplaced == {("r.unable.needs_creation", 87), ("r.unable.still_unclear", 88)}


# -- S-1 -----------------------------------------------------------------------------------
def test_s1_missing_section(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "S-1")
    r = edit_fixture(tmp_path, "full_2021.txt", ("五、存在的主要问题及改进情况\n", ""))
    fs = findings(r, "S-1")
    assert [(f.section, f.severity) for f in fs] == [("s5", "error")]
    assert "五、存在的主要问题及改进情况" in fs[0].message_zh


def test_s1_sections_out_of_order(full21: Report) -> None:
    r = copy.deepcopy(full21)
    i5 = next(i for i, s in enumerate(r.sections) if s.key == "s5")
    i6 = next(i for i, s in enumerate(r.sections) if s.key == "s6")
    r.sections[i5], r.sections[i6] = r.sections[i6], r.sections[i5]
    fs = findings(r, "S-1")
    assert len(fs) == 1 and "顺序" in fs[0].message_zh and "out of order" in fs[0].message_en


# -- S-2 -----------------------------------------------------------------------------------
def test_s2_template_does_not_match_year(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "S-2")
    r = edit_fixture(tmp_path, "full_2021.txt", ("2021 年政府信息公开", "2020 年政府信息公开"))
    fs = findings(r, "S-2")
    assert len(fs) == 1 and fs[0].severity == "warning" and "2019" in fs[0].message_zh


def test_s2_direct_check_without_anomaly(full21: Report) -> None:
    r = copy.deepcopy(full21)
    r.year = 2019
    fs = findings(r, "S-2")
    assert [(f.expected, f.actual) for f in fs] == [("2019", "2021")]
    r.year = None
    assert [f.severity for f in findings(r, "S-2")] == ["info"]


# -- S-3 -----------------------------------------------------------------------------------
def test_s3_table_not_found(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "S-3")
    text = (FIX / "full_2021.txt").read_text(encoding="utf-8")
    t4 = text[text.index("行政复议\t\t\t\t\t行政诉讼"):text.index("五、存在的主要问题")]
    r = edit_fixture(tmp_path, "full_2021.txt", (t4, "本年度未发生行政复议、行政诉讼。\n\n"))
    fs = findings(r, "S-3")
    assert [(f.table, f.severity) for f in fs] == [("table4", "error")]
    assert "表四" in fs[0].message_zh and "not found" in fs[0].message_en


def test_s3_row_missing(tmp_path: Path) -> None:
    r = edit_fixture(tmp_path, "full_2021.txt", ("\t5. 要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0\n", ""))
    fs = findings(r, "S-3")
    assert [(f.table, f.row) for f in fs] == [("table3", "r.not_processed.confirm_reissue")]
    assert fs[0].severity == "error"


def test_s3_direct_check_when_extractor_says_nothing(full21: Report) -> None:
    r = copy.deepcopy(full21)
    for key in [k for k in r.cells if k[0] == "table4" and k[1] == "lit_direct"]:
        del r.cells[key]
    assert [(f.table, f.row) for f in findings(r, "S-3")] == [("table4", "lit_direct")]


# -- S-4 / S-5 -----------------------------------------------------------------------------
def test_s4_silent_on_clean_labels(full21: Report) -> None:
    assert not findings(full21, "S-4")


def test_s5_unknown_and_recovered_cells(full21: Report) -> None:
    assert not findings(full21, "S-5")
    r = copy.deepcopy(full21)
    r.anomalies = [
        Anomaly("cells-unknown", "表三“（一）予以公开”有7个单元格无法确定 / 7 cell(s) of row r.disclosed could "
                "not be determined", 80, "table3", "r.disclosed"),
        Anomaly("cells-recovered", "表三“（二）部分公开”的数值由表内勾稽关系唯一确定 / row r.partial recovered",
                81, "table3", "r.partial"),
    ]
    fs = findings(r, "S-5")
    assert [(f.severity, f.row, f.line) for f in fs] == [("warning", "r.disclosed", 80), ("info", "r.partial", 81)]
    assert "予以公开" in fs[0].message_zh and "r.disclosed" in fs[0].message_en


# -- D-1 -----------------------------------------------------------------------------------
def test_d1_late_department_report(tmp_path: Path, full21: Report) -> None:
    assert not findings(full21, "D-1")
    r = edit_fixture(tmp_path, "full_2021.txt", ("2022年1月17日", "2022年2月17日"))
    fs = findings(r, "D-1")
    assert [(f.severity, f.expected, f.actual) for f in fs] == [("warning", "<= 2022-01-31", "2022-02-17")]
    assert "逾期 17 天" in fs[0].message_zh


def test_d1_government_deadline_and_config(full21: Report) -> None:
    r = copy.deepcopy(full21)
    r.published = dt.date(2022, 3, 1)
    assert len(findings(r, "D-1")) == 1
    r.kind = "government"
    assert not findings(r, "D-1")  # 31 March for a government's own report
    r.kind = "department"
    cfg = Config(deadlines={"province": {"吕梁市": {"department": [3, 15]}}})
    assert not findings(r, "D-1", config=cfg)
    cfg = Config(deadlines={"department": [1, 20]})
    r.published = dt.date(2022, 1, 25)
    assert len(findings(r, "D-1", config=cfg)) == 1


def test_d1_missing_date_is_info(full21: Report) -> None:
    r = copy.deepcopy(full21)
    r.published = None
    assert [f.severity for f in findings(r, "D-1")] == ["info"]
