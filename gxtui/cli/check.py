"""``gxtui check PATH... [--format text|json|csv] [--config PATH] [--jobs N] [--summary]``.

Checks report files and folders (recursively). Exit 0: no error-level finding; 1: some; 2: an input
could not be read (the others are still checked and printed) or the config is unusable.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Iterable, Iterator, TextIO

from gxtui.read.errors_zh import localize
from gxtui.cli.common import safe_text
from gxtui.config import Config, ConfigError
from gxtui.triage import Checked, rank, rule_frequency

CSV_FIELDS = ("path", "rule", "severity", "table", "row", "col", "section", "line", "expected", "actual",
              "message_zh", "message_en", "fingerprint")
SEV_LABEL = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
             "en": {"error": "error", "warning": "warning", "info": "info"}}
_COLOR = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m", "head": "\x1b[1m",
          "dim": "\x1b[2m"}
_RESET = "\x1b[0m"
_TABLE_SECTION = {"table2": "s2", "table3": "s3", "table4": "s4"}
_GROUP_ORDER = ("", "intro", "s1", "s2", "s3", "s4", "s5", "s6")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="validate reports: arithmetic identities, structure, dates, content")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders (searched recursively)")
    p.add_argument("--format", "-f", choices=("text", "json", "csv"), default="text")
    p.add_argument("--config", metavar="PATH", help="rule settings (default: ./gxtui.toml if present)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="check files in N processes")
    p.add_argument("--summary", action="store_true",
                   help="(text output) after the reports, rank them by what needs a human first and count "
                   "findings per rule")
    p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS)
    p.set_defaults(handler=run)


# -- checking ------------------------------------------------------------------------------
def check_file(path: str, config: Config) -> Checked:
    """Load and check one file; never raises (an unreadable file becomes ``Checked.error``)."""
    from gxtui.check import check_report  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415

    try:
        report = load(path)
    except ReadError as e:
        return Checked(path, error=e.message)
    except Exception as e:  # noqa: BLE001 - one broken file must not stop a batch
        return Checked(path, error=f"internal error while reading ({type(e).__name__}: {e})")
    try:
        findings = check_report(report, config)
    except Exception as e:  # noqa: BLE001
        return Checked(path, report.agency, report.year, report.template,
                       error=f"internal error while checking ({type(e).__name__}: {e})")
    return Checked(path, report.agency, report.year, report.template, None, findings)


def _check_chunk(args: tuple[str, Config]) -> Checked:
    return check_file(*args)


def _warm_up() -> None:
    """Import the extractor and the rules now: once in this process, and (forked) pool workers
    inherit them instead of each importing them again."""
    import gxtui.check  # noqa: F401, PLC0415
    import gxtui.extract  # noqa: F401, PLC0415
    from gxtui.rules.registry import load_all  # noqa: PLC0415

    load_all()


@contextmanager
def _batch_gc() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a batch.

    Checking a report allocates a few thousand objects and frees all of them by reference count
    (no cycles: a batch of 2,000 reports gives the collector nothing to collect), yet its passes,
    full ones scanning every object of the process, cost ~7% of the time. Objects alive now
    (modules, templates) are frozen out of its scans and it runs rarely; settings are restored."""
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


def check_all(paths: list[str], config: Config, jobs: int = 1) -> Iterator[Checked]:
    """Results in input order; with ``jobs > 1`` files are checked in a process pool."""
    _warm_up()
    if jobs <= 1 or len(paths) <= 1:
        with _batch_gc():
            for p in paths:
                yield check_file(p, config)
        return
    chunk = max(1, len(paths) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker) as pool:
        yield from pool.map(_check_chunk, [(p, config) for p in paths], chunksize=chunk)


