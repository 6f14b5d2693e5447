"""Year-over-year comparison of two reports of one agency.

``compare(old, new, config=None) -> Comparison`` is the one entry point used by ``gxtui diff``
and the TUI. A ``Comparison`` holds, ready to render:

* ``pairing`` — both identities (agency, year, where each came from), whether the agencies
  match and the years are consecutive, and notes to show the reviewer;
* ``tables`` — tables 二/三/四 aligned (``align.TableDiff`` → ``RowDiff`` → ``CellDelta``), rows
  in display order with labels from the template; each cell has ``old``/``new`` sides, the
  ``change`` (None when not comparable or unknown), ``rel_change``, ``status`` and ``flagged``;
* ``fees`` — ``admin_fees`` (表二 行政事业性收费, 万元) and ``info_fee_yuan`` (信息处理费, 元),
  units explicit;
* ``problems`` — the section-五 problems and improvement measures matched item by item
  (``problems.ItemMatch``: new / resolved / reworded / repeated with the similarity);
* ``summaries`` — per list counts, ``reuse`` — per section text reuse;
* ``findings`` — the cross-year rule findings (Y-1…Y-4, Y-R, P-1, P-2): empty here. The
  comparison runs no rule; ``gxtui.audit.compare_pair`` runs the cross-year rules on it (they
  consume the comparison) and fills this list.

Serialisation lives in ``gxtui.present.schema``. Nothing here imports Textual; polars is not
needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gxtui.compare.align import (ABSENT, CellDelta, RowDiff, Side, TableDiff, _side_of, align,
                                 fmt_number, is_large_change, side, thresholds)
from gxtui.compare.pairing import Pairing, pair
from gxtui.compare.problems import (ItemMatch, ListSummary, SectionReuse, match_items,
                                    section_reuse, summarize)
from gxtui.compare.tiebreak import cross_year as _cross_year_tiebreak
from gxtui.model import Anomaly, Finding, Report
from gxtui.templates import vocab

__all__ = ["compare", "Comparison", "CellDelta", "RowDiff", "TableDiff", "Side", "FeeDelta",
           "ItemMatch", "ListSummary", "SectionReuse", "Pairing", "fmt_number"]


@dataclass
class FeeDelta:
    """One fee year over year. ``unit`` is explicit: "万元" or "元"."""

    key: str  # "admin_fees" or "info_fee_yuan" (the export names)
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
    # cells of the newer report fixed by last year's report (compare/tiebreak.py), one per row
    evidence: list[Anomaly] = field(default_factory=list)

    # -- convenience ---------------------------------------------------------------------
    def table(self, key: str) -> TableDiff:
        return next(t for t in self.tables if t.table == key)

    @property
    def cells(self) -> list[CellDelta]:
        return [c for t in self.tables for c in t.cells]

    def cell(self, table: str, row: str, col: str) -> CellDelta | None:
        """The aligned cell; across templates ``col`` may be either year's column key."""
        for c in self.table(table).cells:
            if c.row == row and col in (c.col, c.old_col):
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


def fees(old: Report, new: Report, config: Any = None) -> list[FeeDelta]:
    ratio, min_base = thresholds(config)
    out = []

    def admin(r: Report) -> Side:
        if r.template != "2021":
            return ABSENT  # 2019 template: 表二（八） counts items, not money
        c = r.cell("table2", "admin_fees", "amount_wan_yuan")
        if c is None:
            return Side(None, "missing")
        return _side_of(c)

    def info(r: Report) -> Side:
        if r.info_fee_yuan is None:
            return Side(None, "absent" if r.template == "2019" else "missing", line=r.info_fee_line)
        v = r.info_fee_yuan
        return Side(v, "zero" if v == 0 else "number", None, r.info_fee_line)

    for key, get in (("admin_fees", admin), ("info_fee_yuan", info)):
        out.append(FeeDelta(key, vocab.fee_label(key, "zh"), vocab.fee_label(key, "en"),
                            vocab.fee(key)["unit"], get(old), get(new)))
    for f in out:
        if f.change is not None and f.change != 0:
            f.flagged = is_large_change(f.old.value, f.new.value, ratio, min_base)
    return out


def compare(old: Report, new: Report, config: Any = None, *, reuse: bool = True) -> Comparison:
    """Compare two reports of one agency. They are put oldest first (``pairing.swapped`` says
    when that meant swapping). Agencies are not enforced here — callers decide what to do with
    ``pairing.same_agency`` (``gxtui diff`` refuses unless ``--force``). Runs no rule.
    ``reuse=False`` leaves the section text reuse out (``reuse`` is then empty)."""
    p = pair(old, new)
    if p.swapped:
        old, new = new, old
    # glued table-二 rows of the newer year that last year's in-force count decides (a copy)
    new, evidence = _cross_year_tiebreak(old, new, config)
    tables = align(old, new, config)
    matches = (match_items(old.problems, new.problems, config, "problems")
               + match_items(old.improvements, new.improvements, config, "improvements"))
    summaries = [summarize(matches, "problems"), summarize(matches, "improvements")]
    return Comparison(old, new, p, tables, fees(old, new, config), matches, summaries,
                      section_reuse(old, new) if reuse else [], evidence=evidence)
