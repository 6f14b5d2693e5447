"""The export dialog: the user types (or accepts) a path; existing files are never overwritten."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from gxtui.tui.i18n import t


class ExportDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "key.back")]

    def __init__(self, default_name: str, formats: tuple[str, ...]) -> None:
        super().__init__()
        from gxtui.tui.i18n import localize  # noqa: PLC0415

        localize(self)
        self.default_name = default_name
        self.formats = formats

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("exp.title", fmts=", ".join(self.formats)), id="dialog-title")
            yield Input(value=self.default_name, id="export-path")
            # a bare name is written to the folder gxtui was started in: say which
            yield Label(t("exp.where", dir=str(Path.cwd())), id="dialog-where")
            yield Label(t("exp.hint"), id="dialog-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if not path:
            return
        p = Path(path).expanduser()
        ext = p.suffix.lower().lstrip(".")
        err = self.query_one("#dialog-error", Label)
        if ext not in self.formats:
            err.update(t("exp.bad_fmt", ext=ext or "-", fmts=", ".join(self.formats)))
            err.add_class("error")
            return
        if p.exists():
            err.update(t("exp.exists", path=str(p)))
            err.add_class("error")
            return
        self.dismiss(str(p))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptDialog(ModalScreen[str | None]):
    """A one-line text prompt (the note of a review decision)."""

    BINDINGS = [Binding("escape", "cancel", "key.back")]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        from gxtui.tui.i18n import localize  # noqa: PLC0415

        localize(self)
        self.title_text, self.value = title, value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield Input(value=self.value, id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
