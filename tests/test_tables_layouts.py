"""Table layouts of real-world text (issue 12 items 3–5, format.md §6.10), on synthetic fixtures
under tests/fixtures/tables/ whose values were written down by reading them
(tests/ground_truth/cells/*.json, the same shape as the corpus expected.json files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gxtui import templates
from gxtui.check import check_report
from gxtui.extract import load
from gxtui.extract.stream import pipe_cells

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "tables"
GROUND = ROOT / "tests" / "ground_truth" / "cells"


def _expected(gold: dict) -> list[tuple[str, str, str, object]]:
    tpl = templates.get(gold["template"])
    out = []
    for row, cols in gold.get("table2", {}).items():
        out += [("table2", row, c, v) for c, v in cols.items()]
    for row, vals in gold.get("table3", {}).items():
        out += [("table3", row, c.key, v) for c, v in zip(tpl.t3_columns, vals)]
    for row, vals in gold.get("table4", {}).items():
        out += [("table4", row, c.key, v) for c, v in zip(tpl.t4_columns, vals)]
    return out


@pytest.mark.parametrize("path", sorted(GROUND.glob("*.json")), ids=lambda p: p.stem)
def test_ground_truth_cells(path: Path) -> None:
    """Every cell written down by reading the file is read so, with its identity."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    r = load(ROOT / gold["file"])
    assert (r.agency, r.year, r.template) == (gold["agency"], gold["year"], gold["template"])
    wrong = []
    for table, row, col, want in _expected(gold):
        c = r.cell(table, row, col)
        got = None if c is None else ("na" if c.semantic == "na" else c.value if c.known else "UNKNOWN")
        if c is None or got != want:
            wrong.append((table, row, col, want, got))
    assert wrong == []


def _errors(report) -> list:
    return [f for f in check_report(report) if f.severity == "error"]


# -- pipe layouts ---------------------------------------------------------------------------

def test_pipe_cells_of_crawl_rows() -> None:
    assert pipe_cells("规章 | 0 | 0 | 0 |") == ["规章", "0", "0", "0"]
    assert pipe_cells("第二十条第(一)项 | |||") == ["第二十条第(一)项"]
    assert pipe_cells("规章 | 0 | 0") == ["规章", "0", "0"]
    assert pipe_cells("三、本年度办理结果 | (一)予以公开 | 5 | |") == ["三、本年度办理结果", "(一)予以公开", "5"]
    assert pipe_cells("0 |") == ["0"]
    # a pipe without spaces (a URL, a formula) is not a row
    assert pipe_cells("详见 http://a.b/x|y 页面") is None
    assert pipe_cells("普通的一句话。") is None


def test_crawl_rows_are_never_glued_digits() -> None:
    r = load(FIX / "crawl_pipe_2021.txt")
    assert not [a for a in r.anomalies if a.kind in ("cells-unknown", "table-glued")]
    assert [r.value("table2", "normative", c) for c in ("issued", "repealed", "in_force")] == [3, 1, 12]
    assert _errors(r) == []


def test_traditional_mirror_row_117_0_165() -> None:
    r = load(FIX / "mirror_trad_2019.txt")
    assert r.traditional
    assert [r.value("table2", "other_services", c) for c in ("prev_items", "delta", "decisions")] == [117, 0, 165]
    # 規範性檔案 is the zh-TW spelling of 规范性文件: the row is found
    assert r.value("table2", "normative", "total_published") == 40


# -- cut-short reports ----------------------------------------------------------------------

def test_cut_short_inside_table_three_is_read_as_far_as_it_goes() -> None:
    r = load(FIX / "cut_short_2021.txt")
    cut = [a for a in r.anomalies if a.kind == "cut-short"]
    assert len(cut) == 1 and cut[0].table == "table3" and cut[0].row == "r.withheld.security_stability"
    fs = check_report(r)
    assert [f for f in fs if f.severity == "error"] == []
    warn = [f for f in fs if f.rule == "S-1" and f.severity == "warning"]
    assert len(warn) == 1 and "中断" in warn[0].message_zh and "危及" in warn[0].message_zh
    # the truncated row is not invented: its cells are unknown, not zeros
    assert not r.cell("table3", "r.withheld.security_stability", "tot").known
    assert r.cell("table3", "r.withheld.third_party", "np") is None


