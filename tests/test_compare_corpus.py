"""Consecutive-year pairs from ../shared/corpus (read in place; skipped when absent).

Every expected value below was checked by reading both source files (the flattened tables:
e.g. pingtan 2022 "一、本年新收…数量 713000074" = 71 3 0 0 0 0 74, 2023 "801000081" = 80 1 … 81;
"四、结转下年度继续办理 0000000" in 2022 and "二、上年结转…0000000" in 2023).
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from conftest import corpus_file
from gxtui.audit import compare_pair as compare  # the comparison with its cross-year findings
from gxtui.extract import load

pytestmark = pytest.mark.corpus


@lru_cache(maxsize=None)
def _load(name: str):
    return load(corpus_file(name))


@lru_cache(maxsize=None)
def _cmp(a: str, b: str):
    return compare(_load(a), _load(b))


def vals(c, table, row, col):
    d = c.cell(table, row, col)
    assert d is not None, (table, row, col)
    return d.old.value if d.old.usable else d.old.state, d.new.value if d.new.usable else d.new.state, d.change


def rules(c, rule):
    return [f for f in c.findings if f.rule == rule]


def assert_never_subtracted(c):
    for d in c.cells:
        if not d.comparable or not (d.old.usable and d.new.usable):
            assert d.change is None and d.rel_change is None, d
        if d.old.state in ("unknown", "missing") or d.new.state in ("unknown", "missing"):
            assert d.change is None and d.status in ("unknown", "not-comparable", "old-only", "new-only")


# ------------------------------------------------------------------ 平潭综合实验区 2022 → 2023
def test_pingtan_2022_2023():
    c = _cmp("pingtan_2022.txt", "pingtan_2023.txt")
    assert c.pairing.same_agency and c.pairing.consecutive
    assert vals(c, "table3", "new", "np") == (71, 80, 9)
    assert vals(c, "table3", "new", "biz") == (3, 1, -2)
    assert vals(c, "table3", "new", "tot") == (74, 81, 7)
    assert vals(c, "table3", "carried_in", "tot") == (1, 0, -1)
    assert vals(c, "table3", "r.partial", "tot") == (9, 20, 11)
    assert vals(c, "table3", "r.unable.not_held", "tot") == (37, 31, -6)
    assert vals(c, "table3", "r.total", "tot") == (75, 81, 6)
    assert vals(c, "table4", "lit_direct", "total") == (1, 5, 4)
    assert vals(c, "table4", "lit_after_review", "total") == (0, 2, 2)
    assert vals(c, "table2", "licensing", "decisions") == (10690, 2629, -8061)
    assert vals(c, "table2", "penalty", "decisions") == (2113, 1330, -783)
    coercion = c.cell("table2", "coercion", "decisions")
    assert (coercion.old.value, coercion.new.value) == (0, 54) and coercion.flagged
    # the glued 行政规范性文件 row is unknown in both years: shown, never subtracted
    assert c.cell("table2", "normative", "in_force").status == "unknown"
    admin = c.fees[0]
    assert (admin.old.value, admin.new.value, admin.unit) == (9116.36, 5949.088667, "万元")
    assert admin.change == pytest.approx(-3167.271333)
    # Y-1: 2022 carried out 0 in every column, 2023 carried in 0 → holds
    assert not rules(c, "Y-1")
    assert {d["status"] for d in c.carry_over()} == {"holds"}
    assert_never_subtracted(c)


# ------------------------------------------------------------------ 河北省工业和信息化厅
def test_hebei_gxt_2020_2021_template_change():
    c = _cmp("hebei-gxt_2020.txt", "hebei-gxt_2021.txt")
    assert (c.old.template, c.new.template) == ("2019", "2021")
    # 2020 row 四、结转下年度继续办理 has no values (blank), 2021 上年结转 0000000 → Y-1 holds
    assert not [f for f in rules(c, "Y-1") if f.severity != "info"]
    tot = next(d for d in c.carry_over() if d["col"] == "tot")
    assert tot["status"] == "holds" and tot["old"].state == "blank" and tot["new"].value == 0
    # （一）予以公开: blank in 2020 (the 11 stands after （二）部分公开), 3 in 2021
    assert vals(c, "table3", "r.disclosed", "tot") == (0, 3, 3)
    assert c.cell("table3", "r.disclosed", "tot").old.state == "blank"
    # 2019 （六）其他处理 (blank) vs the sum of 2021's three rows (0): both empty
    other = c.cell("table3", "r.other", "tot")
    assert other.status == "empty" and other.new.value == 0 and len(other.new.keys) == 3
    # table 二 across templates: 2 规范性文件 made/published in 2020 vs the 2021 counts — never subtracted
    for old_col, col in (("new_made", "issued"), ("total_published", "in_force")):
        d = next(x for x in c.table("table2").cells if x.row == "normative" and x.col == col)
        assert (d.old_col, d.new_col) == (old_col, col)
        assert not d.comparable and d.change is None and d.old.value == 2
    lic = c.cell("table2", "licensing", "decisions")
    assert lic.comparable and lic.old.state == "unknown" and lic.new.value == 273 and lic.change is None
    assert c.fees[0].old.state == "absent" and c.fees[0].new.value == 739.0766
    assert_never_subtracted(c)


def test_hebei_gxt_2021_2022():
    c = _cmp("hebei-gxt_2021.txt", "hebei-gxt_2022.txt")
    assert vals(c, "table3", "new", "np") == (4, 12, 8)
    assert vals(c, "table3", "new", "tot") == (4, 14, 10)
    assert vals(c, "table3", "r.disclosed", "tot") == (3, 5, 2)
    assert vals(c, "table2", "licensing", "decisions") == (273, 194, -79)
    assert vals(c, "table2", "penalty", "decisions") == (54, 46, -8)
    assert vals(c, "table4", "review", "total") == (0, 1, 1)
    assert c.fees[0].change == pytest.approx(650.6 - 739.0766)
    assert not rules(c, "Y-1")
    assert {d["status"] for d in c.carry_over()} == {"holds"}
    assert_never_subtracted(c)


def test_hebei_gxt_2022_2023():
    c = _cmp("hebei-gxt_2022.txt", "hebei-gxt_2023.txt")
    assert c.pairing.same_agency
    assert vals(c, "table3", "new", "tot") == (14, 10, -4)
    assert vals(c, "table3", "r.unable.not_held", "tot") == (8, 4, -4)
    assert vals(c, "table4", "lit_direct", "total") == (0, 3, 3)
    lic = c.cell("table2", "licensing", "decisions")
    assert (lic.old.value, lic.new.value, lic.change) == (194, 3189, 2995) and lic.flagged
    assert [f.row for f in rules(c, "Y-R")] == ["licensing"]
    assert not rules(c, "Y-1")
    assert_never_subtracted(c)


def test_hebei_gxt_2019_2020_y3():
    c = _cmp("hebei-gxt_2019.txt", "hebei-gxt_2020.txt")
    # 行政事业性收费: 2019 上一年项目数量 1, 本年增/减 0 → 2020 should say 1; it says 3
    y3 = [f for f in rules(c, "Y-3") if f.severity == "warning"]
    assert [(f.row, f.expected, f.actual) for f in y3] == [("admin_fees", 1, 3)]
    # 行政处罚: 1 + (−1) = 0 holds
    assert vals(c, "table2", "penalty", "prev_items") == (1, 0, -1)
    assert_never_subtracted(c)


# ------------------------------------------------------------------ 河北省教育厅
def test_hebei_jyt_2021_2022():
    c = _cmp("hebei-jyt_2021.txt", "hebei-jyt_2022.txt")
    assert vals(c, "table2", "normative", "issued") == (7, 5, -2)
    assert vals(c, "table2", "normative", "repealed") == (25, 17, -8)
    assert vals(c, "table2", "normative", "in_force") == (181, 159, -22)
    assert vals(c, "table2", "licensing", "decisions") == (5658, 6267, 609)
    assert vals(c, "table3", "new", "tot") == (37, 44, 7)
    assert vals(c, "table4", "review", "total") == (0, 4, 4)
    pen = c.cell("table2", "penalty", "decisions")
    assert (pen.old.value, pen.new.value) == (19, 0) and pen.flagged
    # Y-2: 181 + 5 − 17 = 169, reported 159
    y2 = rules(c, "Y-2")
    assert [(f.row, f.expected, f.actual) for f in y2] == [("normative", 169, 159)]
    # Y-1: 2021 carried out 0 ×7, 2022 carried in 0 ×7
    assert not rules(c, "Y-1")
    assert {d["status"] for d in c.carry_over()} == {"holds"}
    assert_never_subtracted(c)


def test_hebei_jyt_2022_2023():
    c = _cmp("hebei-jyt_2022.txt", "hebei-jyt_2023.txt")
    assert vals(c, "table3", "new", "tot") == (44, 19, -25)
    assert vals(c, "table4", "review", "total") == (4, 7, 3)
    assert vals(c, "table2", "licensing", "decisions") == (6267, 7417, 1150)
    assert [(f.expected, f.actual) for f in rules(c, "Y-2")] == [(157, 156)]
    assert not rules(c, "Y-1")
    assert {d["status"] for d in c.carry_over()} == {"holds"}
    assert_never_subtracted(c)


def test_hebei_jyt_2019_2021_not_consecutive():
    c = _cmp("hebei-jyt_2019.txt", "hebei-jyt_2021.txt")
    assert not c.pairing.consecutive
    assert not [f for f in c.findings if f.rule.startswith("Y-") and f.rule != "Y-R"]
    # 2019 对外公开总数量 16 and 2021 现行有效件数 181 side by side, not subtracted
    d = next(x for x in c.table("table2").cells if x.row == "normative" and x.old_col == "total_published")
    assert (d.old.value, d.new.value, d.change, d.comparable) == (16, 181, None, False)
    assert vals(c, "table3", "new", "tot") == (16, 37, 21)
    assert_never_subtracted(c)


def test_hebei_kjt_copied_problems():
    """河北省科学技术厅 2022 repeats its 2021 problems paragraph word for word (years aside):
    all four problems of its inline list (存在A、B、C等问题，D) are repeats."""
    c = _cmp("hebei-kjt_2021.txt", "hebei-kjt_2022.txt")
    assert [m.status for m in c.problems if m.list == "problems"] == ["repeated"] * 4
    assert [m.new.text for m in c.problems if m.list == "problems"][1] == "覆盖面不完全"
    assert any(f.rule == "P-2" and f.severity == "error" for f in c.findings)


def test_problems_diff_item_by_item_on_inline_lists():
    """Section 五 compared item by item, not paragraph against paragraph: 平潭 2022→2023 lists three
    new problems and resolves three (the measures are never taken for problems); 河北省教育厅
    2022→2023 rewrote one inline-list problem (公开内容不够丰富 → 不够广泛) and changed the rest."""
    c = _cmp("pingtan_2022.txt", "pingtan_2023.txt")
    probs = [m for m in c.problems if m.list == "problems"]
    assert [m.status for m in probs] == ["new"] * 3 + ["resolved"] * 3
    assert probs[0].new.text == "部分单位信息发布属性界定还不够精确，部分栏目存在信息噪音"
    assert probs[0].new.label == "一是"
    c = _cmp("hebei-jyt_2022.txt", "hebei-jyt_2023.txt")
    probs = [m for m in c.problems if m.list == "problems"]
    assert [(m.status, (m.new or m.old).text) for m in probs] == [
        ("reworded", "公开内容不够广泛"), ("new", "政策解读形式过于单一"), ("new", "与公众互动性还需进一步增强"),
        ("resolved", "服务意识有待提高"), ("resolved", "公开方式不够多样")]
    assert probs[0].old.text == "公开内容不够丰富"
