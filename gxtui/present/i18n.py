"""The one i18n catalogue (``catalogue.toml``) for the CLI, the TUI and the findings report.

``t(key, lang, **fmt)``: the text of ``key`` in ``lang`` ("zh" or "en"), formatted. The language
is always passed by the caller — there is no current language here — so two outputs in two
languages can be produced in one process. Decision and severity labels live here once
(``decision.confirmed``, ``sev.error`` …) and every output uses them.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from importlib import resources

LANGS = ("zh", "en")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    data = resources.files(__package__).joinpath("catalogue.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


def t(key: str, lang: str, /, **fmt: object) -> str:
    """The text of ``key`` in ``lang``; an unknown key comes back as itself (visible, not fatal)."""
    entry = catalogue().get(key)
    if entry is None:
        return key
    text = entry["en"] if lang == "en" else entry["zh"]
    return text.format(**fmt) if fmt else text


def decision_label(status: str, lang: str) -> str:
    return t(f"decision.{status}", lang) if f"decision.{status}" in catalogue() else status


def severity_label(severity: str | None, lang: str) -> str:
    key = f"sev.{severity}"
    return t(key, lang) if key in catalogue() else (severity or "")


def default_lang(given: str | None = None) -> str:
    """``given`` (``--lang``), else ``GXTUI_LANG``, else Chinese."""
    for v in (given, os.environ.get("GXTUI_LANG")):
        if v in LANGS:
            return v  # type: ignore[return-value]
    return "zh"
