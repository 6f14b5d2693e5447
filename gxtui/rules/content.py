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
from gxtui.model import Finding, Paragraph, Report
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
@rule("C-1", "warning", "第五部分列出问题和改进措施", "section 五 lists at least one problem and one improvement",
      group="content")
def c_1(report: Report) -> Iterator[Finding]:
    """Art. 50(4) asks for both the problems and how they are being fixed."""
    s5 = report.section("s5")
    if s5 is None:
        return  # S-1 reports the missing section
    if not report.problems:
        yield Finding("C-1", "warning", "第五部分未列出存在的主要问题", "section 五 lists no problem",
                      section="s5", line=s5.line, expected="≥1", actual=0)
    if not report.improvements:
        yield Finding("C-1", "warning", "第五部分未写明改进情况（整改措施）", "section 五 states no improvement",
                      section="s5", line=s5.line, expected="≥1", actual=0)


# -- C-2 / C-3 -----------------------------------------------------------------------------
@rule("C-2", "warning", "2021版：第六部分说明信息处理费收取情况",
      "2021 template: section 六 reports the information processing fee", group="content")
def c_2(report: Report) -> Iterator[Finding]:
    """From the 2021 reports on, fee collection under 国办函〔2020〕109号 belongs in section 六."""
    s6 = report.section("s6")
    if report.template != "2021" or s6 is None:
        return
    if not fee_addressed(s6.text):
        yield Finding("C-2", "warning", "第六部分未提及信息处理费（2021年版格式要求报告收费情况，未收取也应写明）",
                      "section 六 does not mention the information processing fee (the 2021 format asks for "
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
      "table 三 'fee unpaid' row agrees with section 六 on fee notices", group="content")
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
                          f"section 六 says no fee notice was issued ('{hit.group(0)}'), but table 三 row "
                          f"r.other.fee_unpaid (applications dropped for an unpaid fee) is {m.fmt(n)}",
                          table="table3", row="r.other.fee_unpaid", col="tot", section="s6", line=p.line,
                          expected=0, actual=m.clean(n))
            return
    if not any(w in s6.text for w in NOTICE_WORDS):
        yield Finding("C-3", "warning",
                      f"{where_zh}为 {m.fmt(n)}，但第六部分未提及收费通知或信息处理费",
                      f"table 三 row r.other.fee_unpaid is {m.fmt(n)}, but section 六 mentions neither fee "
                      f"notices nor the information processing fee",
                      table="table3", row="r.other.fee_unpaid", col="tot", section="s6", line=s6.line,
                      actual=m.clean(n))


# -- X-1 -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Claim:
    """A wording that names one table quantity: regex (group 1 = the number) and how to read the table."""

    name_zh: str
    name_en: str
    pattern: re.Pattern[str]
    table: str
    row: str
    col: str
    expected: Callable[[Report], float | int | None]
    # other readings of the same wording that are also correct (e.g. received incl. carried-in)
    alternatives: Callable[[Report], list[float | int | None]] = lambda r: []
    needs_disclosure_context: bool = False


def _t3(row: str) -> Callable[[Report], float | int | None]:
    return lambda r: table3.value(r, row, "tot")


def _t4(*groups: str) -> Callable[[Report], float | int | None]:
    return lambda r: m.total_of(m.addend(r.cell("table4", g, "total")) for g in groups)


_N = r"(?:共|共计|总计|合计|总数|总数为|为|达)?(\d+)\s*(?:件|个|条|起|宗)"
CLAIMS = (
    Claim("收到申请", "applications received",
          re.compile(r"(?:收到|受理)(?:[^。；，,\d（()）]{0,30}?公开[^。；，,\d（()）]{0,6}?)?申请(?:数量)?" + _N),
          "table3", "new", "tot", _t3("new"),
          lambda r: [m.total_of([_t3("new")(r), _t3("carried_in")(r)])]),
    Claim("予以公开", "disclosed", re.compile(r"予以公开(?:的)?(?:申请)?" + _N), "table3", "r.disclosed", "tot",
          _t3("r.disclosed")),
    Claim("办结", "applications handled",
          re.compile(r"(?:办结|答复|办理完毕)(?:[^。；，,\d（()）]{0,12}?)?(?:政府信息公开)?申请(?:数量)?" + _N),
          "table3", "r.total", "tot", _t3("r.total")),
    Claim("上年结转", "carried over from last year",
          re.compile(r"上一?年(?:度)?结转(?:的)?(?:政府信息公开)?(?:申请)?" + _N), "table3", "carried_in", "tot",
          _t3("carried_in")),
    Claim("结转下年度", "carried over to next year",
          re.compile(r"结转(?:至|到)?下一?年度?(?:继续办理)?(?:的)?(?:申请)?" + _N), "table3", "carried_out", "tot",
          _t3("carried_out")),
    Claim("行政复议", "administrative reviews", re.compile(r"行政复议(?:案件|申请)?" + _N), "table4", "review",
          "total", _t4("review"), needs_disclosure_context=True),
    Claim("行政诉讼", "lawsuits", re.compile(r"行政诉讼(?:案件)?" + _N), "table4", "lit_direct", "total",
          _t4("lit_direct", "lit_after_review"), needs_disclosure_context=True),
)
_CLAIM_HINT = re.compile(r"\d\s*(?:件|个|条|起|宗)")
# Every claim pattern contains one of these words: a sentence without any states no claim.
_CLAIM_WORDS = re.compile(r"收到|受理|予以公开|办结|答复|办理完毕|结转|行政复议|行政诉讼")
_SENTENCE = re.compile(r"[^。；;！!？?\n\u3000]+")
# A sentence about another scope or another period is not about this report's table.
_OTHER_SCOPE = re.compile(r"系统|下属|所属|各级|各地|各县|各市|上年同期|同比|去年|较上年|较去年|比上年|历年|累计")
_YEAR = re.compile(r"(20\d\d)\s*年")
SCAN_SECTIONS = ("intro", "s1", "s3", "s4")


