"""Last year's in-force count as a tie-breaker for glued table-二 rows (issue 12, item 4).

The extraction of one report never sees another, so a glued row such as ``规章3145`` (issued,
repealed, in force) may be left with several readings. At pair time the older report's
现行有效 count of the same row is known; Y-2 says in force(Y) ≈ in force(Y−1) + issued(Y) −
repealed(Y) within ``compare.y2_tolerance``. Of the joint readings the digits allowed
(``Report.joint``), only those satisfying that very relation are kept; the cells are filled only
when exactly one survives, marked recovered, with an anomaly naming last year's report and
value. Otherwise nothing changes. The newer report is never mutated: a copy with copied cells
is returned.

The relation itself (``y2_expected`` / ``y2_holds`` / ``y2_tolerance``) lives here and is the
one rule Y-2 (``gxtui.rules.cross_year``) checks.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

from gxtui.compare.align import fmt_number, side
from gxtui.compare.pairing import year_of
from gxtui.model import Anomaly, Cell, Report
from gxtui.templates import vocab

Y2_ROWS = (("rules", "规章"), ("normative", "行政规范性文件"))
_COLS = ("issued", "repealed", "in_force")


def y2_tolerance(config: Any = None) -> float:
    return float(((getattr(config, "compare", None) or {}).get("y2_tolerance", 0)))


def y2_expected(prev: float, issued: float, repealed: float) -> float:
    """Y-2: the in-force count this year should be close to."""
    return prev + issued - repealed


def y2_holds(now: float, expected: float, tol: float) -> bool:
    return abs(now - expected) <= tol


def y2_applies(old: Report, new: Report) -> bool:
    """Y-2 compares consecutive years of the 2021 template only."""
    a, b = year_of(old), year_of(new)
    return (a is not None and b is not None and b == a + 1
            and old.template == "2021" and new.template == "2021")


def parse_value(tok: str | None) -> tuple[Any, ...]:
    """``gxtui.extract.values.parse_value``, the extractor imported on first use only: a process
    that unpickles a comparison (the TUI of ``gxtui compare``, gxtui.tui.launch.ForkedAudit)
    needs this module's classes, not the extractor (issue 15)."""
    from gxtui.extract.values import parse_value as parse  # noqa: PLC0415

    return parse(tok)


def _num(tok: str | None) -> float:
    v = parse_value(tok)[0]
    return 0 if v is None else v  # blank and "/" count as 0, as Side.value does


def _consistent(new: Report, row: str, reading: dict[str, str | None]) -> bool:
    """The reading agrees with what the report holds now: known cells equal, unknown cells
    among their candidates (a later step may have narrowed or reset a cell)."""
    for col, tok in reading.items():
        c = new.cell("table2", row, col)
        if c is None:
            return False
        v = parse_value(tok)[0]
        if c.known:
            if c.value != v:
                return False
        elif c.candidates and v not in c.candidates:
            return False
    return True


def cross_year(old: Report, new: Report, config: Any = None) -> tuple[Report, list[Anomaly]]:
    """``new`` with the glued table-二 rows that last year's in-force count decides filled in
    (a copy; ``new`` itself when nothing was decided), and one anomaly per row filled."""
    if not new.joint or not y2_applies(old, new):
        return new, []
    tol = y2_tolerance(config)
    fills: dict[tuple[str, str, str], Cell] = {}
    notes: list[Anomaly] = []
    for row, zh in Y2_ROWS:
        readings = new.joint.get(("table2", row))
        if not readings:
            continue
        cells = [new.cell("table2", row, c) for c in _COLS]
        if any(c is None for c in cells) or all(c.known for c in cells):  # type: ignore[union-attr]
            continue
        prev = side(old, "table2", row, "in_force")
        if not prev.usable:
            continue
        live = [r for r in readings if all(c in r for c in _COLS) and _consistent(new, row, r)]
        keep = [r for r in live if y2_holds(_num(r["in_force"]), y2_expected(
            prev.value, _num(r["issued"]), _num(r["repealed"])), tol)]  # type: ignore[arg-type]
        if len(keep) != 1 or len(live) < 2:
            continue
        got = keep[0]
        fixed = []
        for col, c in zip(_COLS, cells):
            assert c is not None
            if c.known:
                continue
            tok = got[col]
            v, sem, unit = parse_value(tok)
            fills[("table2", row, col)] = dataclasses.replace(
                c, raw=tok, value=v, semantic=sem, recovered=True, candidates=(), unit=unit)
            fixed.append((col, v))
        where = os.path.basename(old.source.path) or old.label()
        vals = "、".join(f"{vocab.col_label('table2', col, 'zh')}={fmt_number(v)}" for col, v in fixed)
        vals_en = ", ".join(f"{vocab.col_label('table2', col, 'en')} = {fmt_number(v)}" for col, v in fixed)
        notes.append(Anomaly(
            "cells-recovered",
            f"表二“{zh}”连写数字的拆分依据上年报告确定：{vals}（依据：{old.label()}年报告“{where}”"
            f"现行有效件数{fmt_number(prev.value)}，按上年现行有效+本年制发−本年废止，"
            f"{len(live)}种拆分中仅此一种相符） / glued digits of row "
            f"\"{vocab.row_label('table2', row, 'en')}\" split by last year's report: {vals_en} "
            f"(evidence: in force {fmt_number(prev.value)} in {old.label()} report {where!r}; of "
            f"{len(live)} possible splits only this one fits last year's in force + issued − repealed)",
            cells[0].line if cells[0] is not None else None, "table2", row))
    if not fills:
        return new, []
    done = {r for _, r, _ in fills}
    kept = [a for a in new.anomalies if not (a.kind == "cells-unknown" and a.table == "table2" and a.row in done)]
    copy = dataclasses.replace(new, cells={**new.cells, **fills}, anomalies=[*kept, *notes],
                               joint={k: v for k, v in new.joint.items() if k[1] not in done})
    return copy, notes
