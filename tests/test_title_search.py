"""``narrative.title_matches`` searches a title only from just before its first tail (issue 15:
crawled pages are often one long first paragraph); it must find exactly what a search of the
whole text finds."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from gxtui.extract.narrative import _TITLE_RES, find_title, title_matches
from gxtui.read.document import Document, Paragraph

# pieces of titles and of the sentences around them, and the characters an agency name cannot hold
_PIECES = ["政府信息公开工作", "报告", "年度", "年", "度", "情况", "的", "2021", "2019", "20", "1",
           "河北省", "教育厅", "人民政府", "关于", "\n", "《", "》", "，", "。", ":", "做好", "x", " "]


def _plain(text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for rx in _TITLE_RES if (m := rx.search(text)) is not None]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60), st.integers(0, 80))
def test_title_matches_is_the_whole_text_search(pieces: list[str], pad: int) -> None:
    text = "说" * pad + "".join(pieces)
    assert [(m.span(), m.groupdict()) for m in title_matches(text)] == _plain(text)


def test_title_found_far_into_one_long_paragraph() -> None:
    """A crawled page: the title after a long run of navigation text on the same line (its
    sentence ends keep it out of the agency name), and a body naming 政府信息公开工作 without
    报告 (no title there)."""
    nav = "首页。信息公开。年度报告。" * 40
    body = "我厅认真做好政府信息公开工作，" * 30
    doc = Document(blocks=[Paragraph(nav + "河北省教育厅2021年政府信息公开工作年度报告 " + body)], format="text")
    title, agency, year = find_title(doc)
    assert (agency, year) == ("河北省教育厅", 2021)
    assert title is not None and title.endswith("2021年政府信息公开工作年度报告")
    assert list(title_matches(body)) == []


def test_title_matches_at_every_agency_length() -> None:
    """The longest agency names (40 characters) put a match's start the furthest before its tail."""
    for n in range(0, 60):
        for text in ("说" * n + "2021年度政府信息公开工作情况的年度报告",
                     "，2021年度" + "说" * n + "政府信息公开工作报告",
                     "说" * n + "2021年" + "说" * n + "政府信息公开工作报告"):
            assert [(m.span(), m.groupdict()) for m in title_matches(text)] == _plain(text), text
