"""Who has published: the agency × year matrix of a folder (``gxtui coverage``, library view).

Each agency-year is one of

- ``present``: a report of that agency and year was read;
- ``late``: present, but published after its deadline (the D-1 rule's test, ``rules.dates``);
- ``unreadable``: only a file that could not be read is there (placed by its file name);
- ``missing``: no file, and one was due — a year inside the agency's span of years, or a year
  after its last report up to the latest year of the folder (the latest year is due when other
  agencies have it, and so is every year between: an agency that stopped in 2021 in a folder that
  reaches 2023 is missing 2022 and 2023).

Years before an agency's first report are not marked: the agency may not have existed, or the
collection starts later. Agencies are grouped with the identity rules of pairing
(``gxtui.compare.pairing.group_identities``): normalised names, and file-name stems where a name
is missing — so an unreadable ``hebei-gxt_2021.txt`` sits in the row of 河北省工业和信息化厅.
A file whose agency and year cannot be told at all is listed as ``unplaced``.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from gxtui.compare.pairing import Identity, file_identity, group_identities, group_name, identity

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.cache import Summary
    from gxtui.config import Config
    from gxtui.model import Report

STATUSES = ("present", "late", "unreadable", "missing")
_RANK = {"late": 0, "present": 1, "unreadable": 2}  # which file speaks for an agency-year


@dataclass(frozen=True)
class Found:
    """One file as coverage sees it: who and when (as pairing identifies it) and its status."""

    identity: Identity
    status: str  # "present", "late" or "unreadable"


def found_report(report: "Report", config: "Config | None" = None) -> Found:
    """A report that was read: present, or late when published after its deadline."""
    from gxtui.rules.dates import deadline  # noqa: PLC0415

    limit = deadline(report, config)
    late = limit is not None and report.published is not None and report.published > limit
    return Found(identity(report), "late" if late else "present")


def found_unreadable(path: str | os.PathLike) -> Found:
    return Found(file_identity(path), "unreadable")


def found_summary(s: "Summary") -> Found:
    """A library-index entry (no re-reading). Late means a D-1 finding above info level: the
    index keeps findings as (rule, severity) only, so a config that lowers D-1 to info hides
    late reports here (``found_report`` on the report itself still sees them)."""
    if s.error or s.series is None:
        return found_unreadable(s.path)
    from_file = s.series.startswith("file:")
    ident = Identity(s.path, None if from_file else s.agency, s.series, s.year,
                     "file" if from_file else "report", "report" if s.year is not None else "none")
    late = any(f.rule == "D-1" and f.severity != "info" for f in s.findings)
    return Found(ident, "late" if late else "present")


@dataclass
class Cell:
    """One agency-year of the matrix. ``path`` is the file that speaks for it (a readable one
    before an unreadable one); ``others`` are further files of the same agency-year."""

    status: str
    path: str | None = None
    others: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"status": self.status, "path": self.path}
        if self.others:
            d["others"] = list(self.others)
        return d


@dataclass
class AgencyRow:
    agency: str  # the most common published name, else the file-name stem
    key: str  # the pairing key
    years: dict[int, Cell] = field(default_factory=dict)

    def status(self, year: int) -> str | None:
        c = self.years.get(year)
        return c.status if c else None


@dataclass
class Coverage:
    years: list[int]  # every year from the first to the last found, ascending
    agencies: list[AgencyRow]  # sorted by name
    unplaced: list[str] = field(default_factory=list)  # files with no year at all

    def counts(self) -> dict[int, dict[str, int]]:
        """Per year: how many agencies are present / late / unreadable / missing."""
        out: dict[int, dict[str, int]] = {}
        for y in self.years:
            c = Counter(a.status(y) for a in self.agencies)
            out[y] = {s: c.get(s, 0) for s in STATUSES}
        return out

    def missing(self, year: int) -> list[AgencyRow]:
        """Agencies with no report for ``year`` although one was due."""
        return [a for a in self.agencies if a.status(year) == "missing"]

    def to_dict(self) -> dict[str, Any]:
        """The shape fixed by issue 17 (inner years as strings), plus ``counts`` per year and the
        ``unplaced`` files — extra keys, so readers of the fixed shape are unaffected."""
        return {
            "years": self.years,
            "agencies": [{"agency": a.agency,
                          "years": {str(y): a.years[y].to_dict() for y in sorted(a.years)}}
                         for a in self.agencies],
            "counts": {str(y): c for y, c in self.counts().items()},
            "unplaced": self.unplaced,
        }

    def to_csv(self) -> str:
        """One row per marked agency-year (long format: easy to filter and pivot)."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(("agency", "year", "status", "path"))
        for a in self.agencies:
            for y in sorted(a.years):
                c = a.years[y]
                w.writerow((_csv_text(a.agency), y, c.status, _csv_text(c.path or "")))
        for p in self.unplaced:
            w.writerow(("", "", "unplaced", _csv_text(p)))
        return buf.getvalue()


def _csv_text(s: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas."""
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s


def coverage(found: Iterable[Found]) -> Coverage:
    """The matrix of ``found`` (see the module docstring for what each status means)."""
    items = list(found)
    placed = [f for f in items if f.identity.year is not None]
    unplaced = sorted(f.identity.path for f in items if f.identity.year is None)
    if not placed:
        return Coverage([], [], unplaced)
    latest = max(f.identity.year for f in placed)  # type: ignore[type-var]
    first = min(f.identity.year for f in placed)  # type: ignore[type-var]
    ids = [f.identity for f in placed]
    rows = []
    for members in group_identities(ids):
        key, agency = group_name([ids[i] for i in members])
        row = AgencyRow(agency or key.removeprefix("file:"), key)
        by_year: dict[int, list[Found]] = {}
        for i in members:
            by_year.setdefault(placed[i].identity.year, []).append(placed[i])  # type: ignore[arg-type]
        for y, fs in by_year.items():
            fs.sort(key=lambda f: (_RANK[f.status], f.identity.path))
            row.years[y] = Cell(fs[0].status, fs[0].identity.path,
                                tuple(f.identity.path for f in fs[1:]))
        for y in range(min(by_year), latest + 1):
            row.years.setdefault(y, Cell("missing"))
        rows.append(row)
    rows.sort(key=lambda r: (r.agency, r.key))
    return Coverage(list(range(first, latest + 1)), rows, unplaced)


def coverage_of_reports(reports: Iterable["Report"], unreadable: Iterable[str | os.PathLike] = (),
                        config: "Config | None" = None) -> Coverage:
    return coverage([*(found_report(r, config) for r in reports),
                     *(found_unreadable(p) for p in unreadable)])


def coverage_of_paths(paths: Iterable[str | os.PathLike], config: "Config | None" = None,
                      progress: Callable[[int, int], None] | None = None) -> Coverage:
    """Read every report under ``paths`` and build the matrix (``gxtui coverage PATH...``)."""
    from gxtui.analytics.folder import load_folder  # noqa: PLC0415

    folder = load_folder(paths, progress)
    return coverage_of_reports(folder.reports, [u.path for u in folder.unreadable], config)


def coverage_of_summaries(summaries: Iterable["Summary"]) -> Coverage:
    """The matrix from the library index, without reading any report (the TUI library view)."""
    return coverage(found_summary(s) for s in summaries)
