"""Running the rule catalogue over reports (the engine behind ``gxtui check`` and the TUI)."""

from __future__ import annotations

import inspect
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

from gxtui.config import Config
from gxtui.model import Finding, Report
from gxtui.rules.registry import RULES, Rule, load_all
from gxtui.rules.view import ReportView
from gxtui.templates import vocab

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.compare import Comparison

_ORDER = {"error": 0, "warning": 1, "info": 2}
_TABLE_ORDER = {t: i for i, t in enumerate(vocab.TABLES)}


@lru_cache(maxsize=None)
def _wants(fn: Callable) -> tuple[bool, bool]:
    """Whether a rule declares a ``config`` parameter (rules that need settings: deadlines,
    thresholds; the rest stay pure functions of the report) and a ``view`` parameter (a
    single-report rule reading facts several rules share, ``gxtui.rules.view.ReportView``)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return False, False
    return "config" in params, "view" in params


@lru_cache(maxsize=None)
def _plan(scope: str, n_rules: int) -> tuple[tuple[Rule, bool, bool], ...]:
    """The rules of ``scope`` in catalogue order, each with what it asks for (``_wants``), worked
    out once per process (``n_rules``: the catalogue's size, should a rule be registered later)."""
    return tuple((r, *_wants(r.fn)) for r in RULES.values() if r.scope == scope)


def sort_key(f: Finding) -> tuple:
    """Errors first, then by place in the report (table 二/三/四, then sections), then line."""
    return (_ORDER.get(f.severity, 9), _TABLE_ORDER.get(f.table or "", 9),
            vocab.section_rank(f.section) if f.section else 9, f.line or 0, f.rule)


def _apply_severity(r: Rule, f: Finding, config: Config) -> None:
    """A configured severity replaces the rule's default severity only; findings a rule emits at a
    different level on purpose (e.g. T3-C's "not reported" info) keep their level."""
    if f.severity == r.severity:
        f.severity = config.severity(r.id, f.severity)


def _run(scope: str, args: tuple, config: Config | None) -> list[Finding]:
    load_all()
    config = config or Config()
    out: list[Finding] = []
    # one view of the report for every rule that reads it (rules of the other scopes take none)
    view = ReportView(args[0]) if scope == "report" else None
    every = not config.rules  # no [rules] settings: every rule enabled, at its own severity
    for r, wants_config, wants_view in _plan(scope, len(RULES)):
        if not every and not config.enabled(r.id):
            continue
        call_args = args + (config,) if scope == "report" and wants_config else args
        found = r.fn(*call_args, view=view) if wants_view and view is not None else r.fn(*call_args)
        if every:
            out.extend(found)
            continue
        for f in found:
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


def check_comparison(cmp: "Comparison", config: Config | None = None) -> list[Finding]:
    """All enabled cross-year rules on a comparison of two reports of one agency: the rules
    consume the comparison (aligned cells, fees, matched items) instead of building their own."""
    out = _run("pair", (cmp, config or Config()), config)
    for f in out:
        f.path = f.path or cmp.new.source.path
    return out


def check_pair(old: Report, new: Report, config: Config | None = None) -> list[Finding]:
    """All enabled cross-year rules on two reports of one agency (put oldest first)."""
    from gxtui.compare import compare  # noqa: PLC0415

    return check_comparison(compare(old, new, config), config)


def check_folder(benchmark: Any, config: Config | None = None) -> list[Finding]:
    """All enabled folder-wide rules (B-1: peers) on a ``gxtui.compare.peers.Benchmark``; each
    finding's ``path`` is the report it is about."""
    return _run("folder", (benchmark, config or Config()), config)


def counts(findings: list[Finding]) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n} for a list of findings."""
    c = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        c[f.severity] = c.get(f.severity, 0) + 1
    return c
