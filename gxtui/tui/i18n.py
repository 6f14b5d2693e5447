"""The TUI's view of the i18n catalogue (``gxtui.present.i18n``).

The language is the running app's (``GxtuiApp.lang``, set from ``--lang`` / ``GXTUI_LANG``):
``t(key, **fmt)`` reads it from the active app, so screens and widgets need not carry it, and no
module holds a current language.
"""

from __future__ import annotations

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
