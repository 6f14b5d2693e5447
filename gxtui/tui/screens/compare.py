"""Two years of one agency side by side: last year left, this year right, a change column;
fees; the problems list item by item; cross-year findings highlighted on both sides.
Below 120 columns the tables fall back to one row per changed cell (row, column, old, new)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from gxtui.templates import vocab
from gxtui.tui import messages
from gxtui.tui.i18n import lang, localize, t
from gxtui.tui.widgets.footer import KeyFooter
from gxtui.tui.widgets.compare_tables import Marks, Spot, fill_table, side_text
from gxtui.tui.widgets.findings import finding_detail, finding_text
from gxtui.tui.widgets.narrative import PaneList
from gxtui.tui.widgets.report_tables import SEV_RANK
from gxtui.tui.widgets.text import Wrapped, clean, decimals, fmt_num, one_line, txt, with_marks

NARROW = 120

TABLES = ("table2", "table3", "table4")
STATUS_STYLE = {"new": "bold green", "resolved": "bold cyan", "repeated": "bold reverse yellow",
                "reworded": "bold yellow"}
NAV_NARROW, NAV_WIDE = 16, 24  # the navigator's width (gxtui.tcss)


class CompareScreen(Screen):
    # where set_audit puts the focus when there are findings (most comparisons): focusing it at
    # once spares a second focus change, which restyles the screen (issue 15)
    AUTO_FOCUS = "#findings"
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
    PARTS = {"2": "table2", "3": "table3", "4": "table4", "5": "problems", "6": "fees"}

    def part_title(self, key: str) -> str | None:
        """The part digit ``key`` jumps to, by name (the help screen lists it)."""
        return dict(self.panes()).get(self.PARTS.get(key, ""))

    def __init__(self, old_path: str, new_path: str,
                 before_first_frame: "Callable[[], None] | None" = None) -> None:
        """``before_first_frame``: called once the widgets are mounted, before the first frame
        (the app hands over a comparison computed already, ``set_audit``, so that the first frame
        shows it)."""
        super().__init__()
        self._before_first_frame = before_first_frame
        localize(self)
        self.old_path, self.new_path = old_path, new_path
        self.audit: Any = None  # gxtui.audit.PairAudit
        self._early: tuple[Any, str | None] | None = None  # (audit, error) that came before the mount
        self._mounted = False
        self.comparison: Any = None
        self.items: list[tuple[str, Any]] = []  # (side, finding): side "cross", "old" or "new"
        self.findings: list = []  # the findings of ``items``, in the same order
        self.error: str | None = None
        self.folded = True
        self.rows: dict[str, list[Any]] = {}  # pane -> per display row: RowDiff or CellDelta
        self.side_by_side: dict[str, bool] = {}
        self.spots: list[Spot] = []
        self.spot_pos = -1
        self.search_spots: list[Spot] | None = None  # the places found by the last search
        self.marks = Marks()
        self.problem_lines: list[tuple[int | None, int | None]] = []
        self.detail_text = Text("")  # what the detail pane shows
        self.current_pane = "table3"
        self._fitted_for = 0

    def compose(self) -> ComposeResult:
        self._fitted_for = self.app.size.width
        yield Header(icon="#")
        yield Static(txt(t("cmp.loading")), id="cmp-summary")
        with Horizontal(id="body"):
            yield OptionList(id="nav")
            with ContentSwitcher(id="content", initial="table3"):
                for key in TABLES:
                    yield DataTable(id=key, cursor_type="cell", zebra_stripes=True)
                yield DataTable(id="fees", cursor_type="row")
                yield PaneList(id="problems", classes="paras")
        with Vertical(id="findings-panel"):
            yield OptionList(id="findings")
            yield Static(id="detail")
        from textual.widgets import Input  # noqa: PLC0415

        yield Input(placeholder=t("rep.search"), id="search", classes="hidden")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.title = t("cmp.title")
        self.sub_title = clean(f"{Path(self.old_path).name} -> {Path(self.new_path).name}")
        self._mounted = True
        hook, self._before_first_frame = self._before_first_frame, None
        if hook is not None and self._early is None:
            hook()  # may call set_audit
        if self._early is not None:  # the comparison came before the screen was mounted
            self.set_audit(*self._early)

    # -- filled when the comparison worker is done -------------------------------------------------
    def set_audit(self, audit: Any, error: str | None) -> None:
        """The worker's result (``gxtui.audit.PairAudit``): the comparison, both years' own
        findings and the cross-year ones."""
        if not self._mounted:  # ``gxtui compare`` starts the comparison at once: it may win the race
            self._early = (audit, error)
            return
        self._early = None
        self.audit, self.error = audit, error
        summary = self.query_one("#cmp-summary", Static)
        if audit is None:
            summary.update(txt(t("cmp.failed", err=error or "?"), "bold"))
            return
        self.comparison = c = audit.comparison
        # errors first, and among them those on a table cell (the cursor starts on the first:
        # a failing cell is on screen at once, at any size), then the older year, the newer,
        # the cross-year ones
        order = {"old": 0, "new": 1, "cross": 2}
        self.items = sorted(audit.items, key=lambda it: (
            SEV_RANK.get(it[1].severity, 9), 0 if it[1].table in TABLES and (it[1].row or it[1].col) else 1,
            order[it[0]]))
        self.findings = [f for _, f in self.items]
        self.title = f"{clean(c.old.agency or '?')} {c.old.year or '?'} -> {c.new.year or '?'}"
        self.marks = Marks.of(self.items, c.old.source.path, c.old.year)
        self.build()
        nav = self.query_one("#nav", OptionList)
        nav.highlighted = [k for k, _ in self.panes()].index("table3")
        if self.findings:
            fl = self.query_one("#findings", OptionList)
            fl.focus()
            fl.highlighted = 0
        else:
            self.query_one("#table3", DataTable).focus()

    def set_comparison(self, comparison: Any, findings: list, error: str | None) -> None:
        """A comparison without the years' own findings (kept for callers that have only that)."""
        from gxtui.audit import PairAudit  # noqa: PLC0415

        self.set_audit(None if comparison is None else PairAudit(comparison, [], [], list(findings)), error)

    def years(self) -> tuple[str, str]:
        c = self.comparison
        return str(c.old.year or "?"), str(c.new.year or "?")

    def side_label(self, side: str) -> str:
        oy, ny = self.years()
        return {"old": oy, "new": ny}.get(side) or t("cmp.side.cross", oy=oy, ny=ny)

    def side_template(self, side: str) -> str | None:
        c = self.comparison
        return c.old.template if side == "old" else c.new.template

    def table_room(self, width: int | None = None) -> int:
        width = width or self.app.size.width
        return width - (NAV_WIDE if width >= NARROW else NAV_NARROW) - 2

    def panes(self) -> list[tuple[str, str]]:
        return [*((k, vocab.table_tab(k, lang())) for k in vocab.TABLES),
                ("fees", t("cmp.fees")), ("problems", t("cmp.problems"))]

    # -- building ---------------------------------------------------------------------------------
    def build(self) -> None:
        c = self.comparison
        a = self.audit
        stats = c.stats()
        repeated = sum(s.repeated for s in c.summaries)
        oy, ny = self.years()
        summary = Text(t("cmp.summary", changes=stats.get("changed", 0), findings=len(a.cross),
                         repeated=repeated))
        for side, year in (("old", oy), ("new", ny)):
            e, w = a.count(side, "error"), a.count(side, "warning")
            summary.append("；" if lang() == "zh" else "; ")
            summary.append(t("cmp.own", year=year, e=e, w=w), style="bold" if e else "")
        notes = c.pairing.notes_en if lang() == "en" else c.pairing.notes_zh
        for n in notes:
            summary.append("\n" + clean(n), style="italic")
        self.summary_text = summary
        self.query_one("#cmp-summary", Static).update(Wrapped(summary))
        self.spots = []
        for key in TABLES:
            self._fill_table(key)
        self._fill_fees()
        self._fill_problems()
        self._fill_nav()
        self._fill_findings()

    def _fill_table(self, key: str) -> None:
        c = self.comparison
        dt = self.query_one(f"#{key}", DataTable)
        try:
            td = c.table(key)
        except StopIteration:
            dt.clear(columns=True)
            self.rows[key] = []
            return
        width = self.app.size.width
        labels = {"label": t("rep.label"), "column": t("cmp.column"), "change": t("cmp.change"),
                  "lang": lang()}
        disp, spots, side = fill_table(dt, td, self.years(), self.marks, folded=self.folded,
                                       avail=self.table_room(width), wide=width >= NARROW, labels=labels)
        self.rows[key] = disp
        self.side_by_side[key] = side
        self.spots += spots

    def _fill_fees(self) -> None:
        c = self.comparison
        dt = self.query_one("#fees", DataTable)
        dt.clear(columns=True)
        for h in (t("rep.label"), "", str(c.old.year or "?"), str(c.new.year or "?"), t("cmp.change")):
            dt.add_column(txt(h, "bold"))
        for f in c.fees:
            label = f.label_en if lang() == "en" else f.label_zh
            d = f.change
            dp = decimals([f.old.value, f.new.value, d])  # one precision per fee
            ch = Text("" if d is None else (("+" if d > 0 else "") + fmt_num(d, dp)) + ("?" if f.flagged else ""),
                      style="bold" if d else "dim", justify="right")
            dt.add_row(txt(label), txt(f.unit), side_text(f.old, dp=dp), side_text(f.new, dp=dp), ch)

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
            if self.app.size.width < NARROW:
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
            mark = Text(f" {counts[key]}" if counts.get(key) else "", style="bold")
            nav.add_option(Option(with_marks(txt(title), mark), id=key))

    def _fill_findings(self) -> None:
        fl = self.query_one("#findings", OptionList)
        fl.clear_options()
        if not self.findings:
            fl.add_option(Option(txt(t("rep.no_findings"), "italic"), disabled=True))
        for side, f in self.items:
            line = finding_text(f, self.side_template(side), where=False,
                                side=self.side_label(side))
            fl.add_option(Option(one_line(line)))
        oy, ny = self.years()
        a = self.audit
        fl.border_title = t("cmp.findings_all", n=len(self.items), cross=len(a.cross), oy=oy,
                            o=len(a.old), ny=ny, nn=len(a.new))

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
                # again once the pane is laid out: a table just switched in has no size yet, and
                # its scroll would depend on timing
                self.call_after_refresh(dt.move_cursor, row=spot.row, column=spot.col, animate=False)

    def action_next(self) -> None:
        self._step(+1)

    def action_prev(self) -> None:
        self._step(-1)

    def _step(self, d: int) -> None:
        spots = self.search_spots if self.search_spots is not None else self.spots
        if not spots:
            self.notify(t("cmp.nothing"))
            return
        self.spot_pos = (self.spot_pos + d) % len(spots)
        spot = spots[self.spot_pos]
        self.go(spot)
        self.show_detail(Text.assemble(t("cmp.pos", i=self.spot_pos + 1, n=len(spots), what=clean(spot.what)),
                                       "\n", self._spot_detail(spot)))

    def show_detail(self, text: Text) -> None:
        """The detail pane: wrapped at draw time, never inside a number."""
        self.detail_text = text
        self.query_one("#detail", Static).update(Wrapped(text), layout=False)  # fixed height (gxtui.tcss)

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

    def _about(self, cell: Any) -> list[tuple[str, Any]]:
        """The findings (with their side) about ``cell`` of either year."""
        out = []
        for side, f in self.items:
            one = Marks.of([(side, f)], self.comparison.old.source.path, self.comparison.old.year)
            if one.severity(cell, "old") or one.severity(cell, "new"):
                out.append((side, f))
        return out

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
        for side, f in self._about(cell):
            out.append("\n")
            out.append_text(finding_detail(f, self.side_template(side), side=self.side_label(side)))
        return out

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        pane = event.data_table.id or ""
        if pane in TABLES and self.comparison is not None and pane == self.current_pane:
            self.show_detail(self.cell_detail(pane, event.coordinate.row, event.coordinate.column))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        ol = event.option_list
        if ol.id == "nav" and event.option.id and self.comparison is not None:
            if self.current_pane != event.option.id:
                self.show_pane(event.option.id)
        elif ol.id == "findings" and self.items and event.option_index < len(self.items):
            side, f = self.items[event.option_index]
            spot = self._finding_spot(side, f)
            if spot is not None:
                self.go(spot)
            self.show_detail(finding_detail(f, self.side_template(side), side=self.side_label(side)))

    def _finding_spot(self, side: str, f: Any) -> Spot | None:
        if f.table in TABLES:
            one = Marks.of([(side, f)], self.comparison.old.source.path, self.comparison.old.year)
            cols = [c for c, _ in self.comparison.table(f.table).columns]
            for i, item in enumerate(self.rows.get(f.table, [])):
                cells = item.cells if hasattr(item, "cells") else [item]
                for x in cells:
                    on = "old" if one.severity(x, "old") and side == "old" else \
                        "new" if one.severity(x, "new") else "old" if one.severity(x, "old") else None
                    if on is None:
                        continue
                    if not hasattr(item, "cells"):  # one line per cell: old 2, new 3
                        return Spot(f.table, i, 2 if on == "old" else 3, f.rule)
                    j = cols.index(x.col) if x.col in cols else 0
                    return Spot(f.table, i, 1 + j + (0 if on == "old" else len(cols)), f.rule)
            return Spot(f.table, 0, 0, f.rule)
        lines = {f.line} | {r.get("line") for r in f.related or ()}
        lines.discard(None)
        if side == "cross" or f.list or f.section in ("problems", "improvements", "s5"):
            for i, (lo, ln) in enumerate(self.problem_lines):
                if (side in ("cross", "old") and lo in lines) or (side in ("cross", "new") and ln in lines):
                    return Spot("problems", i, 0, f.rule)
        if f.list or f.section in ("problems", "improvements", "s5"):
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
        self.search_spots, self.spot_pos = None, -1  # rows moved: the search results are stale
        self.build()
        hidden = sum(1 for td in self.comparison.tables for r in td.rows
                     if all(x.status == "empty" for x in r.cells))
        self.notify(t("cmp.folded", n=hidden) if self.folded else t("cmp.unfolded"))

    def action_focus_findings(self) -> None:
        self.query_one("#findings", OptionList).focus()

    def action_back(self) -> None:
        """Esc: closes the search box, then clears the search results, then leaves the
        comparison (for the screen it was opened from; the library when it was the first)."""
        from textual.widgets import Input  # noqa: PLC0415

        box = self.query_one("#search", Input)
        if not box.has_class("hidden"):
            box.add_class("hidden")
            self.query_one("#findings", OptionList).focus()
            return
        if self.search_spots is not None:
            self.search_spots, self.spot_pos = None, -1
            self.notify(t("cmp.search_cleared"), timeout=2)
            return
        if len(self.app.screen_stack) <= 1:
            self.post_message(messages.OpenLibrary())
        else:
            self.dismiss()

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
        self.query_one("#findings", OptionList).focus()
        self.search(event.value.strip())

    def search(self, q: str) -> list[Spot]:
        """Spots whose row/column label or problem text contains ``q``; n/N then walk them
        (Esc goes back to walking the changes and findings)."""
        if not q or self.comparison is None:
            return []
        hits = []
        for key in TABLES:
            for i, item in enumerate(self.rows.get(key, [])):
                label = item.label if hasattr(item, "cells") else f"{item.row_label} {item.col_label}"
                if q in label:
                    hits.append(Spot(key, i, 0, label))
        for m in self.comparison.problems:
            if (m.old and q in m.old.text) or (m.new and q in m.new.text):
                idx = next((j for j, ln in enumerate(self.problem_lines)
                            if ln == (m.old.line if m.old else None, m.new.line if m.new else None)), 0)
                hits.append(Spot("problems", idx, 0, q))
        if hits:
            self.search_spots, self.spot_pos = hits, -1
            self.notify(t("rep.search_hits", n=len(hits), q=q))
            self._step(+1)
        else:
            self.notify(t("rep.search_none", q=q), severity="warning")
        return hits

    # -- copy / export --------------------------------------------------------------------------------
    def action_copy(self) -> None:
        w = self.focused
        if isinstance(w, DataTable) and w.id in TABLES:
            cell = self._cell_at(w.id, *w.cursor_coordinate)
            if cell is not None:
                self.post_message(messages.CopyText(
                    f"{clean(cell.row_label)} / {clean(cell.col_label)}\t{fmt_num(cell.old.value)}\t"
                    f"{fmt_num(cell.new.value)}\t{fmt_num(cell.change)}"))
            return
        fl = self.query_one("#findings", OptionList)
        if fl.highlighted is not None and self.items and fl.highlighted < len(self.items):
            side, f = self.items[fl.highlighted]
            self.post_message(messages.CopyText(
                finding_detail(f, self.side_template(side), side=self.side_label(side)).plain))
        else:
            self.notify(t("rep.no_finding_sel"), severity="warning")

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        c = self.comparison
        if c is None:
            return None

        from gxtui.present import schema  # noqa: PLC0415

        def to_json() -> str:  # what ``gxtui diff --format json`` writes for the pair
            return json.dumps(schema.comparison(c), ensure_ascii=False, indent=2, default=str)

        def to_csv() -> str:
            import csv  # noqa: PLC0415
            import io  # noqa: PLC0415

            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            fields = ("table", "row", "col", "old", "new", "change", "comparable", "status")
            w.writerow(fields)
            for cell in c.cells:
                d = schema.cell(cell)
                w.writerow(["" if d[k] is None else d[k] for k in fields])
            return buf.getvalue()

        name = f"{Path(self.old_path).stem}__{Path(self.new_path).stem}.json"
        return name, {"json": to_json, "csv": to_csv}

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(t("key.next"), t("cmd.next.help"), self.action_next)
        yield SystemCommand(t("key.fold"), t("cmp.unfolded"), self.action_fold)

    def on_resize(self, event: Any) -> None:
        """Every width change refits the tables (other lines redraw at the new width)."""
        width = self.app.size.width
        if width == self._fitted_for:
            return
        self._fitted_for = width
        if self.comparison is not None:
            spots = self.search_spots
            self.build()
            self.search_spots = spots
