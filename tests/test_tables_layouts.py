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
    det = [a for a in r.anomalies if a.kind == "rows-detached"]
    assert len(det) == 1 and "T3-A/B）成立" in det[0].message and "label order" in det[0].message
    # every numbered label sits in the first column of these small tables: that is the layout,
    # not a shifted row
    assert "label-misplaced" not in kinds
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


def test_label_with_three_characters_missing_is_a_typo_not_a_missing_row() -> None:
    r = load(FIX / "label_typos_2021.txt")  # 5.要求行政机关[确认或]重新出具已获取信息; 规范性文件
    assert r.cell("table3", "r.not_processed.confirm_reissue", "np").value == 0
    fs = check_report(r)
    assert [f for f in fs if f.severity == "error"] == []
    typo = [f for f in fs if f.rule == "S-4" and f.row == "r.not_processed.confirm_reissue"]
    assert len(typo) == 1 and typo[0].severity == "warning" and "要求行政机关重新出具已获取信息" in typo[0].message_zh
    # 2019 wording in a 2021 table stays a warning
    assert [f.severity for f in fs if f.rule == "S-4" and f.row == "normative"] == ["warning"]
    assert r.value("table2", "normative", "in_force") == 12


def test_scaled_distance_never_turns_one_label_into_another(tmp_path: Path) -> None:
    """重复申请 and 反复申请-like pairs: a short label is never matched loosely, and a near-miss
    must be closer to its own row than to any other row."""
    from gxtui.extract.labels import max_distance

    assert [max_distance("x" * n) for n in (4, 6, 7, 12, 18, 24)] == [1, 1, 2, 2, 3, 4]
    text = (ROOT / "tests" / "fixtures" / "rules" / "full_2021.txt").read_text(encoding="utf-8")
    p = tmp_path / "t.txt"
    p.write_text(text.replace("2. 重复申请\t", "2. 反复申请\t"), encoding="utf-8")
    r = load(p)
    assert r.cell("table3", "r.not_processed.duplicate", "law") is None or \
        not r.cell("table3", "r.not_processed.duplicate", "law").known
    # the neighbouring rows keep their own values
    assert r.value("table3", "r.not_processed.publication", "tot") == 0


def test_illegible_label_gives_unknown_cells_and_a_warning_not_a_missing_row(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "fixtures" / "rules" / "full_2021.txt").read_text(encoding="utf-8")
    p = tmp_path / "t.txt"
    p.write_text(text.replace("4. 无正当理由大量反复申请", "4. 无正当理申xx反复"), encoding="utf-8")
    r = load(p)
    fs = check_report(r)
    assert not [f for f in fs if f.rule == "S-3"]
    c = r.cell("table3", "r.not_processed.mass_repeat", "np")
    assert not c.known and c.candidates == (0,)
    assert any(f.rule == "S-4" and f.severity == "warning" and "难以辨认" in f.message_zh for f in fs)
    # a row whose label is not there at all is still an error
    p2 = tmp_path / "t2.txt"
    lines = [ln for ln in text.split("\n") if "无正当理由大量反复申请" not in ln]
    p2.write_text("\n".join(lines), encoding="utf-8")
    r2 = load(p2)
    assert ("S-3", "r.not_processed.mass_repeat") in {(f.rule, f.row) for f in check_report(r2) if f.severity == "error"}


def test_table_four_by_its_numbers_under_garbled_headers(tmp_path: Path) -> None:
    p = tmp_path / "t4.txt"
    p.write_text("某局2021年政府信息公开工作年度报告\n一、总体情况\n全年情况良好。\n四、政府信息公开行政复议、行政诉讼情况\n"
                 "行政复议 行政诉讼\n维 纠 其 尚 总\n持 正 他 未 计\n1 0 0 1 2 0 1 0 0 1 0 0 0 0 0\n"
                 "五、存在的主要问题及改进情况\n无。\n", encoding="utf-8")
    r = load(p)
    assert [r.value("table4", "review", c) for c in ("upheld", "pending", "total")] == [1, 1, 2]
    assert [r.value("table4", "lit_direct", c) for c in ("corrected", "total")] == [1, 1]
    # as three rows of five under the same garbled headers
    q = tmp_path / "t4b.txt"
    q.write_text(p.read_text(encoding="utf-8").replace("1 0 0 1 2 0 1 0 0 1 0 0 0 0 0", "1 0 0 1 2\n0 1 0 0 1\n0 0 0 0 0"),
                 encoding="utf-8")
    r2 = load(q)
    assert {k: c.value for k, c in r2.cells.items() if k[0] == "table4"} == \
        {k: c.value for k, c in r.cells.items() if k[0] == "table4"}


