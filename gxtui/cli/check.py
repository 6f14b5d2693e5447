"""``gxtui check PATH... [--format text|json|csv] [--jobs N] [--summary] [--no-cross-year]``.

Checks report files and folders (recursively) with ``gxtui.audit``: every report with the
single-report rules and, when the inputs hold consecutive years of one agency, the cross-year
rules of every such pair (as the library and ``gxtui report`` do; ``--no-cross-year`` turns that
off), and the peer benchmark rule B-1 on the whole input (info: an agency far outside its peers of
the same year and kind, only where n >= 30; ``--no-peers`` turns that off). Exit 0: no error-level finding; 1: some; 2: an input could not be read (the others are
still checked and printed) or the config is unusable.
"""

from __future__ import annotations

import csv
import io
import sys
from typing import Iterable

import click

from gxtui.audit import Batch, Checked
from gxtui.cli.common import Options, command, limit_options, report_skipped, safe_name
from gxtui.present.i18n import severity_label, t
from gxtui.present.terminal import paint, pad, progress, terminal_width, use_color, width
from gxtui.present.text import dumps_json, safe_text
from gxtui.read.errors_zh import localize
from gxtui.templates import vocab
from gxtui.triage import rank, rule_frequency

CSV_FIELDS = ("path", "sha256", "agency", "year", "template", "rule", "severity", "table", "row",
              "col", "block", "section", "list", "line", "expected", "actual", "message_zh",
              "message_en", "fingerprint")


# -- output --------------------------------------------------------------------------------
def _group_of(f) -> str:  # noqa: ANN001
    return vocab.section_of_table(f.table) or f.section or ""


def _group_title(key: str, lang: str) -> str:
    if not key:
        return t("check.whole", lang)
    title = vocab.section_title(key, lang)
    table = vocab.table_of_section(key)
    if not table:
        return title
    return f"{title}（{vocab.table_name(table, lang)}）" if lang == "zh" else \
        f"{title} — {vocab.table_name(table, lang)}"


def format_text(c: Checked, lang: str, color: bool, width_: int = 80) -> str:
    """One report: a header line (agency, year, template, path) and its findings by section,
    each wrapped at ``width_`` (CJK aware) under its severity and rule."""
    from gxtui.present.terminal import Lines  # noqa: PLC0415

    out = io.StringIO()
    ident = t("check.ident", lang, agency=c.agency or t("check.no_agency", lang), year=c.year or "?",
              template=c.template or "?")
    if not c.error:
        out.write(paint(safe_text(ident), "head", color) + "  ")
    out.write(paint(safe_name(c.path), "dim", color) + "\n")
    if c.error:
        msg = t("check.unreadable", lang, error=localize(c.error, lang))
        out.write("  " + paint(safe_text(msg, one_line=True), "error", color) + "\n")
        return out.getvalue()
    if not c.findings:
        out.write("  " + t("check.no_findings", lang) + "\n")
        return out.getvalue()
    groups: dict[str, list] = {}
    for f in c.findings:
        groups.setdefault(_group_of(f), []).append(f)
    lines = Lines(color, width_)
    for key in sorted(groups, key=lambda k: -1 if not k else vocab.section_rank(k)):
        lines.add(f"  {_group_title(key, lang)}")
        for f in groups[key]:
            sev = pad(severity_label(f.severity, lang), 7 if lang == "en" else 4)
            head = f"    {sev} {f.rule:<6} "
            before = len(lines.lines)
            lines.wrap(f.text(lang), " " * width(head), f.severity)
            first_text, style = lines.lines[before]
            lines.lines[before] = (head + first_text[width(head):], style)
    return out.getvalue() + lines.render()


def summary_line(results: list[Checked], lang: str, cross_year: bool | None = None,
                 pairs: int = 0, peers: int | None = None) -> str:
    """The closing line: counts, whether the cross-year rules ran (``None``: not said) and how
    many peer findings there were (``peers``: None when B-1 was not run)."""
    n = sum(1 for c in results if not c.error)
    bad = sum(1 for c in results if c.error)
    line = t("check.summary", lang, n=n, with_err=sum(1 for c in results if c.count("error")),
             e=sum(c.count("error") for c in results), w=sum(c.count("warning") for c in results),
             i=sum(c.count("info") for c in results), bad=bad)
    if cross_year is None:
        return line
    line += t("check.cross_on" if cross_year else "check.cross_off", lang, pairs=pairs)
    return line + (t("check.peers_off", lang) if peers is None else t("check.peers_on", lang, n=peers))


