"""Content: section 五 (C-1), the 信息处理费 in section 六 (C-2, C-3), and narrative numbers that
contradict the tables (X-1).

X-1 is deliberately conservative: a sentence is used only when its wording names one table cell
unambiguously, it is about this report's own year and scope, and the table cell is known. Missing a
contradiction costs less than a reviewer learning to ignore a noisy rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from gxtui import templates
from gxtui.extract import narrative
from gxtui.model import Finding, Report
from gxtui.rules import messages as m
from gxtui.rules import table3
from gxtui.rules.registry import rule

FEE_WORDS = ("信息处理费", "处理费")
NOTICE_WORDS = ("收费通知", "信息处理费", "处理费")
_NO_NOTICE = re.compile(
    r"(未|没有|无|不存在)(向申请人)?(发出|发送|出具|下发|开具|送达|产生|发放|制发)?(过)?(任何)?"
    r"(信息处理费)?(的)?(缴费|收费)通知"
    r"|(发出|发送|出具|下发|开具|送达|发放|制发)(信息处理费)?(缴费|收费)通知(书)?(共)?(0|零)(份|件|次|个)")


# -- C-1 -----------------------------------------------------------------------------------
@rule("C-1", "warning", "第五部分列出问题和改进措施", "section 5 lists at least one problem and one improvement",
      group="content")
def c_1(report: Report) -> Iterator[Finding]:
    """Art. 50(4) asks for both the problems and how they are being fixed."""
    s5 = report.section("s5")
    if s5 is None:
        return  # S-1 reports the missing section
    if not report.problems:
        yield Finding("C-1", "warning", "第五部分未列出存在的主要问题", "section 5 lists no problem",
                      section="s5", line=s5.line, expected="≥1", actual=0)
    if not report.improvements:
        yield Finding("C-1", "warning", "第五部分未写明改进情况（整改措施）", "section 5 states no improvement",
                      section="s5", line=s5.line, expected="≥1", actual=0)


# -- C-2 / C-3 -----------------------------------------------------------------------------
@rule("C-2", "warning", "2021版：第六部分说明信息处理费收取情况",
      "2021 template: section 6 reports the information processing fee", group="content")
def c_2(report: Report) -> Iterator[Finding]:
    """From the 2021 reports on, fee collection under 国办函〔2020〕109号 belongs in section 六."""
    s6 = report.section("s6")
    if report.template != "2021" or s6 is None:
        return
    if not fee_addressed(s6.text):
        yield Finding("C-2", "warning", "第六部分未提及信息处理费（2021年版格式要求报告收费情况，未收取也应写明）",
                      "section 6 does not mention the information processing fee (the 2021 format asks for "
                      "it, even when none was charged)", section="s6", line=s6.line)


@lru_cache(maxsize=1)
def _fee_words() -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    d = templates.narrative()["fees"]
    return tuple(d["mentions"]), tuple(re.compile(x) for x in d["none"])


def fee_addressed(text: str) -> bool:
    """Section 六 says something about the fee: names it, or says in one of the usual ways that
    none was charged (``政府信息公开未发生收费情况``, ``未收取…费``, ``无…收费``)."""
    mentions, none = _fee_words()
    return any(w in text for w in mentions) or any(rx.search(text) for rx in none)


def fee_unpaid_total(report: Report) -> float | int | None:
    """Table 三 row （六）2 in the 总计 column (or the applicant columns' sum if 总计 is blank)."""
    row = "r.other.fee_unpaid"
    tot = table3.value(report, row, "tot")
    if tot is None and table3.total_unreported(report, row):
        tot = m.total_of(m.addend(report.cell("table3", row, c)) for c in table3.APPLICANT_COLS)
    return tot


@rule("C-3", "warning", "表三“逾期未缴费”与第六部分收费说明一致",
      "table 3 'fee unpaid' row agrees with section 6 on fee notices", group="content")
def c_3(report: Report) -> Iterator[Finding]:
    """Row （六）2 counts applications dropped after a fee notice went unpaid: some notice was issued."""
    if report.template != "2021" or not report.has_table("table3"):
        return
    n = fee_unpaid_total(report)
    s6 = report.section("s6")
    if not n or s6 is None:
        return
    where_zh = m.where_zh(report, "table3", "r.other.fee_unpaid", "tot")
    for p in s6.paragraphs:
        hit = _NO_NOTICE.search(p.text)
        if hit:
            yield Finding("C-3", "warning",
                          f"第六部分写“{hit.group(0)}”，但{where_zh}为 {m.fmt(n)}（因逾期未缴费不再处理，说明发出过收费通知）",
                          f"section 6 says no fee notice was issued ('{hit.group(0)}'), but "
                          f"{m.where_en('table3', 'r.other.fee_unpaid', 'tot')} (applications dropped for an "
                          f"unpaid fee) is {m.fmt(n)}",
                          table="table3", row="r.other.fee_unpaid", col="tot", section="s6", line=p.line,
                          expected=0, actual=m.clean(n))
            return
    if not any(w in s6.text for w in NOTICE_WORDS):
        yield Finding("C-3", "warning",
                      f"{where_zh}为 {m.fmt(n)}，但第六部分未提及收费通知或信息处理费",
                      f"{m.where_en('table3', 'r.other.fee_unpaid', 'tot')} is {m.fmt(n)}, but section 6 mentions neither fee "
                      f"notices nor the information processing fee",
                      table="table3", row="r.other.fee_unpaid", col="tot", section="s6", line=s6.line,
                      actual=m.clean(n))


# -- X-1 -----------------------------------------------------------------------------------
# What the narrative states is read by ``gxtui.extract.narrative.stated_counts`` (wordings in
# templates/narrative.toml [stated], each with its scope); here each claim is compared with its
# table quantity.
@dataclass(frozen=True)
class Claim:
    """How to read the table for one stated quantity."""

    name_zh: str
    name_en: str
    expected: Callable[[Report], float | int | None]
    # other readings of the same wording that are also correct (e.g. received incl. carried-in)
    alternatives: Callable[[Report], list[float | int | None]] = lambda r: []


def _t3(row: str) -> Callable[[Report], float | int | None]:
    return lambda r: table3.value(r, row, "tot")


def _t4(*groups: str) -> Callable[[Report], float | int | None]:
    return lambda r: m.total_of(m.addend(r.cell("table4", g, "total")) for g in groups)


CLAIMS = {
    "received": Claim("收到申请", "applications received", _t3("new"),
                      lambda r: [m.total_of([_t3("new")(r), _t3("carried_in")(r)])]),
    "disclosed": Claim("予以公开", "disclosed", _t3("r.disclosed")),
    "handled": Claim("办结", "applications handled", _t3("r.total")),
    "carried_in": Claim("上年结转", "carried over from last year", _t3("carried_in")),
    "carried_out": Claim("结转下年度", "carried over to next year", _t3("carried_out")),
    "review": Claim("行政复议", "administrative reviews", _t4("review")),
    "lawsuits": Claim("行政诉讼", "lawsuits", _t4("lit_direct", "lit_after_review")),
}


def _readings(report: Report, key: str, table: str) -> tuple[Claim, list[float | int]] | None:
    """The claim ``key`` and the table's readings of it (the expected value first), or None when
    nothing the narrative says of it can be compared: no such claim, no such table, or the cell
    unknown or missing."""
    claim = CLAIMS.get(key)
    if claim is None or not report.has_table(table):
        return None
    want = claim.expected(report)
    if want is None:
        return None
    return claim, [want] + [a for a in claim.alternatives(report) if a is not None]


@rule("X-1", "warning", "正文所述数字与表格一致", "numbers stated in the text agree with the tables",
      group="content")
def x_1(report: Report) -> Iterator[Finding]:
    """A narrative number that contradicts the table means one of them is wrong. Only figures of
    this report's own scope count: not a part of a total (``（含上年度结转申请34件）``, ``其中…``),
    not a narrower body (``…代表…受理``, ``本级``), another scope or another year.

    Most figures agree with the table, and a figure that agrees yields nothing whatever its scope:
    the table is read once per claim, each figure compared first, and only a figure that disagrees
    has its scope judged (``narrative.stated_of``) — the same findings as judging every figure of
    ``narrative.stated_counts`` (tests/test_x1_lazy.py compares the two)."""
    readings: dict[str, tuple[Claim, list[float | int]] | None] = {}
    disagree: list[narrative.Stated] = []
    # a paragraph that gives one quantity for two bodies (全县共收到…120件，其中县政府本级收到…13件):
    # the table is of one of them; its figures are compared only when neither agrees. Only a
    # figure that agrees can excuse another, so only those are kept: (sentence, end) by (line, key)
    agree: dict[tuple[int | None, str], list[tuple[str, int]]] = {}
    for hit in narrative.stated_hits(report.sections):
        c, _, p, sentence, m_ = hit
        if c.key not in readings:
            readings[c.key] = _readings(report, c.key, c.table)
        read = readings[c.key]
        if read is None:
            continue
        if int(m_.group("n")) in read[1]:
            agree.setdefault((p.line, c.key), []).append((sentence, m_.end()))
        else:
            disagree.append(narrative.stated_of(*hit, report.year))
    seen: set[tuple[str, str, str, int]] = set()
    for st in disagree:
        if not st.in_scope:
            continue
        cell = report.cell(st.table, st.row, st.col)
        if cell is not None and cell.line is not None and cell.line == st.line:
            continue  # the "table" was read from this very sentence: nothing to compare with
        claim, ok = readings[st.key]  # type: ignore[misc]
        key = (st.table, st.row, st.col, st.value)
        if key in seen or any(narrative.is_narrower(s, e) for s, e in agree.get((st.line, st.key), ())):
            continue
        seen.add(key)
        yield _x1_finding(report, claim, st, ok[0])


def _x1_finding(report: Report, claim: Claim, st: narrative.Stated, want: float | int) -> Finding:
    section, line, quote, stated = st.section, st.line, st.quote, st.value
    if st.table == "table4" and st.row == "lit_direct":
        where_zh = "表四 行政诉讼（未经复议直接起诉 + 复议后起诉）“总计”"
        where_en = "table 4 litigation total (without + after review)"
    else:
        where_zh = m.where_zh(report, st.table, st.row, st.col)
        where_en = m.where_en(st.table, st.row, st.col)
    lz, le = m.line_suffix(line)
    return Finding(
        "X-1", "warning",
        f"{m.SECTION_ZH.get(section, section)}{lz}写“{quote}”（{claim.name_zh} {stated}），"
        f"但{where_zh}为 {m.fmt(want)}",
        f"{m.SECTION_EN.get(section, section)}{le} states '{quote}' ({claim.name_en}: {stated}), "
        f"but {where_en} is {m.fmt(want)}",
        table=st.table, row=st.row, col=st.col, section=section, line=line,
        expected=m.clean(want), actual=stated)
