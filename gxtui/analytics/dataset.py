"""A folder as Parquet for analysts (``gxtui dataset PATH... -o DIR``): polars, DuckDB, pandas.

Four files, in the vocabulary of ``gxtui export`` (tables ``table2/table3/table4``, row and column
keys as in ``export --format json``; ``SCHEMAS`` below is the exact schema):

- ``reports.parquet``: one row per report file — identity (agency, pairing key, year, template,
  kind), published, source (sha256, format, encoding), counts of findings by severity, review
  status; unreadable files too, with ``read_error``;
- ``cells.parquet``: one row per table cell of every table found — every cell of the template
  (a cell the extractor did not read has semantic ``missing``), with value, raw text, semantic,
  recovered and source line;
- ``findings.parquet``: every finding — single-report rules (scope ``report``), cross-year rules
  against the previous year (``pair``, ``related_path`` = that year's file) and peer benchmarks
  (``folder``, rule B-1) — with the reviewer's decision if any;
- ``decisions.parquet``: every decision of every review file, orphans included (``orphan``).

Incremental, keyed like the library index (``gxtui.library.index``): a report is re-read only when its
absolute path, size or ``mtime_ns`` changed, or the stamp (gxtui version + domain code signature +
config hash) did; the keys are kept in ``reports.parquet`` itself. Cross-year findings are
recomputed for the pairs one of whose files was re-read or whose previous year changed (the
unchanged partner is read again for that); peer findings, review status and decisions are
recomputed on every run from the cells and the review files, which costs no report reading.
Each file is written to a temp file and renamed: a crash leaves the old dataset or the new one.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

    from gxtui.config import Config
    from gxtui.model import Finding, Report

FILES = ("reports", "cells", "findings", "decisions")


def _schemas() -> dict[str, dict[str, Any]]:
    import polars as pl  # noqa: PLC0415

    s, i32, i64, f64, b = pl.Utf8, pl.Int32, pl.Int64, pl.Float64, pl.Boolean
    return {
        "reports": {
            "path": s, "agency": s, "agency_key": s, "agency_from": s, "year": i32, "template": s,
            "kind": s, "published": pl.Date, "title": s, "period_start": pl.Date, "period_end": pl.Date,
            "tables": pl.List(pl.Utf8), "sha256": s, "format": s, "encoding": s, "read_error": s,
            "errors": i32, "warnings": i32, "infos": i32, "review_status": s, "decisions": i32,
            "pair_old": s, "size": i64, "mtime_ns": i64, "inode": i64, "ctime_ns": i64, "stamp": s,
        },
        "cells": {
            "path": s, "agency": s, "year": i32, "template": s, "table": s, "row": s, "col": s,
            "value": f64, "raw": s, "semantic": s, "recovered": b, "line": i32, "unit": s,
        },
        "findings": {
            "path": s, "agency": s, "year": i32, "scope": s, "rule": s, "severity": s, "table": s,
            "row": s, "col": s, "section": s, "line": i32, "expected": s, "actual": s,
            "message_zh": s, "message_en": s, "fingerprint": s, "related_path": s, "decision": s,
        },
        "decisions": {
            "path": s, "agency": s, "year": i32, "fingerprint": s, "status": s, "note": s,
            "decided_at": s, "rule": s, "severity": s, "table": s, "row": s, "col": s, "section": s,
            "line": i32, "expected": s, "actual": s, "message_zh": s, "report_changed": b,
            "orphan": b,
        },
    }


@dataclass
class Stats:
    files: int = 0
    read: int = 0  # reports (re-)read because new or changed
    reused: int = 0  # unchanged since the last run: rows kept
    removed: int = 0  # in the last run, gone now
    reloaded: int = 0  # unchanged reports read again for a cross-year pair
    pairs: int = 0  # cross-year pairs checked
    seconds: float = 0.0


# -- rows of one report ---------------------------------------------------------------------------

def _text(v: Any) -> str | None:
    """expected / actual as text: numbers as a reviewer reads them, None stays None."""
    if v is None:
        return None
    from gxtui.model import display_number  # noqa: PLC0415

    return display_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)


def cell_rows(report: "Report", path: str) -> list[dict[str, Any]]:
    """Every cell of every table found, template order first (as ``export --format json``), then
    any cell the extractor read outside the template."""
    from gxtui import templates  # noqa: PLC0415
    from gxtui.compare.pairing import year_of  # noqa: PLC0415

    base = {"path": path, "agency": report.agency, "year": year_of(report), "template": report.template}
    out = []
    seen = set()
    tpl = templates.get(report.template) if report.template else None
    for table in ("table2", "table3", "table4"):
        if tpl is None or not report.has_table(table):
            continue
        for row, col in tpl.table_keys(table):
            seen.add((table, row, col))
            c = report.cell(table, row, col)
            if c is None:
                out.append({**base, "table": table, "row": row, "col": col, "value": None, "raw": None,
                            "semantic": "missing", "recovered": False, "line": None, "unit": None})
            else:
                out.append(_cell(base, c))
    for key, c in report.cells.items():
        if key not in seen:
            out.append(_cell(base, c))
    return out


def _cell(base: dict[str, Any], c: Any) -> dict[str, Any]:
    return {**base, "table": c.table, "row": c.row, "col": c.col,
            "value": None if c.value is None else float(c.value), "raw": c.raw, "semantic": c.semantic,
            "recovered": bool(c.recovered), "line": c.line, "unit": c.unit}


def finding_rows(findings: Iterable["Finding"], path: str, agency: str | None, year: int | None,
                 scope: str, related: str | None = None) -> list[dict[str, Any]]:
    return [{"path": path, "agency": agency, "year": year, "scope": scope, "rule": f.rule,
             "severity": f.severity, "table": f.table, "row": f.row, "col": f.col, "section": f.section,
             "line": f.line, "expected": _text(f.expected), "actual": _text(f.actual),
             "message_zh": f.message_zh, "message_en": f.message_en, "fingerprint": f.fingerprint,
             "related_path": related, "decision": None} for f in findings]


def _report_row(report: "Report | None", path: str, key: tuple[int, ...], stamp: str,
                error: str | None = None) -> dict[str, Any]:
    from gxtui.compare.pairing import file_identity, identity, year_of  # noqa: PLC0415

    if report is None:
        ident = file_identity(path)
        return {"path": path, "agency": None, "agency_key": ident.key, "agency_from": "file",
                "year": ident.year, "template": None, "kind": None, "published": None, "title": None,
                "period_start": None, "period_end": None, "tables": [], "sha256": None, "format": None,
                "encoding": None, "read_error": error, **_key_fields(key), "stamp": stamp}
    ident = identity(report)
    s = report.source
    return {"path": path, "agency": report.agency, "agency_key": ident.key,
            "agency_from": ident.agency_from, "year": year_of(report), "template": report.template,
            "kind": report.kind, "published": report.published, "title": report.title,
            "period_start": report.period[0] if report.period else None,
            "period_end": report.period[1] if report.period else None,
            "tables": sorted(report.tables_found), "sha256": s.sha256, "format": s.format,
            "encoding": s.encoding, "read_error": None, **_key_fields(key), "stamp": stamp}


def _key_fields(key: tuple[int, ...]) -> dict[str, int]:
    """The library index's file key (size, mtime_ns, inode, ctime_ns) as report columns: a file
    edited with its mtime restored, or replaced by another, is read again (issue 14)."""
    size, mtime, ino, ctime = (tuple(key) + (0, 0, 0, 0))[:4]
    return {"size": size, "mtime_ns": mtime, "inode": ino, "ctime_ns": ctime}


# -- the previous run ---------------------------------------------------------------------------------

def _read_previous(out_dir: Path, stamp: str) -> dict[str, "pl.DataFrame"] | None:
    """The four frames of the last run, or None when there is none usable (missing, damaged, an
    older schema, or another stamp: everything is read again)."""
    import polars as pl  # noqa: PLC0415

    schemas = _schemas()
    frames = {}
    for name in FILES:
        p = out_dir / f"{name}.parquet"
        if not p.exists():
            return None
        try:
            df = pl.read_parquet(p)
        except Exception:  # noqa: BLE001 - a damaged file: rebuild
            return None
        if dict(df.schema) != schemas[name]:
            return None
        frames[name] = df
    rep = frames["reports"]
    if rep.height and set(rep["stamp"].unique().to_list()) != {stamp}:
        return None
    return frames


# -- the build ---------------------------------------------------------------------------------------

@dataclass
class _State:
    stamp: str
    config: "Config | None"
    stats: Stats
    report_rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # path → static columns
    loaded: "OrderedDict[str, Report]" = field(default_factory=OrderedDict)  # the last reports read (LRU)
    jobs: int = 1
    new_cells: list[dict[str, Any]] = field(default_factory=list)
    new_findings: list[dict[str, Any]] = field(default_factory=list)


KEEP_REPORTS = 64  # parsed reports kept for the cross-year pairs (an agency's years are adjacent)


def _keep(st: "_State", path: str, report: "Report") -> None:
    st.loaded[path] = report
    st.loaded.move_to_end(path)
    while len(st.loaded) > KEEP_REPORTS:
        st.loaded.popitem(last=False)


def _read(args: tuple[str, tuple[int, ...], str, "Config | None", bool]) -> tuple[
        dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], "Report | None"]:
    """One changed file: its reports row, cell rows and finding rows (and the report itself when
    ``keep``; a worker process returns rows only). Never raises."""
    from gxtui.analytics.folder import load_one  # noqa: PLC0415
    from gxtui.check import check_report  # noqa: PLC0415

    path, key, stamp, config, keep = args
    report, error = load_one(path)
    row = _report_row(report, path, key, stamp, error)
    if report is None:
        return row, [], [], None
    try:
        found = check_report(report, config)
    except Exception as e:  # noqa: BLE001 - a failing rule must not stop the dataset
        row["read_error"] = f"check failed: {type(e).__name__}: {e}"
        found = []
    return (row, cell_rows(report, path), finding_rows(found, path, report.agency, row["year"], "report"),
            report if keep else None)


def _pair(args: tuple[str, str, "Config | None"]) -> list["Finding"] | None:
    """The cross-year findings of ``new`` against ``old`` (both read here); None when one is
    unreadable. Never raises."""
    from gxtui.analytics.folder import load_one  # noqa: PLC0415
    from gxtui.check import check_pair  # noqa: PLC0415

    old, new, config = args
    ro, _ = load_one(old)
    rn, _ = load_one(new)
    if ro is None or rn is None:
        return None
    try:
        return check_pair(ro, rn, config)
    except Exception:  # noqa: BLE001
        return []


def build(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike,
          config: "Config | None" = None, progress: Callable[[int, int], None] | None = None,
          jobs: int = 1) -> Stats:
    """Write (or bring up to date) the dataset of ``paths`` in ``out_dir``, reading changed files
    and checking pairs in ``jobs`` processes. Returns what was done."""
    import polars as pl  # noqa: PLC0415

    from gxtui.analytics.folder import report_files  # noqa: PLC0415
    from gxtui.library.index import file_key, stamp as make_stamp  # noqa: PLC0415

    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    st = _State(make_stamp(config), config, Stats(), jobs=max(1, jobs))
    prev = _read_previous(out, st.stamp)
    prev_keys: dict[str, tuple[int, ...]] = {}
    prev_pair: dict[str, str | None] = {}
    if prev is not None:
        for row in prev["reports"].select("path", "size", "mtime_ns", "inode", "ctime_ns",
                                          "pair_old").iter_rows():
            prev_keys[row[0]] = tuple(row[1:5])
            prev_pair[row[0]] = row[5]
    files = [os.path.abspath(p) for p in report_files(paths)]
    files = list(dict.fromkeys(files))
    st.stats.files = len(files)
    reused: set[str] = set()
    todo: list[tuple[str, tuple[int, ...]]] = []
    for path in files:
        key = file_key(path) or (0, 0, 0, 0)
        if prev is not None and prev_keys.get(path) == key:
            reused.add(path)
        else:
            todo.append((path, key))
    args = [(path, key, st.stamp, config, st.jobs == 1) for path, key in todo]
    for n, (row, cells_, found_, report) in enumerate(_map(_read, args, st.jobs), len(reused) + 1):
        st.stats.read += 1
        st.report_rows[row["path"]] = row
        st.new_cells += cells_
        st.new_findings += found_
        if report is not None:
            _keep(st, row["path"], report)
        if progress is not None:
            progress(n, len(files))
    st.stats.reused = len(reused)
    st.stats.removed = len(set(prev_keys) - set(files))

    schemas = _schemas()
    if prev is not None:
        keep = pl.col("path").is_in(sorted(reused))
        old_reports = prev["reports"].filter(keep)
        for row in old_reports.iter_rows(named=True):
            st.report_rows[row["path"]] = {k: row[k] for k in row if k in _STATIC}
        cells = pl.concat([prev["cells"].filter(keep),
                           pl.DataFrame(st.new_cells, schema=schemas["cells"])
                           if st.new_cells else pl.DataFrame(schema=schemas["cells"])])
        old_findings = prev["findings"].filter(keep & (pl.col("scope") == "report"))
        old_pairs = prev["findings"].filter(keep & (pl.col("scope") == "pair"))
    else:
        cells = pl.DataFrame(st.new_cells, schema=schemas["cells"]) if st.new_cells \
            else pl.DataFrame(schema=schemas["cells"])
        old_findings = pl.DataFrame(schema=schemas["findings"])
        old_pairs = pl.DataFrame(schema=schemas["findings"])
    rows = [st.report_rows[p] for p in files]

    pair_rows, pair_of = _pairs(st, rows, reused, prev_pair, old_pairs)
    folder_rows = _peer_rows(st, rows, cells)
    findings = pl.concat([
        old_findings.drop("decision"),
        pl.DataFrame(st.new_findings + pair_rows + folder_rows, schema=schemas["findings"]).drop("decision")
        if (st.new_findings or pair_rows or folder_rows) else
        pl.DataFrame(schema=schemas["findings"]).drop("decision"),
    ])
    findings, decisions, review = _reviews(rows, findings)
    reports = _reports_frame(rows, findings, review, pair_of)
    for name, df in (("cells", cells), ("findings", findings), ("decisions", decisions),
                     ("reports", reports)):  # the manifest last: see the module docstring
        _write(df.select(list(schemas[name])).cast(schemas[name]), out / f"{name}.parquet")
    st.stats.seconds = time.perf_counter() - t0
    return st.stats


_STATIC = ("path", "agency", "agency_key", "agency_from", "year", "template", "kind", "published",
           "title", "period_start", "period_end", "tables", "sha256", "format", "encoding",
           "read_error", "size", "mtime_ns", "inode", "ctime_ns", "stamp")


def _pairs(st: _State, rows: list[dict[str, Any]], reused: set[str], prev_pair: dict[str, str | None],
           old_pairs: "pl.DataFrame") -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Cross-year findings for every pair of consecutive years of one agency (pairing's rules:
    ``group_identities``, neighbours by year whose years differ by one). A pair whose two files
    were both reused and that was the same pair last time keeps its findings."""
    import polars as pl  # noqa: PLC0415

    from gxtui.compare.pairing import Identity, group_identities  # noqa: PLC0415

    readable = [r for r in rows if r["read_error"] is None and r["year"] is not None]
    ids = [Identity(r["path"], r["agency"], r["agency_key"], r["year"], r["agency_from"], "report")
           for r in readable]
    pair_of: dict[str, str] = {}
    for members in group_identities(ids):
        for a, b in zip(members, members[1:]):
            if ids[b].year == ids[a].year + 1:  # type: ignore[operator]
                pair_of[ids[b].path] = ids[a].path
    keep: list[str] = []
    out: list[dict[str, Any]] = []
    todo = []
    for new, old in pair_of.items():
        if new in reused and old in reused and prev_pair.get(new) == old:
            keep.append(new)
        else:
            todo.append((new, old))
    if st.jobs > 1 and len(todo) > 1:
        results = _map(_pair, [(old, new, st.config) for new, old in todo], st.jobs)
        st.stats.reloaded += 2 * len(todo)
    else:
        results = (_pair_here(st, old, new) for new, old in todo)
    for (new, old), found in zip(todo, results):
        if found is None:
            continue
        st.stats.pairs += 1
        r = st.report_rows[new]
        out += finding_rows(found, new, r["agency"], r["year"], "pair", related=old)
    kept = old_pairs.filter(pl.col("path").is_in(keep)).to_dicts() if keep else []
    return kept + out, pair_of


