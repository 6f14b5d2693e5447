"""The comparison's tables: both years side by side (or one line per cell where that does not
fit), each side marked with its own findings and the cross-year ones.

``Marks`` says which cells of each year a finding is about; ``fill_table`` turns a table of
the comparison (``gxtui.compare.TableDiff``) into a ``DataTable`` and returns, per display row,
what it shows (a ``RowDiff`` side by side, a ``CellDelta`` in the list) and the places ``n``/``N``
visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from rich.cells import cell_len
from rich.text import Text

from gxtui.tui.widgets.columns import LABEL_MIN, PAD, crop, distinct, fit
from gxtui.tui.widgets.report_tables import SEV_MARK, SEV_RANK, SEV_STYLE
from gxtui.tui.widgets.text import clean, decimals, fmt_num, txt

CHANGED_STYLE = "bold underline"


@dataclass
class Spot:
    pane: str
    row: int
    col: int
    what: str


def side_text(side: Any, style: str = "", dp: int | None = None) -> Text:
    state = getattr(side, "state", "missing")
    if state in ("absent", "missing"):
        return Text("-", style="dim", justify="right")
    if state == "unknown":
        return Text("??", style="dim", justify="right")
    if state == "blank":
        return Text("", justify="right")
    if side.value is None:
        return Text(clean(side.raw or ""), style="dim", justify="right")
    return Text(fmt_num(side.value, dp), style=style or ("dim" if state == "zero" else ""), justify="right")


def change_text(cell: Any, dp: int | None = None) -> Text:
    if cell is None:
        return Text("")
    if not cell.comparable:
        return Text("n/c", style="dim italic", justify="right")
    d = cell.change
    if d is None:
        return Text("", justify="right")
    if d == 0:
        return Text("0" if cell.status == "same" else "", style="dim", justify="right")
    s = ("+" if d > 0 else "") + fmt_num(d, dp)
    if cell.flagged:
        s += "?"
    return Text(s, style="bold" + (" reverse" if cell.flagged else ""), justify="right")


def row_label(r: Any, lang: str = "zh") -> str:
    """A row label that stands alone: numbered items get their group's ordinal, as in
    （五）2.重复申请 (both parts from the template labels); in English the vocabulary's gloss."""
    if lang == "en":
        from gxtui.templates import vocab  # noqa: PLC0415

        return vocab.row_label(r.table, getattr(r, "key", None) or getattr(r, "row", None), "en")
    label = r.label
    group = getattr(r, "group", None) or ""
    if getattr(r, "level", 1) >= 3 and group.startswith("（") and "）" in group:
        label = group[:group.index("）") + 1] + label
    return label


@dataclass
class Marks:
    """The worst severity a finding gives each cell of each year. A location may leave its row
    or column out (the whole column or row): ``None`` matches any."""

    old: list[tuple[tuple, str]] = field(default_factory=list)
    new: list[tuple[tuple, str]] = field(default_factory=list)

    @classmethod
    def of(cls, items: Iterable[tuple[str, Any]], old_path: str | None, old_year: int | None) -> "Marks":
        """``items``: (side, finding) with side "old"/"new" (that year's own findings) or
        "cross" (cross-year: its own location is on the newer report, its related locations on
        the report whose path or year they name)."""
        m = cls()
        for side, f in items:
            own = m.old if side == "old" else m.new
            if f.table and (f.row or f.col):
                own.append(((f.table, f.row, f.col), f.severity))
            for r in f.related or ():
                if not r.get("table") or not (r.get("row") or r.get("col")):
                    continue
                if side == "cross":
                    on_old = (r.get("path") is not None and r.get("path") == old_path) or \
                        (r.get("year") is not None and r.get("year") == old_year)
                    dest = m.old if on_old else m.new
                else:  # a year's own finding: its related cells are on the same report
                    dest = own
                dest.append(((r["table"], r.get("row"), r.get("col")), f.severity))
        return m

    def severity(self, cell: Any, side: str) -> str | None:
        marks = self.old if side == "old" else self.new
        keys = list(getattr(getattr(cell, side), "keys", ()) or ()) or [(cell.table, cell.row, cell.col)]
        best = None
        for (tb, row, col), sev in marks:
            for k in keys:
                if k[0] == tb and (row is None or k[1] == row) and (col is None or k[2] == col):
                    if best is None or SEV_RANK.get(sev, 9) < SEV_RANK.get(best, 9):
                        best = sev
        return best


