"""Running the rule catalogue over reports (the engine behind ``gxtui check`` and the TUI)."""

from __future__ import annotations

import inspect
from functools import lru_cache
from typing import Any, Callable

from gxtui.config import Config
from gxtui.model import Finding, Report
from gxtui.rules.registry import RULES, Rule, load_all

_ORDER = {"error": 0, "warning": 1, "info": 2}
_TABLE_ORDER = {"table2": 0, "table3": 1, "table4": 2}
_SECTION_ORDER = {"intro": 0, "s1": 1, "s2": 2, "s3": 3, "s4": 4, "s5": 5, "s6": 6}


@lru_cache(maxsize=None)
def _wants_config(fn: Callable) -> bool:
    """Rules that need settings (deadlines, thresholds) declare a ``config`` parameter; the rest
    stay pure functions of the report."""
    try:
        return "config" in inspect.signature(fn).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return False


def sort_key(f: Finding) -> tuple:
    """Errors first, then by place in the report (table 二/三/四, then sections), then line."""
    return (_ORDER.get(f.severity, 9), _TABLE_ORDER.get(f.table or "", 9),
            _SECTION_ORDER.get(f.section or "", 9), f.line or 0, f.rule)


def _apply_severity(r: Rule, f: Finding, config: Config) -> None:
    """A configured severity replaces the rule's default severity only; findings a rule emits at a
    different level on purpose (e.g. T3-C's "not reported" info) keep their level."""
    if f.severity == r.severity:
        f.severity = config.severity(r.id, f.severity)


def _run(scope: str, args: tuple, config: Config | None) -> list[Finding]:
    load_all()
    config = config or Config()
    out: list[Finding] = []
    for r in RULES.values():
        if r.scope != scope or not config.enabled(r.id):
            continue
        call_args = args
        if scope == "report" and _wants_config(r.fn):
            call_args = args + (config,)
        for f in r.fn(*call_args):
            _apply_severity(r, f, config)
            out.append(f)
    out.sort(key=sort_key)
    return out


def check_report(report: Report, config: Config | None = None) -> list[Finding]:
    """All enabled single-report rules on ``report``, errors first."""
    out = _run("report", (report,), config)
    for f in out:
        f.path = f.path or report.source.path
    return out


def check_pair(old: Report, new: Report, config: Config | None = None) -> list[Finding]:
    """All enabled cross-year rules on two consecutive reports of one agency (older first)."""
    out = _run("pair", (old, new, config or Config()), config)
    for f in out:
        f.path = f.path or new.source.path
    return out


def check_folder(benchmark: Any, config: Config | None = None) -> list[Finding]:
    """All enabled folder-wide rules (B-1: peers) on a ``gxtui.analytics.peers.Benchmark``; each
    finding's ``path`` is the report it is about."""
    return _run("folder", (benchmark, config or Config()), config)


def counts(findings: list[Finding]) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n} for a list of findings."""
    c = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        c[f.severity] = c.get(f.severity, 0) + 1
    return c
