"""Section 五 as items: every real layout (synthetic paragraphs written for each rule), and the
conformance of every report with hand-read ground truth (tests/ground_truth/section5/*.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gxtui.extract import extract, section5
from gxtui.extract.starts import Starts
from gxtui.read import read_path
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
    doc, data = read_path(path)
    r = extract(doc, str(path), data)  # read even where load() refuses a cut-short page
    for kind in ("problems", "improvements"):
        got = [i.text for i in getattr(r, kind)]
        assert len(got) == len(want[kind]), (kind, got)
        assert match_items(got, want[kind]) == len(want[kind]), (kind, got)


# -------------------------------------------------------------------- more layouts
def test_unbracketed_sub_headings_with_a_colon_inside_a_paragraph():
    p, i = s5("存在的主要问题：政策解读不够深入。改进措施：加强政策解读。")
    assert texts(p) == ["政策解读不够深入"] and texts(i) == ["加强政策解读"]


def test_zhuyao_shi_without_colon_and_cunzai_de_wenti_colon():
    p, _ = s5("但也存在一些不足，主要是政策解读形式较为单一，公开内容不够全面。")
    assert texts(p) == ["政策解读形式较为单一", "公开内容不够全面"]
    p, i = s5("2023年度，我县政府信息公开工作存在的问题：公开平台建设还需加强，政策解读形式单一，"
              "依申请公开答复规范性有待提高。2024年，我县将进一步加强平台建设，丰富解读形式，规范答复。")
    assert texts(p) == ["公开平台建设还需加强", "政策解读形式单一", "依申请公开答复规范性有待提高"]
    assert texts(i) == ["2024年，我县将进一步加强平台建设，丰富解读形式，规范答复"]


def test_numbering_that_starts_again_is_the_measures_list():
    p, i = s5("一是公开意识有待增强；二是公开内容不够全面。一是加强学习培训；二是完善公开制度。")
    assert texts(p) == ["公开意识有待增强", "公开内容不够全面"]
    assert texts(i) == ["加强学习培训", "完善公开制度"]
    # a nested list of another kind is no restart
    p, i = s5("（一）公开不及时：1.栏目更新慢；2.信息报送迟。（二）解读不足。")
    assert [x.label for x in p] == ["（一）", "（二）"] and i == []


def test_ordinal_words_and_parenthesised_digits():
    p, i = s5("我局政务公开工作还存在一些问题，主要表现在：一是栏目更新不及时。二是解读材料质量不高。",
              "下一步，我局将着力做好以下几个方面工作：第一，完善制度。第二，加强培训。")
    assert texts(p) == ["栏目更新不及时", "解读材料质量不高"] and texts(i) == ["完善制度", "加强培训"]
    p, i = s5("（一）存在问题", "1.政策解读形式单一。", "2.公开不及时。", "（二）改进情况",
              "针对上述问题，我局将重点做好以下工作：", "（1）加强解读。", "（2）及时公开。")
    assert texts(p) == ["政策解读形式单一", "公开不及时"] and texts(i) == ["加强解读", "及时公开"]


def test_a_sentence_naming_no_problem_is_no_item():
    p, _ = s5("2023年我局政府信息公开工作取得了一定成效，但也存在一些问题。政策解读形式较为单一。信息公开栏目更新不及时。")
    assert texts(p) == ["政策解读形式较为单一", "信息公开栏目更新不及时"]


def test_a_list_inside_an_item_stays_in_it():
    p, i = s5("一是公开不及时：1.栏目更新慢；2.信息报送迟。二是解读不足。", "下一步，我局将：一是加强培训：①每季度一次；②全员参加。二是完善制度。")
    assert texts(p) == ["公开不及时：1.栏目更新慢；2.信息报送迟", "解读不足"]
    assert texts(i) == ["加强培训：①每季度一次；②全员参加", "完善制度"]


def test_measures_without_a_lead_word_but_we_will():
    p, i = s5("政策解读形式较为单一。我局将加强政策解读。")
    assert texts(p) == ["政策解读形式较为单一"] and texts(i) == ["我局将加强政策解读"]


def test_cunzai_deng_fangmian_de_wenti():
    p, _ = s5("但仍存在政策解读不够深入、信息更新不够及时等方面的问题。")
    assert texts(p) == ["政策解读不够深入", "信息更新不够及时"]


def test_chinese_ordinal_dun_markers():
    p, i = s5("存在的主要问题：一、栏目更新不及时。二、解读质量不高。", "改进措施：一、加强栏目维护。二、提升解读质量。")
    assert texts(p) == ["栏目更新不及时", "解读质量不高"] and texts(i) == ["加强栏目维护", "提升解读质量"]


def test_problem_and_measure_in_turn():
    p, i = s5("一是政策解读不够深入。下一步将丰富解读形式。二是信息更新不及时。下一步将建立更新台账。")
    assert texts(p) == ["政策解读不够深入", "信息更新不及时"]
    assert texts(i) == ["下一步将丰富解读形式", "下一步将建立更新台账"]
    # a measures list numbered like the problems is not taken back for problems
    p, i = s5("一是公开不及时；二是解读单一。下一步，我局将：一是建立台账；二是丰富形式；三是加强考核。")
    assert texts(p) == ["公开不及时", "解读单一"] and texts(i) == ["建立台账", "丰富形式", "加强考核"]


def test_markdown_heading_marks():
    p, i = s5("### （一）存在的主要问题", "**一是公开不及时。**", "### （二）改进情况", "1. 建立台账。", "2. 加强考核。")
    assert texts(p) == ["公开不及时"] and texts(i) == ["建立台账", "加强考核"]


@pytest.mark.parametrize("text", ["无。", "暂无。", "本年度无此类情况。"])
def test_nothing_to_list_is_no_item(text):
    assert s5(text) == ([], [])


def test_ru_as_a_word_is_no_list():
    p, _ = s5("2024年，我局按照要求如实公开各类信息，取得一定成效，但仍存在一些不足，公开内容不够全面。")
    assert texts(p) == ["公开内容不够全面"]


def test_section5_heading_worded_with_buzu():
    from gxtui.read import read_bytes  # noqa: PLC0415

    t = ("一、总体情况\n公开了。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
         "五、存在的不足及改进措施\n一是公开不及时。下一步，我局将加强培训。\n六、其他需要报告的事项\n无。\n").encode()
    r = extract(read_bytes(t, "x.txt"), "x.txt", t)
    assert r.section("s5") is not None
    assert texts(r.problems) == ["公开不及时"] and texts(r.improvements) == ["下一步，我局将加强培训"]


def test_three_sub_headings_problems_last_years_fixes_next_steps():
    p, i = s5("（一）存在的主要问题", "1.主动公开的深度和广度有待进一步拓展。", "2.政策解读的形式还不够多样。",
              "（二）上年度问题整改情况", "针对上一年度报告提出的问题，我局已完成栏目优化。", "（三）下一步工作",
              "1.拓展公开深度。", "2.丰富解读形式。")
    assert texts(p) == ["主动公开的深度和广度有待进一步拓展", "政策解读的形式还不够多样"]
    # the sub-headings are never items
    assert texts(i) == ["针对上一年度报告提出的问题，我局已完成栏目优化", "拓展公开深度", "丰富解读形式"]


def test_page_footers_between_wrapped_lines():
    p, _ = s5("一是政策解读形式", "— 5 —", "较为单一。", "6", "二是公开不及时。")
    assert texts(p) == ["政策解读形式较为单一", "公开不及时"]


def test_unnumbered_problems_separated_by_semicolons():
    p, _ = s5("信息公开不够及时；政策解读不够深入。")
    assert texts(p) == ["信息公开不够及时", "政策解读不够深入"]
    p, _ = s5("信息公开不够及时；这与人员变动有关。")
    assert texts(p) == ["信息公开不够及时；这与人员变动有关"]


def test_a_remark_closing_the_list_is_not_part_of_the_last_item():
    p, i = s5("一是公开不及时。二是解读单一。这些问题需要在今后工作中认真加以解决。",
              "下一步，我局将：一是建立台账。二是加强考核。通过以上措施，不断提升政务公开水平。")
    assert texts(p) == ["公开不及时", "解读单一"] and texts(i) == ["建立台账", "加强考核"]
    # an item of two sentences stays whole
    _, i = s5("下一步：一是加大培训力度。通过开展相关培训，提高队伍能力。")
    assert texts(i) == ["加大培训力度。通过开展相关培训，提高队伍能力"]


def test_woju_yaoqiu_is_no_measure():
    p, i = s5("我局要求各科室及时报送信息，但报送仍不够及时。")
    assert texts(p) and i == []


def test_never_raises_and_never_invents_text():
    """Random section-五 texts built from the wordings the reader reacts to: every item is a piece
    of the source (markers, lead-ins and sub-headings never become text of their own)."""
    import random  # noqa: PLC0415

    bits = ["一是", "二是", "三是", "（一）", "（二）", "1、", "2.", "第一，", "①", "下一步，我局将", "针对上述问题，",
            "存在", "如：", "主要是：", "等问题", "等", "，", "；", "。", "、", "：", "\n", "（一）存在的主要问题\n",
            "（二）改进措施\n", "政策解读形式单一", "公开不够及时", "加强培训", "但仍存在一些不足", "取得了一定成效",
            "无", "#", " ", "通过以上措施", "與", "問題"]
    rnd = random.Random(12)
    for _ in range(400):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randrange(1, 40)))
        paras = [t for t in text.split("\n")]
        p, i = s5(*paras)
        source = "".join(paras).replace(" ", "").replace("#", "")
        for item in p + i:
            assert item.text and item.text.replace(" ", "").replace("#", "") in source, (text, item.text)


def test_lead_in_naming_the_measures():
    p, i = s5("一是公开不及时；二是解读单一。我局的改进措施是：（一）建立台账；（二）丰富形式。")
    assert texts(p) == ["公开不及时", "解读单一"] and texts(i) == ["建立台账", "丰富形式"]


# -------------------------------------------------------------------- held-out layouts (narrative2)
def test_markdown_bullets_are_items_and_a_sub_heading_switches_lists():
    p, i = s5("存在问题：", "- 栏目更新较慢", "- 解读不够通俗", "改进措施：", "- 专人维护栏目", "- 推行图解")
    assert texts(p) == ["栏目更新较慢", "解读不够通俗"]
    assert texts(i) == ["专人维护栏目", "推行图解"]
    assert [x.label for x in p] == ["-", "-"]
    # a hyphen inside a sentence is no bullet
    p, _ = s5("2021-2022年度公开目录更新不及时。")
    assert texts(p) == ["2021-2022年度公开目录更新不及时"]


def test_a_bullet_item_ends_with_its_line():
    # a bullet line without a sentence end does not run on into the next paragraph
    p, _ = s5("一年来仍有不足：", "- 栏目更新较慢", "- 解读不够通俗", "另外队伍不够稳定。")
    assert texts(p) == ["栏目更新较慢", "解读不够通俗", "另外队伍不够稳定"]


def test_problems_table_pipe_rows():
    p, i = s5("我局对照问题制定整改措施如下。", "| 存在问题 | 整改措施 |", "| --- | --- |",
              "| 公示不及时 | 建立公示台账 |", "| 解读不足 | 同步发布解读 |")
    assert texts(p) == ["公示不及时", "解读不足"]
    assert texts(i) == ["建立公示台账", "同步发布解读"]
    # pipe rows without a problems heading are no table of problems
    p, i = s5("| 栏目 | 条数 |", "| 公示不及时 | 3 |")
    assert "公示不及时" not in texts(i)


def test_no_problem_found_is_no_item():
    p, i = s5("本年度未发现政府信息公开工作存在明显问题。下一步，我办将继续规范办理流程；加强业务培训。")
    assert p == []
    assert texts(i) == ["继续规范办理流程", "加强业务培训"]
    # a problem about finding problems is still one
    p, _ = s5("自查中未能及时发现栏目错链问题，整改不够及时。")
    assert len(p) == 1


def test_cunzai_x_de_wenti_one_item_when_x_states_a_problem():
    p, _ = s5("但还存在征地信息公开不够及时的问题，同时人员业务能力也有待提升。")
    assert texts(p) == ["征地信息公开不够及时", "同时人员业务能力也有待提升"]
    # without a problem word in it, the part before 的问题 is no item of its own
    p, _ = s5("但还存在一些需要改进的问题。")
    assert "一些需要改进" not in texts(p)


def test_closing_bracket_digit_markers():
    p, i = s5("存在问题：1）栏目更新慢；2）解读形式少。", "下一步，我局将：1）专人维护；2）推行图解。")
    assert texts(p) == ["栏目更新慢", "解读形式少"] and [x.label for x in p] == ["1）", "2）"]
    assert texts(i) == ["专人维护", "推行图解"]
    # a bracket after a year is no marker
    p, _ = s5("（2021年）栏目更新不及时。")
    assert len(p) == 1


def test_bare_dun_list_after_a_sub_heading_when_each_piece_is_a_problem():
    p, _ = s5("主要问题：公开栏目更新不及时、解读形式单一等。")
    assert texts(p) == ["公开栏目更新不及时", "解读形式单一"]
    p, _ = s5("主要问题：栏目、网站等。")
    assert texts(p) == ["栏目、网站"]


def test_yishi_right_after_a_verb_when_its_ershi_follows():
    p, i = s5("一是公开意识有待增强。二是解读质量不高。", "今后，我们将一是加强培训，二是提高解读质量。")
    assert texts(i) == ["加强培训", "提高解读质量"]
    # without a 二是 after it, 一是 inside a word stays text
    p, _ = s5("标准统一是难点，解读不足。")
    assert len(p) == 1


# -------------------------------------------------------------------- the first-character scan
def test_start_scan_finds_what_finditer_finds():
    """``gxtui.extract.starts.Starts`` tries a pattern only where a match can begin; on every
    pattern of the reader and on random text made of the characters they use, it yields exactly
    ``finditer``."""
    import random
    import re

    w = section5._words()
    pats = [w.lead.rx, w.sub_inline.rx, section5._PARA_BREAK, section5._PROBLEM_SENTENCE, w.sub_p, w.sub_i,
            w.shared_lead, w.no_problem, w.context, w.empty, w.closing, *w.markers, *(x[0] for x in w.inline),
            *w.generic, re.compile(r"(?<=[。])[ \t]*(?:\n|\u3000{2,})x"), re.compile(r"(?:ab)?c|\d+d"), re.compile(r"(?:[^，。]{0,3}的)?(?:改进|整改)措施|下一步"),
            re.compile(r"[^x]{2}y|z")]
    scans = [Starts(p) for p in pats]
    assert sum(s.narrowed for s in scans) >= len(scans) // 2  # most patterns are narrowed
    assert w.lead.near  # the lead-ins: 改/整 within a few characters of a match's start
    assert not Starts(re.compile(r"a?")).narrowed  # can match empty: plain finditer
    assert not Starts(re.compile(r".*b")).narrowed  # may begin with anything, no bound
    key = "一二三是（）()、，。；：！？\n \t\u3000下一步今后我们将拟采取以下措施改进整改情况为：2023年存在问题不足①②-*•第十1234.．abcdx的yz"
    rnd = random.Random(15)
    for _ in range(3000):
        text = "".join(rnd.choice(key) for _ in range(rnd.randint(0, 50)))
        for s in scans:
            want = [(m.span(), m.groups()) for m in s.rx.finditer(text)]
            assert [(m.span(), m.groups()) for m in s.finditer(text)] == want, (s.rx.pattern, text)