def cell_dp(cell: Any) -> int | None:
    """One precision for a cell's two years and its change (18651.06 and 4166.241619 do not sit
    side by side with different decimals)."""
    return decimals([cell.old.value, cell.new.value, cell.change])


def cell_text(cell: Any, side: str, marks: Marks, dp: int | None = None) -> Text:
    """One year's value: underlined when it changed, reverse/underline with ``!``/``?`` when a
    finding is about it — both when both (a changed and failing cell)."""
    sev = marks.severity(cell, side)
    changed = cell.status == "changed"
    text = side_text(getattr(cell, side), CHANGED_STYLE if changed else "", dp)
    if sev:
        style = SEV_STYLE[sev] + (" underline" if changed else "")
        text = Text((text.plain or " ") + SEV_MARK.get(sev, ""), style=style, justify="right")
    return text


def visible_rows(td: Any, folded: bool) -> list[Any]:
    if not folded:
        return list(td.rows)
    return [r for r in td.rows if any(x.status not in ("empty",) for x in r.cells)]


def _stops(cell: Any, marks: Marks) -> list[str]:
    """Where n/N stop on ``cell``: the older year when a finding is about its value there, the
    newer year when one is about its value there or the value changed (both, for a changed
    cell that fails in the older year)."""
    out = ["old"] if marks.severity(cell, "old") else []
    if cell.status == "changed" or cell.flagged or marks.severity(cell, "new"):
        out.append("new")
    return out


def col_text(table: str, col: str, label: str, lang: str, row: str | None = None) -> str:
    if lang != "en":
        return clean(label)
    from gxtui.templates import vocab  # noqa: PLC0415

    return vocab.col_label(table, col, "en", None, row)


def fill_table(dt: Any, td: Any, years: tuple[str, str], marks: Marks, *, folded: bool,
               avail: int, wide: bool, labels: dict[str, str]) -> tuple[list[Any], list[Spot], bool]:
    """Fill ``dt`` with table ``td`` of the comparison: side by side when every value column of
    both years fits in ``avail`` cells next to a label of at least ``LABEL_MIN``, else one line
    per cell. Returns (what each display row shows, the places worth a look, side by side?)."""
    rows = visible_rows(td, folded)
    cols = list(td.columns)
    dt.clear(columns=True)
    key = td.table
    if key != "table2" and cols:
        got = _side_by_side(dt, td, rows, cols, years, marks, avail, wide, labels)
        if got is not None:
            return (*got, True)
        dt.clear(columns=True)
    return (*_as_list(dt, td, rows, years, marks, folded, avail, labels), False)


