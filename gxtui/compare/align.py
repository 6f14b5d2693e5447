"""Cell alignment across two reports, also across the 2019 → 2021 template change.

Every cell of both reports appears exactly once in the result, in display order (the newer
report's template order, cells only the older template has placed at the end of their block):

* tables 三 and 四: one to one by (row, column) key. Between a 2019 and a 2021 report, 2019's
  single （六）其他处理 row (``r.other``) is aligned with the **sum** of 2021's three
  ``r.other.*`` rows; the three 2021 rows are also listed, as new-only (not comparable).
* table 二: within one template, one to one. Across templates only the decisions of
  行政许可/行政处罚/行政强制 are comparable; 本年新制作数量 ↔ 本年制发件数 and 对外公开总数量 ↔
  现行有效件数 are shown side by side as *not comparable* (format.md §4, §5.2 Y-5) and are
  never subtracted; the rest exists in one template only.

Values follow the format.md §6.3 policy: blank, "/" and "-" count as 0 in arithmetic (their
spelling is kept in ``*_state``); ``unknown`` (the source lost the value) and ``missing`` (no
such cell was read) are never subtracted or compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from functools import lru_cache

from gxtui import templates
from gxtui.model import Cell, Report, display_number
from gxtui.templates import vocab

# states of one side of an aligned cell
NUMERIC_STATES = ("number", "zero", "blank", "na")  # usable in arithmetic (blank/na as 0)
# status of an aligned cell
STATUSES = ("changed", "same", "empty", "unknown", "not-comparable", "old-only", "new-only")



@lru_cache(maxsize=8)
def table_titles(table: str) -> tuple[str, str]:
    """(Chinese, English) title of an aligned table, from the vocabulary."""
    return vocab.table_name(table, "zh", long=True), vocab.table_name(table, "en", long=True)


@lru_cache(maxsize=1)
def _t2_cross() -> tuple[tuple[str, str, str, bool], ...]:
    """(row, 2019 column, 2021 column, comparable?) from layouts.toml ``[[table2.cross]]``."""
    return tuple((d["row"], d["old_col"], d["new_col"], bool(d["comparable"]))
                 for d in templates.raw_layouts()["table2"]["cross"])


NOT_COMPARABLE_ZH = "不可比（模板变化）"
NOT_COMPARABLE_EN = "not comparable (template changed)"


@dataclass(slots=True)
class Side:
    """One side (old or new) of an aligned cell."""

    value: float | int | None  # for arithmetic: number/zero as read, blank/na as 0; else None
    state: str  # number / zero / blank / na / text / unknown / missing / absent
    raw: str | None = None
    line: int | None = None
    keys: tuple[tuple[str, str, str], ...] = ()  # source cells (several for a sum)
    candidates: tuple[Any, ...] = ()

    @property
    def usable(self) -> bool:
        return self.state in NUMERIC_STATES and self.value is not None

    @property
    def empty(self) -> bool:
        """Zero or blank (or "/"): excluded from change statistics when both sides are empty."""
        return self.state in ("zero", "blank", "na") or (self.state == "number" and self.value == 0)

    def display(self, lang: str = "zh") -> str:
        if self.state == "unknown":
            return "未知" if lang == "zh" else "unknown"
        if self.state == "missing":
            return "缺失" if lang == "zh" else "missing"
        if self.state == "absent":
            return "--"  # ASCII: "—" is East-Asian ambiguous width
        if self.state == "blank":
            return "空" if lang == "zh" else "blank"
        if self.state == "na":
            return self.raw.strip() if self.raw and self.raw.strip() else "/"
        if self.state == "text":
            return self.raw or "?"
        return fmt_number(self.value)


ABSENT = Side(None, "absent")


def fmt_number(v: float | int | None) -> str:
    return display_number(v, "?")


@dataclass(slots=True)
class CellDelta:
    """One aligned cell: old and new value, the change, and whether change makes sense."""

    table: str
    row: str  # canonical row key (the newer report's key; "r.other" for the 2019/2021 sum)
    col: str  # canonical column key (the newer template's, or the older's for old-only cells)
    row_label: str
    col_label: str
    group: str | None
    old: Side
    new: Side
    comparable: bool
    note_zh: str | None = None
    note_en: str | None = None
    flagged: bool = False  # large relative change (Config.compare ratio/min_base)
    old_col: str | None = None  # set when the two years' cells are different columns (table 二
    new_col: str | None = None  # across templates): the older and the newer column key

    @property
    def change(self) -> float | int | None:
        """new − old; None when not comparable or either side is unknown/missing."""
        if not self.comparable or not (self.old.usable and self.new.usable):
            return None
        d = self.new.value - self.old.value  # type: ignore[operator]
        if isinstance(d, float):
            d = round(d, 6)
            if d.is_integer():
                d = int(d)
        return d

    @property
    def rel_change(self) -> float | None:
        """(new − old) / old; None when old is 0 or the change is undefined."""
        d = self.change
        if d is None or not self.old.value:
            return None
        return d / abs(self.old.value)  # type: ignore[arg-type]

    @property
    def status(self) -> str:
        if self.old.state == "absent":
            return "new-only"
        if self.new.state == "absent":
            return "old-only"
        if not self.comparable:
            return "not-comparable"
        if not (self.old.usable and self.new.usable):
            return "unknown"
        if self.old.empty and self.new.empty:
            return "empty"
        return "changed" if self.change != 0 else "same"


@dataclass(slots=True)
class RowDiff:
    """One display row of an aligned table: a label and its aligned cells in column order."""

    table: str
    key: str
    label: str
    group: str | None
    level: int
    cells: list[CellDelta] = field(default_factory=list)
    note_zh: str | None = None
    note_en: str | None = None

    @property
    def changed(self) -> bool:
        return any(c.status == "changed" for c in self.cells)


@dataclass
class TableDiff:
    table: str
    title_zh: str
    title_en: str
    rows: list[RowDiff] = field(default_factory=list)
    in_old: bool = True
    in_new: bool = True

    @property
    def cells(self) -> list[CellDelta]:
        return [c for r in self.rows for c in r.cells]

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(key, label) of the columns in first-seen order (uniform for tables 三 and 四)."""
        seen: dict[str, str] = {}
        for r in self.rows:
            for c in r.cells:
                seen.setdefault(c.col, c.col_label)
        return list(seen.items())


