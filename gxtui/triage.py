"""Which reports need a human first: ranking checked reports and counting findings per rule.

Shared by ``gxtui check --summary`` and the TUI library view, so both order reports the same way.
Pure data in, data out: no printing, no Textual.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from gxtui.model import Finding


@dataclass
class Checked:
    """One input file after checking: its identity, its findings, or the reason it was unreadable."""

    path: str
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    error: str | None = None  # read error message; None when the file was read
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass(frozen=True)
class Ranked:
    checked: Checked
    errors: int
    warnings: int
    infos: int
    top_rules: tuple[str, ...]  # the rules behind the errors (or warnings), most frequent first


def priority(c: Checked) -> tuple:
    """Sort key, most urgent first: unreadable files (nothing could be checked), then the most
    error-level findings, then the most warnings; ties by path so the order is stable."""
    return (0 if c.error else 1, -c.count("error"), -c.count("warning"), c.path)


def rank(results: Iterable[Checked], *, include_clean: bool = True) -> list[Ranked]:
    """Reports ordered by what needs a human first (see ``priority``)."""
    out = []
    for c in sorted(results, key=priority):
        e, w, i = c.count("error"), c.count("warning"), c.count("info")
        if not include_clean and not c.error and e == 0 and w == 0:
            continue
        sev = "error" if e else "warning"
        top = tuple(r for r, _ in Counter(f.rule for f in c.findings if f.severity == sev).most_common())
        out.append(Ranked(c, e, w, i, top))
    return out


@dataclass(frozen=True)
class RuleCount:
    rule: str
    severity: str
    findings: int
    reports: int


def rule_frequency(results: Iterable[Checked]) -> list[RuleCount]:
    """Per (rule, severity): how many findings and in how many reports; most reports first.
    A rule firing in most reports of a folder points at a systematic cause (or a noisy rule)."""
    findings: Counter[tuple[str, str]] = Counter()
    reports: Counter[tuple[str, str]] = Counter()
    for c in results:
        keys = [(f.rule, f.severity) for f in c.findings]
        findings.update(keys)
        reports.update(set(keys))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted((RuleCount(r, s, findings[(r, s)], reports[(r, s)]) for r, s in findings),
                  key=lambda x: (order.get(x.severity, 9), -x.reports, -x.findings, x.rule))