def _side_by_side(dt: Any, td: Any, rows: list[Any], cols: list[tuple[str, str]], years: tuple[str, str],
                  marks: Marks, avail: int, wide: bool, labels: dict[str, str]
                  ) -> tuple[list[Any], list[Spot]] | None:
    body: list[list[Text]] = []
    for r in rows:
        by_col = {x.col: x for x in r.cells}
        line = []
        for side in ("old", "new"):
            for ck, _ in cols:
                x = by_col.get(ck)
                line.append(cell_text(x, side, marks) if x is not None else Text(""))
        line.append(change_text(by_col.get(cols[-1][0])))
        body.append(line)
    lang = labels.get("lang", "zh")
    names = [col_text(td.table, ck, cl, lang) for ck, cl in cols]
    heads = names * 2 + [clean(labels["change"]) + (" " if lang == "en" else "") + names[-1]]
    values = [max([ln[j].cell_len for ln in body] + [cell_len(years[0]) if j == 0 else 1,
                                                    cell_len(years[1]) if j == len(cols) else 1])
              for j in range(len(heads))]
    label_need = max([cell_len(("  " if r.level > 1 else "") + row_label(r, lang)) for r in rows] + [4])
    f = fit(avail, label_need, heads, values, wide)
    if f.label < min(LABEL_MIN, label_need) or f.total > avail:
        return None
    dt.header_height = 3
    dt.add_column(txt(labels["label"], "bold"), width=f.label)
    shown = distinct(heads, f.cols)
    for j, w in enumerate(f.cols):
        year = years[0] if j == 0 else years[1] if j == len(cols) else ""
        dt.add_column(Text(year + "\n" + shown[j], style="bold"), width=w)
    disp: list[Any] = []
    spots: list[Spot] = []
    for r, line in zip(rows, body):
        label = ("  " if r.level > 1 else "") + row_label(r, lang)
        if cell_len(label) > f.label:
            label = crop(label, f.label)
        dt.add_row(txt(label, "bold" if r.changed else ""), *line)
        disp.append(r)
        by_col = {x.col: x for x in r.cells}
        for j, (ck, _) in enumerate(cols):
            x = by_col.get(ck)
            if x is None:
                continue
            for side in _stops(x, marks):  # the failing side(s); the newer year for a change
                col = 1 + j + (len(cols) if side == "new" else 0)
                spots.append(Spot(td.table, len(disp) - 1, col, f"{row_label(r, lang)} / {names[j]}"))
    return disp, spots


def _as_list(dt: Any, td: Any, rows: list[Any], years: tuple[str, str], marks: Marks, folded: bool,
             avail: int, labels: dict[str, str]) -> tuple[list[Any], list[Spot]]:
    lang = labels.get("lang", "zh")
    items = [(r, c) for r in rows for c in r.cells if not (folded and c.status == "empty")]
    texts = [(cell_text(c, "old", marks, cell_dp(c)), cell_text(c, "new", marks, cell_dp(c)),
              change_text(c, cell_dp(c))) for _, c in items]
    vw = [max([t[j].cell_len for t in texts] + [cell_len(years[j]) if j < 2 else cell_len(labels["change"])])
          for j in range(3)]
    rest = avail - sum(w + PAD for w in vw) - 2 * PAD
    col_names = [col_text(c.table, c.col, c.col_label, lang, c.row) for _, c in items]
    col_need = max([cell_len(n) for n in col_names] + [cell_len(labels["column"])])
    col_w = max(4, min(col_need, rest // 3))
    label_need = max([cell_len(row_label(r, lang)) for r, _ in items] + [4])
    label_w = max(LABEL_MIN // 2, min(label_need, rest - col_w))
    dt.header_height = 1
    dt.add_column(txt(labels["label"], "bold"), width=label_w)
    dt.add_column(txt(labels["column"], "bold"), width=col_w)
    dt.add_column(txt(years[0], "bold"), width=vw[0])
    dt.add_column(txt(years[1], "bold"), width=vw[1])
    dt.add_column(txt(labels["change"], "bold"), width=vw[2])
    disp: list[Any] = []
    spots: list[Spot] = []
    for (r, cell), (o, n, ch), cname in zip(items, texts, col_names):
        label = row_label(r, lang)
        dt.add_row(txt(crop(label, label_w), "bold" if r.changed else ""),
                   txt(crop(cname, col_w)), o, n, ch)
        disp.append(cell)
        for side in _stops(cell, marks):
            spots.append(Spot(td.table, len(disp) - 1, 2 if side == "old" else 3, f"{label} / {cname}"))
    return disp, spots