# ------------------------------------------------------------------------------- sides
def side(report: Report, table: str, row: str, col: str) -> Side:
    return _side_at(report.cells, (table, row, col))


def _side_at(cells: dict[tuple[str, str, str], Cell], key: tuple[str, str, str]) -> Side:
    """The side of the cell at ``key`` of a report's ``cells`` ("missing" when there is none)."""
    c = cells.get(key)
    return Side(None, "missing", None, None, (key,)) if c is None else _side_of(c)


def _side_of(c: Cell) -> Side:
    key = ((c.table, c.row, c.col),)
    sem = c.semantic
    if sem == "number" or sem == "zero":
        return Side(c.value, sem, c.raw, c.line, key)
    if sem == "blank" or sem == "na":
        return Side(0, sem, c.raw, c.line, key)
    return Side(None, sem, c.raw, c.line, key, tuple(c.candidates))


def sum_sides(sides: list[Side]) -> Side:
    """Sum of several cells: unknown if any is unknown, missing if any is missing, blank if all
    are blank, otherwise the number."""
    keys = tuple(k for s in sides for k in s.keys)
    line = next((s.line for s in sides if s.line is not None), None)
    for bad in ("unknown", "missing", "text"):
        if any(s.state == bad for s in sides):
            return Side(None, bad, None, line, keys)
    if all(s.state in ("blank", "na") for s in sides):
        return Side(0, "blank", None, line, keys)
    total = sum(s.value for s in sides)  # type: ignore[misc]
    return Side(total, "zero" if total == 0 else "number", None, line, keys)