def _sentences(p: Paragraph) -> Iterator[str]:
    yield from (s.group(0) for s in _SENTENCE.finditer(p.text))


# Claims about a whole (received, handled, reviews, lawsuits): a figure for a part of it — in
# parentheses, after 其中/含/包括 — is not compared with the table's total.
_TOTAL_ROWS = {"new", "r.total", "review", "lit_direct"}


@lru_cache(maxsize=1)
def _scope_words() -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    d = templates.narrative()["scope"]
    return tuple(d["subset_before"]), tuple(re.compile(x) for x in d["narrower_subject"])


def is_subset(sentence: str, start: int) -> bool:
    """The figure at ``start`` is a part of a larger one: inside an open parenthesis
    (``答复3050件（含上年度结转申请34件）``) or right after 其中/含/包括."""
    before = sentence[:start]
    if before.count("（") + before.count("(") > before.count("）") + before.count(")"):
        return True
    subset, _ = _scope_words()
    tail = re.sub(r"[\s，,：:]", "", before[-8:])
    return any(tail.endswith(w) or w in tail[-4:] for w in subset)


def narrower_subject(sentence: str, end: int) -> bool:
    """The sentence is about a narrower body than the report's (``…政府办代表…政府受理…``,
    ``本级``): its figure is that body's share, not the table's."""
    _, narrower = _scope_words()
    return any(rx.search(sentence[:end]) for rx in narrower)


def _claim_applies(claim: Claim, report: Report, sentence: str, start: int, end: int | None = None) -> bool:
    before = sentence[:start]
    if _OTHER_SCOPE.search(before):
        return False
    if narrower_subject(sentence, end if end is not None else start):
        return False
    if claim.row in _TOTAL_ROWS and is_subset(sentence, start):
        return False
    if any(int(y) != report.year for y in _YEAR.findall(before)):
        return False
    if claim.needs_disclosure_context and "信息公开" not in sentence:
        return False
    return True


@rule("X-1", "warning", "正文所述数字与表格一致", "numbers stated in the text agree with the tables",
      group="content")
def x_1(report: Report) -> Iterator[Finding]:
    """A narrative number that contradicts the table means one of them is wrong."""
    seen: set[tuple[str, str, str, int]] = set()
    claims = [c for c in CLAIMS if report.has_table(c.table)]
    for sec in report.sections:
        if sec.key not in SCAN_SECTIONS:
            continue
        for p in sec.paragraphs:
            if not _CLAIM_HINT.search(p.text) or not _CLAIM_WORDS.search(p.text):
                continue  # no number followed by a counting word, or no claim wording
            for sentence in _sentences(p):
                if not _CLAIM_HINT.search(sentence) or not _CLAIM_WORDS.search(sentence):
                    continue
                for claim in claims:
                    for hit in claim.pattern.finditer(sentence):
                        if not _claim_applies(claim, report, sentence, hit.start(), hit.end()):
                            continue
                        stated = int(hit.group(1))
                        want = claim.expected(report)
                        if want is None:
                            continue  # the table cell is unknown or missing: nothing to compare
                        ok = [want] + [a for a in claim.alternatives(report) if a is not None]
                        key = (claim.table, claim.row, claim.col, stated)
                        if stated in ok or key in seen:
                            continue
                        seen.add(key)
                        yield _x1_finding(report, claim, sec.key, p.line, hit.group(0), stated, want)


def _x1_finding(report: Report, claim: Claim, section: str, line: int | None, quote: str,
                stated: int, want: float | int) -> Finding:
    if claim.table == "table4" and claim.row == "lit_direct":
        where_zh = "表四 行政诉讼（未经复议直接起诉 + 复议后起诉）“总计”"
        where_en = "table 四 litigation total (without + after review)"
    else:
        where_zh = m.where_zh(report, claim.table, claim.row, claim.col)
        where_en = m.where_en(claim.table, claim.row, claim.col)
    lz, le = m.line_suffix(line)
    return Finding(
        "X-1", "warning",
        f"{m.SECTION_ZH.get(section, section)}{lz}写“{quote}”（{claim.name_zh} {stated}），"
        f"但{where_zh}为 {m.fmt(want)}",
        f"{m.SECTION_EN.get(section, section)}{le} states '{quote}' ({claim.name_en}: {stated}), "
        f"but {where_en} is {m.fmt(want)}",
        table=claim.table, row=claim.row, col=claim.col, section=section, line=line,
        expected=m.clean(want), actual=stated)
