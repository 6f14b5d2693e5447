"""Checking reports: one file, a pair of years, a folder — the one entry point that ``gxtui
check``, ``gxtui diff``, ``gxtui report``, the library index and the TUI use.

A folder is checked the same way everywhere: every report with the single-report rules, then,
for every two consecutive years of one agency (``plan_pairs``), the cross-year rules on their
comparison, whose findings belong to the newer report, then the folder rule B-1 (peers) on the
key figures every checked report keeps. So the same folder gives the same counts in ``gxtui
check``, the library and ``gxtui report``.

Nothing here prints; the presentation layer renders what this returns.
"""

from __future__ import annotations

import gc
import os
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol

from gxtui.config import Config
from gxtui.model import Finding

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.compare import Comparison
    from gxtui.compare.peers import ReportRatios
    from gxtui.model import Report


@dataclass
class Checked:
    """One input file after checking: its identity, its findings (own and, when its previous
    year was among the inputs, cross-year), or the reason it was unreadable."""

    path: str
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    error: str | None = None  # read error message; None when the file was read
    findings: list[Finding] = field(default_factory=list)
    sha256: str | None = None
    series: str | None = None  # what pairs consecutive years (gxtui.compare.pairing identity key)
    pair_old: str | None = None  # the previous year's path when cross-year rules ran
    figures: "Report | None" = None  # identity, fees and key cells (gxtui.compare.figures.slim)
    # the report's peer ratios (gxtui.compare.peers.report_ratios), computed where it was checked
    # (a batch's worker) rather than by the parent, which runs the folder rules alone at the end
    ratios: "ReportRatios | None" = field(default=None, repr=False, compare=False)
    # the packed pair form (gxtui.compare.figures.pack) a folder batch keeps until its pairs are
    # checked, so that no file is parsed twice; dropped once they are
    form: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def identity(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "agency": self.agency, "year": self.year,
                "template": self.template}

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def load_config(path: "str | os.PathLike | None" = None) -> Config:
    """The configuration at ``path`` (or ./gxtui.toml), checked against the rule catalogue: a
    misspelt rule id, option or severity is a ``ConfigError`` naming the line."""
    from gxtui.rules.registry import catalogue  # noqa: PLC0415

    return Config.load(path, rules=catalogue())


# -- one report ----------------------------------------------------------------------------------

def check_report(report: "Report", config: Config | None = None) -> list[Finding]:
    from gxtui.check import check_report as run  # noqa: PLC0415

    return run(report, config)


def _checked(path: str, report: "Report", findings: list[Finding]) -> Checked:
    from gxtui.compare.figures import slim  # noqa: PLC0415
    from gxtui.compare.pairing import identity, year_of  # noqa: PLC0415
    from gxtui.compare.peers import report_ratios  # noqa: PLC0415

    return Checked(path, report.agency, report.year if report.year is not None else year_of(report),
                   report.template, None, findings, report.source.sha256, identity(report).key,
                   figures=slim(report), ratios=report_ratios(report))


def check_file(path: str, config: Config, keep: Callable[[str, "Report"], None] | None = None) -> Checked:
    """Load and check one file; never raises (an unreadable file becomes ``Checked.error``).
    ``keep(path, report)`` receives the parsed report (a caller may hold it for pairing)."""
    from gxtui.check import check_report as run  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415

    try:
        report = load(path)
    except ReadError as e:
        return Checked(path, error=e.message)
    except MemoryError:  # over the worker's memory limit (gxtui.isolate): not an internal error
        raise
    except Exception as e:  # noqa: BLE001 - one broken file must not stop a batch
        return Checked(path, error=f"internal error while reading ({type(e).__name__}: {e})")
    try:
        findings = run(report, config)
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001
        return Checked(path, report.agency, report.year, report.template,
                       error=f"internal error while checking ({type(e).__name__}: {e})")
    if keep is not None:
        keep(path, report)
    return _checked(path, report, findings)


# -- a pair ------------------------------------------------------------------------------------------

def compare_pair(old: "Report", new: "Report", config: Config | None = None, *,
                 reuse: bool = True) -> "Comparison":
    """The comparison of two reports of one agency with its cross-year findings (``reuse``:
    with the section text reuse figures, which no rule reads)."""
    from gxtui.check import check_comparison  # noqa: PLC0415
    from gxtui.compare import compare  # noqa: PLC0415

    cmp = compare(old, new, config, reuse=reuse)
    cmp.findings = check_comparison(cmp, config)
    return cmp