def test_text_cut_inside_a_row_gives_candidates_not_values(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text("某乡2024年政府信息公开工作年度报告\n一、总体情况\n全年公开信息98条。\n二、主动公开政府信息情况\n"
                 "第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n"
                 "行政规范性文件 | 18 | 0 | 18 |\n第二十条第(五)项 | |||\n信息内容 | 本年处理决定数量 | ||\n行政许可 | 6",
                 encoding="utf-8")
    r = load(p)
    c = r.cell("table2", "licensing", "decisions")
    assert not c.known and c.candidates == (6,)  # 6 may be the start of 62
    assert r.value("table2", "normative", "issued") == 18
    fs = check_report(r)
    assert [f for f in fs if f.severity == "error"] == []
    assert any("该行不完整" in f.message_zh for f in fs if f.rule == "S-1")


# -- narrative counts as tie-breakers for glued table 二 -----------------------------------

def test_stated_counts_read_only_explicit_statements() -> None:
    from gxtui.extract.evidence import stated_counts

    t = "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。"
    assert {c: v for c, (v, _) in stated_counts(t, "normative").items()} == {"in_force": 698, "issued": 88}
    # 发布现行有效…393件 is an in-force count, not an issued one
    t2 = "清理并集中发布现行有效行政规范性文件393件，动态更新本年度制发的规范性文件77件。"
    assert {c: v for c, (v, _) in stated_counts(t2, "normative").items()} == {"in_force": 393, "issued": 77}
    # 废止1件 continues the nearest kind named before it (规范性文件, not 规章)
    t3 = "牵头起草省政府规章1件、省政府规范性文件2件，全年制发厅规范性文件1件、废止1件。"
    assert {c: v for c, (v, _) in stated_counts(t3, "normative").items()} == {"issued": 1, "repealed": 1}
    assert stated_counts(t3, "rules") == {}
    # counts that are not a column (清理53件) and contradicting statements are no evidence
    assert stated_counts("对53件文件规范性文件进行清理，其中1件予以废止。", "normative") == {}
    assert "issued" not in stated_counts("制发规范性文件5件。印发规范性文件7件。", "normative")


def test_glued_normative_row_split_by_the_narrative(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "fixtures" / "rules" / "full_2021.txt").read_text(encoding="utf-8")
    glued = text.replace("行政规范性文件\t3\t1\t12", "行政规范性文件3112")
    p = tmp_path / "g.txt"
    p.write_text(glued, encoding="utf-8")
    r = load(p)  # 3|1|12, 3|11|2, 31|1|2: unknown without evidence
    assert not r.cell("table2", "normative", "issued").known
    p.write_text(glued.replace("一、总体情况\n", "一、总体情况\n全年制发行政规范性文件3件，现行有效规范性文件12件。\n", 1),
                 encoding="utf-8")
    r2 = load(p)
    assert [r2.value("table2", "normative", c) for c in ("issued", "repealed", "in_force")] == [3, 1, 12]
    assert any(a.kind == "cells-recovered" and "现行有效规范性文件12件" in a.message for a in r2.anomalies)
    # a stated number that no split allows is ignored, never forced
    p.write_text(glued.replace("一、总体情况\n", "一、总体情况\n现行有效规范性文件99件。\n", 1), encoding="utf-8")
    assert not load(p).cell("table2", "normative", "in_force").known


def test_one_cell_per_line_with_empty_cells() -> None:
    """`` |`` alone on a line is an empty cell of a one-cell-per-line table: blanks keep their
    column instead of collapsing the row."""
    r = load(FIX / "crawl_lines_blanks_2024.txt")
    assert [r.cell("table2", "normative", c).semantic for c in ("issued", "repealed", "in_force")] == \
        ["number", "blank", "number"]
    assert [r.value("table2", "normative", c) for c in ("issued", "in_force")] == [3, 12]
    assert [r.cell("table2", "rules", c).semantic for c in ("issued", "repealed", "in_force")] == ["blank"] * 3
    assert r.value("table2", "licensing", "decisions") == 5


def test_incomplete_section_of_a_cut_text() -> None:
    from gxtui.extract.ending import after_cut, incomplete_section

    r = load(FIX / "cut_short_2021.txt")
    assert incomplete_section(r) == "s3"
    assert after_cut(r, section="s4") and not after_cut(r, section="s3")
    assert after_cut(r, table="table4") and not after_cut(r, table="table2")
    assert after_cut(r, table="table3", row="r.total") and not after_cut(r, table="table3", row="new")
    full = load(ROOT / "tests" / "fixtures" / "rules" / "full_2021.txt")
    assert incomplete_section(full) is None and not after_cut(full, section="s6")


def test_a_table_after_section_six_is_not_a_cut(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "fixtures" / "rules" / "full_2021.txt").read_text(encoding="utf-8")
    p = tmp_path / "appendix.txt"
    p.write_text(text.rstrip() + "\n附表\n序号\t名称\t数量\n1\t宣传册\t200\n", encoding="utf-8")
    assert not [a for a in load(p).anomalies if a.kind == "cut-short"]


def test_grid_row_with_interior_cells_dropped_is_never_read_with_confidence(tmp_path: Path) -> None:
    """``1 0 0 1 2 0 1 0 0 1 0 0 0 0 0`` printed with its zeros dropped (``1 1 2 1 1``, no empty
    cells left): the blanks may have been anywhere, so no cell may be read as a certain blank."""
    text = (ROOT / "tests" / "fixtures" / "rules" / "full_2021.txt").read_text(encoding="utf-8")
    p = tmp_path / "t4.txt"
    p.write_text(text.replace("1\t0\t0\t1\t2\t0\t1\t0\t0\t1\t0\t0\t0\t0\t0", "1\t1\t2\t1\t1"), encoding="utf-8")
    r = load(p)
    cells = [c for k, c in r.cells.items() if k[0] == "table4"]
    assert cells and all(not c.known for c in cells if c.value is None and c.row == "review")
    assert r.cell("table4", "review", "upheld").known is False
    assert [f for f in check_report(r) if f.severity == "error" and f.table == "table4"] == []


def test_tab_text_cut_inside_its_last_row_gives_candidates(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "fixtures" / "rules" / "full_2021.txt").read_text(encoding="utf-8")
    i = text.index("4. 保护第三方合法权益\t") + len("4. 保护第三方合法权益\t")
    p = tmp_path / "cut.txt"
    p.write_text(text[:i], encoding="utf-8")  # the row's label and a tab, its numbers cut off
    r = load(p)
    assert any(a.kind == "cut-short" for a in r.anomalies)
    c = r.cell("table3", "r.withheld.third_party", "tot")
    assert c is None or not c.known  # never an invented blank
    assert r.value("table3", "r.withheld.security_stability", "np") == 0
