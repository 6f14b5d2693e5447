"""The library: every report found, grouped by agency (consecutive years together)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from gxtui.tui.i18n import t
from gxtui.tui.widgets.text import txt

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.tui.app import Entry

SORTS = ("agency", "errors", "warnings", "status")
_STATUS_ORDER = {"unreadable": 0, "unread": 1, "review": 2, "reviewed": 3, "loading": 4}
STATUS_STYLE = {"unread": "bold", "review": "bold yellow", "reviewed": "dim",
                "unreadable": "reverse", "loading": "dim italic"}


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "key.open", id="open", priority=False),
        Binding("c", "compare", "key.compare", id="compare"),
        Binding("space", "mark", "key.mark", id="mark", show=False),
        Binding("slash", "search", "key.search", key_display="/", id="search"),
        Binding("f", "errors_only", "key.filter_errors", id="errors-only"),
        Binding("s", "sort", "key.sort", id="sort"),
        Binding("x", "app.export", "key.export", id="export", show=False),
        Binding("escape", "close_search", "key.close_search", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        from gxtui.tui.app import localize  # noqa: PLC0415

        localize(self)
        self.filter_text = ""
        self.errors_only = False
        self.sort_key = "agency"
        self.marked: list[str] = []
        self.rows: list[str] = []  # paths in display order
        self.total = 0
        self.done = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="#")
        table: DataTable = DataTable(id="library", cursor_type="row", zebra_stripes=False)
        yield table
        yield Static(t("lib.scanning"), id="lib-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#library", DataTable)
        for key in ("status", "agency", "year", "template", "errors", "warnings", "file"):
            table.add_column(t(f"lib.col.{key}"), key=key)
        self.title = t("lib.title")
        table.focus()
        if self.app.entries:  # built after loading began (gxtui compare, then Esc)
            self.done = sum(1 for e in self.app.entries.values() if e.loaded)
            self.total = len(self.app.entries)
            if self.app.scan_done:
                    self._status()
            self.rebuild()

    # -- called by the app ---------------------------------------------------------------------
    def scan_started(self, total: int) -> None:
        if not self._is_mounted:
            return
        self.total = total
        self._status()
        self.rebuild()

    def entry_updated(self, entry: "Entry") -> None:
        if not self._is_mounted:
            return
        if entry.loaded and entry.path not in getattr(self, "_counted", set()):
            self._counted = getattr(self, "_counted", set()) | {entry.path}
            self.done += 1
            self._status()
        self.rebuild()

    def scan_finished(self) -> None:
        if not self._is_mounted:
            return
        self._status()
        self.rebuild()

    def _status(self) -> None:
        app = self.app
        if not getattr(app, "scan_done", False):
            if self.total:  # a text progress bar: ASCII only, same width in every terminal
                filled = int(20 * self.done / self.total)
                text = "[" + "#" * filled + "-" * (20 - filled) + "] " + \
                    t("lib.loading", done=self.done, total=self.total)
            else:
                text = t("lib.scanning")
        elif not app.entries:
            text = t("lib.empty")
        else:
            bad = sum(1 for e in app.entries.values() if e.error)
            text = t("lib.loaded", n=len(app.entries) - bad, bad=bad)
        extra = []
        if self.filter_text:
            extra.append(t("lib.filter_state", text=self.filter_text))
        if self.errors_only:
            extra.append(t("lib.errors_only"))
        if self.sort_key != "agency":
            extra.append(t("lib.sort", key=t(f"sort.{self.sort_key}")))
        if self.marked:
            extra.append(t("lib.marked", n=len(self.marked)))
        self.query_one("#lib-status", Static).update(txt("   ".join([text] + extra)))

    # -- the table -------------------------------------------------------------------------------
    def visible(self) -> list["Entry"]:
        from gxtui.normalize import compact  # noqa: PLC0415

        entries = list(self.app.entries.values())
        words = self.filter_text.split()
        out = []
        for e in entries:
            if self.errors_only and not (e.errors or e.error):
                continue
            hay = f"{e.agency} {e.year or ''} {Path(e.path).name}"
            if words and not all(w in hay or compact(w) in compact(hay) for w in words):
                continue
            out.append(e)
        groups: dict[str, list] = {}
        for e in out:
            groups.setdefault(compact(e.agency), []).append(e)
        for g in groups.values():
            g.sort(key=lambda e: (e.year or 0, e.path))

        def gkey(item: tuple[str, list]) -> tuple:
            name, g = item
            if self.sort_key == "errors":
                return (-max(e.errors + (1 if e.error else 0) for e in g), name)
            if self.sort_key == "warnings":
                return (-max(e.warnings for e in g), name)
            if self.sort_key == "status":
                return (min(_STATUS_ORDER[e.status] for e in g), name)
            return (name,)

        return [e for _, g in sorted(groups.items(), key=gkey) for e in g]

    def rebuild(self) -> None:
        table = self.query_one("#library", DataTable)
        current = self.current_path()
        table.clear()
        self.rows = []
        prev_agency = None
        for e in self.visible():
            mark = "+" if e.path in self.marked else " "
            status = Text(mark + t(f"status.{e.status}"), style=STATUS_STYLE.get(e.status, ""))
            same = prev_agency == e.agency
            prev_agency = e.agency
            agency = txt(e.agency, "dim" if same else "bold")
            if e.error:
                note = txt(f"{Path(e.path).name}: {e.error}", "italic")
            else:
                note = txt(Path(e.path).name, "dim")
            errs = Text(str(e.errors) if e.loaded and not e.error else "",
                        style="bold red" if e.errors else "dim")
            warns = Text(str(e.warnings) if e.loaded and not e.error else "",
                         style="yellow" if e.warnings else "dim")
            table.add_row(status, agency, Text(str(e.year or "")),
                          Text(e.report.template or "?" if e.report else ""), errs, warns, note,
                          key=e.path)
            self.rows.append(e.path)
        if current in self.rows:
            table.move_cursor(row=self.rows.index(current), animate=False)

    def current_path(self) -> str | None:
        table = self.query_one("#library", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def current_entry(self) -> "Entry | None":
        p = self.current_path()
        return self.app.entries.get(p) if p else None

    # -- actions ---------------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        e = self.current_entry()
        if e is None:
            return
        if not e.loaded:
            self.notify(t("lib.not_ready"))
        elif e.error:
            self.notify(t("lib.unreadable_open", err=e.error), severity="error")
        else:
            self.app.open_report(e.path)

    def action_mark(self) -> None:
        p = self.current_path()
        if p is None:
            return
        if p in self.marked:
            self.marked.remove(p)
        else:
            self.marked = (self.marked + [p])[-2:]
        self._status()
        self.rebuild()
        table = self.query_one("#library", DataTable)
        if table.cursor_row < len(self.rows) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_compare(self) -> None:
        app = self.app
        if len(self.marked) == 2:
            a, b = self.marked
            self.marked = []
            self._status()
            self.rebuild()
            app.open_comparison(a, b)
            return
        e = self.current_entry()
        if e is None or e.report is None:
            self.notify(t("lib.no_pair"), severity="warning")
            return
        prev = app.neighbour(e, -1)
        if prev is not None:
            app.open_comparison(prev.path, e.path)
            return
        nxt = app.neighbour(e, +1)
        if nxt is not None:
            app.open_comparison(e.path, nxt.path)
            return
        self.notify(t("lib.no_pair"), severity="warning")

    def action_search(self) -> None:
        from textual.widgets import Input  # noqa: PLC0415 - not needed for the first frame

        boxes = self.query("#lib-filter")
        if boxes:
            box = boxes.first()
        else:
            box = Input(placeholder=t("lib.filter"), id="lib-filter", value=self.filter_text)
            self.mount(box, before=self.query_one(Footer))
        box.remove_class("hidden")
        box.focus()

    def action_close_search(self) -> None:
        boxes = self.query("#lib-filter")
        if not boxes:
            return
        box = boxes.first()
        if not box.has_class("hidden"):
            box.add_class("hidden")
            self.query_one("#library", DataTable).focus()

    def on_input_changed(self, event) -> None:
        if event.input.id == "lib-filter":
            self.filter_text = event.value.strip()
            self._status()
            self.rebuild()

    def on_input_submitted(self, event) -> None:
        if event.input.id == "lib-filter":
            self.query_one("#library", DataTable).focus()

    def action_errors_only(self) -> None:
        self.errors_only = not self.errors_only
        self._status()
        self.rebuild()

    def action_sort(self) -> None:
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        self._status()
        self.rebuild()

    def export_payload(self):
        e = self.current_entry()
        if e is None or e.report is None:
            return None
        from gxtui.tui.screens.report import report_writers  # noqa: PLC0415

        return report_writers(e)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(t("key.compare"), t("cmd.compare.help"), self.action_compare)
        yield SystemCommand(t("key.filter_errors"), t("cmd.errors.help"), self.action_errors_only)
        yield SystemCommand(t("key.sort"), t("lib.sort", key="/".join(t(f"sort.{k}") for k in SORTS)),
                            self.action_sort)
