"""Tables 二/三/四 laid out as published: row labels and column headers come from
``gxtui.templates`` (never written here), cells carry inline markers for findings.

A layout is a list of display rows; each display row is either a caption/group line (no cell
keys) or a data row with one cell key per value column. The screens turn a layout into a
``DataTable`` and use ``positions`` to move the cursor to a finding's cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text

from gxtui import templates
from gxtui.tui.widgets.columns import Fit, crop, distinct, fit, header_lines, header_width  # noqa: F401
from gxtui.tui.widgets.text import clean, fmt_num, txt

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Cell, Finding, Report

SEV_RANK = {"error": 0, "warning": 1, "info": 2}
# Distinguishable without colour: error = reverse + "!", warning = underline + "?".
SEV_STYLE = {"error": "bold reverse red", "warning": "underline bold yellow", "info": "italic"}
SEV_MARK = {"error": "!", "warning": "?", "info": ""}


@dataclass
class DisplayRow:
    label: str  # full label as published (templates)
    short: str  # label for narrow screens
    level: int = 1
    cells: list[tuple[str, str, str] | None] = field(default_factory=list)  # None: no cell here
    heading: list[str] | None = None  # caption rows of table 二 carry the block's column labels
    key: str = ""  # row key (data rows)


@dataclass
class Layout:
    table: str
    columns: list[str]  # value column headers (full labels)
    rows: list[DisplayRow]

    def positions(self) -> dict[tuple[str, str, str], tuple[int, int]]:
        """Cell key → (display row index, value column index)."""
        out = {}
        for i, r in enumerate(self.rows):
            for j, k in enumerate(r.cells):
                if k is not None:
                    out[k] = (i, j)
        return out

    def row_index(self, row_key: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.key == row_key), None)

    def col_index(self, col_key: str) -> int | None:
        for r in self.rows:
            for j, k in enumerate(r.cells):
                if k is not None and k[2] == col_key:
                    return j
        return None


def layout(table: str, template: str | None) -> Layout | None:
    if template not in templates.TEMPLATES:
        return None
    tpl = templates.get(template)
    if table == "table2":
        width = max(len(b.columns) for b in tpl.t2_blocks)
        rows: list[DisplayRow] = []
        for b in tpl.t2_blocks:
            rows.append(DisplayRow(b.caption, b.caption, 0, [None] * width,
                                   heading=[c.label for c in b.columns] + [""] * (width - len(b.columns))))
            for r in b.rows:
                rk = r.key
                cells = [("table2", rk, c.key) for c in b.columns] + [None] * (width - len(b.columns))
                rows.append(DisplayRow(r.label, r.display, 1, cells, key=rk))
        return Layout("table2", [""] * width, rows)
    if table == "table3":
        rows = []
        seen_groups: set[str] = set()
        for r in tpl.t3_rows:
            if r.group and r.group not in seen_groups:
                # a group line; 三、本年度办理结果 is the parent of the （三）（四）... groups
                parent = next((x.group for x in tpl.t3_rows if x.label == r.group), None)
                if parent and parent not in seen_groups:
                    seen_groups.add(parent)
                    rows.append(DisplayRow(parent, parent, 1, [None] * len(tpl.t3_columns)))
                seen_groups.add(r.group)
                top = next((x for x in tpl.t3_rows if x.label == r.group), None)
                if top is None:  # the group is a pure caption (三、本年度办理结果, （三）不予公开 ...)
                    lvl = 1 if r.level == 2 else 2
                    rows.append(DisplayRow(r.group, r.group, lvl, [None] * len(tpl.t3_columns)))
            cells = [("table3", r.key, c.key) for c in tpl.t3_columns]
            rows.append(DisplayRow(r.label, r.display, r.level, cells, key=r.key))
        return Layout("table3", [c.label for c in tpl.t3_columns], rows)
    if table == "table4":
        rows = [DisplayRow(g.label, g.label, 1, [("table4", g.key, c.key) for c in tpl.t4_columns],
                           key=g.key) for g in tpl.t4_groups]
        return Layout("table4", [c.label for c in tpl.t4_columns], rows)
    return None


def finding_cells(f: "Finding", report_path: str | None, lay: Layout | None
                  ) -> list[tuple[str, str, str]]:
    """The cells of ``lay`` a finding is about: its own location and its related locations on
    this report (a location missing its row or its column covers the whole column or row)."""
    if lay is None:
        return []
    locs: list[tuple[Any, Any, Any]] = []
    if f.table == lay.table and (f.row or f.col):
        locs.append((f.table, f.row, f.col))
    for r in f.related or ():
        if r.get("table") == lay.table and (r.get("row") or r.get("col")) and (
                r.get("path") in (None, report_path)):
            locs.append((r.get("table"), r.get("row"), r.get("col")))
    out = []
    keys = list(lay.positions())
    for t_, row, col in locs:
        for k in keys:
            if (row is None or k[1] == row) and (col is None or k[2] == col):
                out.append(k)
    return out


def cell_text(cell: "Cell | None", sev: str | None = None) -> Text:
    if cell is None:
        s, style = "", "dim"
    elif cell.semantic == "unknown":
        s, style = "??", "dim"
    elif cell.semantic == "blank":
        s, style = "", ""
    elif cell.value is not None:
        s, style = fmt_num(cell.value), ""
        if cell.semantic == "zero":
            style = "dim"
    else:
        s, style = clean(cell.raw or ""), "dim"
    if cell is not None and cell.recovered:
        s += "*"
    if sev:
        s = (s or " ") + SEV_MARK.get(sev, "")
        style = SEV_STYLE.get(sev, style)
    return Text(s, style=style, justify="right")


def label_text(row: DisplayRow, width: int) -> Text:
    """The row label in ``width`` cells: the full label when it fits, else the template's short
    label, cut with an ellipsis as a last resort (the detail line shows it whole)."""
    indent = "  " * max(row.level - 1, 0)
    style = "bold" if row.heading is not None or not row.cells or all(c is None for c in row.cells) else ""
    s = indent + clean(row.label)
    if cell_len(s) > width:
        s = crop(indent + clean(row.short), width)
    return Text(s, style=style, no_wrap=True, overflow="ellipsis")


def header_text(label: str, width: int) -> Text:
    return Text("\n".join(header_lines(clean(label), width)), style="bold")


def severity_map(findings: "list[Finding]", report_path: str | None, lay: Layout | None
                 ) -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    for f in findings:
        for k in finding_cells(f, report_path, lay):
            if k not in out or SEV_RANK.get(f.severity, 9) < SEV_RANK.get(out[k], 9):
                out[k] = f.severity
    return out


def fill_table(dt: Any, lay: Layout, report: "Report", sev: dict, avail: int, wide: bool) -> Fit:
    """(Re)build DataTable ``dt`` from a layout, its columns fitted to ``avail`` cells
    (``gxtui.tui.widgets.columns``); returns the widths used."""
    from gxtui.tui.i18n import t  # noqa: PLC0415

    cells = [[None if k is None else cell_text(report.cell(*k), sev.get(k)) for k in r.cells]
             if r.heading is None else None for r in lay.rows]
    n = len(lay.columns)
    values = [max([c[j].cell_len for c in cells if c is not None and c[j] is not None] + [1])
              for j in range(n)]
    heads = list(lay.columns)
    # table 二: the blocks' column labels stand in rows of their own
    extra = [[clean(r.heading[j]) for r in lay.rows if r.heading is not None and j < len(r.heading)]
             for j in range(n)]
    label_need = max([cell_len("  " * max(r.level - 1, 0) + clean(r.label)) for r in lay.rows] + [4])
    f = fit(avail, label_need, heads, values, wide, extra)
    dt.clear(columns=True)
    dt.header_height = 2 if any(heads) else 1
    dt.add_column(txt(t("rep.label"), "bold"), key="label", width=f.label)
    shown = distinct([clean(h) for h in heads], f.cols)
    for j, w in enumerate(f.cols):
        dt.add_column(Text(shown[j], style="bold"), key=f"c{j}", width=w)
    for i, r in enumerate(lay.rows):
        row: list[Text] = [label_text(r, f.label)]
        if r.heading is not None:
            hs = distinct([clean(h) for h in r.heading], f.cols)
            row += [Text(h, style="bold") for h in hs]
            dt.add_row(*row, key=str(i), height=2 if any("\n" in h for h in hs) else 1)
            continue
        row += [Text("") if c is None else c for c in cells[i]]
        dt.add_row(*row, key=str(i))
    return f
