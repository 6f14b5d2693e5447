"""The held-out set: section-五 passages and title / intro / closing variants in the styles of
other provinces' reports, their expected items, agency and year written by hand before the parser
was run on them (tests/fixtures/section5_heldout/, tests/fixtures/identity_heldout/). Measured
with bench.accuracy; these tests hold the floor the product is judged by (≥ 90 % item P/R), and
check a few passages item by item."""

from __future__ import annotations

import pytest

from bench import accuracy
from gxtui.extract import load
from tests.conftest import ROOT

HELD = ROOT / "tests" / "fixtures" / "section5_heldout"


def _scores() -> accuracy.Score:
    total = accuracy.Score()
    for s in accuracy.evaluate({"section5_heldout"}).values():
        total.add(s)
    return total


def test_heldout_set_is_there_and_large_enough() -> None:
    gold = accuracy.gold_heldout()
    assert len(gold) >= 20
    assert sum(len(v["problems"]) + len(v["improvements"]) for v in gold.values()) >= 100
    assert len(accuracy.identity_cases()) >= 15


def test_heldout_section5_precision_and_recall_at_least_90_percent() -> None:
    t = _scores()
    d = t.as_dict()
    assert t.refused == 0
    for k in ("s5p_precision", "s5p_recall", "s5i_precision", "s5i_recall"):
        assert d[k] >= 0.9, (k, d[k])


def test_heldout_no_false_narrative_findings_and_identity_right() -> None:
    t = _scores()
    assert t.narr_false == 0
    assert t.identity_ok == t.identity_n


def test_heldout_identity_cases() -> None:
    ok, n, notes = accuracy.score_identity_cases()
    assert ok == n, notes


@pytest.mark.parametrize("name,problems,improvements", [
    ("h11_pipe_table.md", ["行政处罚信息公示不够及时", "食品安全抽检信息解读不足", "信息公开工作人员变动频繁"],
     ["建立行政处罚信息公示台账，在作出决定之日起七个工作日内公示", "在公布抽检结果时同步发布消费提示",
      "明确专人负责，做好工作交接和业务培训"]),
    ("h12_md_bullets.md", ["政策解读的针对性不强，群众关注的热点回应不够", "街道网站部分栏目更新较慢", "社区政务公开栏规范化程度不高"],
     ["围绕群众关心的征迁安置、社会保障等事项加强解读", "落实栏目专人维护制度，按周检查更新情况", "统一社区政务公开栏样式和内容"]),
    ("h09_none_found.txt", [], ["继续严格执行《条例》各项规定", "进一步规范依申请公开办理流程", "加强信息公开业务培训"]),
])
def test_heldout_passages_item_by_item(name: str, problems: list[str], improvements: list[str]) -> None:
    r = load(HELD / name)
    assert [i.text for i in r.problems] == problems
    assert [i.text for i in r.improvements] == improvements