def format_summary(results: list[Checked], lang: str, color: bool, limit: int = 20) -> str:
    """The triage view: reports needing a human first, then how often each rule fired."""
    out = io.StringIO()
    ranked = rank(results, include_clean=False)
    out.write(paint(t("check.review_first", lang), "head", color) + "\n")
    if not ranked:
        out.write("  " + t("check.nothing", lang) + "\n")
    for i, r in enumerate(ranked[:limit], 1):
        c = r.checked
        name = safe_text(f"{c.agency or '?'} {c.year or '?'}")
        if c.error:
            what = t("report.unreadable", lang)
        else:
            what = t("check.counts", lang, e=r.errors, w=r.warnings)
            if r.top_rules:
                what += f" [{', '.join(r.top_rules[:4])}]"
        out.write(f"  {i:>3}. {name}  {what}  {paint(safe_name(c.path), 'dim', color)}\n")
    if len(ranked) > limit:
        out.write(f"  ... {t('check.more', lang, n=len(ranked) - limit)}\n")
    freq = rule_frequency(results)
    if freq:
        out.write(paint(t("check.per_rule", lang), "head", color) + "\n")
        out.write(_rule_table(freq, lang))
    return out.getvalue()


def _rule_table(freq: list, lang: str) -> str:
    """Findings per rule as a rich table (CJK-aware column widths)."""
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for i, key in enumerate(("rule", "severity", "findings", "reports")):
        table.add_column(t(f"report.{key}", lang), justify="right" if i >= 2 else "left")
    for rc in freq:
        table.add_row(rc.rule, severity_label(rc.severity, lang), str(rc.findings), str(rc.reports))
    buf = io.StringIO()
    Console(file=buf, width=120, color_system=None, highlight=False).print(table)
    return "".join(f"  {line}\n" for line in buf.getvalue().splitlines())


def to_json(results: list[Checked], cross_year: bool = True, pairs: int = 0,
            peers: int | None = None) -> str:
    from gxtui.present.schema import check  # noqa: PLC0415

    return dumps_json(check(results, cross_year=cross_year, pairs=pairs, peers=peers)) + "\n"


def _csv_value(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def to_csv(results: Iterable[Checked]) -> str:
    """One row per finding, named as in every output; messages in both languages."""
    from gxtui.present.schema import finding  # noqa: PLC0415

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for c in results:
        for f in c.findings:
            d = {**c.identity, **finding(f)}
            d["message_zh"], d["message_en"] = f.message_zh, f.message_en
            d["path"] = c.path
            w.writerow([_csv_value(d.get(k)) for k in CSV_FIELDS])
    return buf.getvalue()


@command("check", help="validate reports: arithmetic identities, structure, dates, content, and "
         "the cross-year rules when the inputs hold consecutive years of one agency")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json", "csv")), default="text")
@click.option("--jobs", "-j", type=int, default=1, metavar="N", help="check files in N processes")
@click.option("--summary", is_flag=True,
              help="(text output) rank the reports by what needs a human first, count findings per rule")
@click.option("--no-cross-year", is_flag=True, help="do not run the cross-year rules")
@click.option("--no-peers", is_flag=True, help="do not run the peer benchmark rule (B-1)")
@click.option("--width", type=int, default=None, help="text width (default: the terminal's)")
@limit_options
def command(opts: Options, paths: tuple[str, ...], fmt: str, jobs: int, summary: bool,
            no_cross_year: bool, no_peers: bool, width: int | None, timeout: float, memory: int,
            follow_links: bool) -> int:
    from gxtui.files import scan_report_files  # noqa: PLC0415

    lang = opts.lang
    config = opts.config()
    if config is None:
        return 2
    scan = scan_report_files(paths, follow_links=follow_links)
    files = list(scan.paths)
    report_skipped(scan.skipped, lang)
    if not files:
        sys.stderr.write("gxtui: no report files found in " + safe_text(" ".join(paths)) + "\n")
        return 2
    color = fmt == "text" and use_color(sys.stdout, opts.no_color)
    # wrapped at the terminal's width; a pipe or file gets one line per finding (for grep)
    text_width = terminal_width(sys.stdout, width) if width or sys.stdout.isatty() else 100_000
    batch = Batch(files, config, max(1, jobs), timeout=timeout, mem=memory << 20,
                  forms=not no_cross_year and len(files) > 1)
    with progress(len(files), sys.stderr) as step:
        for c in batch.run():
            if c.error:
                sys.stderr.write(f"gxtui: {safe_name(c.path)}: {safe_text(localize(c.error, lang), one_line=True)}\n")
            step()
        if not no_cross_year:
            batch.cross_year()
        if not no_peers:
            batch.peers()
        batch.close()
    results = batch.results
    cross = not no_cross_year
    if fmt == "json":
        out = to_json(results, cross, batch.pairs, None if no_peers else batch.peer_findings)
        sys.stdout.write(safe_text(out) if sys.stdout.isatty() else out)
    elif fmt == "csv":
        out = to_csv(results)
        sys.stdout.write(safe_text(out) if sys.stdout.isatty() else out)
    else:
        for c in results:
            sys.stdout.write(format_text(c, lang, color, text_width) + "\n")
        if summary:
            sys.stdout.write(format_summary(results, lang, color) + "\n")
        from gxtui.present.terminal import Lines  # noqa: PLC0415

        closing = Lines(color, text_width)
        closing.wrap(summary_line(results, lang, cross, batch.pairs,
                                  None if no_peers else batch.peer_findings), "", "head")
        sys.stdout.write(closing.render())
    if any(c.error for c in results):
        return 2
    return 1 if any(c.count("error") for c in results) else 0
