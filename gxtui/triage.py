"""Which reports need a human first: ranking reports and counting findings per rule.

One ranking for the whole product: ``gxtui check --summary`` (``rank``), ``gxtui report``
(``gxtui.present.findings_report.Entry.rank_key``) and the TUI library (``gxtui.tui``, from the cached
summaries of ``gxtui.library.index``) all sort with ``rank_key(open_counts(...))``:

0. files that could not be read, and reports with open (undecided, unreviewed) errors,
1. then open cross-year problems (rules ``Y-*`` / ``P-*`` of a report paired with its previous
   year) that are not errors themselves,
2. then open warnings,
3. then reports whose only remaining work is follow-up decisions or orphaned decisions,
4. then the rest (clean, or fully reviewed).

Within a tier: unreadable first, then more open errors, more cross-year, more warnings, more
follow-ups; callers add their own tie-breaks (path, agency, year) so the order is stable.
Where nothing is known about reviews (``gxtui check``) every finding counts as open.

Pure data in, data out: no printing, no Textual.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from gxtui.audit import Checked

CROSS_YEAR_PREFIXES = ("Y-", "P-")


def is_cross_year(rule: str | None) -> bool:
    """Rules that compare a report with its previous year (Y-1…, P-1…)."""
    return bool(rule) and rule.startswith(CROSS_YEAR_PREFIXES)  # type: ignore[union-attr]


@dataclass(frozen=True)
class Open:
    """What still needs a human in one report (the input of the ranking)."""

    unreadable: bool = False
    errors: int = 0  # open error-level findings (cross-year errors included)
    cross_year: int = 0  # open Y-/P- findings that are not errors
    warnings: int = 0  # open warnings of the other rules
    follow_ups: int = 0  # decisions "needs follow-up": someone still has to act
    orphans: int = 0  # decisions whose finding is gone

    @property
    def tier(self) -> int:
        """0 unreadable or open errors, 1 open cross-year, 2 open warnings, 3 follow-up, 4 done."""
        if self.unreadable or self.errors:
            return 0
        if self.cross_year:
            return 1
        if self.warnings:
            return 2
        if self.follow_ups or self.orphans:
            return 3
        return 4


def open_counts(findings: Iterable[Any], *, status: Callable[[Any], str | None] | None = None,
                reviewed: bool = False, unreadable: bool = False, orphans: int = 0) -> Open:
    """Count what is open among ``findings`` (objects with ``rule`` and ``severity``).

    ``status(finding)`` gives the reviewer's decision on a finding (None: undecided); a finding is
    open when it has no decision and the report is not marked ``reviewed`` (for its current
    content). Without ``status`` every finding is open unless ``reviewed``."""
    e = c = w = fu = 0
    if status is None:  # every finding open, or none (a warm library ranks 10,000 reports this way)
        if not reviewed:
            for f in findings:
                sev = f.severity
                if sev == "error":
                    e += 1
                elif f.rule and f.rule.startswith(CROSS_YEAR_PREFIXES):  # is_cross_year, inline
                    c += 1
                elif sev == "warning":
                    w += 1
        return Open(unreadable, e, c, w, fu, orphans)
    for f in findings:
        st = status(f) if status is not None else None
        if st == "follow-up":
            fu += 1
        if reviewed or st is not None:
            continue
        if f.severity == "error":
            e += 1
        elif is_cross_year(f.rule):
            c += 1
        elif f.severity == "warning":
            w += 1
    return Open(unreadable, e, c, w, fu, orphans)


def rank_key(o: Open, *tiebreak: Any) -> tuple:
    """The sort key of the ranking (most urgent first); ``tiebreak`` makes it stable."""
    return (o.tier, 0 if o.unreadable else 1, -o.errors, -o.cross_year, -o.warnings, -o.follow_ups,
            *tiebreak)


@dataclass(frozen=True)
class Ranked:
    checked: Checked
    errors: int
    warnings: int
    infos: int
    top_rules: tuple[str, ...]  # the rules behind the errors (or warnings), most frequent first


def priority(c: Checked) -> tuple:
    """Sort key, most urgent first (``rank_key``): unreadable files, then errors, then cross-year
    problems, then warnings; ties by path so the order is stable. ``gxtui check`` knows nothing
    of review decisions, so every finding counts as open."""
    return rank_key(open_counts(c.findings, unreadable=bool(c.error)), c.path)


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


def rule_frequency(results: Iterable[Any],
                   findings_of: Callable[[Any], Iterable[Any]] = lambda c: c.findings) -> list[RuleCount]:
    """Per (rule, severity): how many findings and in how many reports; most reports first.
    A rule firing in most reports of a folder points at a systematic cause (or a noisy rule).
    ``findings_of(result)`` gives a result's findings (objects with ``rule`` and ``severity``)."""
    findings: Counter[tuple[str, str]] = Counter()
    reports: Counter[tuple[str, str]] = Counter()
    for c in results:
        keys = [(f.rule, f.severity) for f in findings_of(c)]
        findings.update(keys)
        reports.update(set(keys))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted((RuleCount(r, s, findings[(r, s)], reports[(r, s)]) for r, s in findings),
                  key=lambda x: (order.get(x.severity, 9), -x.reports, -x.findings, x.rule))
