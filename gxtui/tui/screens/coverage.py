"""``v`` in the library: which agency published which year — the agency × year matrix of
``gxtui.analytics.coverage`` from the library index (no report is re-read). Statuses are words,
not colours; Enter on a found cell opens that report."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from gxtui.tui import messages
from gxtui.tui.i18n import localize, t
from gxtui.tui.widgets.footer import KeyFooter
from gxtui.tui.widgets.text import clean, txt

STATUS_STYLE = {"present": "", "missing": "bold reverse", "unreadable": "bold underline", "late": "italic"}


class CoverageScreen(Screen):
    BINDINGS = [Binding("escape", "back", "key.back", id="back"),
                Binding("enter", "open", "key.open", id="open")]

    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        localize(self)
        self.paths = paths
        self.coverage = None
        self.cells: dict[tuple[int, int], str] = {}  # (row, col) -> display path of the report

    def compose(self) -> ComposeResult:
        yield Header(icon="#")
        yield Static(id="cov-legend")
        yield DataTable(id="coverage", cursor_type="cell", zebra_stripes=True)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        from gxtui.analytics.coverage import coverage_of_summaries  # noqa: PLC0415

        self.title = t("coverage.title")
        app = self.app
        entries = [app.entries[p] for p in self.paths if p in app.entries]
        summaries = [e.summary for e in entries if e.summary is not None]
        by_real = {e.summary.path: e.path for e in entries if e.summary is not None}
        cov = self.coverage = coverage_of_summaries(summaries)
        self.query_one("#cov-legend", Static).update(txt(t("coverage.legend"), "italic"))
        dt = self.query_one("#coverage", DataTable)
        dt.add_column(txt(t("lib.col.agency"), "bold"))
        for y in cov.years:
            dt.add_column(txt(str(y), "bold"))
        for i, a in enumerate(cov.agencies):
            row: list[Text] = [txt(clean(a.agency))]
            for j, y in enumerate(cov.years):
                c = a.years.get(y)
                if c is None:  # not due (before the agency's first year)
                    row.append(Text(".", style="dim", justify="center"))
                    continue
                # the words of `gxtui coverage` (catalogue coverage.mark.*), never colour alone
                row.append(Text(t(f"coverage.mark.{c.status}"), style=STATUS_STYLE.get(c.status, ""),
                                justify="center"))
                if c.path and c.status in ("present", "late"):
                    self.cells[(i, j + 1)] = by_real.get(c.path, c.path)
            dt.add_row(*row)
        counts = cov.counts()
        foot: list[Text] = [txt("Σ", "bold")]
        for y in cov.years:
            n = counts[y]
            foot.append(Text(f"{n.get('present', 0) + n.get('late', 0)}/{len(cov.agencies)}", style="bold",
                             justify="center"))
        dt.add_row(*foot)
        dt.focus()

    def action_open(self) -> None:
        dt = self.query_one("#coverage", DataTable)
        path = self.cells.get((dt.cursor_coordinate.row, dt.cursor_coordinate.column))
        if path is not None and path in self.app.entries:
            self.app.post_message(messages.OpenReport(path))  # the app opens it over the library
            self.dismiss()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.dismiss()
