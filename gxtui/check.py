"""Running the rule catalogue over reports (the engine behind ``gxtui check`` and the TUI)."""

from __future__ import annotations

from gxtui.config import Config
from gxtui.model import Finding, Report
from gxtui.rules.registry import RULES, load_all

_ORDER = {"error": 0, "warning": 1, "info": 2}


def _run(scope: str, args: tuple, config: Config | None) -> list[Finding]:
    load_all()
    config = config or Config()
    out: list[Finding] = []
    for r in RULES.values():
        if r.scope != scope or not config.enabled(r.id):
            continue
        for f in r.fn(*args):
            f.severity = config.severity(r.id, f.severity)
            out.append(f)
    out.sort(key=lambda f: (_ORDER.get(f.severity, 9), f.table or "~", f.section or "~", f.line or 0))
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
