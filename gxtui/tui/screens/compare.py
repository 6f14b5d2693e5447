"""Two years of one agency side by side: last year left, this year right, a change column;
fees; the problems list item by item; cross-year findings highlighted on both sides.
Below 120 columns the tables fall back to one row per changed cell (row, column, old, new)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from gxtui.tui.i18n import lang, t
from gxtui.tui.screens.report import NARROW, finding_detail, finding_text
from gxtui.tui.widgets.report_tables import SEV_MARK, SEV_RANK, SEV_STYLE
from gxtui.tui.widgets.text import clean, fmt_num, txt

TABLES = ("table2", "table3", "table4")
CHANGED_STYLE = "bold underline"
STATUS_STYLE = {"new": "bold green", "resolved": "bold cyan", "repeated": "bold reverse yellow",
                "reworded": "bold yellow"}


def side_text(side: Any, style: str = "") -> Text:
    state = getattr(side, "state", "missing")
    if state in ("absent", "missing"):
        return Text("-", style="dim", justify="right")
    if state == "unknown":
        return Text("??", style="dim", justify="right")
    if state == "blank":
        return Text("", justify="right")
    if side.value is None:
        return Text(clean(side.raw or ""), style="dim", justify="right")
    return Text(fmt_num(side.value), style=style or ("dim" if state == "zero" else ""), justify="right")


def change_text(cell: Any) -> Text:
    if cell is None:
        return Text("")
    if not cell.comparable:
        return Text("n/c", style="dim italic", justify="right")
    d = cell.change
    if d is None:
        return Text("", justify="right")
    if d == 0:
        return Text("0" if cell.status == "same" else "", style="dim", justify="right")
    s = ("+" if d > 0 else "") + fmt_num(d)
    if cell.flagged:
        s += "?"
    return Text(s, style="bold" + (" reverse" if cell.flagged else ""), justify="right")


def row_label(r: Any) -> str:
    """A row label that stands alone: numbered items get their group's ordinal, as in
    （五）2.重复申请 (both parts from the template labels)."""
    label = r.label
    group = getattr(r, "group", None) or ""
    if getattr(r, "level", 1) >= 3 and group.startswith("（") and "）" in group:
        label = group[:group.index("）") + 1] + label
    return label


@dataclass
class Spot:
    pane: str
    row: int
    col: int
    what: str


class CompareScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("n", "next", "key.next", id="next"),
        Binding("N", "prev", "key.prev", key_display="N", id="prev", show=False),
        Binding("z", "fold", "key.fold", id="fold"),
        Binding("slash", "search", "key.search", key_display="/", id="search"),
        Binding("y", "copy", "key.copy", id="copy", show=False),
        Binding("x", "app.export", "key.export", id="export", show=False),
        Binding("f", "focus_findings", "key.findings", id="findings", show=False),
    ] + [Binding(k, f"goto_part('{pane}')", "key.section", show=False)
         for k, pane in (("2", "table2"), ("3", "table3"), ("4", "table4"), ("5", "problems"), ("6", "fees"))]

    def __init__(self, old_path: str, new_path: str) -> None:
        super().__init__()
        from gxtui.tui.app import localize  # noqa: PLC0415

        localize(self)
        self.old_path, self.new_path = old_path, new_path
        self.comparison: Any = None
        self.findings: list = []
        self.error: str | None = None
        self.folded = True
        self.narrow = True
        self.rows: dict[str, list[Any]] = {}  # pane -> per display row: RowDiff or CellDelta
        self.spots: list[Spot] = []
        self.spot_pos = -1
        self.sev_old: dict[tuple, str] = {}
        self.sev_new: dict[tuple, str] = {}
        self.problem_lines: list[tuple[int | None, int | None]] = []
        self.current_pane = "table3"

    def compose(self) -> ComposeResult:
        self.narrow = self.app.size.width < NARROW
        yield Header(icon="#")
        yield Static(txt(t("cmp.loading")), id="cmp-summary")
        with Horizontal(id="body"):
            yield OptionList(id="nav")
            with ContentSwitcher(id="content", initial="table3"):
                for key in TABLES:
                    yield DataTable(id=key, cursor_type="cell", zebra_stripes=True)
                yield DataTable(id="fees", cursor_type="row")
                yield OptionList(id="problems", classes="paras")
        with Vertical(id="findings-panel"):
            yield OptionList(id="findings")
            yield Static(id="detail")
        from textual.widgets import Input  # noqa: PLC0415

        yield Input(placeholder=t("rep.search"), id="search", classes="hidden")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = t("cmp.title")
        self.sub_title = f"{Path(self.old_path).name} -> {Path(self.new_path).name}"

    # -- filled when the comparison worker is done -------------------------------------------------
    def set_comparison(self, comparison: Any, findings: list, error: str | None) -> None:
        self.comparison, self.findings, self.error = comparison, list(findings), error
        summary = self.query_one("#cmp-summary", Static)
        if comparison is None:
            summary.update(txt(t("cmp.failed", err=error or "?"), "bold"))
            return
        c = comparison
        self.title = f"{clean(c.old.agency or '?')} {c.old.year or '?'} -> {c.new.year or '?'}"
        self._severity_maps()
        self.build()
        nav = self.query_one("#nav", OptionList)
        nav.highlighted = [k for k, _ in self.panes()].index("table3")
        if self.findings:
            fl = self.query_one("#findings", OptionList)
            fl.focus()
            fl.highlighted = 0
        else:
            self.query_one("#table3", DataTable).focus()

    def panes(self) -> list[tuple[str, str]]:
        return [("table2", t("rep.t2")), ("table3", t("rep.t3")), ("table4", t("rep.t4")),
                ("fees", t("cmp.fees")), ("problems", t("cmp.problems"))]

    def _severity_maps(self) -> None:
        self.sev_old, self.sev_new = {}, {}

        def put(m: dict, key: tuple, sev: str) -> None:
            if key not in m or SEV_RANK.get(sev, 9) < SEV_RANK.get(m[key], 9):
                m[key] = sev

        for f in self.findings:
            if f.table and f.row and f.col:
                put(self.sev_new if f.path in (None, self.new_path) else self.sev_old,
                    (f.table, f.row, f.col), f.severity)
            for r in f.related or ():
                if r.get("table") and r.get("row") and r.get("col"):
                    m = self.sev_old if r.get("path") == self.old_path else self.sev_new
                    put(m, (r["table"], r["row"], r["col"]), f.severity)

    def _sev(self, cell: Any, side: str) -> str | None:
        m = self.sev_old if side == "old" else self.sev_new
        s = getattr(cell, side)
        for k in getattr(s, "keys", ()) or ():
            if k in m:
                return m[k]
        return m.get((cell.table, cell.row, cell.col))

    def _cell(self, cell: Any, side: str) -> Text:
        sev = self._sev(cell, side)
        text = side_text(getattr(cell, side), CHANGED_STYLE if cell.status == "changed" else "")
        if sev:
            text = Text(text.plain + SEV_MARK.get(sev, ""), style=SEV_STYLE[sev], justify="right")
        return text

    # -- building ---------------------------------------------------------------------------------
    def build(self) -> None:
        c = self.comparison
        stats = c.stats()
        repeated = sum(s.repeated for s in c.summaries)
        summary = Text(t("cmp.summary", changes=stats.get("changed", 0), findings=len(self.findings),
                         repeated=repeated))
        notes = c.pairing.notes_en if lang() == "en" else c.pairing.notes_zh
        for n in notes:
            summary.append("\n" + clean(n), style="italic")
        self.query_one("#cmp-summary", Static).update(summary)
        self.spots = []
        for key in TABLES:
            self._fill_table(key)
        self._fill_fees()
        self._fill_problems()
        self._fill_nav()
        self._fill_findings()

    def _visible_rows(self, td: Any) -> list[Any]:
        if not self.folded:
            return list(td.rows)
        return [r for r in td.rows if any(x.status not in ("empty",) for x in r.cells)]

    def _fill_table(self, key: str) -> None:
        c = self.comparison
        dt = self.query_one(f"#{key}", DataTable)
        dt.clear(columns=True)
        try:
            td = c.table(key)
        except StopIteration:
            self.rows[key] = []
            return
        rows = self._visible_rows(td)
        oy, ny = c.old.year or "?", c.new.year or "?"
        disp: list[Any] = []
        if self.narrow or key == "table2":
            # one line per cell: row, column, old, new, change
            dt.header_height = 1
            label_w = 18 if self.narrow else 40
            dt.add_column(txt(t("rep.label"), "bold"), width=label_w)
            dt.add_column(txt(t("cmp.column"), "bold"), width=8 if self.narrow else 20)
            dt.add_column(txt(str(oy), "bold"))
            dt.add_column(txt(str(ny), "bold"))
            dt.add_column(txt(t("cmp.change"), "bold"))
            for r in rows:
                for cell in r.cells:
                    if self.folded and cell.status == "empty":
                        continue
                    label = txt(row_label(r), "bold" if r.changed else "")
                    label.truncate(label_w, overflow="crop")
                    col = txt(cell.col_label)
                    dt.add_row(label, col, self._cell(cell, "old"), self._cell(cell, "new"),
                               change_text(cell))
                    disp.append(cell)
                    if cell.status == "changed" or cell.flagged or self._sev(cell, "old") \
                            or self._sev(cell, "new"):
                        self.spots.append(Spot(key, len(disp) - 1, 3, f"{row_label(r)} / {cell.col_label}"))
        else:
            cols = td.columns
            dt.header_height = 2
            dt.add_column(txt(t("rep.label"), "bold"), width=34)
            for side, year in (("old", oy), ("new", ny)):
                for i, (ck, cl) in enumerate(cols):
                    head = Text(f"{year}\n" if i == 0 else "\n", style="bold")
                    head.append(clean(cl[:2] if len(cl) > 2 else cl), style="bold")
                    dt.add_column(head)
            dt.add_column(Text(t("cmp.change") + "\n" + clean(cols[-1][1][:2] if cols else ""),
                               style="bold"))
            for r in rows:
                by_col = {x.col: x for x in r.cells}
                label = txt(("  " if r.level > 1 else "") + row_label(r), "bold" if r.changed else "")
                label.truncate(34, overflow="crop")
                cells = [label]
                for side in ("old", "new"):
                    for ck, _ in cols:
                        x = by_col.get(ck)
                        cells.append(self._cell(x, side) if x is not None else Text(""))
                total = by_col.get(cols[-1][0]) if cols else None
                cells.append(change_text(total))
                dt.add_row(*cells)
                disp.append(r)
                for j, (ck, _) in enumerate(cols):
                    x = by_col.get(ck)
                    if x is not None and (x.status == "changed" or x.flagged or self._sev(x, "old")
                                          or self._sev(x, "new")):
                        self.spots.append(Spot(key, len(disp) - 1, 1 + len(cols) + j,
                                               f"{r.label} / {x.col_label}"))
        self.rows[key] = disp

    def _fill_fees(self) -> None:
        c = self.comparison
        dt = self.query_one("#fees", DataTable)
        dt.clear(columns=True)
        for h in (t("rep.label"), "", str(c.old.year or "?"), str(c.new.year or "?"), t("cmp.change")):
            dt.add_column(txt(h, "bold"))
        for f in c.fees:
            label = f.label_en if lang() == "en" else f.label_zh
            d = f.change
            ch = Text("" if d is None else (("+" if d > 0 else "") + fmt_num(d)) + ("?" if f.flagged else ""),
                      style="bold" if d else "dim", justify="right")
            dt.add_row(txt(label), txt(f.unit), side_text(f.old), side_text(f.new), ch)

    def _fill_problems(self) -> None:
        c = self.comparison
        ol = self.query_one("#problems", OptionList)
        ol.clear_options()
        self.problem_lines = []
        oy, ny = c.old.year or "?", c.new.year or "?"
        current = None
        for m in c.problems:
            if m.list != current:
                current = m.list
                head = t("rep.problems_head") if m.list == "problems" else t("rep.improve_head")
                s = c.summary(m.list)
                if s is not None:
                    head += f"  ({oy}: {s.old_count}, {ny}: {s.new_count})"
                ol.add_option(Option(txt(head, "bold underline"), disabled=True))
                self.problem_lines.append((None, None))
            tag = Text(f"[{t('cmp.status.' + m.status)}]", style=STATUS_STYLE.get(m.status, "bold"))
            if m.similarity is not None:
                tag.append(" " + t("cmp.similarity", s=f"{m.similarity:.2f}"), style="dim")
            old = txt(m.old.text if m.old else "-", "dim" if m.status == "resolved" else "")
            new = txt(m.new.text if m.new else "-")
            if self.narrow:
                body = Text.assemble(tag, "\n", (f"{oy}: ", "bold"), old, "\n", (f"{ny}: ", "bold"), new)
                ol.add_option(Option(body))
            else:
                grid = Table.grid(expand=True, padding=(0, 1))
                grid.add_column(ratio=1)
                grid.add_column(ratio=1)
                grid.add_row(Text.assemble(tag), Text(""))
                grid.add_row(Text.assemble((f"{oy}: ", "bold"), old), Text.assemble((f"{ny}: ", "bold"), new))
                ol.add_option(Option(grid))
            self.problem_lines.append((m.old.line if m.old else None, m.new.line if m.new else None))
            if m.status in ("repeated", "new", "resolved", "reworded"):
                self.spots.append(Spot("problems", len(self.problem_lines) - 1, 0,
                                       t("cmp.status." + m.status)))
        for r in c.reuse:
            if r.reused:
                ol.add_option(Option(txt(t("cmp.reuse", v=f"{r.section} {r.reused}/{r.sentences}"),
                                         "italic"), disabled=True))
                self.problem_lines.append((None, None))

    def _fill_nav(self) -> None:
        nav = self.query_one("#nav", OptionList)
        nav.clear_options()
        counts: dict[str, int] = {}
        for s in self.spots:
            counts[s.pane] = counts.get(s.pane, 0) + 1
        for key, title in self.panes():
            prompt = txt(title)
            mark = Text(f" {counts[key]}" if counts.get(key) else "", style="bold")
            room = (27 if not self.narrow else 13) - mark.cell_len
            if prompt.cell_len > room:
                prompt.truncate(room, overflow="crop")
            prompt.append_text(mark)
            nav.add_option(Option(prompt, id=key))

    def _fill_findings(self) -> None:
        fl = self.query_one("#findings", OptionList)
        fl.clear_options()
        if not self.findings:
            fl.add_option(Option(txt(t("rep.no_findings"), "italic"), disabled=True))
        width = max(self.app.size.width - 3, 20)
        for f in self.findings:
            line = finding_text(f, self.comparison.new.template, where=False)
            if line.cell_len > width:
                line.truncate(width, overflow="crop")
            fl.add_option(Option(line))
        fl.border_title = t("cmp.findings", n=len(self.findings))

    # -- navigation -------------------------------------------------------------------------------
    def show_pane(self, pane: str) -> None:
        self.current_pane = pane
        self.query_one("#content", ContentSwitcher).current = pane
        nav = self.query_one("#nav", OptionList)
        ids = [k for k, _ in self.panes()]
        if nav.highlighted != ids.index(pane):
            nav.highlighted = ids.index(pane)

    def go(self, spot: Spot) -> None:
        self.show_pane(spot.pane)
        if spot.pane == "problems":
            ol = self.query_one("#problems", OptionList)
            if spot.row < ol.option_count:
                ol.highlighted = spot.row
        else:
            dt = self.query_one(f"#{spot.pane}", DataTable)
            if spot.row < dt.row_count:
                dt.move_cursor(row=spot.row, column=spot.col, animate=False)

    def action_next(self) -> None:
        self._step(+1)

    def action_prev(self) -> None:
        self._step(-1)

    def _step(self, d: int) -> None:
        if not self.spots:
            self.notify(t("cmp.nothing"))
            return
        self.spot_pos = (self.spot_pos + d) % len(self.spots)
        spot = self.spots[self.spot_pos]
        self.go(spot)
        self.query_one("#detail", Static).update(
            Text.assemble(t("cmp.pos", i=self.spot_pos + 1, n=len(self.spots), what=clean(spot.what)),
                          "\n", self._spot_detail(spot)))

    def _spot_detail(self, spot: Spot) -> Text:
        if spot.pane in TABLES:
            return self.cell_detail(spot.pane, spot.row, spot.col)
        return Text("")

    def _cell_at(self, pane: str, row: int, col: int) -> Any:
        disp = self.rows.get(pane, [])
        if row >= len(disp):
            return None
        item = disp[row]
        if hasattr(item, "cells"):  # side by side: RowDiff
            cols = self.comparison.table(pane).columns
            if col < 1:
                return None
            j = (col - 1) % len(cols) if col <= 2 * len(cols) else len(cols) - 1
            return next((x for x in item.cells if x.col == cols[j][0]), None)
        return item

    def cell_detail(self, pane: str, row: int, col: int) -> Text:
        cell = self._cell_at(pane, row, col)
        if cell is None:
            return Text("")
        out = Text.assemble((clean(cell.row_label), "bold"), " / ", (clean(cell.col_label), "bold"), "  ")
        out.append(f"{fmt_num(cell.old.value) if cell.old.usable else cell.old.state} -> "
                   f"{fmt_num(cell.new.value) if cell.new.usable else cell.new.state}")
        if cell.change is not None:
            out.append(f"  ({'+' if cell.change > 0 else ''}{fmt_num(cell.change)}")
            if cell.rel_change is not None:
                out.append(f", {cell.rel_change:+.0%}")
            out.append(")")
        if not cell.comparable:
            out.append("  " + t("cmp.not_comparable"), style="italic")
        note = cell.note_en if lang() == "en" else cell.note_zh
        if note:
            out.append("  " + clean(note), style="italic")
        for f in self.findings:
            keys = {(f.table, f.row, f.col)} | {(r.get("table"), r.get("row"), r.get("col"))
                                                for r in f.related or ()}
            if (cell.table, cell.row, cell.col) in keys or any(k in keys for k in cell.old.keys + cell.new.keys):
                out.append("\n")
                out.append_text(finding_detail(f, self.comparison.new.template))
        return out

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        pane = event.data_table.id or ""
        if pane in TABLES and self.comparison is not None:
            self.query_one("#detail", Static).update(
                self.cell_detail(pane, event.coordinate.row, event.coordinate.column))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        ol = event.option_list
        if ol.id == "nav" and event.option.id and self.comparison is not None:
            if self.current_pane != event.option.id:
                self.show_pane(event.option.id)
        elif ol.id == "findings" and self.findings and event.option_index < len(self.findings):
            f = self.findings[event.option_index]
            self.query_one("#detail", Static).update(finding_detail(f, self.comparison.new.template))
            spot = self._finding_spot(f)
            if spot is not None:
                self.go(spot)

    def _finding_spot(self, f: Any) -> Spot | None:
        if f.table in TABLES:
            keys = {(f.table, f.row, f.col)}
            for i, item in enumerate(self.rows.get(f.table, [])):
                cells = item.cells if hasattr(item, "cells") else [item]
                for x in cells:
                    if (x.table, x.row, x.col) in keys or any(k in keys for k in x.new.keys):
                        col = 3 if not hasattr(item, "cells") else \
                            1 + len(self.comparison.table(f.table).columns) + \
                            [c for c, _ in self.comparison.table(f.table).columns].index(x.col)
                        return Spot(f.table, i, col, f.rule)
            return Spot(f.table, 0, 0, f.rule)
        lines = {f.line} | {r.get("line") for r in f.related or ()}
        lines.discard(None)
        for i, (lo, ln) in enumerate(self.problem_lines):
            if lo in lines or ln in lines:
                return Spot("problems", i, 0, f.rule)
        if f.section in ("problems", "improvements", "s5"):
            return Spot("problems", 0, 0, f.rule)
        return None

    def action_goto_part(self, pane: str) -> None:
        """Same digits as the report screen: 2/3/4 tables, 5 problems list, 6 fees."""
        if self.comparison is not None:
            self.show_pane(pane)

    def action_fold(self) -> None:
        if self.comparison is None:
            return
        self.folded = not self.folded
        self.build()
        hidden = sum(1 for td in self.comparison.tables for r in td.rows
                     if all(x.status == "empty" for x in r.cells))
        self.notify(t("cmp.folded", n=hidden) if self.folded else t("cmp.unfolded"))

    def action_focus_findings(self) -> None:
        self.query_one("#findings", OptionList).focus()

    def action_back(self) -> None:
        from textual.widgets import Input  # noqa: PLC0415

        box = self.query_one("#search", Input)
        if not box.has_class("hidden"):
            box.add_class("hidden")
            return
        self.app.action_library() if len(self.app.screen_stack) == 1 else self.app.pop_screen()

    # -- search -------------------------------------------------------------------------------------
    def action_search(self) -> None:
        from textual.widgets import Input  # noqa: PLC0415

        box = self.query_one("#search", Input)
        box.remove_class("hidden")
        box.focus()

    def on_input_submitted(self, event: Any) -> None:
        if event.input.id != "search":
            return
        event.stop()
        event.input.add_class("hidden")
        self.search(event.value.strip())

    def search(self, q: str) -> list[Spot]:
        """Spots whose row/column label or problem text contains ``q``; n/N then walk them."""
        if not q or self.comparison is None:
            return []
        hits = []
        for key in TABLES:
            for i, item in enumerate(self.rows.get(key, [])):
                label = item.label if hasattr(item, "cells") else f"{item.row_label} {item.col_label}"
                if q in label:
                    hits.append(Spot(key, i, 0, label))
        ol = self.query_one("#problems", OptionList)
        for i, m in enumerate(self.comparison.problems):
            if (m.old and q in m.old.text) or (m.new and q in m.new.text):
                idx = next((j for j, ln in enumerate(self.problem_lines)
                            if ln == (m.old.line if m.old else None, m.new.line if m.new else None)), 0)
                hits.append(Spot("problems", idx, 0, q))
        if hits:
            self.spots, self.spot_pos = hits, -1
            self.notify(t("rep.search_hits", n=len(hits), q=q))
            self._step(+1)
        else:
            self.notify(t("rep.search_none", q=q), severity="warning")
        del ol
        return hits

    # -- copy / export --------------------------------------------------------------------------------
    def action_copy(self) -> None:
        w = self.focused
        if isinstance(w, DataTable) and w.id in TABLES:
            cell = self._cell_at(w.id, *w.cursor_coordinate)
            if cell is not None:
                self.app.copy_text(f"{clean(cell.row_label)} / {clean(cell.col_label)}\t"
                                   f"{fmt_num(cell.old.value)}\t{fmt_num(cell.new.value)}\t"
                                   f"{fmt_num(cell.change)}")
            return
        fl = self.query_one("#findings", OptionList)
        if fl.highlighted is not None and self.findings and fl.highlighted < len(self.findings):
            self.app.copy_text(finding_detail(self.findings[fl.highlighted],
                                              self.comparison.new.template).plain)
        else:
            self.notify(t("rep.no_finding_sel"), severity="warning")

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        c = self.comparison
        if c is None:
            return None

        def to_json() -> str:
            return json.dumps(c.to_dict(), ensure_ascii=False, indent=2, default=str)

        def to_csv() -> str:
            import csv  # noqa: PLC0415
            import io  # noqa: PLC0415

            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            fields = ("table", "row", "col", "old", "new", "change", "comparable", "status")
            w.writerow(fields)
            for cell in c.cells:
                d = cell.to_dict()
                w.writerow(["" if d[k] is None else d[k] for k in fields])
            return buf.getvalue()

        name = f"{Path(self.old_path).stem}__{Path(self.new_path).stem}.json"
        return name, {"json": to_json, "csv": to_csv}

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(t("key.next"), t("cmd.next.help"), self.action_next)
        yield SystemCommand(t("key.fold"), t("cmp.unfolded"), self.action_fold)

    def on_resize(self, event: Any) -> None:
        narrow = self.app.size.width < NARROW
        if narrow != self.narrow:
            self.narrow = narrow
            if self.comparison is not None:
                self.build()
