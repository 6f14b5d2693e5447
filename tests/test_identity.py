"""Agency and year of a report (title, intro sentence, closing) and agency identity across years
(parent-region prefix, Markdown marks, one misread character), issue 12 item 7."""

from __future__ import annotations


import pytest

from gxtui.compare.pairing import Identity, group_identities, normalize_agency, pair, same_agency
from gxtui.extract import extract
from gxtui.model import Report, Source
from gxtui.read import read_bytes

BODY = ("一、总体情况\n（一）主动公开情况。公开了文件。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n一是公开不及时。\n六、其他需要报告的事项\n无。\n")


def _read(text: str, name: str = "x.txt") -> Report:
    doc = read_bytes(text.encode("utf-8"), name)
    return extract(doc, name, text.encode("utf-8"))


@pytest.mark.parametrize("head,agency,year", [
    ("根据《条例》要求，编制大庙乡2024年政府信息公开工作年度报告。\n", "大庙乡", 2024),
    ("现将建平县人民政府2025年政府信息公开工作年度报告公布如下。\n", "建平县人民政府", 2025),
    ("宜城市教育局2022年政府信息公开工作年度报告\n", "宜城市教育局", 2022),
    ("# 沐阳县人民政府 2025 年 政府信息公开工作年度报告\n", "沐阳县人民政府", 2025),
    ("中共示例市委机构编制委员会办公室2023年政府信息公开工作年度报告\n", "中共示例市委机构编制委员会办公室", 2023),
])
def test_agency_and_year_from_title_or_intro(head: str, agency: str, year: int) -> None:
    r = _read(head + BODY)
    assert (r.agency, r.year) == (agency, year)


def test_agency_from_intro_sentence_without_comma_and_compiled_by() -> None:
    r = _read("本报告依据《条例》要求编制。\n" + BODY.replace("公开了文件。", "2022年宜城市教育局全面贯彻落实《条例》精神。"))
    assert r.agency == "宜城市教育局"
    r = _read("本报告依据有关通知要求，由安阳街道办事处结合有关统计数据编制。统计期限自2023年1月1日起至2023年12月31日止。\n" + BODY)
    assert (r.agency, r.year) == ("安阳街道办事处", 2023)


def test_agency_from_a_closing_glued_to_its_date() -> None:
    r = _read("现将我厅政务公开工作报告如下：\n" + BODY.replace("无。\n", "无河北省人力资源和社会保障厅2021年1月27日更多信息请关注官方微信\n"))
    assert r.agency == "河北省人力资源和社会保障厅"


def test_year_from_a_title_whose_agency_part_is_no_name() -> None:
    r = _read("关于2022年政府信息公开工作年度报告\n" + BODY)
    assert r.year == 2022


# -------------------------------------------------------------------- pairing
def _report(agency: str, year: int, path: str) -> Report:
    return Report(agency=agency, year=year, template="2021", published=None, source=Source(path, "", "txt", None, 0))


def test_parent_region_prefix_is_tolerated_and_noted() -> None:
    p = pair(_report("示例市城南区人民政府", 2023, "/a/x_2023.txt"), _report("城南区人民政府", 2024, "/b/y_2024.txt"))
    assert p.same_agency and p.consecutive
    assert any("示例市" in n for n in p.notes_zh) and any("parent region" in n for n in p.notes_en)


def test_markdown_marks_are_not_part_of_the_name() -> None:
    assert normalize_agency("# 沐阳县人民政府") == normalize_agency("沐阳县人民政府")
    p = pair(_report("## 建平县人民政府", 2024, "/a/p.md"), _report("建平县人民政府", 2025, "/b/q.txt"))
    assert p.same_agency


def test_one_misread_character_is_tolerated_when_all_else_matches() -> None:
    p = pair(_report("沐阳县人民政府", 2024, "/a/a.txt"), _report("沭阳县人民政府", 2025, "/b/b.txt"))
    assert p.same_agency and any("一字" in n for n in p.notes_zh)
    # any one character, when the two files share their file-name stem
    p = pair(_report("示例县农业农村局", 2024, "/a/shili_2024.txt"), _report("示例县农来农村局", 2025, "/b/shili_2025.txt"))
    assert p.same_agency


@pytest.mark.parametrize("a,b", [
    ("东阳市教育局", "南阳市教育局"),  # one character, but no known confusion and other files
    ("示例市教育局", "教育局"),  # the shorter name names no region of its own
    ("示例市城南区人民政府", "城北区人民政府"),
    ("河北省教育厅", "河南省教育厅"),
    ("示例县人民政府", "示例县人民政府办公室"),
])
def test_different_agencies_are_still_refused(a: str, b: str) -> None:
    p = pair(_report(a, 2023, "/a/one_2023.txt"), _report(b, 2024, "/b/two_2024.txt"))
    assert not p.same_agency
    assert "different agencies" in p.refusal()[1]


def test_grouping_joins_tolerated_names() -> None:
    ids = [Identity("/a/1.txt", "示例市城南区人民政府", normalize_agency("示例市城南区人民政府"), 2022, "report", "report"),
           Identity("/a/2.txt", "城南区人民政府", normalize_agency("城南区人民政府"), 2023, "report", "report"),
           Identity("/a/3.txt", "沐阳县人民政府", normalize_agency("沐阳县人民政府"), 2023, "report", "report"),
           Identity("/a/4.txt", "沭阳县人民政府", normalize_agency("沭阳县人民政府"), 2024, "report", "report"),
           Identity("/a/5.txt", "城北区人民政府", normalize_agency("城北区人民政府"), 2024, "report", "report")]
    groups = sorted(map(sorted, group_identities(ids)))
    assert groups == [[0, 1], [2, 3], [4]]
    assert same_agency(ids[0], ids[1]) == (True, "tolerated")


def test_a_generic_file_name_is_no_evidence_for_one_character() -> None:
    p = pair(_report("示例县农业农村局", 2024, "/a/index_2024.html"), _report("示例县农来农村局", 2025, "/b/index_2025.html"))
    assert not p.same_agency


@pytest.mark.parametrize("head,agency,year", [
    # held-out variants (tests/fixtures/identity_heldout/cases.toml has more)
    ("中共示例县委办公室 示例县人民政府办公室2022年政府信息公开工作年度报告\n", "示例县人民政府办公室", 2022),
    ("中共示例县委宣传部2022年政府信息公开工作年度报告\n", "中共示例县委宣传部", 2022),
    ("示例县民政局二〇二三年政府信息公开工作年度报告\n", "示例县民政局", 2023),
    ("示例县人民政府\n2023年度政府信息公开\n工作年度报告\n", "示例县人民政府", 2023),
    ("示 例 县 审 计 局 2 0 2 2 年 政 府 信 息 公 开 工 作 年 度 报 告\n", "示例县审计局", 2022),
    ("示例县统计局政府信息公开工作年度报告\n统计期限自2022年1月1日起至2022年12月31日止。\n", "示例县统计局", 2022),
    ("现将示例市商务局2024年度政府信息公开工作情况报告如下。\n", "示例市商务局", 2024),
])
def test_heldout_title_variants(head: str, agency: str, year: int) -> None:
    r = _read(head + BODY)
    assert (r.agency, r.year) == (agency, year)