# ------------------------------------------------------------------------------- flags
def is_large_change(old: float | int | None, new: float | int | None, ratio: float = 5.0,
                    min_base: float = 10) -> bool:
    """A change worth a look: the larger of the two values is at least ``min_base`` and it is
    ``ratio`` times the smaller or more (×5 / ÷5 by default; a rise from 0 to ≥ ``min_base``
    counts). Negative values (2019 本年增/减) are never flagged."""
    if old is None or new is None or old < 0 or new < 0:
        return False
    hi, lo = max(old, new), min(old, new)
    if hi < min_base:
        return False
    return lo == 0 or hi / lo >= ratio


def thresholds(config: Any = None) -> tuple[float, float]:
    comp = getattr(config, "compare", None) or {}
    return float(comp.get("ratio", 5.0)), float(comp.get("min_base", 10))


# ------------------------------------------------------------------------------- align
def align(old: Report, new: Report, config: Any = None) -> list[TableDiff]:
    """Tables 二, 三, 四 of two reports aligned (see the module docstring)."""
    ratio, min_base = thresholds(config)
    out = [_align_t2(old, new), _align_t3(old, new), _align_t4(old, new)]
    for t in out:
        t.in_old = old.has_table(t.table)
        t.in_new = new.has_table(t.table)
        for r in t.rows:
            for c in r.cells:
                o, n = c.old.value, c.new.value
                # "changed" needs two different values: most cells stop at this test; the size
                # test, plain arithmetic, goes before the status (a chain of properties)
                if o is not None and n is not None and o != n \
                        and is_large_change(o, n, ratio, min_base) and c.status == "changed":
                    c.flagged = True
    return out


def _tpl(report: Report) -> templates.Template:
    return templates.get(_version(report))


def _version(report: Report) -> str:
    return report.template or templates.expected_template(report.year) or "2021"


# A row of an aligned table as the templates alone decide it, computed once per pair of template
# versions: (table, row key, label, group, level, row notes, whether the older and the newer report
# give the cells (else ``ABSENT``), comparable, and per column (column key, column label, cell
# key)). Building the rows from it costs one lookup and one ``Side`` per side of a cell.
_Cols = tuple[tuple[str, str, tuple[str, str, str]], ...]
_Plan = tuple[str, str, str, "str | None", int, "str | None", "str | None", bool, bool, bool, _Cols]


def _cols(table: str, row: str, cols: Any) -> _Cols:
    return tuple((c.key, c.label, (table, row, c.key)) for c in cols)


def _rows_of(plan: tuple[_Plan | None, ...], old: Report, new: Report) -> list[RowDiff | None]:
    """The rows of ``plan`` filled with both reports' cells (None entries, the 2019/2021 sum,
    are left to the caller)."""
    oget, nget = old.cells, new.cells
    out: list[RowDiff | None] = []
    for p in plan:
        if p is None:
            out.append(None)
            continue
        table_, rkey, label, group, level, nzh, nen, use_old, use_new, comp, cols = p
        out.append(RowDiff(table_, rkey, label, group, level, [
            CellDelta(table_, rkey, ckey, label, clabel, group,
                      _side_at(oget, k) if use_old else ABSENT,
                      _side_at(nget, k) if use_new else ABSENT, comp)
            for ckey, clabel, k in cols], nzh, nen))
    return out


_SPLIT_ZH = "2019版无此行（并入（六）其他处理）"
_SPLIT_EN = "no such row in the 2019 template (part of （六）其他处理)"


