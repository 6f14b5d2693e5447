"""The rule catalogue: every rule registered once, under a stable id, with its default severity.

A rule is a pure function. Single-report rules take a ``Report`` and yield ``Finding``s;
cross-year rules take ``(old, new)``. The config (``gxtui.toml``) may disable a rule or change
its severity; that is applied here, so rule code never looks at the config.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from gxtui.model import Finding


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # default severity: "error", "warning", "info"
    scope: str  # "report" or "pair"
    title_zh: str
    title_en: str
    fn: Callable[..., Iterable[Finding]]
    group: str = ""  # "table3", "table4", "table2", "structure", "dates", "content", "cross-year"
    options: tuple[tuple[str, str], ...] = ()  # (name, type) of its [rules.ID] options (gxtui.config)


RULES: dict[str, Rule] = {}


def rule(id: str, severity: str, title_zh: str, title_en: str, *, scope: str = "report",
         group: str = "", options: dict[str, str] | None = None) -> Callable:
    """Register a rule function under ``id``. ``options``: the settings it reads from
    ``[rules.ID]`` of gxtui.toml, name → type ("int", "number", "share", "bool"), so that the
    config can refuse a misspelt one."""
    def deco(fn: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        RULES[id] = Rule(id, severity, scope, title_zh, title_en, fn, group,
                         tuple((options or {}).items()))
        return fn
    return deco


_loaded = False


def load_all() -> dict[str, Rule]:
    """Import every rule module so that its rules register themselves.

    Done once per process: listing the package costs a directory scan, and ``check_report``
    asks for the catalogue once per report."""
    global _loaded
    if _loaded:
        return RULES
    import importlib  # noqa: PLC0415
    import pkgutil  # noqa: PLC0415

    import gxtui.rules as pkg  # noqa: PLC0415

    for m in pkgutil.iter_modules(pkg.__path__):
        if m.name not in ("registry",) and not m.name.startswith("_"):
            importlib.import_module(f"gxtui.rules.{m.name}")
    _loaded = True
    return RULES


def catalogue() -> dict[str, dict[str, str]]:
    """rule id → {option: type} of every rule: what ``gxtui.config.Config.load`` checks."""
    return {r.id: dict(r.options) for r in load_all().values()}
