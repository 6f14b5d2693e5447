"""``narrative._counted_sentences`` finds what cutting out every sentence and testing each finds."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from gxtui.extract import narrative

PIECES = ["收到", "受理", "予以公开", "办结", "答复", "结转", "行政复议", "行政诉讼", "申请", "共", "件", "个",
          "条", "起", "宗", "3", "12", " ", "\u3000", "\n", "。", "；", "！", "?", "，", "（", "）", "全年", "政府信息"]


def naive(text: str) -> list[str]:
    _, hint, words, *_ = narrative._stated_words()
    return [m.group(0) for m in narrative._STATED_SENTENCE.finditer(text)
            if hint.search(m.group(0)) and words.search(m.group(0))]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_counted_sentences_are_the_naive_ones(text: str) -> None:
    _, hint, words, *_ = narrative._stated_words()
    assert list(narrative._counted_sentences(text, hint, words)) == naive(text)


def test_examples() -> None:
    _, hint, words, *_ = narrative._stated_words()
    text = "全年共收到申请120件。其中受理申请。办结3\n件；结转5件"
    assert list(narrative._counted_sentences(text, hint, words)) == ["全年共收到申请120件", "结转5件"]
    assert list(narrative._counted_sentences("全年共收到申请若干。答复及时。", hint, words)) == []