def check_pair(old: "Report", new: "Report", config: Config | None = None) -> list[Finding]:
    """The cross-year findings of ``new`` against ``old``. The section text reuse of the
    comparison is left out: no rule reads it, and on full reports it was half the pair's time."""
    return compare_pair(old, new, config, reuse=False).findings


@dataclass
class PairAudit:
    """Two years of one agency, audited for the side-by-side view: the comparison, each year's
    own findings (the single-report rules on that report alone) and the cross-year findings
    (which belong to the newer report). ``items`` lists them all with the side they belong to,
    in the order the comparison screen shows them: cross-year first, then the older year's own,
    then the newer year's own."""

    comparison: "Comparison"
    old: list[Finding]
    new: list[Finding]
    cross: list[Finding]

    @property
    def items(self) -> list[tuple[str, Finding]]:
        return ([("cross", f) for f in self.cross] + [("old", f) for f in self.old]
                + [("new", f) for f in self.new])

    def count(self, side: str, severity: str | None = None) -> int:
        got = {"old": self.old, "new": self.new, "cross": self.cross}[side]
        return sum(1 for f in got if severity is None or f.severity == severity)


def audit_pair(old: "Report", new: "Report", config: Config | None = None, *,
               old_findings: list[Finding] | None = None,
               new_findings: list[Finding] | None = None) -> PairAudit:
    """Compare two reports and audit both: cross-year rules on the comparison and the
    single-report rules on each year (``old_findings``/``new_findings`` reuse findings already
    computed for that report; cross-year findings among them are dropped, they are recomputed
    for this pair)."""
    from gxtui.check import sort_key  # noqa: PLC0415
    from gxtui.rules.registry import load_all  # noqa: PLC0415

    cross_ids = {k for k, r in load_all().items() if r.scope == "pair"}

    def own(report: "Report", given: list[Finding] | None) -> list[Finding]:
        got = check_report(report, config) if given is None else list(given)
        return sorted((f for f in got if f.rule not in cross_ids), key=sort_key)

    cmp = compare_pair(old, new, config)
    if cmp.evidence:  # the newer year's cells fixed by last year's report: audit that reading
        if cmp.pairing.swapped:
            old, old_findings = cmp.new, None
        else:
            new, new_findings = cmp.new, None
    fixed = {a.row for a in cmp.evidence}

    def own_pair(report: "Report", given: list[Finding] | None) -> list[Finding]:
        # the evidence is said once, by Y-2 among the cross-year findings
        return [f for f in own(report, given)
                if not (fixed and f.rule == "S-5" and f.table == "table2" and f.row in fixed
                        and "依据上年报告" in f.message["zh"])]

    return PairAudit(cmp, own_pair(old, old_findings), own_pair(new, new_findings), list(cmp.findings))


class _Pairable(Protocol):
    path: str
    series: str | None
    year: int | None
    error: str | None


def plan_pairs(items: Iterable[_Pairable]) -> dict[str, str]:
    """new path → old path for every two consecutive years of one agency: members of a series
    sorted by year then path, neighbours whose years differ by one. The library, ``gxtui check``
    and ``gxtui report`` all pair with this."""
    series: dict[str, list[_Pairable]] = {}
    for s in items:
        if s.error or s.series is None or s.year is None:
            continue
        series.setdefault(s.series, []).append(s)
    out: dict[str, str] = {}
    for members in series.values():
        members.sort(key=lambda s: (s.year, s.path))
        for a, b in zip(members, members[1:]):
            if b.year == a.year + 1:  # type: ignore[operator]
                out[b.path] = a.path
    return out


# -- a folder ----------------------------------------------------------------------------------------

def _warm_up() -> None:
    """Import the extractor and the rules now: once in this process, and (forked) pool workers
    inherit them instead of each importing them again."""
    import gxtui.check  # noqa: F401, PLC0415
    import gxtui.extract  # noqa: F401, PLC0415
    from gxtui.rules.registry import load_all  # noqa: PLC0415

    load_all()


