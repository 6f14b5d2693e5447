"""The TUI's view of the i18n catalogue (``gxtui.present.i18n``).

The language is the running app's (``GxtuiApp.lang``, set from ``--lang`` / ``GXTUI_LANG``):
``t(key, **fmt)`` reads it from the active app, so screens and widgets need not carry it, and no
module holds a current language.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from gxtui.present.i18n import t as _t


def lang() -> str:
    """The language of the running app ("zh" outside an app)."""
    from textual._context import active_app  # noqa: PLC0415 - the app of the current task

    try:
        app = active_app.get()
    except LookupError:
        return "zh"
    return getattr(app, "lang", "zh")


def t(key: str, /, **fmt: object) -> str:
    return _t(key, lang(), **fmt)


def localize(node: Any, lang_: str | None = None) -> None:
    """Replace the i18n keys used as binding descriptions by text in ``lang`` (default: the
    running app's language)."""
    lang_ = lang_ or lang()
    keys = node._bindings.key_to_bindings
    for key, bindings in list(keys.items()):
        keys[key] = [dataclasses.replace(b, description=_t(b.description, lang_),
                                         tooltip=_t(b.tooltip, lang_) if b.tooltip else "")
                     if b.description.startswith("key.") else b for b in bindings]
