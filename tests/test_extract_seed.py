"""The bundled seed report (吕梁市教育局 2021) parses completely and faithfully."""

from __future__ import annotations

import datetime as dt

import pytest

from gxtui import templates
from gxtui.present.export import to_dict
from gxtui.extract import load


@pytest.fixture(scope="module")
def seed(request):
    from tests.conftest import DATA, SEED

    p = DATA / "吕梁市教育局_2021.txt"
    if not p.exists():
        p = SEED
    if not p.exists():
        pytest.skip("seed not available")
    return load(p)


def test_metadata(seed):
    assert seed.agency == "吕梁市教育局"
    assert seed.year == 2021
    assert seed.template == "2021"
    assert seed.published == dt.date(2022, 1, 17)
    assert [s.key for s in seed.sections if s.key not in ("intro", "closing")] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert seed.section("s6").text == "无。"
    assert seed.section("closing").text == "吕梁市教育局\n2022年1月17日"


def test_table2_values(seed):
    d = to_dict(seed)["table2"]
    assert d["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert d["normative"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert d["licensing"] == {"decisions": 0}
    assert d["penalty"] == {"decisions": 0}
    assert d["coercion"] == {"decisions": 0}
    assert d["admin_fees"] == {"amount_wan_yuan": 60.179}
    fee = seed.cell("table2", "admin_fees", "amount_wan_yuan")
    assert fee.raw == "60.179" and fee.line == 67


def test_table3_every_cell(seed):
    tpl = templates.get("2021")
    assert len(tpl.t3_rows) == 25
    cells = [c for c in seed.table_cells("table3")]
    assert len(cells) == 25 * 7
    for c in cells:
        assert c.value == 0 and c.semantic == "zero" and c.raw == "0", c
    # lines point at the source rows
    assert seed.cell("table3", "new", "np").line == 74
    assert seed.cell("table3", "r.unable.needs_creation", "tot").line == 87
    assert seed.cell("table3", "carried_out", "tot").line == 99


def test_table4_every_cell(seed):
    cells = list(seed.table_cells("table4"))
    assert len(cells) == 15
    assert all(c.value == 0 and c.line == 106 for c in cells)


def test_problems_and_improvements(seed):
    assert len(seed.problems) == 3
    # the text without its marker and trailing 。; the marker and the source line beside it
    assert seed.problems[0].text.startswith("市教育局局机关不能及时将相关的政务信息进行公开")
    assert [p.label for p in seed.problems] == ["1、", "2、", "3、"]
    assert seed.problems[0].line == 110
    # item 2 is broken over two paragraphs in the source and is joined back
    assert seed.problems[1].text.startswith("个别科室存在对科室职能理解不透彻")
    assert seed.problems[1].text.endswith("办事效率低下的问题")
    assert seed.problems[2].text.startswith("对一些惠民政策的宣传和公开力度还是不够")
    assert len(seed.improvements) == 1 and seed.improvements[0].text.startswith("下一步")


def test_anomalies_typo_and_misplaced_label(seed):
    kinds = {(a.kind, a.row, a.col) for a in seed.anomalies}
    assert ("label-typo", "art20_1", "repealed") in kinds
    typo = next(a for a in seed.anomalies if a.kind == "label-typo")
    assert "本年度止件数" in typo.message and typo.line == 54
    assert ("label-misplaced", "r.unable.needs_creation", None) in kinds
    misplaced = next(a for a in seed.anomalies if a.row == "r.unable.needs_creation")
    assert misplaced.line == 87
    # nothing was unknown or guessed in this report
    assert not [a for a in seed.anomalies if a.kind in ("cells-unknown", "cells-recovered")]


def test_wide_dataframe(seed):
    wide = seed.wide("table3")
    assert wide.shape == (25, 8)
    assert wide["row"].to_list()[0] == "new" and wide["row"].to_list()[-1] == "carried_out"
