"""Cross-year rules (format.md §5.2) and the copy checks on the section-五 lists.

Pair rules are called as ``fn(comparison, config)``: they consume the ``Comparison`` that
``gxtui.compare.compare`` built (aligned cells, fees, matched list items) and never build one
themselves; ``comparison.old`` is the earlier year. Every finding names both reports: ``path`` is the newer report, ``related`` lists the cells (or items) of both
reports that the rule compared, each with its own ``path``.

* Y-1  上年结转 (this year) = 结转下年度继续办理 (last year), per column of table 3.
* Y-2  2021 template: 现行有效件数(Y) ≈ 现行有效件数(Y−1) + 本年制发件数(Y) − 本年废止件数(Y).
* Y-3  2019 template pairs: 上一年项目数量(Y) = 上一年项目数量(Y−1) + 本年增/减(Y−1).
* Y-4  2019 template pairs: 对外公开总数量(Y) ≈ 对外公开总数量(Y−1) + 本年新公开数量(Y).
* Y-R  large relative change of an aligned cell (×5 / ÷5 on a base ≥ 10 by default).
* P-1  an item of the problems list or improvement measures repeated nearly verbatim.
* P-2  the list repeated wholesale (≥ 80% of this year's items are repeats).

Y-1…Y-4 apply to consecutive years only. Cells the source lost (``unknown``) or that were not
read (``missing``) are never compared; the rule says so once, at info level, instead.
"""

from __future__ import annotations

import dataclasses

from typing import Any, Iterator

from gxtui import templates
from gxtui.compare import Comparison, tiebreak
from gxtui.compare.align import fmt_number, side
from gxtui.compare.pairing import year_of
from gxtui.compare.problems import thresholds as p_thresholds
from gxtui.model import Finding, Report
from gxtui.rules.registry import rule
from gxtui.templates import vocab

_T3_COLS = {c.key: c.label for c in templates.get("2021").t3_columns}


def _en(table: str, row: str | None = None, col: str | None = None) -> str:
    """``table 3, row "…", column "…"``: English labels only (the keys stay in machine fields)."""
    parts = [vocab.table_name(table, "en")]
    if row:
        parts.append(f'row "{vocab.row_label(table, row, "en")}"')
    if col:
        parts.append(f'column "{vocab.col_label(table, col, "en", row=row)}"')
    return ", ".join(parts)


def _consecutive(old: Report, new: Report) -> bool:
    a, b = year_of(old), year_of(new)
    return a is not None and b is not None and b == a + 1


def _loc(report: Report, table: str, row: str, col: str) -> dict[str, Any]:
    c = report.cell(table, row, col)
    return {"path": report.source.path, "table": table, "row": row, "col": col,
            "line": None if c is None else c.line, "year": year_of(report)}


def _names(old: Report, new: Report) -> tuple[str, str]:
    return (f"{year_of(old) or '?'}年报告", f"{year_of(new) or '?'}年报告")


def _cmp_unknown(rule_id: str, old: Report, new: Report, what_zh: str, what_en: str,
                 cells: list[tuple[str, str]], related: list[dict[str, Any]], table: str, row: str | None,
                 block: str | None = None) -> Finding:
    """``cells``: (Chinese label, English label) of each place that could not be checked."""
    return Finding(rule_id, "info",
                   f"{what_zh}无法核对：{'、'.join(zh for zh, _ in cells)}（原文数值缺失或无法确定）",
                   f"{what_en} cannot be checked: {', '.join(en for _, en in cells)} (value lost or not read)",
                   table=table, row=row, related=related, path=new.source.path, block=block)


def _settled(s: Any) -> Any:
    """An unknown cell whose every possible reading has the same value for arithmetic (e.g. six
    zeros printed for seven columns: each cell is 0 or a blank) counts as that value: which cell
    was blank is unknowable, but the carry-over it implies is not."""
    if s.state != "unknown" or not s.candidates:
        return s
    values = {0 if v is None else v for v in s.candidates}
    if len(values) != 1:
        return s
    v = values.pop()
    return dataclasses.replace(s, value=v, state="zero" if v == 0 else "number")


# ------------------------------------------------------------------------------- Y-1
@rule("Y-1", "warning", "上年结转应等于上年报告的结转下年度继续办理",
      "carried in must equal last year's carried out", scope="pair", group="cross-year")
