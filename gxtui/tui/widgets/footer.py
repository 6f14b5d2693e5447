"""The footer of every screen: Textual's ``Footer``, rebuilt only when the keys it shows change.

Textual's footer recomposes (a new widget per key, styled and mounted) on every change of the
screen's bindings signal, which fires on each focus change, each screen push and each binding
check: opening a comparison rebuilt it six times for the same seven keys (issue 15). This one
coalesces the requests into one per refresh and skips it when the keys shown are the same.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class KeyFooter(Footer):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._shown: tuple | None = None  # the keys of the last composition
        self._pending = False

    def _signature(self) -> tuple:
        app = self.app
        keys = tuple((b.key, app.get_key_display(b), b.description, b.action, enabled, tooltip)
                     for (_n, b, enabled, tooltip) in self.screen.active_bindings.values() if b.show)
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            got = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if got is not None:
                palette = (got[1].key, got[1].description, got[2])
        return (keys, palette, self.compact)

    def bindings_changed(self, screen: Any) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        sig = self._signature()
        if sig == self._shown and self.children:
            return
        self._shown = sig
        await self.recompose()
