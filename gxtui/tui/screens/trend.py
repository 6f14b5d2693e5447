"""``t``: one agency's key figures over three or more years as charts (textual-plotext):
applications received, disclosed share, corrected share in 复议/诉讼, carried over, fees.

The charts are ``gxtui.analytics.series`` drawn by ``gxtui.analytics.plot.draw`` — the same as
``gxtui trend --plot``. Titles and legends (Chinese) are in the border titles, never on the canvas
(plotext counts a CJK character as one cell); the values, with the reason for every gap, are
printed under each chart, so nothing depends on colour.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from gxtui.tui.i18n import lang, localize, t
from gxtui.tui.widgets.footer import KeyFooter
from gxtui.tui.widgets.text import clean, txt


class TrendScreen(Screen):
    BINDINGS = [Binding("escape", "back", "key.back", id="back")]

    def __init__(self, agency: str | None, paths: list[str]) -> None:
        super().__init__()
        localize(self)
        self.agency, self.paths = agency or "?", list(paths)
        self.charts: Any = None  # gxtui.analytics.series.AgencyCharts
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="#")
        with VerticalScroll(id="trend"):
            yield Static(txt(t("trend.loading"), "italic"), id="trend-status")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.title = t("trend.view_title", agency=clean(self.agency))
        self.sub_title = " ".join(sorted({p.rsplit("/", 1)[-1] for p in self.paths}))[:80]
        self._load()

    @work(thread=True, exit_on_error=False)
    def _load(self) -> None:
        from gxtui.analytics.series import agency_charts  # noqa: PLC0415
        from gxtui.compare.pairing import group_series  # noqa: PLC0415
        from gxtui.extract import load  # noqa: PLC0415

        try:
            reports = []
            for p in self.paths:
                e = self.app.entries.get(p)
                reports.append(e.report if e is not None and e.report is not None else load(p))
            series = max(group_series(reports), key=lambda s: len(s.reports))
            charts = agency_charts(series)
        except Exception as err:  # noqa: BLE001 - shown, never a crash
            self.app.call_from_thread(self.show, None, getattr(err, "message", None) or f"{type(err).__name__}: {err}")
            return
        self.app.call_from_thread(self.show, charts, None)

    def show(self, charts: Any, error: str | None) -> None:
        from textual_plotext import PlotextPlot  # noqa: PLC0415

        from gxtui.analytics.plot import MARKERS, draw, values_table  # noqa: PLC0415

        self.charts, self.error = charts, error
        status = self.query_one("#trend-status", Static)
        if charts is None:
            status.update(txt(t("cmp.failed", err=error or "?"), "bold"))
            return
        status.update(txt(f"{clean(charts.agency)}  {'、'.join(str(y) for y in charts.years)}", "bold"))
        box = self.query_one("#trend", VerticalScroll)
        lg = lang()
        for chart in charts.charts:
            panel = Vertical(classes="trend-chart")
            box.mount(panel)
            title = chart.heading(lg)
            if len(chart.lines) > 1:
                title += "  " + "  ".join(f"{MARKERS[i % len(MARKERS)]} {ln.label(lg)}"
                                          for i, ln in enumerate(chart.lines))
            panel.border_title = clean(title)
            if chart.has_data:
                plot = PlotextPlot(classes="trend-plot")
                panel.mount(plot)
                plot.plt.theme("clear")
                draw(plot.plt, chart)
            panel.mount(Static(Text("\n".join(values_table(chart, lg, max(self.app.size.width - 4, 40)))),
                               classes="trend-values"))

    def action_back(self) -> None:
        self.dismiss()