def y1_carry_over(cmp: Comparison, config: Any = None) -> Iterator[Finding]:
    old, new = cmp.old, cmp.new
    if not _consecutive(old, new):
        return
    if not (old.has_table("table3") and new.has_table("table3")):
        missing = [r for r in (old, new) if not r.has_table("table3")]
        yield Finding("Y-1", "info", f"结转数无法核对：{'、'.join(f'{year_of(r)}年表三' for r in missing)}未读到",
                      f"carry-over cannot be checked: table 3 not read in the "
                      f"{' and '.join(str(year_of(r)) for r in missing)} report{'s' if len(missing) > 1 else ''}",
                      table="table3", row="carried_in", path=new.source.path,
                      related=[_loc(old, "table3", "carried_out", "tot"), _loc(new, "table3", "carried_in", "tot")])
        return
    o_name, n_name = _names(old, new)
    unchecked: list[str] = []
    for col, label in _T3_COLS.items():
        o, n = _settled(side(old, "table3", "carried_out", col)), _settled(side(new, "table3", "carried_in", col))
        if not (o.usable and n.usable):
            unchecked.append((label, vocab.col_label("table3", col, "en")))
            continue
        # a blank 总计 is "not reported" (format.md §5.1 T3-C): compare it only against 0
        if col == "tot" and (o.state == "blank" or n.state == "blank") and (o.value or n.value):
            unchecked.append((label, vocab.col_label("table3", col, "en")))
            continue
        if o.value == n.value:
            continue
        yield Finding(
            "Y-1", "warning",
            f"表三“{label}”列：{n_name}“二、上年结转”为{fmt_number(n.value)}，"
            f"但{o_name}“四、结转下年度继续办理”为{fmt_number(o.value)}",
            f"{_en('table3', None, col)}: carried in {fmt_number(n.value)} in {year_of(new)}, but "
            f"{year_of(old)} carried out {fmt_number(o.value)}",
            table="table3", row="carried_in", col=col, expected=o.value, actual=n.value,
            line=n.line, path=new.source.path,
            related=[_loc(old, "table3", "carried_out", col), _loc(new, "table3", "carried_in", col)])
    if unchecked:
        yield _cmp_unknown("Y-1", old, new, "结转数（表三）", "carry-over (table 3)", unchecked,
                           [_loc(old, "table3", "carried_out", "tot"), _loc(new, "table3", "carried_in", "tot")],
                           "table3", "carried_in")


# ------------------------------------------------------------------------------- Y-2
_Y2_ROWS = (("rules", "规章", "rules"), ("normative", "行政规范性文件", "normative documents"))


@rule("Y-2", "warning", "现行有效件数应约等于上年现行有效+本年制发−本年废止",
      "in force ≈ last year's in force + issued − repealed", scope="pair", group="cross-year")
def y2_in_force(cmp: Comparison, config: Any = None) -> Iterator[Finding]:
    old, new = cmp.old, cmp.new
    if not tiebreak.y2_applies(old, new):
        return
    tol = tiebreak.y2_tolerance(config)
    for a in cmp.evidence:  # glued cells of this year that last year's in-force count fixed
        zh, _, en = a.message.partition(" / ")
        yield Finding("Y-2", "info", zh, en or zh, table="table2", row=a.row, line=a.line,
                      path=new.source.path,
                      related=[_loc(old, "table2", a.row or "", "in_force")]
                      + [_loc(new, "table2", a.row or "", c) for c in ("issued", "repealed", "in_force")])
    unchecked = []
    for row, zh, en in _Y2_ROWS:
        prev = side(old, "table2", row, "in_force")
        issued, repealed, now = (side(new, "table2", row, c) for c in ("issued", "repealed", "in_force"))
        if not all(s.usable for s in (prev, issued, repealed, now)):
            unchecked.append((zh, en))
            continue
        expected = tiebreak.y2_expected(prev.value, issued.value, repealed.value)  # type: ignore[arg-type]
        if tiebreak.y2_holds(now.value, expected, tol):  # type: ignore[arg-type]
            continue
        diff = now.value - expected  # type: ignore[operator]
        yield Finding(
            "Y-2", "warning",
            f"表二“{zh}”现行有效件数为{fmt_number(now.value)}，按上年{fmt_number(prev.value)}"
            f"+本年制发{fmt_number(issued.value)}−本年废止{fmt_number(repealed.value)}"
            f"应约为{fmt_number(expected)}（差{fmt_number(diff)}；到期失效或重新清理可致差异）",
            f"{_en('table2', row)}: in force {fmt_number(now.value)}, but last year's "
            f"{fmt_number(prev.value)} + issued {fmt_number(issued.value)} − repealed "
            f"{fmt_number(repealed.value)} = {fmt_number(expected)} (difference {fmt_number(diff)}; "
            "lapses or a re-count can explain it)",
            table="table2", row=row, col="in_force", expected=expected, actual=now.value, line=now.line,
            path=new.source.path,
            related=[_loc(old, "table2", row, "in_force"), _loc(new, "table2", row, "issued"),
                     _loc(new, "table2", row, "repealed"), _loc(new, "table2", row, "in_force")])
    if unchecked:
        yield _cmp_unknown("Y-2", old, new, "现行有效件数递推（表二）", "in-force progression (table 2)",
                           unchecked, [_loc(old, "table2", "normative", "in_force"),
                                       _loc(new, "table2", "normative", "in_force")],
                           "table2", None, block="art20_1")


