"""Section 五 as items: every real layout (synthetic paragraphs written for each rule), and the
conformance of every report with hand-read ground truth (tests/ground_truth/section5/*.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gxtui.extract import load, section5
from gxtui.model import Paragraph, Section
from tests.conftest import ROOT, SHARED

GROUND = ROOT / "tests" / "ground_truth" / "section5"


def s5(*paras: str) -> tuple[list, list]:
    sec = Section("s5", "五、存在的主要问题及改进情况", [Paragraph(t, 10 + 2 * i) for i, t in enumerate(paras)], 9)
    return section5.split(sec)


def texts(items) -> list[str]:
    return [i.text for i in items]


# -------------------------------------------------------------------- numbered lists
def test_numbered_lists_each_marker_kind():
    p, i = s5("一是公开意识不强；二是解读形式单一；三是队伍不稳定。",
              "下一步整改措施：",
              "（一）加强培训。每季度组织一次培训。", "（二）丰富解读形式。")
    assert texts(p) == ["公开意识不强", "解读形式单一", "队伍不稳定"]
    assert [x.label for x in p] == ["一是", "二是", "三是"]
    # the lead-in is never an item; the items after it are improvements
    assert texts(i) == ["加强培训。每季度组织一次培训", "丰富解读形式"]
    assert [x.label for x in i] == ["（一）", "（二）"] and [x.line for x in i] == [14, 16]


def test_digit_markers_and_wrapped_item():
    p, i = s5("1、信息发布不及时，", "存在滞后的情况。", "2.政策解读不够深入。", "下一步，我局将加强审核。")
    assert texts(p) == ["信息发布不及时，存在滞后的情况", "政策解读不够深入"]
    assert [x.label for x in p] == ["1、", "2."]
    assert texts(i) == ["下一步，我局将加强审核"]


def test_marker_after_comma_only_when_the_numbering_continues():
    p, _ = s5("主要表现在：一是栏目更新慢，二是解读形式单一。")
    assert texts(p) == ["栏目更新慢", "解读形式单一"]
    # "统一是" is no marker, nor a lone 二是 after a comma without 一是
    p, _ = s5("但仍存在一些不足，标准统一是难点，二是说法不一。")
    assert len(p) == 1


# -------------------------------------------------------------------- inline lists
def test_inline_list_after_ru_colon_semicolons():
    p, i = s5("虽然取得了一定成效，但仍存在一些不足，如：公开内容不够全面；解读形式较为单一；互动回应不够及时。")
    assert texts(p) == ["公开内容不够全面", "解读形式较为单一", "互动回应不够及时"]
    assert i == []


def test_inline_list_ru_dun_closing_deng():
    p, _ = s5("仍存在一些问题与不足，如服务意识有待提高、公开内容不够丰富、公开方式不够多样等。")
    assert texts(p) == ["服务意识有待提高", "公开内容不够丰富", "公开方式不够多样"]


def test_inline_list_zhuyao_shi_commas():
    p, _ = s5("但仍存在不足。主要是：信息更新不够及时，解读质量有待提高，栏目设置不够合理，"
              "互动渠道较少，培训不足等。")
    assert texts(p) == ["信息更新不够及时", "解读质量有待提高", "栏目设置不够合理", "互动渠道较少", "培训不足"]


def test_inline_list_cunzai_deng_wenti_and_trailing_clause():
    p, _ = s5("但也还存在解读形式不够丰富、推送不够精准等问题，平台栏目分类仍需进一步优化。")
    assert texts(p) == ["解读形式不够丰富", "推送不够精准", "平台栏目分类仍需进一步优化"]
    # a general remark after the list is not a problem
    p, _ = s5("工作还存在内容不够充实、形式不够多样等问题，与人民群众的期望相比，还有一定的差距。")
    assert texts(p) == ["内容不够充实", "形式不够多样"]


def test_comma_split_only_when_every_piece_states_a_problem():
    p, _ = s5("但仍存在一些不足，信息审核、政策解读的时效性仍需要加强。")
    assert texts(p) == ["信息审核、政策解读的时效性仍需要加强"]  # one predicate: kept whole
    p, _ = s5("但仍存在一些不足，政策解读形式单一，缺少多个角度的解读，与去年相比。")
    assert len(p) == 1  # a piece without a problem: ambiguous, the clause is kept whole


def test_unnumbered_problem_sentence_loses_its_context():
    p, i = s5("2023年，我局公开工作取得一定成效，公开力度不断加大。但还需进一步提升解读的全面性等。"
              "下一步，我局将加强解读。")
    assert texts(p) == ["还需进一步提升解读的全面性"]
    assert texts(i) == ["下一步，我局将加强解读"]


# -------------------------------------------------------------------- improvements
def test_inline_improvements_after_lead_in_are_not_problems():
    p, i = s5("存在的问题主要有：一是公开不及时；二是解读单一。针对存在问题，下一步，将切实抓好以下工作："
              "一是建立台账；二是丰富形式；三是加强考核。")
    assert texts(p) == ["公开不及时", "解读单一"]
    assert texts(i) == ["建立台账", "丰富形式", "加强考核"]


def test_measures_semicolons_share_their_lead():
    _, i = s5("一是公开不及时。", "下一步，我们将加强组织建设，压实责任；完善规章制度；加强专栏维护。")
    assert texts(i) == ["加强组织建设，压实责任", "完善规章制度", "加强专栏维护"]


def test_measures_one_per_sentence_when_unnumbered():
    _, i = s5("一是公开不及时。", "2024年，我们将完善公开机制。充分运用多种形式解读政策。")
    assert texts(i) == ["2024年，我们将完善公开机制", "充分运用多种形式解读政策"]


def test_first_measure_without_its_marker_after_the_colon():
    _, i = s5("存在一些问题与不足，宣传力度不够，信息质量还有待提高。針對以上問題,我局採取以下措施積極改進:"
              "我局將加強培訓工作;二是加強審核把關;三是提升解讀質量。")
    assert texts(i) == ["我局將加強培訓工作", "加強審核把關", "提升解讀質量"]


def test_unnumbered_paragraph_after_the_measures_is_one_more():
    _, i = s5("（一）主要问题", "栏目结构无法满足需要。", "（二）改进情况", "根据上述问题，采取以下措施：一是开设专栏。二是调整目录。",
              "目前，专栏已开设。")
    assert texts(i) == ["开设专栏", "调整目录", "目前，专栏已开设"]


# -------------------------------------------------------------------- sub-headings
@pytest.mark.parametrize("head_p,head_i", [("（一）存在的主要问题", "（二）改进情况"), ("存在问题", "改进措施"),
                                           ("一、存在的主要问题", "二、下一步工作打算")])
def test_sub_headings_set_the_list(head_p, head_i):
    p, i = s5(head_p, "一是公开不及时。二是解读单一。", head_i, "一是建立台账。二是加强考核。")
    assert texts(p) == ["公开不及时", "解读单一"] and texts(i) == ["建立台账", "加强考核"]


def test_sub_headings_glued_to_the_items():
    p, i = s5("（一）存在问题一是人员不稳定。二是解读不生动。（二）下一步改进措施一是加大宣传。二是加强培训。")
    assert texts(p) == ["人员不稳定", "解读不生动"] and texts(i) == ["加大宣传", "加强培训"]


def test_sub_headings_stand_in_for_a_lost_heading():
    from gxtui.model import Paragraph as P  # noqa: PLC0415

    s4 = Section("s4", "四、…", [P("表格说明", 1)], 1)
    doc_paras = [P("（一）主要问题", 20), P("栏目结构无法满足", 21), P("需要。", 22), P("（二）改进情况", 23),
                 P("一是开设专栏。", 24), P("五、其他需要报告的事项", 25), P("无。", 26)]
    sec = section5.lost_section([s4], doc_paras)
    assert sec is not None and sec.key == "s5"
    p, i = section5.split(sec)
    assert texts(p) == ["栏目结构无法满足需要"] and p[0].line == 21
    assert texts(i) == ["开设专栏"]
    # a report with its 五 heading needs no stand-in
    assert section5.lost_section([Section("s5", "五、", [], 1)], doc_paras) is None


def test_lost_heading_problems_sentence_in_the_previous_section():
    from gxtui.model import Paragraph as P  # noqa: PLC0415

    secs = [Section("s4", "四、…", [P("2022年，我厅工作虽然取得了一些成效，但仍存在解读形式不够丰富、质量有待提高等问题。"
                                       "2023年，我们将加强解读。", 5)], 5), Section("s6", "六、", [], 9)]
    p, i = section5.split(section5.lost_section(secs))
    assert texts(p) == ["解读形式不够丰富", "质量有待提高"] and texts(i) == ["2023年，我们将加强解读"]


def test_no_section_no_items():
    assert section5.split(None) == ([], [])


# -------------------------------------------------------------------- ground truth
def _gold() -> list[Path]:
    return sorted(GROUND.glob("*.toml"))


def test_ground_truth_covers_every_corpus_report_with_a_section5():
    names = {tomllib.loads(p.read_text(encoding="utf-8"))["file"] for p in _gold()}
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("corpus not available")
    for f in sorted(corpus.iterdir()):
        if f.suffix in (".txt", ".md", ".html", ".pdf"):
            assert f"corpus/{f.name}" in names, f"no section-五 ground truth for {f.name}"


@pytest.mark.parametrize("gold", _gold(), ids=lambda p: p.stem)
def test_section5_conformance(gold: Path):
    from bench.accuracy import match_items, report_path  # noqa: PLC0415

    want = tomllib.loads(gold.read_text(encoding="utf-8"))
    path = report_path(want["file"])
    if not path.exists():
        pytest.skip(f"{want['file']} not available")
    r = load(path)
    for kind in ("problems", "improvements"):
        got = [i.text for i in getattr(r, kind)]
        assert len(got) == len(want[kind]), (kind, got)
        assert match_items(got, want[kind]) == len(want[kind]), (kind, got)