@contextmanager
def batch_gc() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a batch (here and the library's indexing pass).

    Checking a report allocates a few thousand objects and frees all of them by reference count
    (no cycles: a batch of 2,000 reports gives the collector nothing to collect), yet its passes,
    full ones scanning every object of the process, cost ~7% of the time — in the TUI, whose
    widgets every full collection walks too, 4.1 of the parent's 10.6 s CPU on a first open of
    10,000 reports. Objects alive now (modules, templates, widgets) are frozen out of its scans
    and it runs rarely; settings are restored."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _init_worker() -> None:
    """Pool worker: the same garbage collector settings as a one-process batch."""
    gc.freeze()
    gc.set_threshold(50_000, *gc.get_threshold()[1:])


def _check_chunk(args: tuple[str, Config]) -> Checked:
    return check_file(*args)


# In a gxtui.isolate worker: the reports it read last, for the cross-year pairs sent to it later.
_WORKER_REPORTS: "OrderedDict[str, Report]" = OrderedDict()


def _isolated(item: tuple, config: Config) -> Any:
    """What a ``gxtui.isolate`` worker of a ``Batch`` does: ``("check", path, forms)`` →
    ``Checked`` (with its packed pair form when ``forms`` and it can pair); ``("pair", old, new)``
    and ``("forms", old, new, old_form, new_form)`` → the cross-year findings (or an error text),
    from the reports this worker still holds, else the pair forms, else parsed again."""
    if item[0] == "check":
        read: list["Report"] = []

        def keep(path: str, report: "Report") -> None:
            read.append(report)
            _WORKER_REPORTS[path] = report
            _WORKER_REPORTS.move_to_end(path)
            while len(_WORKER_REPORTS) > Batch.KEEP_REPORTS:
                _WORKER_REPORTS.popitem(last=False)
        c = check_file(item[1], config, keep)
        if item[2] and read and c.error is None and c.series is not None and c.year is not None:
            from gxtui.compare.figures import pack  # noqa: PLC0415

            try:
                c.form = pack(read[0])
            except Exception:  # noqa: BLE001 - not picklable for some reason: the pair re-parses
                c.form = None
        return c
    from gxtui.compare.figures import unpack  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415

    old, new = item[1], item[2]
    forms = item[3:] if item[0] == "forms" else (None, None)
    try:
        ro = _WORKER_REPORTS.get(old) or (unpack(forms[0]) if forms[0] else load(old))
        rn = _WORKER_REPORTS.get(new) or (unpack(forms[1]) if forms[1] else load(new))
        return check_pair(ro, rn, config)
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - one failing pair must not stop a batch
        return f"internal error in the cross-year check against {os.path.basename(old)}: " \
               f"{type(e).__name__}: {e}"


def _pair_chunk(args: tuple[str, str, Config]) -> list[Finding] | str:
    from gxtui.extract import load  # noqa: PLC0415

    old, new, config = args
    try:
        return check_pair(load(old), load(new), config)
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - one failing pair must not stop a batch
        return f"internal error in the cross-year check against {os.path.basename(old)}: " \
               f"{type(e).__name__}: {e}"


class Batch:
    """Check many files: ``run`` yields each file's own findings as soon as it is checked (in
    input order); ``cross_year`` then adds the cross-year findings of every consecutive pair to
    the newer report (``pairs`` says how many pairs were checked).

    With ``isolate`` (the default) every file is read and checked in a ``gxtui.isolate`` worker
    process limited to ``mem`` bytes and ``timeout`` seconds (``None``: no limit): a file over
    either gets a one-line error and the rest of the batch goes on. ``isolate=False`` checks in
    this process (or a plain process pool for ``jobs`` > 1), as before."""

    KEEP_REPORTS = 32  # parsed reports kept for pairing (an agency's years are usually adjacent)

    def __init__(self, paths: list[str], config: Config, jobs: int = 1, *,
                 timeout: float | None = None, mem: int | None = None, isolate: bool = True,
                 forms: bool | None = None) -> None:
        from gxtui import isolate as _iso  # noqa: PLC0415

        self.paths, self.config, self.jobs = paths, config, max(1, jobs)
        self.isolate = isolate
        # isolated workers send back each report's pair form for the cross-year pass (None: when
        # there are several files): ≈ 0.25 ms a report against ≈ 2 ms saved a pair
        self.forms = len(paths) > 1 if forms is None else forms
        self._pool: Any = None
        self.timeout = _iso.DEFAULT_TIMEOUT if timeout is None else (timeout or None)
        self.mem = _iso.DEFAULT_MEMORY if mem is None else (mem or None)
        self.results: list[Checked] = []
        self.pairs = 0
        self.peer_findings = 0
        self._reports: OrderedDict[str, "Report"] = OrderedDict()

    def _keep(self, path: str, report: "Report") -> None:
        self._reports[path] = report
        while len(self._reports) > self.KEEP_REPORTS:
            self._reports.popitem(last=False)

    def run(self) -> Iterator[Checked]:
        _warm_up()
        if self.isolate:
            yield from self._run_isolated()
            return
        if self.jobs <= 1 or len(self.paths) <= 1:
            with batch_gc():
                for p in self.paths:
                    c = check_file(p, self.config, self._keep)
                    self.results.append(c)
                    yield c
            return
        from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - ≈ 25 ms of imports

        chunk = max(1, len(self.paths) // (self.jobs * 4))
        with ProcessPoolExecutor(max_workers=self.jobs, initializer=_init_worker) as pool:
            for c in pool.map(_check_chunk, [(p, self.config) for p in self.paths], chunksize=chunk):
                self.results.append(c)
                yield c

    def _run_isolated(self) -> Iterator[Checked]:
        import functools  # noqa: PLC0415

        from gxtui.isolate import Pool  # noqa: PLC0415

        # the workers stay for ``cross_year``: each pairs the reports it still holds
        self._pool = Pool(functools.partial(_isolated, config=self.config), self.jobs, self.timeout,
                          self.mem)
        with batch_gc():
            from gxtui.compare.pairing import may_pair  # noqa: PLC0415

            forms = may_pair(self.paths) if self.forms else [False] * len(self.paths)
            for o in self._pool.map(("check", p, f) for p, f in zip(self.paths, forms)):
                c = o.value if o.ok else Checked(o.item[1], error=o.error)
                self.results.append(c)
                yield c

    def _pairs_isolated(self, todo: list[tuple[str, str]],
                        by_path: dict[str, Checked]) -> list[list[Finding] | str]:
        import functools  # noqa: PLC0415

        from gxtui.isolate import Pool  # noqa: PLC0415

        if not todo:
            return []
        pool = self._pool or Pool(functools.partial(_isolated, config=self.config), self.jobs,
                                  self.timeout, self.mem)
        try:
            def job(new: str, old: str) -> tuple:
                fo, fn = by_path[old].form, by_path[new].form
                return ("forms", old, new, fo, fn) if fo or fn else ("pair", old, new)

            return [o.value if o.ok else f"{o.error} (the cross-year check against "
                    f"{os.path.basename(o.item[1])})"
                    for o in pool.map(job(new, old) for new, old in todo)]
        finally:
            pool.close()
            self._pool = None

    def close(self) -> None:
        """Stop the isolated workers (``cross_year`` does it too)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def cross_year(self) -> list[Checked]:
        """Run the cross-year rules on every consecutive pair; returns the results changed."""
        from gxtui.check import sort_key  # noqa: PLC0415
        from gxtui.extract import load  # noqa: PLC0415

        by_path = {c.path: c for c in self.results}
        plan = plan_pairs(self.results)
        todo = sorted(plan.items(), key=lambda kv: kv[0])
        outcomes: list[list[Finding] | str]
        if self.isolate:
            outcomes = self._pairs_isolated(todo, by_path)
            self.close()
        elif self.jobs > 1 and len(todo) > 1:
            from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

            with ProcessPoolExecutor(max_workers=self.jobs, initializer=_init_worker) as pool:
                outcomes = list(pool.map(_pair_chunk, [(o, n, self.config) for n, o in todo]))
        else:
            outcomes = []
            for new, old in todo:
                try:
                    ro = self._reports.get(old) or load(old)
                    rn = self._reports.get(new) or load(new)
                    outcomes.append(check_pair(ro, rn, self.config))
                except Exception as e:  # noqa: BLE001
                    outcomes.append(f"internal error in the cross-year check against "
                                    f"{os.path.basename(old)}: {type(e).__name__}: {e}")
        changed = []
        for (new, old), got in zip(todo, outcomes):
            c = by_path[new]
            self.pairs += 1
            if isinstance(got, str):
                c.error = got
            else:
                c.findings = sorted(c.findings + got, key=sort_key)
                c.pair_old = old
            changed.append(c)
        self._reports.clear()
        for c in self.results:
            c.form = None
        return changed

    def peers(self) -> list[Checked]:
        """Run the folder rules (B-1: far outside the peers of the same year and kind) on the
        key figures every checked report keeps (``Checked.figures``: no file is read again);
        each finding goes to the report it is about. Returns the results changed."""
        from gxtui.check import check_folder, sort_key  # noqa: PLC0415
        from gxtui.compare.peers import benchmark, report_ratios  # noqa: PLC0415

        by_path = {c.path: c for c in self.results if c.figures is not None}
        rows = []
        for path, c in by_path.items():
            rr = c.ratios if c.ratios is not None else report_ratios(c.figures)  # type: ignore[arg-type]
            rr.path = path
            rows.append(rr)
        found: dict[str, list[Finding]] = {}
        for f in check_folder(benchmark(rows), self.config):
            found.setdefault(f.path or "", []).append(f)
        self.peer_findings = sum(len(v) for v in found.values())
        changed = []
        for path, fs in found.items():
            c = by_path.get(path)
            if c is not None:
                c.findings = sorted(c.findings + fs, key=sort_key)
                changed.append(c)
        return changed
