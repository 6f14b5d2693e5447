"""Year-over-year comparison of two reports of one agency.

``compare(old, new, config=None) -> Comparison`` is the one entry point used by ``gxtui diff``
and the TUI. A ``Comparison`` holds, ready to render:

* ``pairing`` — both identities (agency, year, where each came from), whether the agencies
  match and the years are consecutive, and notes to show the reviewer;
* ``tables`` — tables 二/三/四 aligned (``align.TableDiff`` → ``RowDiff`` → ``CellDelta``), rows
  in display order with labels from the template; each cell has ``old``/``new`` sides, the
  ``change`` (None when not comparable or unknown), ``rel_change``, ``status`` and ``flagged``;
* ``fees`` — 行政事业性收费 (万元) and 信息处理费 (元) with units explicit;
* ``problems`` — the section-五 problems and improvement measures matched item by item
  (``problems.ItemMatch``: new / resolved / reworded / repeated with the similarity);
* ``summaries`` — per list counts, ``reuse`` — per section text reuse;
* ``findings`` — the cross-year rule findings (Y-1…Y-4, Y-R, P-1, P-2) from ``check_pair``.

Nothing here imports Textual; polars is not needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gxtui.compare.align import (ABSENT, CellDelta, RowDiff, Side, TableDiff, align, fmt_number,
                                 is_large_change, thresholds)
from gxtui.compare.pairing import Pairing, pair
from gxtui.compare.problems import (ItemMatch, ListSummary, SectionReuse, match_items,
                                    section_reuse, summarize)
from gxtui.model import Finding, Report

__all__ = ["compare", "Comparison", "CellDelta", "RowDiff", "TableDiff", "Side", "FeeDelta",
           "ItemMatch", "ListSummary", "SectionReuse", "Pairing", "fmt_number"]


@dataclass
class FeeDelta:
    """One fee year over year. ``unit`` is explicit: "万元" or "元"."""

    key: str  # "admin_fees" or "info_fee"
    label_zh: str
    label_en: str
    unit: str
    old: Side
    new: Side
    flagged: bool = False

    @property
    def comparable(self) -> bool:
        return self.old.state != "absent" and self.new.state != "absent"

    @property
    def change(self) -> float | None:
        if not (self.comparable and self.old.usable and self.new.usable):
            return None
        return round(self.new.value - self.old.value, 6)  # type: ignore[operator]

    @property
    def rel_change(self) -> float | None:
        d = self.change
        return None if d is None or not self.old.value else d / abs(self.old.value)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        def v(s: Side) -> Any:
            return s.value if s.usable else None
        return {"label": self.label_zh, "unit": self.unit, "old": v(self.old), "new": v(self.new),
                "old_state": self.old.state, "new_state": self.new.state, "change": self.change,
                "rel_change": None if self.rel_change is None else round(self.rel_change, 4),
                "comparable": self.comparable, "flagged": self.flagged}


@dataclass
class Comparison:
    old: Report
    new: Report
    pairing: Pairing
    tables: list[TableDiff]
    fees: list[FeeDelta]
    problems: list[ItemMatch]
    summaries: list[ListSummary]
    reuse: list[SectionReuse]
    findings: list[Finding] = field(default_factory=list)

    # -- convenience ---------------------------------------------------------------------
    def table(self, key: str) -> TableDiff:
        return next(t for t in self.tables if t.table == key)

    @property
    def cells(self) -> list[CellDelta]:
        return [c for t in self.tables for c in t.cells]

    def cell(self, table: str, row: str, col: str) -> CellDelta | None:
        """The aligned cell; ``col`` may be the newer column key alone for cross-template t2."""
        for c in self.table(table).cells:
            if c.row == row and (c.col == col or c.col.split("/")[-1] == col):
                return c
        return None

    def changed(self) -> list[CellDelta]:
        return [c for c in self.cells if c.status == "changed"]

    def stats(self) -> dict[str, int]:
        out = {s: 0 for s in ("changed", "same", "empty", "unknown", "not-comparable",
                              "old-only", "new-only")}
        for c in self.cells:
            out[c.status] += 1
        out["flagged"] = sum(1 for c in self.cells if c.flagged)
        return out

    def summary(self, list_name: str) -> ListSummary | None:
        return next((s for s in self.summaries if s.list == list_name), None)

    def carry_over(self) -> list[dict[str, Any]]:
        """Y-1 column by column, for display: last year's 结转下年度继续办理 beside this year's
        上年结转, with ``status`` "holds" / "broken" / "unchecked" (a side unknown or missing)
        / "n/a" (years not consecutive)."""
        from gxtui import templates  # noqa: PLC0415
        from gxtui.compare.align import side  # noqa: PLC0415

        out = []
        for c in templates.get("2021").t3_columns:
            o = side(self.old, "table3", "carried_out", c.key)
            n = side(self.new, "table3", "carried_in", c.key)
            if not self.pairing.consecutive:
                status = "n/a"
            elif not (o.usable and n.usable):
                status = "unchecked"
            elif c.key == "tot" and "blank" in (o.state, n.state) and (o.value or n.value):
                status = "unchecked"
            else:
                status = "holds" if o.value == n.value else "broken"
            out.append({"col": c.key, "label": c.label, "old": o, "new": n, "status": status})
        return out

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        def ident(r: Report, i: Any) -> dict[str, Any]:
            d = dict(r.identity)
            d.update({"year": i.year, "agency_key": i.key, "agency_from": i.agency_from,
                      "year_from": i.year_from})
            return d
        return {
            "old": ident(self.old, self.pairing.old), "new": ident(self.new, self.pairing.new),
            "pairing": {"same_agency": self.pairing.same_agency,
                        "consecutive": self.pairing.consecutive, "notes": self.pairing.notes_zh,
                        "notes_en": self.pairing.notes_en},
            "cells": [c.to_dict() for c in self.cells],
            "stats": self.stats(),
            "carry_over": [{"col": d["col"], "old": d["old"].value if d["old"].usable else None,
                            "new": d["new"].value if d["new"].usable else None,
                            "old_state": d["old"].state, "new_state": d["new"].state,
                            "status": d["status"]} for d in self.carry_over()],
            "fees": {f.key: f.to_dict() for f in self.fees},
            "problems": [m.to_dict() for m in self.problems],
            "problem_summary": [s.to_dict() for s in self.summaries],
            "reuse": [r.to_dict() for r in self.reuse],
            "findings": [f.to_dict() for f in self.findings],
        }


def fees(old: Report, new: Report, config: Any = None) -> list[FeeDelta]:
    ratio, min_base = thresholds(config)
    out = []

    def admin(r: Report) -> Side:
        if r.template != "2021":
            return ABSENT  # 2019 template: 表二（八） counts items, not money
        c = r.cell("table2", "admin_fees", "amount_wan_yuan")
        if c is None:
            return Side(None, "missing")
        from gxtui.compare.align import _side_of  # noqa: PLC0415
        return _side_of(c)

    def info(r: Report) -> Side:
        if r.info_fee_yuan is None:
            return Side(None, "absent" if r.template == "2019" else "missing", line=r.info_fee_line)
        v = r.info_fee_yuan
        return Side(v, "zero" if v == 0 else "number", None, r.info_fee_line)

    out.append(FeeDelta("admin_fees", "行政事业性收费（表二（八）本年收费金额）",
                        "administrative fees (table 2 (8) amount)", "万元", admin(old), admin(new)))
    out.append(FeeDelta("info_fee", "信息处理费（第六部分）", "information processing fee (section 6)",
                        "元", info(old), info(new)))
    for f in out:
        if f.change is not None and f.change != 0:
            f.flagged = is_large_change(f.old.value, f.new.value, ratio, min_base)
    return out


def compare(old: Report, new: Report, config: Any = None) -> Comparison:
    """Compare two reports of one agency. They are put oldest first (``pairing.swapped`` says
    when that meant swapping). Agencies are not enforced here — callers decide what to do with
    ``pairing.same_agency`` (``gxtui diff`` refuses unless ``--force``)."""
    from gxtui.check import check_pair  # noqa: PLC0415

    p = pair(old, new)
    if p.swapped:
        old, new = new, old
    tables = align(old, new, config)
    matches = (match_items(old.problems, new.problems, config, "problems")
               + match_items(old.improvements, new.improvements, config, "improvements"))
    summaries = [summarize(matches, "problems"), summarize(matches, "improvements")]
    findings = check_pair(old, new, config)
    return Comparison(old, new, p, tables, fees(old, new, config), matches, summaries,
                      section_reuse(old, new), findings)