def test_cut_short_page_is_not_refused_and_not_cut_when_complete(tmp_path: Path) -> None:
    p = tmp_path / "page.txt"
    p.write_text("某乡2024年政府信息公开工作年度报告\n一、总体情况\n2024年，我乡坚持以公开为常态，"
                 "全年主动公开政府信息98条，及时", encoding="utf-8")
    r = load(p)  # not refused
    fs = check_report(r)
    assert [f for f in fs if f.severity == "error"] == []
    assert [f.rule for f in fs if "中断" in f.message_zh] == ["S-1"]
    # the complete fixture is not cut short
    full = load(ROOT / "tests" / "fixtures" / "rules" / "full_2021.txt")
    assert not [a for a in full.anomalies if a.kind == "cut-short"]


def test_complete_report_missing_section_six_is_still_an_error(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "fixtures" / "rules" / "full_2021.txt").read_text(encoding="utf-8")
    text = text[: text.index("六、其他需要报告的事项")] + "\n以上为本年度报告全文。\n"
    p = tmp_path / "no_six.txt"
    p.write_text(text, encoding="utf-8")
    r = load(p)
    assert not [a for a in r.anomalies if a.kind == "cut-short"]
    assert ("S-1", "s6") in {(f.rule, f.section) for f in _errors(r)}


# -- PDF-extracted layouts ------------------------------------------------------------------

def test_detached_rows_placed_by_label_order() -> None:
    r = load(FIX / "detached_2021.md")
    assert _errors(r) == []
    kinds = [a.kind for a in r.anomalies]
    assert "rows-detached" in kinds
    # the rows after the page footers went to their labels, not to the footer numbers
    assert [r.value("table3", "r.unable.not_held", c) for c in ("np", "biz", "tot")] == [1, 1, 2]
    assert r.value("table3", "r.other.fee_unpaid", "tot") == 1
    assert r.value("table3", "r.other.no_correction", "tot") == 0
    # the emptied 总计 is recovered from two identities and says so
    c = r.cell("table3", "carried_out", "tot")
    assert c.value == 1 and c.recovered
    assert any(a.kind == "cells-recovered" and a.row == "carried_out" and "T3-A" in a.message for a in r.anomalies)
    # sections under other numbers are stand-ins, not missing sections
    assert sum(1 for a in r.anomalies if a.kind == "section-standin") >= 4


def test_detached_rows_fewer_than_labels_stay_unknown(tmp_path: Path) -> None:
    """One detached value row removed: the placement is no longer fixed by label order, and the
    labels whose row cannot be told become unknown, never guessed; no row-missing error."""
    text = (FIX / "detached_2021.md").read_text(encoding="utf-8")
    text = text.replace("| 1 | 1 | 0 | 0 | 0 | 0 | 2 |\n|---|---|---|---|---|---|---|\n", "", 1)
    p = tmp_path / "d.md"
    p.write_text(text, encoding="utf-8")
    r = load(p)
    assert not [f for f in _errors(r) if f.rule == "S-3"]
    assert not r.cell("table3", "r.unable.not_held", "np").known
    # nothing placed on a wrong row: every known cell equals the complete fixture's
    full = load(FIX / "detached_2021.md")
    for key, c in r.cells.items():
        if c.value is not None and key[0] == "table3":
            assert c.value == full.cells[key].value, key


# -- template deviations --------------------------------------------------------------------

def test_collapsed_2019_other_row_in_a_2021_table(tmp_path: Path) -> None:
    r = load(FIX / "collapsed_other_2021.txt")
    assert r.template == "2021"
    assert [r.value("table3", "r.other", c) for c in ("np", "tot")] == [1, 1]
    # the 2021 sub-rows are absent, not zero
    assert all(r.cell("table3", k, "np") is None for k in ("r.other.no_correction", "r.other.fee_unpaid", "r.other.other"))
    fs = check_report(r)
    assert [f for f in fs if f.severity == "error"] == []
    dev = [f for f in fs if "2021" in f.message_en and "deviates" in f.message_en]
    assert len(dev) == 1 and dev[0].severity == "warning"
    # the row enters T3-B: one more in it and （七）总计 no longer adds up
    text = (FIX / "collapsed_other_2021.txt").read_text(encoding="utf-8")
    p = tmp_path / "c.txt"
    p.write_text(text.replace("（六）其他处理\t1\t0\t0\t0\t0\t0\t1", "（六）其他处理\t2\t0\t0\t0\t0\t0\t2"), encoding="utf-8")
    bad = load(p)
    assert {(f.rule, f.row, f.col) for f in check_report(bad) if f.severity == "error"} >= {("T3-B", "r.total", "np")}
    # export keeps the value under the 2019 key
    from gxtui.present.export import table3_dict
    d = table3_dict(r)
    assert d["r.other"]["np"] == 1 and "r.other.other" not in d
