"""Comparison engine on the small fictional fixtures in tests/fixtures/compare/ (see
make_fixtures.py there): 2020 (2019 template) → 2021 → 2022 of 样例区测试办.

Deliberate in the fixtures: 2020's （六）其他处理 3 (自然人 2, 商业企业 1) vs 2021's three （六）
rows 1+0+1; 2021 carries 5 over but 2022 says 0 carried in (Y-1 broken); 2022's problems list
and improvement measures are 2021's, one word changed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gxtui.audit import compare_pair as compare  # the comparison with its cross-year findings
from gxtui.compare.align import is_large_change
from gxtui.compare.pairing import file_stem, file_year, normalize_agency, pair
from gxtui.compare.problems import match_items, normalize, similarity
from gxtui.config import Config
from gxtui.extract import load
from gxtui.model import Item

FIX = Path(__file__).parent / "fixtures" / "compare"


@pytest.fixture(scope="module")
def reports():
    return {y: load(FIX / f"样例区测试办_{y}.txt") for y in (2020, 2021, 2022)}


@pytest.fixture(scope="module")
def cmp_19_21(reports):
    return compare(reports[2020], reports[2021])


@pytest.fixture(scope="module")
def cmp_21_22(reports):
    return compare(reports[2021], reports[2022])


# ------------------------------------------------------------------ alignment across templates
def test_r_other_single_row_aligned_with_sum_of_three(cmp_19_21):
    c = cmp_19_21.cell("table3", "r.other", "np")
    assert (c.old.value, c.new.value, c.change) == (2, 1, -1)
    assert c.comparable and c.note_zh and "之和" in c.note_zh
    assert len(c.new.keys) == 3 and all(k[1].startswith("r.other.") for k in c.new.keys)
    tot = cmp_19_21.cell("table3", "r.other", "tot")
    assert (tot.old.value, tot.new.value, tot.change) == (3, 2, -1)
    biz = cmp_19_21.cell("table3", "r.other", "biz")
    assert biz.status == "same"
    # the three 2021 rows are listed too, new-only, never subtracted
    part = cmp_19_21.cell("table3", "r.other.no_correction", "np")
    assert part.status == "new-only" and part.change is None and not part.comparable


def test_t2_across_templates_only_decisions_comparable(cmp_19_21):
    t2 = cmp_19_21.table("table2")
    comparable = {(c.row, c.col) for c in t2.cells if c.comparable}
    assert comparable == {("licensing", "decisions"), ("penalty", "decisions"),
                          ("coercion", "decisions")}
    lic = cmp_19_21.cell("table2", "licensing", "decisions")
    assert (lic.old.value, lic.new.value, lic.change) == (80, 90, 10)
    side_by_side = cmp_19_21.cell("table2", "normative", "in_force")
    assert (side_by_side.col, side_by_side.old_col, side_by_side.new_col) == ("in_force", "total_published",
                                                                               "in_force")
    assert (side_by_side.old.value, side_by_side.new.value) == (30, 20)
    assert side_by_side.change is None and side_by_side.rel_change is None
    assert side_by_side.status == "not-comparable"
    for c in t2.cells:
        if not c.comparable:
            assert c.change is None


def test_every_cell_of_both_reports_appears_once(cmp_19_21, reports):
    seen_old, seen_new = [], []
    for c in cmp_19_21.cells:
        if c.old.state != "absent":
            seen_old.extend(c.old.keys)
        if c.new.state != "absent":
            seen_new.extend(c.new.keys)
    assert sorted(seen_old) == sorted(set(seen_old))
    assert set(reports[2020].cells) <= set(seen_old)
    assert set(reports[2021].cells) <= set(seen_new)


def test_fees_units_and_template_change(cmp_19_21, cmp_21_22):
    admin, info = cmp_19_21.fees
    assert admin.unit == "万元" and info.unit == "元"
    assert admin.old.state == "absent" and admin.change is None and not admin.comparable
    admin, info = cmp_21_22.fees
    assert (admin.old.value, admin.new.value) == (3.5, 3.8)
    assert admin.change == pytest.approx(0.3)
    assert (info.old.value, info.new.value, info.change) == (0, 200, 200)
    assert info.flagged  # 0 → 200 元


# ------------------------------------------------------------------ Y-1
def test_y1_holds_across_template_change(cmp_19_21):
    assert not [f for f in cmp_19_21.findings if f.rule == "Y-1"]
    assert {d["status"] for d in cmp_19_21.carry_over()} == {"holds"}


def test_y1_broken_carry_over_names_both_reports_and_cells(cmp_21_22, reports):
    y1 = [f for f in cmp_21_22.findings if f.rule == "Y-1"]
    assert {f.col for f in y1} == {"np", "tot"}
    tot = next(f for f in y1 if f.col == "tot")
    assert tot.severity == "warning"
    assert (tot.expected, tot.actual) == (5, 0)
    assert tot.path == reports[2022].source.path
    olds = [r for r in tot.related if r["path"] == reports[2021].source.path]
    news = [r for r in tot.related if r["path"] == reports[2022].source.path]
    assert olds and olds[0]["row"] == "carried_out" and olds[0]["col"] == "tot"
    assert news and news[0]["row"] == "carried_in"
    status = {d["col"]: d["status"] for d in cmp_21_22.carry_over()}
    assert status["tot"] == "broken" and status["biz"] == "holds"


def test_y2_in_force_progression(cmp_21_22):
    y2 = [f for f in cmp_21_22.findings if f.rule == "Y-2"]
    # 20 + 2 − 0 = 22, but 25 reported
    assert len(y2) == 1 and (y2[0].expected, y2[0].actual) == (22, 25)
    assert y2[0].row == "normative"


def test_cross_year_rules_skip_non_consecutive(reports):
    c = compare(reports[2020], reports[2022])
    assert not c.pairing.consecutive
    assert not [f for f in c.findings if f.rule in ("Y-1", "Y-2", "Y-3", "Y-4")]
    assert {d["status"] for d in c.carry_over()} == {"n/a"}


# ------------------------------------------------------------------ problems list
def test_repeated_problems_list(cmp_21_22):
    probs = [m for m in cmp_21_22.problems if m.list == "problems"]
    assert [m.status for m in probs] == ["repeated"] * 3
    assert probs[0].similarity < 1.0 and probs[0].similarity >= 0.85  # 偏少 → 较少
    assert probs[1].similarity == 1.0
    p1 = [f for f in cmp_21_22.findings if f.rule == "P-1"]
    assert len(p1) == 4 and all("与上年表述基本相同" in f.message_zh for f in p1)
    p2 = [f for f in cmp_21_22.findings if f.rule == "P-2"]
    assert {f.list for f in p2} == {"problems", "improvements"}
    assert all(f.table is None and f.row is None and f.section == "s5" for f in p2)
    assert all(f.severity == "error" for f in p2)
    assert cmp_21_22.has_errors
    s = cmp_21_22.summary("problems")
    assert (s.repeated, s.new_count, s.repeated_share) == (3, 3, 1.0)
    reuse = {r.section: r for r in cmp_21_22.reuse}
    assert reuse["s5"].share == 1.0


def test_fresh_problems_are_new_and_resolved(cmp_19_21):
    probs = [m for m in cmp_19_21.problems if m.list == "problems"]
    assert sorted(m.status for m in probs) == ["new"] * 3 + ["resolved"] * 2
    assert not [f for f in cmp_19_21.findings if f.rule in ("P-1", "P-2")]


def test_similarity_measure():
    a = "一是政策解读形式单一，缺少多个角度多种形式的解读。"
    assert similarity(a, "（一）政策解读形式单一，缺少多个角度多种形式的解读") == 1.0  # numbering, punctuation
    assert similarity("2022年信息公开栏目更新不及时", "2023年信息公开栏目更新不及时") == 1.0  # digits
    swapped = similarity("重点领域公开深度不足，政策解读形式单一", "政策解读形式单一，重点领域公开深度不足")
    assert swapped >= 0.85  # clause order does not hide a copy (bigram Dice)
    assert similarity(a, "三是开拓创新不够有力，实验区政务公开工作特色打造、亮点挖掘还不够") < 0.5
    assert normalize("　二是 加强培训。") == "加强培训"
    assert similarity("政府信息公開工作", "政府信息公开工作") == 1.0  # 繁/简


def test_match_items_reworded_and_lead_in():
    old = [Item("一是政务公开专栏更新不够及时，部分栏目内容长期未更新。", 1, "一是"),
           Item("2022年，我局将采取以下措施。", 2, None)]
    new = [Item("一是政务公开专栏内容更新还不够及时，部分栏目信息维护需要加强。", 5, "一是"),
           Item("2023年，我局将采取以下措施。", 6, None)]
    ms = match_items(old, new)
    assert [m.status for m in ms] == ["reworded"]  # lead-in sentences are not items
    assert 0.5 <= ms[0].similarity < 0.85


def test_thresholds_configurable(reports):
    cfg = Config(compare={"ratio": 1.3, "min_base": 5, "repeated": 0.999})
    c = compare(reports[2021], reports[2022], cfg)
    lic = c.cell("table2", "licensing", "decisions")
    assert lic.flagged  # 90 → 120 under ×1.3
    assert not compare(reports[2021], reports[2022]).cell("table2", "licensing", "decisions").flagged
    assert [m.status for m in c.problems if m.list == "problems"][0] == "reworded"
    cfg = Config(rules={"P-2": {"enabled": False}})
    assert not [f for f in compare(reports[2021], reports[2022], cfg).findings if f.rule == "P-2"]


def test_large_change_rule():
    assert is_large_change(10, 50) and is_large_change(50, 10) and is_large_change(0, 12)
    assert not is_large_change(2, 9) and not is_large_change(10, 49) and not is_large_change(-5, 50)


# ------------------------------------------------------------------ pairing
def test_pairing_normalisation_and_order(reports):
    assert normalize_agency(" 平潭综合实验区（本级） ") == "平潭综合实验区"
    assert normalize_agency("平潭綜合實驗區") == "平潭综合实验区"
    assert normalize_agency("2023年度政府信息公开工作报告.doc") is None
    assert file_stem("hebei-gxt_2022.txt") == "hebei-gxt" and file_year("hebei-gxt_2022.txt") == 2022
    assert file_stem("平潭-2021.html") == "平潭" and file_year("a/b/2021.txt") == 2021
    p = pair(reports[2022], reports[2021])
    assert p.swapped and p.old.year == 2021 and p.consecutive and p.same_agency
    c = compare(reports[2022], reports[2021])
    assert c.old.year == 2021


def test_pairing_falls_back_to_file_name(reports, tmp_path):
    text = (FIX / "样例区测试办_2022.txt").read_text(encoding="utf-8")
    body = text.replace("样例区测试办\n", "", 1).replace("\n样例区测试办\n", "\n")
    body = body.replace("2022年政府信息公开工作年度报告", "政府信息公开工作年度报告")
    body = body.replace("统计期限为2022年1月1日至2022年12月31日", "统计期限为本年度")
    f = tmp_path / "样例区测试办_2022.txt"
    f.write_text(body, encoding="utf-8")
    r = load(f)
    p = pair(reports[2021], r)
    assert p.new.year == 2022 and p.new.year_from in ("file", "report")
    if r.agency is None:
        assert p.same_agency and p.new.agency_from == "file"
        assert any("文件名" in n for n in p.notes_zh)


def test_compare_does_not_import_textual_or_polars():
    code = ("import sys; from gxtui.compare import compare; from gxtui.extract import load; "
            f"d={str(FIX)!r}; compare(load(d+'/样例区测试办_2021.txt'), load(d+'/样例区测试办_2022.txt')); "
            "bad=[m for m in ('textual','polars') if m in sys.modules]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_to_dict_shape(cmp_21_22):
    from gxtui.present.schema import comparison

    d = comparison(cmp_21_22)
    assert set(d) >= {"old", "new", "cells", "fees", "problems", "findings"}
    cell = d["cells"][0]
    assert set(cell) >= {"table", "row", "col", "old", "new", "change", "comparable"}
    assert set(d["fees"]) == {"admin_fees", "info_fee_yuan"}
    assert {p["status"] for p in d["problems"]} <= {"new", "resolved", "reworded", "repeated"}
    assert all("fingerprint" in f and "rule" in f for f in d["findings"])


def test_y1_uses_a_carry_over_whose_readings_all_agree(tmp_path):
    """六个0对应七列: which cell was blank is unknown, but each reads as 0 — Y-1 can still check."""
    from gxtui.check import check_pair
    from gxtui.extract import extract
    from gxtui.read import read_bytes
    from tests.conftest import DATA

    def one_cell_per_line(text: str, drop_row: str | None = None) -> str:
        out = []
        for line in text.split("\n"):
            if "\t" not in line:
                out.append(line)
                continue
            cells = [c.strip() for c in line.split("\t") if c.strip()]
            if drop_row and cells and cells[0].startswith(drop_row):
                cells = cells[:-1]  # the crawler dropped one cell of this row
            for c in cells:
                out += [c, ""]
        return "\n".join(out)

    old_text = (DATA / "示例县教育局_2021.txt").read_text(encoding="utf-8")
    new_text = (DATA / "示例县教育局_2022.txt").read_text(encoding="utf-8")
    # make 2022's 上年结转 all zeros, then lose one of its seven cells
    lines = new_text.split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith("二、上年结转"))
    lines[i] = "二、上年结转政府信息公开申请数量\t\t" + "\t".join(["0"] * 7)
    new = extract(read_bytes(one_cell_per_line("\n".join(lines), "二、上年结转").encode()), "new.txt", b"")
    old = extract(read_bytes(one_cell_per_line(old_text).encode()), "old.txt", b"")
    assert new.cell("table3", "carried_in", "np").semantic == "unknown"
    y1 = [f for f in check_pair(old, new) if f.rule == "Y-1" and f.severity == "warning"]
    # 2021 carried out 1 (自然人, 总计); 2022 carried in reads 0 everywhere: Y-1 fires on both
    assert {f.col for f in y1} == {"np", "tot"}
    assert all(f.actual == 0 and f.expected == 1 for f in y1)


def test_check_pair_without_reuse_finds_what_the_full_comparison_finds() -> None:
    """``check_pair`` skips the section text reuse (no rule reads it): the cross-year findings
    must be those of the full comparison, on every consecutive pair of the corpus and data/."""
    from pathlib import Path

    from gxtui.audit import check_pair, compare_pair
    from gxtui.compare.pairing import group_series
    from gxtui.extract import load

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "data").glob("*.txt"))
    corpus = root.parent / "shared" / "corpus"
    if corpus.is_dir():
        files += sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md", ".html"))
    reports = []
    for p in files:
        try:
            reports.append(load(p))
        except Exception:  # noqa: BLE001 - unreadable pages are not pairs
            pass
    pairs = 0
    for s in group_series(reports):
        rs = sorted(s.reports, key=lambda r: r.year or 0)
        for a, b in zip(rs, rs[1:]):
            full = compare_pair(a, b)
            assert full.reuse or not (a.sections and b.sections)
            assert [f.fingerprint for f in check_pair(a, b)] == [f.fingerprint for f in full.findings]
            pairs += 1
    assert pairs >= 2
