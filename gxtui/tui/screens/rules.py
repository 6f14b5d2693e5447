"""``F`` in the library: which rules fire most across the folder (the frequency view).

One line per (rule, severity): the number of findings and of reports, and the rule's title.
Selecting a line filters the library to the reports where that rule fires; the first line
shows every report again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gxtui.tui.i18n import lang, t
from gxtui.tui.widgets.report_tables import SEV_STYLE
from gxtui.tui.widgets.text import clean

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.tui.entry import Entry


def frequency(entries: "list[Entry]") -> list:
    """``gxtui.triage.rule_frequency`` over the library's summaries."""
    from gxtui.triage import rule_frequency  # noqa: PLC0415

    return rule_frequency([e.summary for e in entries if e.summary is not None],
                          findings_of=lambda s: s.all_findings)


def _title(rule: str) -> str:
    try:
        from gxtui.rules.registry import RULES, load_all  # noqa: PLC0415

        load_all()
        r = RULES.get(rule)
    except Exception:  # noqa: BLE001 - titles are a nicety
        return ""
    if r is None:
        return ""
    return (r.title_en if lang() == "en" else r.title_zh) or ""


class RulesScreen(ModalScreen[str | None]):
    """Dismisses with a rule id, "" for "all reports", or None (Esc: nothing changes)."""

    BINDINGS = [Binding("escape,F,q", "close", "key.back")]

    def __init__(self, entries: "list[Entry]", current: str | None = None) -> None:
        super().__init__()
        from gxtui.tui.i18n import localize  # noqa: PLC0415

        localize(self)
        self.counts = frequency(entries)
        self.current = current
        self.rules: list[str] = []  # option index -> rule ("" = all)

    def compose(self) -> ComposeResult:
        with Vertical(id="rules-box"):
            yield Static(Text(t("rules.title"), style="bold"), id="rules-title")
            yield OptionList(id="rules")
            yield Static(Text(t("rules.hint"), style="dim"), id="rules-hint")

    def on_mount(self) -> None:
        ol = self.query_one("#rules", OptionList)
        ol.add_option(Option(Text(t("rules.all"), style="italic")))
        self.rules = [""]
        width = max(20, min(110, int(self.app.size.width * 0.9)) - 6)
        sev_w = max(cell_len(t(f"sev.{s}")) for s in ("error", "warning", "info"))
        for rc in self.counts:
            line = Text(no_wrap=True)
            line.append(f"{rc.rule:<7}", style="bold")
            sev = t("sev." + rc.severity)
            line.append(sev + " " * (sev_w - cell_len(sev) + 1), style=SEV_STYLE.get(rc.severity, ""))
            line.append(t("rules.counts", findings=rc.findings, reports=rc.reports))
            title = _title(rc.rule)
            if title:
                line.append("  " + clean(title).replace("\n", " "), style="dim")
            if line.cell_len > width:
                line.truncate(width, overflow="crop")
            ol.add_option(Option(line))
            self.rules.append(rc.rule)
        if not self.counts:
            ol.add_option(Option(Text(t("rules.none"), style="italic"), disabled=True))
        if self.current in self.rules:
            ol.highlighted = self.rules.index(self.current)
        else:
            ol.highlighted = 1 if self.counts else 0
        ol.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.rules):
            self.dismiss(self.rules[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