# ------------------------------------------------------------------------------- Y-3 / Y-4
_Y3_ROWS = (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"),
            ("penalty", "行政处罚"), ("coercion", "行政强制"),
            ("admin_fees", "行政事业性收费"))


def _both_2019(old: Report, new: Report) -> bool:
    return _consecutive(old, new) and old.template == "2019" and new.template == "2019"


@rule("Y-3", "warning", "上一年项目数量应等于上年的上一年项目数量加本年增/减",
      "previous item count = last year's count + last year's change", scope="pair", group="cross-year")
def y3_items(cmp: Comparison, config: Any = None) -> Iterator[Finding]:
    old, new = cmp.old, cmp.new
    if not _both_2019(old, new):
        return
    unchecked = []
    for row, zh in _Y3_ROWS:
        prev, delta = side(old, "table2", row, "prev_items"), side(old, "table2", row, "delta")
        now = side(new, "table2", row, "prev_items")
        if not all(s.usable for s in (prev, delta, now)):
            unchecked.append((zh, vocab.row_label("table2", row, "en")))
            continue
        expected = prev.value + delta.value  # type: ignore[operator]
        if now.value == expected:
            continue
        yield Finding(
            "Y-3", "warning",
            f"表二“{zh}”上一年项目数量为{fmt_number(now.value)}，按上年报告"
            f"{fmt_number(prev.value)}{'+' if delta.value >= 0 else ''}{fmt_number(delta.value)}"  # type: ignore[operator]
            f"应为{fmt_number(expected)}",
            f"{_en('table2', row)}: previous item count {fmt_number(now.value)}, but last year's report gives "
            f"{fmt_number(prev.value)} {'+' if delta.value >= 0 else ''}{fmt_number(delta.value)} = "  # type: ignore[operator]
            f"{fmt_number(expected)}",
            table="table2", row=row, col="prev_items", expected=expected, actual=now.value,
            line=now.line, path=new.source.path,
            related=[_loc(old, "table2", row, "prev_items"), _loc(old, "table2", row, "delta"),
                     _loc(new, "table2", row, "prev_items")])
    if unchecked:
        yield _cmp_unknown("Y-3", old, new, "事项数量递推（表二）", "item-count progression (table 2)",
                           unchecked, [], "table2", None)


_Y4_ROWS = (("rules", "规章"), ("normative", "规范性文件"))


@rule("Y-4", "warning", "对外公开总数量应约等于上年总数加本年新公开数量",
      "total published ≈ last year's total + newly published", scope="pair", group="cross-year")
def y4_published(cmp: Comparison, config: Any = None) -> Iterator[Finding]:
    old, new = cmp.old, cmp.new
    if not _both_2019(old, new):
        return
    unchecked = []
    for row, zh in _Y4_ROWS:
        prev = side(old, "table2", row, "total_published")
        added, now = side(new, "table2", row, "new_published"), side(new, "table2", row, "total_published")
        if not all(s.usable for s in (prev, added, now)):
            unchecked.append((zh, vocab.row_label("table2", row, "en")))
            continue
        expected = prev.value + added.value  # type: ignore[operator]
        if now.value == expected:
            continue
        yield Finding(
            "Y-4", "warning",
            f"表二“{zh}”对外公开总数量为{fmt_number(now.value)}，按上年{fmt_number(prev.value)}"
            f"+本年新公开{fmt_number(added.value)}应约为{fmt_number(expected)}（文件失效可致减少）",
            f"{_en('table2', row)}: total published {fmt_number(now.value)}, but last year's "
            f"{fmt_number(prev.value)} + newly published {fmt_number(added.value)} = "
            f"{fmt_number(expected)} (withdrawn documents can explain a drop)",
            table="table2", row=row, col="total_published", expected=expected, actual=now.value,
            line=now.line, path=new.source.path,
            related=[_loc(old, "table2", row, "total_published"), _loc(new, "table2", row, "new_published"),
                     _loc(new, "table2", row, "total_published")])
    if unchecked:
        yield _cmp_unknown("Y-4", old, new, "公开总数递推（表二）", "published-total progression (table 2)",
                           unchecked, [], "table2", None, block="art20_1")


