"""``?``: every key of the screen below, of the app, and how to move around."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from gxtui.tui.i18n import localize, t
from gxtui.tui.widgets.report_tables import SEV_MARK, SEV_STYLE


def _key(b: Binding) -> str:
    if b.key_display:
        return b.key_display
    k = b.key
    return {"question_mark": "?", "slash": "/", "space": "Space", "escape": "Esc",
            "enter": "Enter"}.get(k, k.replace("ctrl+", "Ctrl+"))


def _rows(node, seen: set[str], screen: Screen) -> list[tuple[str, str]]:
    """gxtui's own bindings of ``node`` (their descriptions are catalogue text, set by
    ``localize``; Textual's English defaults are left out), one row per key. Keys that jump to a
    part say which part."""
    out = []
    own = {k.strip() for cls in type(node).__mro__ if cls.__module__.startswith("gxtui.")
           for b in cls.__dict__.get("BINDINGS", []) for k in b.key.split(",")}
    for key, bindings in node._bindings.key_to_bindings.items():
        for b in bindings:
            if not b.description or key in seen or key not in own:
                continue
            seen.add(key)
            desc = b.description
            if b.action.startswith("goto_part"):
                part = getattr(screen, "part_title", lambda _k: None)(key)
                if part is None:
                    continue
                desc = t("key.part", part=part)
            out.append((_key(b), desc))
    return out


def help_text(screen: Screen) -> Text:
    seen: set[str] = set()
    out = Text()
    sections = [(t("help.screen"), _rows(screen, seen, screen)),
                (t("help.global"), _rows(screen.app, seen, screen))]
    for title, rows in sections:
        out.append(title + "\n", style="bold underline")
        width = max([cell_len(k) for k, _ in rows] + [6]) + 2
        for k, desc in rows:
            out.append("  " + k + " " * (width - cell_len(k)), style="bold")
            out.append(f"{desc}\n")
        out.append("\n")
    out.append(t("help.nav") + "\n", style="bold underline")
    for key in ("help.nav.arrows", "help.nav.tab", "help.nav.enter"):
        out.append("  " + t(key) + "\n")
    if type(screen).__name__ == "LibraryScreen":
        out.append("  " + t("help.space") + "\n")
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
        localize(self)
        self.below = below

    def compose(self) -> ComposeResult:
        text = help_text(self.below)
        self.help_plain = text.plain
        with VerticalScroll(id="help"):
            yield Static(text, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = t("help.title")

    def action_close(self) -> None:
        self.dismiss(None)