@lru_cache(maxsize=8)
def _t3_plan(v_old: str, v_new: str) -> tuple[_Plan | None, ...]:
    """Table 三 rows in display order for an older report of template ``v_old`` and a newer one
    of ``v_new``; None where the 2019 single （六）其他处理 row meets the 2021 sum."""
    t_old, t_new = templates.get(v_old), templates.get(v_new)
    cols = t_new.t3_columns
    old_keys = {r.key for r in t_old.t3_rows}
    new_keys = {r.key for r in t_new.t3_rows}
    split_new = "r.other" in old_keys and "r.other" not in new_keys  # 2019 → 2021
    split_old = "r.other" in new_keys and "r.other" not in old_keys  # 2021 → 2019 (unusual)
    out: list[_Plan | None] = []
    summed_done = False
    for r in t_new.t3_rows:
        if r.key.startswith("r.other.") and split_new:
            if not summed_done:
                out.append(None)
                summed_done = True
            out.append(("table3", r.key, r.display, r.group, r.level, _SPLIT_ZH, _SPLIT_EN, False, True, False,
                        _cols("table3", r.key, cols)))
            continue
        if r.key == "r.other" and split_old:
            out.append(None)
            continue
        in_old = r.key in old_keys
        out.append(("table3", r.key, r.display, r.group, r.level, None, None, in_old, True, in_old,
                    _cols("table3", r.key, cols)))
    if split_old:  # the 2021 old report's three rows, old-only
        for r in templates.get("2021").t3_rows:
            if r.key.startswith("r.other."):
                out.append(("table3", r.key, r.display, r.group, r.level, _SPLIT_ZH, _SPLIT_EN, True, False, False,
                            _cols("table3", r.key, cols)))
    return tuple(out)


def _align_t3(old: Report, new: Report) -> TableDiff:
    v_old, v_new = _version(old), _version(new)
    plan = _t3_plan(v_old, v_new)
    td = TableDiff("table3", *table_titles("table3"))
    rows = _rows_of(plan, old, new)
    if None in plan:  # across the template change
        rows = [_t3_sum_row(old, new, v_new) if r is None else r for r in rows]
    td.rows = rows  # type: ignore[assignment]
    return td


def _t3_sum_row(old: Report, new: Report, v_new: str) -> RowDiff:
    """The row of the 2019 single （六）其他处理 against the sum of the 2021 rows, whichever
    report is the 2019 one."""
    cols = templates.get(v_new).t3_columns
    parts = [r.key for r in templates.get("2021").t3_rows if r.key.startswith("r.other.")]
    sum_on = "old" if "r.other" in {r.key for r in templates.get(v_new).t3_rows} else "new"
    return _other_sum_row(old, new, cols, parts, sum_on)


def _other_sum_row(old: Report, new: Report, cols: tuple, parts: list[str], sum_on: str) -> RowDiff:
    r19 = templates.get("2019").t3_row("r.other")
    label, group = r19.display, r19.group
    note_zh = "2019版单行 ↔ 2021版（六）1+2+3 之和"
    note_en = "2019 single row vs the sum of the 2021 rows （六）1+2+3"
    rd = RowDiff("table3", "r.other", label, group, r19.level, note_zh=note_zh, note_en=note_en)
    for c in cols:
        summed = sum_sides([side(new if sum_on == "new" else old, "table3", p, c.key) for p in parts])
        single = side(old if sum_on == "new" else new, "table3", "r.other", c.key)
        o, n = (single, summed) if sum_on == "new" else (summed, single)
        rd.cells.append(CellDelta("table3", "r.other", c.key, label, c.label, group, o, n,
                                  True, note_zh, note_en))
    return rd


@lru_cache(maxsize=4)
def _t4_plan(version: str) -> tuple[_Plan, ...]:
    """Table 四 rows of template ``version`` (both years are read with the newer one's)."""
    tpl = templates.get(version)
    out = []
    for g in tpl.t4_groups:
        group = vocab.row_group("table4", g.key, tpl.version)
        out.append(("table4", g.key, g.label, group, 2 if group else 1, None, None, True, True, True,
                    _cols("table4", g.key, tpl.t4_columns)))
    return tuple(out)


def _align_t4(old: Report, new: Report) -> TableDiff:
    td = TableDiff("table4", *table_titles("table4"))
    td.rows = _rows_of(_t4_plan(_version(new)), old, new)  # type: ignore[assignment]
    return td