# ----- Y-R
@rule("Y-R", "warning", "同比变化幅度过大，值得核实", "large year-over-year change worth a look",
      scope="pair", group="cross-year")
def c1_large_change(cmp: Comparison, config: Any = None) -> Iterator[Finding]:
    old, new = cmp.old, cmp.new
    for t in cmp.tables:
        for c in t.cells:
            if not c.flagged:
                continue
            yield Finding(
                "Y-R", "warning",
                f"{vocab.table_name(c.table)}“{c.row_label}”/“{c.col_label}”：{c.old.display()} → "
                f"{c.new.display()}，变化幅度较大，请核实",
                f"{_en(c.table, c.row, c.col)}: {c.old.display('en')} → {c.new.display('en')}, "
                "a large change worth checking",
                table=c.table, row=c.row, col=c.col, expected=c.old.value, actual=c.new.value,
                line=c.new.line, path=new.source.path,
                related=[{"path": old.source.path, "table": c.table, "row": k[1], "col": k[2],
                          "line": c.old.line, "year": year_of(old)} for k in c.old.keys])
    for f in cmp.fees:
        if f.flagged and f.key == "info_fee_yuan":  # the admin fee cell is already a t2 cell above
            yield Finding(
                "Y-R", "warning",
                f"{f.label_zh}：{f.old.display()} → {f.new.display()} {f.unit}，变化幅度较大，请核实",
                f"{f.label_en}: {f.old.display('en')} → {f.new.display('en')} {f.unit}, a large change",
                section="s6", line=f.new.line, expected=f.old.value, actual=f.new.value,
                path=new.source.path,
                related=[{"path": old.source.path, "section": "s6", "line": f.old.line,
                          "year": year_of(old)}])


def _short(text: str, n: int = 40) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


# ------------------------------------------------------------------------------- P-1 / P-2
@rule("P-1", "warning", "问题或改进措施与上年表述基本相同", "item repeated nearly verbatim from last year",
      scope="pair", group="cross-year")
def p1_repeated_item(cmp: Comparison, config: Any = None) -> Iterator[Finding]:
    old, new = cmp.old, cmp.new
    for m in cmp.problems:
        if m.status != "repeated":
            continue
        name = m.list
        yield Finding(
            "P-1", "warning",
            f"{vocab.list_name(name)}：与上年表述基本相同（相似度{m.similarity:.2f}）：{_short(m.new.text)}",  # type: ignore[union-attr]
            f"{vocab.list_name(name, 'en')}: nearly the same wording as last year (similarity "
            f"{m.similarity:.2f}): {_short(m.new.text)}",  # type: ignore[union-attr]
            section="s5", list=name, line=m.new.line, expected=m.old.text,  # type: ignore[union-attr]
            actual=m.new.text, path=new.source.path,  # type: ignore[union-attr]
            related=[{"path": old.source.path, "section": "s5", "line": m.old.line,  # type: ignore[union-attr]
                      "year": year_of(old), "similarity": m.similarity}])


@rule("P-2", "error", "问题清单整体照搬上年", "problems list repeated wholesale from last year",
      scope="pair", group="cross-year")
def p2_wholesale(cmp: Comparison, config: Any = None) -> Iterator[Finding]:
    old, new = cmp.old, cmp.new
    _, _, wholesale = p_thresholds(config)
    for name, a, b in (("problems", old.problems, new.problems),
                       ("improvements", old.improvements, new.improvements)):
        s = cmp.summary(name)
        if s is None or not s.wholesale(wholesale):
            continue
        share = s.repeated_share or 0.0
        yield Finding(
            "P-2", "error",
            f"{vocab.list_name(name)}整体照搬上年：本年{s.new_count}条中{s.repeated}条与上年基本相同"
            f"（{share:.0%}），属敷衍应付、照搬照抄情形",
            f"{vocab.list_name(name, 'en')} copied from last year: {s.repeated} of {s.new_count} items are "
            f"nearly verbatim repeats ({share:.0%})",
            section="s5", list=name, line=b[0].line if b else None, expected=wholesale,
            actual=round(share, 4), path=new.source.path,
            related=[{"path": old.source.path, "section": "s5",
                      "line": a[0].line if a else None, "year": year_of(old)}])
