"""``?``: every key of the screen below, of the app, and how to move around."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from gxtui.tui.i18n import t
from gxtui.tui.widgets.report_tables import SEV_MARK, SEV_STYLE


def _key(b: Binding) -> str:
    if b.key_display:
        return b.key_display
    k = b.key
    return {"question_mark": "?", "slash": "/", "space": "Space", "escape": "Esc",
            "enter": "Enter"}.get(k, k.replace("ctrl+", "Ctrl+"))


def _rows(node, seen: set[str]) -> list[tuple[str, str]]:
    out = []
    for key, bindings in node._bindings.key_to_bindings.items():
        for b in bindings:
            if b.description and key not in seen:
                seen.add(key)
                out.append((_key(b), b.description))
    return out


def help_text(screen: Screen) -> Text:
    seen: set[str] = set()
    out = Text()
    sections = [(t("help.screen"), _rows(screen, seen)), (t("help.global"), _rows(screen.app, seen))]
    for title, rows in sections:
        out.append(title + "\n", style="bold underline")
        for k, desc in rows:
            out.append(f"  {k:<8}", style="bold")
            out.append(f"{desc}\n")
        out.append("\n")
    out.append(t("help.nav") + "\n", style="bold underline")
    for key in ("help.nav.arrows", "help.nav.tab", "help.nav.enter"):
        out.append("  " + t(key) + "\n")
    out.append("  Ctrl+P  " + t("key.palette") + "\n")
    out.append("\n" + t("help.markers") + "\n", style="bold underline")
    out.append("  12" + SEV_MARK["error"], style=SEV_STYLE["error"])
    out.append("  " + t("sev.error") + "    ")
    out.append("12" + SEV_MARK["warning"], style=SEV_STYLE["warning"])
    out.append("  " + t("sev.warning") + "\n")
    out.append("  " + t("rep.legend") + "\n")
    return out


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "key.back")]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        from gxtui.tui.i18n import localize  # noqa: PLC0415

        localize(self)
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_text(self.below), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = t("help.title")

    def action_close(self) -> None:
        self.dismiss(None)
