"""Counts the narrative states for table 二, used as tie-breakers for glued rows.

A crawler that glued ``行政规范性文件8855698`` leaves several readings; the report's own text often
says ``现行有效行政规范性文件698件，…本年度制发的规范性文件88件``. Only such explicit statements are
used (a verb of the column, the row's document kind, the number, 件), only to choose among the
readings the digits allow, and every cell fixed this way names the sentence it came from.
"""

from __future__ import annotations

import re

from gxtui.extract.stream import SEP_CELL, SEP_PARA, SEP_ROW

# (row key, column key) -> patterns on compact text; group 1 is the number
_KIND = {"normative": r"(?:行政)?规范性文件", "rules": r"规章"}
_GAP = r"(?:(?!现行|有效|废止|制发|印发)[^\d,，、。;；:：\n\x1f\x1e]){0,6}?"
_COLS = {
    "issued": r"(?:制发|印发|出台|制定|新发布|发布)(?:了|的)?" + _GAP + "KIND" + r"(\d{1,6})件",
    "repealed": r"废止(?:了|的)?" + _GAP + "(?:KIND)?" + r"(\d{1,6})件",
    "in_force": r"现行有效(?:的)?" + _GAP + "KIND" + r"(\d{1,6})件",
}
_PATTERNS = {(row, col): re.compile(p.replace("KIND", k)) for row, k in _KIND.items() for col, p in _COLS.items()}
_SENTENCE = re.compile("[。;！!？?" + SEP_PARA + SEP_ROW + "]")


def stated_counts(narrative: str, row: str) -> dict[str, tuple[int, str]]:
    """Column -> (value, sentence) for each count of ``row`` the text states exactly once (a
    column stated twice with different numbers is not evidence)."""
    out: dict[str, tuple[int, str]] = {}
    bad: set[str] = set()
    if row not in _KIND:
        return out
    for sentence in _SENTENCE.split(narrative.replace(SEP_CELL, "")):
        if "规" not in sentence:
            continue
        for (r, col), rx in _PATTERNS.items():
            if r != row:
                continue
            for m in rx.finditer(sentence):
                if col == "repealed" and not re.search(_KIND[r] + r"\d", m.group(0)):
                    # 废止N件 without the kind: it continues the nearest kind named before it
                    near = max(_KIND.items(), key=lambda kv: max(
                        (x.end() for x in re.finditer(kv[1], sentence[:m.start()])), default=-1))
                    if near[0] != row or not re.search(_KIND[row], sentence[:m.start()]):
                        continue
                v = int(m.group(1))
                if col in out and out[col][0] != v:
                    bad.add(col)
                out.setdefault(col, (v, sentence[max(0, m.start() - 8):m.end()]))
    return {c: x for c, x in out.items() if c not in bad}
