"""One report: section navigator, tables 二/三/四 with inline findings, narrative, findings panel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from gxtui import templates
from gxtui.templates import vocab
from gxtui.tui import messages
from gxtui.present.i18n import decision_label
from gxtui.tui.i18n import lang, localize, t
from gxtui.tui.widgets.footer import KeyFooter
from gxtui.tui.widgets.report_tables import (SEV_MARK, SEV_STYLE, Layout, fill_table,
                                             finding_cells, layout, severity_map)
from gxtui.tui.screens.review_actions import ReviewActions
from gxtui.tui.widgets.narrative import PaneList, fill_paragraphs, fill_problems, overview_text
from gxtui.tui.widgets.findings import _lang, _v, finding_detail, finding_text
from gxtui.tui.widgets.text import Wrapped, clean, fmt_num, one_line, txt, with_marks

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Finding, Report
    from gxtui.tui.entry import Entry

NARROW = 120  # from this width on: the wide layout (full-word headers, wider navigator)
NAV_NARROW, NAV_WIDE = 16, 24  # the navigator's width (gxtui.tcss)
SECTION_PANE = {s: t for t, s in vocab.table_sections().items()}


def report_writers(entry: "Entry") -> tuple[str, dict[str, Any]]:
    from gxtui.present.export import FORMATS  # noqa: PLC0415

    report = entry.report
    path = entry.path

    def get() -> Any:  # the library keeps summaries only: load the report when writing
        if report is not None:
            return report
        from gxtui.extract import load  # noqa: PLC0415

        return load(path)

    return (f"{Path(entry.path).stem}.json",
            {fmt: (lambda fn=fn: fn(get())) for fmt, fn in FORMATS.items()})


@dataclass
class Target:
    """A place the cursor can go: a table cell, a paragraph/item, or a finding."""

    pane: str
    row: int | None = None
    col: int | None = None
    finding: int | None = None


class ReportScreen(ReviewActions, Screen):
    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("n", "next", "key.next", id="next"),
        Binding("N", "prev", "key.prev", key_display="N", id="prev", show=False),
        Binding("slash", "search", "key.search", key_display="/", id="search"),
        Binding("y", "copy", "key.copy", id="copy", show=False),
        Binding("x", "app.export", "key.export", id="export", show=False),
        Binding("f", "focus_findings", "key.findings", id="findings", show=False),
        Binding("p", "compare_prev", "key.compare", id="compare"),
        Binding("c", "decide('confirmed')", "key.confirm", id="confirm"),
        Binding("d", "decide('dismissed')", "key.dismiss", id="dismiss"),
        Binding("u", "decide('follow-up')", "key.follow", id="follow-up", show=False),
        Binding("m", "note", "key.note", id="note", show=False),
        Binding("r", "reviewed", "key.reviewed", id="reviewed"),
        Binding("t", "trend", "key.trend", id="trend", show=False),
    ] + [
        Binding(str(i), f"goto_part({i})", "key.section", show=False) for i in range(7)
    ]

    def __init__(self, entry: "Entry") -> None:
        super().__init__()
        localize(self)
        self.entry = entry
        self.report: "Report" = entry.report  # type: ignore[assignment]
        self.findings: list["Finding"] = list(entry.findings)
        self.layouts: dict[str, Layout] = {}
        self.para_lines: dict[str, list[int | None]] = {}
        self._fitted_for = 0
        self.search_hits: list[Target] = []
        self.search_pos = -1
        self.store: Any = None
        self.store_error: str | None = None
        self.orphans: list[Any] = []  # decisions whose finding is gone (gxtui.review.Decision)
        self.detail_text = Text("")  # what the detail pane shows
        self.current_pane = "overview"
        self._shown_finding: int | None = None  # shown by ``n``/``N`` before its highlight message
        self._moved_to: tuple[str, int, int] | None = None  # a cell ``go`` moved the cursor to

    # -- building ----------------------------------------------------------------------------------
    def panes(self) -> list[tuple[str, str]]:
        tpl = templates.get(self.report.template) if self.report.template in templates.TEMPLATES else None
        titles = {s.key: s.title for s in tpl.sections} if tpl else {}
        for s in self.report.sections:
            titles.setdefault(s.key, s.title)
        out = [("overview", t("rep.overview"))]
        out.append(("s1", titles.get("s1", "一")))
        out += [*((k, vocab.table_tab(k, lang())) for k in vocab.TABLES)]
        out.append(("s5", titles.get("s5", "五")))
        out.append(("s6", titles.get("s6", "六")))
        return out

    def compose(self) -> ComposeResult:
        self._fitted_for = self.app.size.width
        yield Header(icon="#")
        with Horizontal(id="body"):
            yield OptionList(id="nav")
            with ContentSwitcher(id="content", initial="overview"):
                with VerticalScroll(id="overview"):
                    yield Static(id="identity")
                for key in ("table2", "table3", "table4"):
                    with Vertical(id=key, classes="table-pane"):
                        yield DataTable(id=f"tbl-{key}", cursor_type="cell", zebra_stripes=True)
                        yield PaneList(id=f"para-{key}", classes="paras")
                for key in ("s1", "s5", "s6"):
                    yield PaneList(id=key, classes="paras")
        with Vertical(id="findings-panel"):
            yield Static(id="review-banner", classes="hidden")
            yield OptionList(id="findings")
            yield Static(id="detail")
        yield Input(placeholder=t("rep.search"), id="search", classes="hidden")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.title = clean(self.report.label())
        self.sub_title = clean(Path(self.entry.path).name)
        try:
            from gxtui.tui.entry import review_store  # noqa: PLC0415

            self.store = review_store(self.entry.path, self.report.source.sha256)
            if self.store is not None and self.store.error:
                self.store_error = self.store.error
                self.notify(t("rep.review_error", err=self.store_error), severity="error")
        except Exception as e:  # noqa: BLE001 - a corrupt sidecar must not stop the report
            self.store_error = str(getattr(e, "message", e))
            self.notify(t("rep.review_error", err=self.store_error), severity="error")
        if self.read_only:
            banner = self.query_one("#review-banner", Static)
            banner.update(txt(t("rep.read_only", err=self.store_error or ""), "bold"))
            banner.remove_class("hidden")
        self._attach_decisions()
        self.build()
        fl = self.query_one("#findings", OptionList)
        if self.findings:
            fl.focus()
        else:
            self.query_one("#nav", OptionList).focus()

    def build(self) -> None:
        r = self.report
        sev_all = {}
        for key in ("table2", "table3", "table4"):
            lay = layout(key, r.template)
            dt = self.query_one(f"#tbl-{key}", DataTable)
            paras = self.query_one(f"#para-{key}", OptionList)
            sec = r.section({"table2": "s2", "table3": "s3", "table4": "s4"}[key])
            self._fill_paras(paras, key, sec.paragraphs if sec else [])
            if lay is None or not r.has_table(key):
                dt.add_class("hidden")
                if not paras.option_count:
                    paras.add_option(Option(txt(t("rep.table_missing"), "italic"), disabled=True))
                continue
            self.layouts[key] = lay
            sev = severity_map(self.findings, r.source.path, lay)
            sev_all[key] = sev
            fill_table(dt, lay, r, sev, self.table_room(), self.wide)
        for key in ("s1", "s6"):
            sec = r.section(key)
            self._fill_paras(self.query_one(f"#{key}", OptionList), key, sec.paragraphs if sec else [])
        self._fill_problems()
        self._fill_overview()
        self._fill_nav()
        self._fill_findings()

    def _fill_paras(self, ol: OptionList, pane: str, paragraphs: Iterable) -> None:
        self.para_lines[pane] = fill_paragraphs(ol, paragraphs, note_if_empty=pane in ("s1", "s6"))

    def _fill_problems(self) -> None:
        self.para_lines["s5"] = fill_problems(self.query_one("#s5", OptionList), self.report)

    def _fill_overview(self) -> None:
        self.query_one("#identity", Static).update(overview_text(self.report, self.store))

    def _pane_counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for f in self.findings:
            pane = self._finding_target(f).pane
            counts.setdefault(pane, {}).setdefault(f.severity, 0)
            counts[pane][f.severity] += 1
        return counts

    def _fill_nav(self) -> None:
        nav = self.query_one("#nav", OptionList)
        highlighted = nav.highlighted
        nav.clear_options()
        counts = self._pane_counts()
        for key, title in self.panes():
            c = counts.get(key, {})
            marks = Text()
            if c.get("error"):
                marks.append(f" {c['error']}!", style=SEV_STYLE["error"])
            if c.get("warning"):
                marks.append(f" {c['warning']}?", style=SEV_STYLE["warning"])
            nav.add_option(Option(with_marks(txt(title), marks), id=key))
        nav.highlighted = highlighted if highlighted is not None else 0

    def _fill_findings(self) -> None:
        fl = self.query_one("#findings", OptionList)
        highlighted = fl.highlighted
        fl.clear_options()
        if not self.findings:
            fl.add_option(Option(txt(t("rep.no_findings"), "italic"), disabled=True))
        for f in self.findings:
            d = self._decision_obj(f)
            line = finding_text(f, self.report.template, getattr(d, "status", None), where=False,
                                changed=bool(getattr(d, "report_changed", False)))
            fl.add_option(Option(one_line(line)))
        if self.orphans:
            fl.add_option(Option(txt(t("rep.orphans_head", n=len(self.orphans)), "bold underline"),
                                 disabled=True))
            for d in self.orphans:
                line = Text.assemble((f"[{decision_label(d.status, lang())}] ", "italic"), (d.rule or "?", "bold"), " ",
                                     (clean(vocab.where(d, _lang(), sep="  ")) + "  ", "dim"), clean(d.message(_lang())))
                fl.add_option(Option(one_line(line)))
        if highlighted is not None and self.findings:
            fl.highlighted = highlighted
        count = {s: sum(1 for f in self.findings if f.severity == s) for s in ("error", "warning", "info")}
        fl.border_title = t("rep.findings", e=count["error"], w=count["warning"], i=count["info"])

    def orphan_at(self, index: int) -> Any:
        """The orphaned decision shown at option ``index`` of the findings list, or None."""
        i = index - len(self.findings) - 1 - (0 if self.findings else 1)
        return self.orphans[i] if 0 <= i < len(self.orphans) else None

    def _finding_target(self, f: "Finding") -> Target:
        if f.table in ("table2", "table3", "table4") and f.table in self.layouts:
            lay = self.layouts[f.table]
            cells = finding_cells(f, self.report.source.path, lay)
            pos = lay.positions()
            if cells:
                i, j = pos[cells[0]]
                return Target(f.table, i, j + 1)
            i = lay.row_index(f.row) if f.row else None
            return Target(f.table, i, None)
        sec = f.section
        pane = SECTION_PANE.get(sec or "", sec or "")
        if pane in ("table2", "table3", "table4", "s1", "s5", "s6"):
            return Target(pane, self._para_index(pane, f.line), None)
        if f.line is not None:  # no section: find the paragraph by line
            for pane, lines in self.para_lines.items():
                if f.line in lines:
                    return Target(pane, lines.index(f.line), None)
        return Target("overview")

    def _para_index(self, pane: str, line: int | None) -> int | None:
        lines = self.para_lines.get(pane, [])
        if line is None:
            return None
        best = None
        for i, ln in enumerate(lines):
            if ln is not None and ln <= line:
                best = i
        return best

    # -- navigation -----------------------------------------------------------------------------------
    def show_pane(self, pane: str) -> None:
        self.current_pane = pane
        self.query_one("#content", ContentSwitcher).current = pane
        nav = self.query_one("#nav", OptionList)
        ids = [k for k, _ in self.panes()]
        if pane in ids and nav.highlighted != ids.index(pane):
            nav.highlighted = ids.index(pane)

    def go(self, target: Target) -> None:
        switched = self.current_pane != target.pane
        self.show_pane(target.pane)
        if target.pane in self.layouts and target.row is not None:
            dt = self.query_one(f"#tbl-{target.pane}", DataTable)
            col = target.col if target.col is not None else 0
            if dt.cursor_coordinate != (target.row, col):
                # the cell-highlight message this move posts would replace the finding's detail
                # with the cell's (and draw a second frame): it is expected, and skipped
                self._moved_to = (target.pane, target.row, col)
            dt.move_cursor(row=target.row, column=col, animate=False)
            if switched or not dt.size.area:
                # again once the pane is laid out (a table just switched in has no size yet);
                # a table already shown needs no second pass (and no second frame: issue 15)
                self.call_after_refresh(dt.move_cursor, row=target.row, column=col, animate=False)
        elif target.row is not None:
            ol_id = f"#para-{target.pane}" if target.pane in ("table2", "table3", "table4") else f"#{target.pane}"
            try:
                ol = self.query_one(ol_id, OptionList)
            except Exception:  # noqa: BLE001
                return
            if target.row < ol.option_count:
                ol.highlighted = target.row

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        ol = event.option_list
        if ol.id == "nav" and event.option.id:
            if self.current_pane != event.option.id:
                self.show_pane(event.option.id)
        elif ol.id == "findings" and self.findings and event.option_index < len(self.findings):
            if event.option_index == self._shown_finding:  # ``n``/``N`` showed it already
                self._shown_finding = None
            else:
                self.show_finding(event.option_index)
        elif ol.id == "findings" and (d := self.orphan_at(event.option_index)) is not None:
            self.show_detail(txt(t(
                "rep.orphan_detail", status=decision_label(d.status, lang()),
                when=d.decided_at.isoformat(sep=" ") if d.decided_at else "-", msg=d.message(_lang()),
                expected=_v(d.expected), actual=_v(d.actual), where=vocab.where(d, _lang(), sep="  "), note=d.note or "-")))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        ol = event.option_list
        if ol.id == "nav":
            pane = event.option.id
            target = {"table2": "#tbl-table2", "table3": "#tbl-table3", "table4": "#tbl-table4"}.get(pane or "", f"#{pane}")
            try:
                w = self.query_one(target)
                if w.display and w.can_focus:
                    w.focus()
            except Exception:  # noqa: BLE001
                pass
        elif ol.id == "findings" and self.findings:
            target = self._finding_target(self.findings[event.option_index])
            self.go(target)
            w = self.query_one(f"#tbl-{target.pane}" if target.pane in self.layouts else "#nav")
            w.focus()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        pane = (event.data_table.id or "").removeprefix("tbl-")
        lay = self.layouts.get(pane)
        if lay is None or pane != self.current_pane:  # a table being built, not one looked at
            return
        moved, self._moved_to = self._moved_to, None
        if moved == (pane, event.coordinate.row, event.coordinate.column):  # moved there by ``go``
            return
        self.show_detail(self.cell_detail(pane, event.coordinate.row,
                                                                  event.coordinate.column))

    def show_detail(self, text: Text) -> None:
        """The detail pane: wrapped at draw time, never inside a number."""
        self.detail_text = text
        self.query_one("#detail", Static).update(Wrapped(text), layout=False)  # fixed height (gxtui.tcss): no re-layout

    def cell_detail(self, pane: str, row: int, col: int) -> Text:
        lay = self.layouts[pane]
        if row >= len(lay.rows):
            return Text("")
        dr = lay.rows[row]
        key = dr.cells[col - 1] if 0 < col <= len(dr.cells) else None
        head = Text(clean(dr.label), style="bold")
        if key is None:
            return head
        c = self.report.cell(*key)
        col_label = self._col_label(pane, row, col)
        out = Text.assemble(head, " / ", (clean(col_label), "bold"), "  ")
        if c is not None:
            out.append(t("rep.cell", table="", row="", col="", raw=clean(c.raw if c.raw is not None else "-"),
                         line=c.line if c.line is not None else "-").strip(" /:"))
            if c.semantic == "unknown" and c.candidates:
                out.append("  ?? " + "/".join(fmt_num(v) for v in c.candidates), style="dim")
        for f in self.findings:
            if key in finding_cells(f, self.report.source.path, lay):
                out.append("\n")
                out.append_text(self.finding_detail(f))
        return out

    def _col_label(self, pane: str, row: int, col: int) -> str:
        lay = self.layouts[pane]
        if pane == "table2":
            for i in range(row, -1, -1):
                if lay.rows[i].heading is not None:
                    return lay.rows[i].heading[col - 1]
        return lay.columns[col - 1] if 0 < col <= len(lay.columns) else ""

    def action_next(self) -> None:
        self._step(+1)

    def action_prev(self) -> None:
        self._step(-1)

    def _step(self, d: int) -> None:
        if self.search_hits:
            self.search_pos = (self.search_pos + d) % len(self.search_hits)
            hit = self.search_hits[self.search_pos]
            if hit.finding is not None:
                self.query_one("#findings", OptionList).highlighted = hit.finding
            else:
                self.go(hit)
            return
        if not self.findings:
            self.notify(t("rep.no_findings"))
            return
        fl = self.query_one("#findings", OptionList)
        cur = fl.highlighted
        fl.highlighted = (0 if d > 0 else len(self.findings) - 1) if cur is None else \
            (cur + d) % len(self.findings)
        # the cell and the detail now, not when the highlight message arrives: one frame, not two
        self.show_finding(fl.highlighted)

    def show_finding(self, index: int) -> None:
        """Move to finding ``index``'s place and describe it in the detail pane."""
        f = self.findings[index]
        self._shown_finding = index
        self.go(self._finding_target(f))
        if self._moved_to is not None:  # the cursor moved to its cell: that cell's detail (all its findings)
            self.show_detail(self.cell_detail(*self._moved_to))
        else:
            self.show_detail(self.finding_detail(f))

    PARTS = {0: "overview", 1: "s1", 2: "table2", 3: "table3", 4: "table4", 5: "s5", 6: "s6"}

    def part_title(self, key: str) -> str | None:
        """The part digit ``key`` jumps to, by name (the help screen lists it)."""
        pane = self.PARTS.get(int(key)) if key.isdigit() else None
        return dict(self.panes()).get(pane) if pane else None

    def action_goto_part(self, n: int) -> None:
        self.show_pane(self.PARTS[n])

    def action_focus_findings(self) -> None:
        self.query_one("#findings", OptionList).focus()

    def action_back(self) -> None:
        box = self.query_one("#search", Input)
        if not box.has_class("hidden"):
            self.action_close_search()
            return
        if self.search_hits:
            self.search_hits = []
            return
        self.app.pop_screen()

    # -- search -------------------------------------------------------------------------------------------
    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.remove_class("hidden")
        box.focus()

    def action_close_search(self) -> None:
        box = self.query_one("#search", Input)
        box.add_class("hidden")
        self.query_one("#findings", OptionList).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        event.stop()
        self.search(event.value.strip())
        event.input.add_class("hidden")

    def search(self, q: str) -> list[Target]:
        hits: list[Target] = []
        if q:
            r = self.report
            for pane, lay in self.layouts.items():
                for i, dr in enumerate(lay.rows):
                    if q in dr.label:
                        hits.append(Target(pane, i, 0))
                    for j, k in enumerate(dr.cells):
                        c = r.cell(*k) if k else None
                        if c is not None and c.raw is not None and q == c.raw.strip():
                            hits.append(Target(pane, i, j + 1))
            for pane in ("s1", "table2", "table3", "table4", "s5", "s6"):
                ol_id = f"#para-{pane}" if pane in ("table2", "table3", "table4") else f"#{pane}"
                ol = self.query_one(ol_id, OptionList)
                for i in range(ol.option_count):
                    prompt = ol.get_option_at_index(i).prompt
                    if q in (prompt.plain if isinstance(prompt, Text) else str(prompt)):
                        hits.append(Target(pane, i))
            for i, f in enumerate(self.findings):
                if q in f.message_zh or q in f.message_en or q == f.rule:
                    hits.append(Target("findings", finding=i))
        self.search_hits = hits
        self.search_pos = -1
        if hits:
            self.notify(t("rep.search_hits", n=len(hits), q=q))
            self._step(+1)
            hit = hits[0]
            if hit.pane in self.layouts and hit.finding is None and hit.col:
                self.query_one(f"#tbl-{hit.pane}", DataTable).focus()
        elif q:
            self.notify(t("rep.search_none", q=q), severity="warning")
        return hits

    # -- copy / export ------------------------------------------------------------------------------------
    def action_copy(self) -> None:
        w = self.focused
        if isinstance(w, DataTable):
            pane = (w.id or "").removeprefix("tbl-")
            row, col = w.cursor_coordinate
            lay = self.layouts.get(pane)
            if lay is None or row >= len(lay.rows):
                return
            dr = lay.rows[row]
            key = dr.cells[col - 1] if 0 < col <= len(dr.cells) else None
            c = self.report.cell(*key) if key else None
            value = clean(c.raw) if c is not None and c.raw is not None else ""
            text = f"{value}\t{vocab.table_name(pane, _lang())} {clean(dr.label)} / {clean(self._col_label(pane, row, col))}" \
                if key else clean(dr.label)
            self.post_message(messages.CopyText(text))
        elif isinstance(w, OptionList) and w.id != "findings" and w.id != "nav":
            if w.highlighted is not None:
                p = w.get_option_at_index(w.highlighted).prompt
                self.post_message(messages.CopyText(p.plain if isinstance(p, Text) else str(p)))
        else:
            f = self.current_finding()
            if f is None:
                self.notify(t("rep.no_finding_sel"), severity="warning")
                return
            self.post_message(messages.CopyText(finding_detail(f, self.report.template).plain))

    def current_finding(self) -> "Finding | None":
        fl = self.query_one("#findings", OptionList)
        if fl.highlighted is None or not self.findings or fl.highlighted >= len(self.findings):
            return None
        return self.findings[fl.highlighted]

    def export_payload(self) -> tuple[str, dict[str, Any]]:
        return report_writers(self.entry)

    def action_compare_prev(self) -> None:
        prev = self.app.neighbour(self.entry, -1)
        if prev is None:
            self.notify(t("no_prev"), severity="warning")
            return
        self.post_message(messages.OpenComparison(prev.path, self.entry.path))

    def action_trend(self) -> None:
        self.post_message(messages.OpenTrend(self.entry.path))

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(t("key.next"), t("cmd.next.help"), self.action_next)
        yield SystemCommand(t("key.compare"), t("cmd.compare.help"), self.action_compare_prev)
        yield SystemCommand(t("key.reviewed"), t("cmd.reviewed.help"), self.action_reviewed)

    @property
    def wide(self) -> bool:
        return self.app.size.width >= NARROW

    def table_room(self, width: int | None = None) -> int:
        """Cells for a table: the screen less the navigator (its border, the scrollbar)."""
        width = width or self.app.size.width
        return width - (NAV_WIDE if width >= NARROW else NAV_NARROW) - 2

    def on_resize(self, event: Any) -> None:
        """Every width change refits the tables (and the navigator and findings lines redraw
        at the new width by themselves)."""
        width = self.app.size.width
        if width == self._fitted_for:
            return
        self._fitted_for = width
        for key, lay in self.layouts.items():
            dt = self.query_one(f"#tbl-{key}", DataTable)
            cur = dt.cursor_coordinate
            fill_table(dt, lay, self.report, severity_map(self.findings, self.report.source.path, lay),
                       self.table_room(width), width >= NARROW)
            dt.move_cursor(row=cur.row, column=cur.column, animate=False)


def _accepts(fn: Any, name: str) -> bool:
    import inspect  # noqa: PLC0415

    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