def _t2_rows(tpl: templates.Template) -> list[tuple[str, str, Any, list[Any]]]:
    """(row key, row label, block, columns) in template order."""
    return [(r.key, r.label, b, list(b.columns)) for b in tpl.t2_blocks for r in b.rows]


@lru_cache(maxsize=4)
def _t2_plan(version: str) -> tuple[_Plan, ...]:
    """Table 二 rows of template ``version`` when both years use it: cell by cell."""
    return tuple(("table2", rkey, rlabel, block.caption, 1, None, None, True, True, True, _cols("table2", rkey, cols))
                 for rkey, rlabel, block, cols in _t2_rows(templates.get(version)))


def _align_t2(old: Report, new: Report) -> TableDiff:
    t_old, t_new = _tpl(old), _tpl(new)
    td = TableDiff("table2", *table_titles("table2"))
    if t_old.version == t_new.version:
        td.rows = _rows_of(_t2_plan(t_new.version), old, new)  # type: ignore[assignment]
        return td
    # across templates: mapping keyed by the newer side's (row, col)
    old_is_2019 = t_old.version == "2019"
    cross = {}
    for row, c19, c21, comp in _t2_cross():
        if old_is_2019:
            cross[(row, c21)] = (row, c19, comp)
        else:
            cross[(row, c19)] = (row, c21, comp)
    used_old: set[tuple[str, str]] = set()
    old_rows = _t2_rows(t_old)
    old_labels = {(rk, c.key): c.label for rk, _, _, cols in old_rows for c in cols}
    for rkey, rlabel, block, cols in _t2_rows(t_new):
        rd = RowDiff("table2", rkey, rlabel, block.caption, 1)
        for c in cols:
            m = cross.get((rkey, c.key))
            if m is None:
                rd.cells.append(CellDelta("table2", rkey, c.key, rlabel, c.label, block.caption, ABSENT,
                                          side(new, "table2", rkey, c.key), False,
                                          "上年模板无此项", "not in the older template"))
                continue
            orow, ocol, comp = m
            used_old.add((orow, ocol))
            olabel = old_labels.get((orow, ocol), ocol)
            col_label = c.label if olabel == c.label else f"{olabel} / {c.label}"
            paired = ocol != c.key
            rd.cells.append(CellDelta(
                "table2", rkey, c.key, rlabel, col_label, block.caption, side(old, "table2", orow, ocol),
                side(new, "table2", rkey, c.key), comp,
                None if comp else NOT_COMPARABLE_ZH, None if comp else NOT_COMPARABLE_EN,
                old_col=ocol if paired else None, new_col=c.key if paired else None))
        # cells of the same row that only the older template has (e.g. 本年新公开数量)
        for orow, olabel, oblock, ocols in old_rows:
            if orow != rkey:
                continue
            for oc in ocols:
                if (orow, oc.key) in used_old:
                    continue
                used_old.add((orow, oc.key))
                rd.cells.append(CellDelta("table2", rkey, oc.key, rlabel, oc.label, block.caption,
                                          side(old, "table2", orow, oc.key), ABSENT, False,
                                          "本年模板无此项", "not in the newer template"))
        td.rows.append(rd)
    # whole rows of the older template with no counterpart (其他对外管理服务事项, 政府集中采购,
    # 2019 行政事业性收费 item counts)
    for orow, olabel, oblock, ocols in old_rows:
        rest = [oc for oc in ocols if (orow, oc.key) not in used_old]
        if not rest:
            continue
        rd = RowDiff("table2", orow, olabel, oblock.caption, 1,
                     note_zh="本年模板无此项", note_en="not in the newer template")
        for oc in rest:
            rd.cells.append(CellDelta("table2", orow, oc.key, olabel, oc.label, oblock.caption,
                                      side(old, "table2", orow, oc.key), ABSENT, False,
                                      "本年模板无此项", "not in the newer template"))
        td.rows.append(rd)
    return td