class _Progress:
    """A one-line progress bar on stderr, only for batches on a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.on = total > 1 and stream.isatty()

    def step(self) -> None:
        self.done += 1
        if self.on:
            width = 30
            filled = width * self.done // self.total
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def clear(self) -> None:
        """Erase the bar (before other output reaches the same terminal)."""
        if self.on and self.done:
            self.stream.write("\r" + " " * 50 + "\r")
            self.stream.flush()


# -- output --------------------------------------------------------------------------------
def _width(s: str) -> int:
    """Terminal cells: CJK characters take two."""
    import unicodedata  # noqa: PLC0415

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def _rpad(s: str, width: int) -> str:
    return " " * max(0, width - _width(s)) + s


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_COLOR[style]}{text}{_RESET}" if color else text


def _group_of(f) -> str:  # noqa: ANN001
    return _TABLE_SECTION.get(f.table or "", f.section or "")


def _group_title(key: str, lang: str) -> str:
    from gxtui.rules.messages import SECTION_EN, SECTION_ZH, TABLE_ZH  # noqa: PLC0415

    if not key:
        return "整体" if lang == "zh" else "whole report"
    table = next((t for t, s in _TABLE_SECTION.items() if s == key), None)
    if lang == "zh":
        return SECTION_ZH.get(key, key) + (f"（{TABLE_ZH[table]}）" if table else "")
    return SECTION_EN.get(key, key) + (f" — table {TABLE_ZH[table][1]}" if table else "")


def format_text(c: Checked, lang: str, color: bool) -> str:
    """One report: a header line (agency, year, template, path) and its findings by section."""
    out = io.StringIO()
    if lang == "zh":
        ident = f"{c.agency or '（机关未识别）'} {c.year or '?'}年度 · {c.template or '?'}年版格式"
    else:
        ident = f"{c.agency or '(agency unknown)'} · {c.year or '?'} · template {c.template or '?'}"
    if not c.error:
        out.write(_paint(safe_text(ident), "head", color) + "  ")
    out.write(_paint(safe_text(c.path), "dim", color) + "\n")
    if c.error:
        msg = f"无法读取：{localize(c.error, 'zh')}" if lang == "zh" else f"cannot read: {c.error}"
        out.write("  " + _paint(safe_text(msg), "error", color) + "\n")
        return out.getvalue()
    if not c.findings:
        out.write("  " + ("未发现问题" if lang == "zh" else "no findings") + "\n")
        return out.getvalue()
    groups: dict[str, list] = {}
    for f in c.findings:
        groups.setdefault(_group_of(f), []).append(f)
    for key in sorted(groups, key=lambda k: _GROUP_ORDER.index(k) if k in _GROUP_ORDER else 99):
        out.write(f"  {_group_title(key, lang)}\n")
        for f in groups[key]:
            sev = _paint(f"{SEV_LABEL[lang].get(f.severity, f.severity):<7}" if lang == "en"
                         else SEV_LABEL[lang].get(f.severity, f.severity), f.severity, color)
            msg = f.message_zh if lang == "zh" else f.message_en
            out.write(f"    {sev} {f.rule:<6} {safe_text(msg)}\n")
    return out.getvalue()


def summary_line(results: list[Checked], lang: str) -> str:
    n = sum(1 for c in results if not c.error)
    bad = sum(1 for c in results if c.error)
    e = sum(c.count("error") for c in results)
    w = sum(c.count("warning") for c in results)
    i = sum(c.count("info") for c in results)
    with_err = sum(1 for c in results if c.count("error"))
    if lang == "zh":
        return (f"共检查 {n} 份报告（{with_err} 份有错误）：错误 {e} 条，警告 {w} 条，提示 {i} 条；"
                f"无法读取 {bad} 个文件")
    return (f"{n} report(s) checked ({with_err} with errors): {e} error(s), {w} warning(s), {i} info; "
            f"{bad} file(s) unreadable")


def format_summary(results: list[Checked], lang: str, color: bool, limit: int = 20) -> str:
    """The triage view: reports needing a human first, then how often each rule fired."""
    out = io.StringIO()
    ranked = rank(results, include_clean=False)
    zh = lang == "zh"
    out.write(_paint("优先审阅" if zh else "Review first", "head", color) + "\n")
    if not ranked:
        out.write("  " + ("没有需要优先审阅的报告" if zh else "nothing needs a look") + "\n")
    for i, r in enumerate(ranked[:limit], 1):
        c = r.checked
        name = safe_text(f"{c.agency or '?'} {c.year or '?'}")
        if c.error:
            what = "无法读取" if zh else "unreadable"
        else:
            what = (f"错误 {r.errors} 警告 {r.warnings}" if zh else f"{r.errors} errors, {r.warnings} warnings")
            if r.top_rules:
                what += f" [{', '.join(r.top_rules[:4])}]"
        out.write(f"  {i:>3}. {name}  {what}  {_paint(safe_text(c.path), 'dim', color)}\n")
    if len(ranked) > limit:
        out.write(f"  … {len(ranked) - limit} " + ("份更多" if zh else "more") + "\n")
    freq = rule_frequency(results)
    if freq:
        out.write(_paint("各规则发现数" if zh else "Findings per rule", "head", color) + "\n")
        head = ("规则", "级别", "条数", "报告数") if zh else ("rule", "severity", "findings", "reports")
        out.write(f"  {_pad(head[0], 8)} {_pad(head[1], 8)} {_rpad(head[2], 8)} {_rpad(head[3], 8)}\n")
        for rc in freq:
            sev = SEV_LABEL[lang].get(rc.severity, rc.severity)
            out.write(f"  {_pad(rc.rule, 8)} {_pad(sev, 8)} {rc.findings:>8} {rc.reports:>8}\n")
    return out.getvalue()


def to_json(results: list[Checked]) -> str:
    data = [{"path": c.path, "agency": c.agency, "year": c.year, "template": c.template, "error": c.error,
             "findings": [f.to_dict() for f in c.findings]} for c in results]
    from gxtui.cli.common import dumps_json  # noqa: PLC0415

    return dumps_json(data) + "\n"


def _csv_value(v: object) -> object:
    return "" if v is None else v


def to_csv(results: Iterable[Checked]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for c in results:
        for f in c.findings:
            d = f.to_dict()
            d["path"] = c.path
            w.writerow([_csv_value(d.get(k)) for k in CSV_FIELDS])
    return buf.getvalue()


def run(args: argparse.Namespace) -> int:
    from gxtui.files import iter_report_files  # noqa: PLC0415

    lang = getattr(args, "lang", None) or "zh"
    try:
        config = Config.load(args.config)
    except ConfigError as e:
        sys.stderr.write(f"gxtui: {safe_text(str(e))}\n")
        return 2
    paths = [str(p) for p in iter_report_files(args.paths)]
    if not paths:
        sys.stderr.write("gxtui: no report files found in " + safe_text(" ".join(args.paths)) + "\n")
        return 2
    color = args.format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    progress = _Progress(len(paths), sys.stderr)
    results: list[Checked] = []
    for c in check_all(paths, config, max(1, args.jobs)):
        results.append(c)
        progress.clear()
        if c.error:
            sys.stderr.write(f"gxtui: {safe_text(c.path)}: {safe_text(localize(c.error, lang))}\n")
        if args.format == "text":
            sys.stdout.write(format_text(c, lang, color) + "\n")
            sys.stdout.flush()
        progress.step()
    progress.clear()
    if args.format == "json":
        out = to_json(results)
        sys.stdout.write(safe_text(out) if sys.stdout.isatty() else out)
    elif args.format == "csv":
        out = to_csv(results)
        sys.stdout.write(safe_text(out) if sys.stdout.isatty() else out)
    else:
        if args.summary:
            sys.stdout.write(format_summary(results, lang, color) + "\n")
        sys.stdout.write(_paint(summary_line(results, lang), "head", color) + "\n")
    if any(c.error for c in results):
        return 2
    return 1 if any(c.count("error") for c in results) else 0