def _pair_here(st: _State, old: str, new: str) -> list["Finding"] | None:
    """``_pair`` in this process, with the reports still in memory where they are."""
    from gxtui.analytics.folder import load_one  # noqa: PLC0415
    from gxtui.check import check_pair  # noqa: PLC0415

    reports = []
    for p in (old, new):
        if p not in st.loaded:
            report, _ = load_one(p)
            st.stats.reloaded += 1
            if report is not None:
                _keep(st, p, report)
        else:
            st.loaded.move_to_end(p)
        reports.append(st.loaded.get(p))
    if reports[0] is None or reports[1] is None:
        return None
    try:
        return check_pair(reports[0], reports[1], st.config)
    except Exception:  # noqa: BLE001 - a failing rule must not stop the dataset
        return []


def _map(fn: Callable, args: list, jobs: int) -> Iterable:
    """``map(fn, args)``, in ``jobs`` processes when there is more than one (input order kept)."""
    if jobs <= 1 or len(args) <= 1:
        return map(fn, args)
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    def run() -> Iterable:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(fn, args, chunksize=max(1, len(args) // (jobs * 8)))
    return run()


def _peer_rows(st: _State, rows: list[dict[str, Any]], cells: "pl.DataFrame") -> list[dict[str, Any]]:
    """B-1 findings from the cells of every report (no report is read for them)."""
    import polars as pl  # noqa: PLC0415

    from gxtui.analytics.peers import benchmark, ratios, ratios_from  # noqa: PLC0415
    from gxtui.check import check_folder  # noqa: PLC0415

    needed = {k for r in ratios() for k in (*r.numerator, *r.denominator)}
    tables = sorted({k[0] for k in needed})
    sub = cells.filter(pl.col("table").is_in(tables)).select("path", "table", "row", "col", "value",
                                                             "semantic")
    by_path: dict[str, dict[tuple[str, str, str], tuple[Any, str]]] = {}
    for path, t, r, c, v, sem in sub.iter_rows():
        if (t, r, c) in needed:
            by_path.setdefault(path, {})[(t, r, c)] = (v, sem)
    info = {r["path"]: r for r in rows}
    rr = []
    for path, got in by_path.items():
        row = info.get(path)
        if row is None or row["kind"] is None:
            continue
        rr.append(ratios_from(path, row["agency"], row["year"], row["kind"],
                              lambda t, r_, c, got=got: got.get((t, r_, c))))
    found = check_folder(benchmark(rr), st.config)
    out = []
    for f in found:
        row = info.get(f.path or "")
        out += finding_rows([f], f.path or "", row["agency"] if row else None,
                            row["year"] if row else None, "folder")
    return out


def _reviews(rows: list[dict[str, Any]], findings: "pl.DataFrame") -> tuple["pl.DataFrame", "pl.DataFrame", dict[str, tuple[str, int]]]:
    """Decisions of every review file, the decision of each finding, the review status per
    report. Review files are read only where one exists (two stat calls per report otherwise)."""
    import polars as pl  # noqa: PLC0415

    from gxtui.library.index import sidecar_sig  # noqa: PLC0415
    from gxtui.review import ReviewStore  # noqa: PLC0415

    schemas = _schemas()
    review: dict[str, tuple[str, int]] = {}
    decision_rows: list[dict[str, Any]] = []
    status_of: dict[tuple[str, str], str] = {}
    fp_by_path: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["read_error"] is not None:
            review[r["path"]] = ("unreadable", 0)
            continue
        if not sidecar_sig(r["path"]):
            review[r["path"]] = ("not-reviewed", 0)
            continue
        fp_by_path.setdefault(r["path"], [])
    if fp_by_path:
        sub = findings.filter(pl.col("path").is_in(sorted(fp_by_path)))
        for f in sub.iter_rows(named=True):
            fp_by_path[f["path"]].append(f)
    for r in rows:
        path = r["path"]
        if path not in fp_by_path:
            continue
        store = ReviewStore.for_report(path, r["sha256"] or "")
        if store.error:
            review[path] = ("review-file-error", 0)
            continue
        # fingerprints only: a light stand-in for each Finding (attach matches by fingerprint)
        stand_ins = [_FP(f["fingerprint"]) for f in fp_by_path[path]]
        att = store.attach(stand_ins)  # type: ignore[arg-type]
        for fp, d in att.by_fingerprint.items():
            status_of[(path, fp)] = d.status
        orphans = {id(d) for d in att.orphans}
        for d in [*att.by_fingerprint.values(), *att.orphans]:
            decision_rows.append({
                "path": path, "agency": r["agency"], "year": r["year"], "fingerprint": d.fingerprint,
                "status": d.status, "note": d.note,
                "decided_at": d.decided_at.isoformat() if d.decided_at else None, "rule": d.rule,
                "severity": d.severity, "table": d.table, "row": d.row, "col": d.col,
                "section": d.section, "line": d.line, "expected": _text(d.expected),
                "actual": _text(d.actual), "message_zh": d.message_zh,
                "report_changed": bool(d.report_changed), "orphan": id(d) in orphans})
        if store.reviewed:
            status = "reviewed-changed" if store.reviewed_report_changed else "reviewed"
        else:
            status = "not-reviewed"
        review[path] = (status, len(store.decisions))
    if status_of:
        dec = pl.DataFrame([{"path": p, "fingerprint": fp, "decision": s} for (p, fp), s in status_of.items()],
                           schema={"path": pl.Utf8, "fingerprint": pl.Utf8, "decision": pl.Utf8})
        findings = findings.join(dec, on=["path", "fingerprint"], how="left")
    else:
        findings = findings.with_columns(pl.lit(None, dtype=pl.Utf8).alias("decision"))
    decisions = pl.DataFrame(decision_rows, schema=schemas["decisions"]) if decision_rows \
        else pl.DataFrame(schema=schemas["decisions"])
    return findings, decisions, review


@dataclass(frozen=True)
class _FP:
    """What ``ReviewStore.attach`` needs of a finding: its fingerprint (no legacy one: decisions
    under pre-rename fingerprints attach in the TUI and the findings report, which have the
    full findings, and move to the new key when the reviewer saves)."""

    fingerprint: str


def _reports_frame(rows: list[dict[str, Any]], findings: "pl.DataFrame",
                   review: dict[str, tuple[str, int]], pair_of: dict[str, str]) -> "pl.DataFrame":
    import polars as pl  # noqa: PLC0415

    counts: dict[str, dict[str, int]] = {}
    for path, sev, n in findings.group_by("path", "severity").len().iter_rows():
        counts.setdefault(path, {})[sev] = n
    out = []
    for r in rows:
        c = counts.get(r["path"], {})
        status, ndec = review.get(r["path"], ("not-reviewed", 0))
        out.append({**{k: r[k] for k in _STATIC}, "errors": c.get("error", 0),
                    "warnings": c.get("warning", 0), "infos": c.get("info", 0),
                    "review_status": status, "decisions": ndec, "pair_old": pair_of.get(r["path"])})
    schema = _schemas()["reports"]
    return pl.DataFrame(out, schema=schema) if out else pl.DataFrame(schema=schema)


def _write(df: "pl.DataFrame", path: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        df.write_parquet(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read(out_dir: str | os.PathLike) -> dict[str, "pl.DataFrame"]:
    """The four frames of a dataset (for tests and notebooks)."""
    import polars as pl  # noqa: PLC0415

    return {name: pl.read_parquet(Path(out_dir) / f"{name}.parquet") for name in FILES}

