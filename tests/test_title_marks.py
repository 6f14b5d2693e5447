"""``narrative._strip_marks`` strips what the pattern ``^[\\s#*>＃【\\[]+|[\\s*】\\]]+$`` removed."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from gxtui.extract.narrative import _strip_marks

_MARKS = re.compile(r"^[\s#*>＃【\[]+|[\s*】\]]+$")


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list(" \t\u3000\n#*>＃【[]】abc局年"))))
def test_same_as_the_anchored_pattern(text: str) -> None:
    assert _strip_marks(text) == _MARKS.sub("", text.strip())


def test_examples() -> None:
    assert _strip_marks("# 沐阳县人民政府2025年报告") == "沐阳县人民政府2025年报告"
    assert _strip_marks("**【某局年度报告】** ") == "某局年度报告"
    assert _strip_marks("】# 甲") == "】# 甲" and _strip_marks("* *") == ""
