"""The findings report a reviewer hands on (``gxtui report FOLDER --format md|html|csv``).

For every report in a folder: its findings, each with the reviewer's decision and note (from the
``REPORT.gxtui.toml`` sidecar, see ``gxtui.review``), the decisions whose finding is gone
(orphans), and a summary ranked by what needs a human first:

1. files that could not be read at all, then unreviewed errors,
2. then cross-year problems (rules ``Y-*`` / ``P-*``),
3. then warnings,

with counts per agency and per rule (which rules fire most across the folder). The ranking is
``gxtui.triage.rank_key`` — the same one ``gxtui check --summary`` and the TUI library use —
fed with the reviewer's decisions: only *open* findings count.

A finding is *open* when it has no decision and the report has not been marked reviewed (for
its current content). Follow-up decisions are counted separately: someone still has to act.

``collect`` does the work (no output format involved); ``render_md`` / ``render_html`` /
``render_csv`` only format. The HTML is one self-contained file: inline CSS, no scripts, no
external resources, every piece of report or reviewer text escaped.
"""

from __future__ import annotations

import csv
import datetime as _dt
import html
import io
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from gxtui.files import OWN_OUTPUT_MARKER, sign_own_output
from gxtui.present.export import csv_bool
from gxtui.present.i18n import decision_label, severity_label
from gxtui.present.i18n import t as _text
from gxtui.present.text import safe_text
from gxtui.review import AttachResult, Decision, ReviewStore
from gxtui.templates import vocab
from gxtui.triage import CROSS_YEAR_PREFIXES, Open, is_cross_year, open_counts, rank_key

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.audit import Checked
    from gxtui.config import Config
    from gxtui.model import Finding

MARKER = OWN_OUTPUT_MARKER  # written into md/html output; such files are never read as reports
__all__ = ["CROSS_YEAR_PREFIXES", "is_cross_year", "Entry", "FolderReview", "collect", "render_md",
           "render_html", "render_csv", "FORMATS", "MARKER"]


# -- collecting -----------------------------------------------------------------------------------

@dataclass
class Entry:
    """One file of the folder: the report, its findings and the reviewer's decisions."""

    path: Path
    checked: "Checked"  # identity, findings (own and cross-year) or the read error
    store: ReviewStore | None = None
    attached: AttachResult | None = None

    # --- derived -------------------------------------------------------------------------------
    @property
    def error(self) -> str | None:
        return self.checked.error

    @property
    def findings(self) -> list["Finding"]:
        return self.checked.findings

    @property
    def agency(self) -> str:
        return self.checked.agency or self.path.stem

    @property
    def year(self) -> int | None:
        return self.checked.year

    @property
    def reviewed(self) -> bool:
        """Marked reviewed for the current content of the report."""
        s = self.store
        return bool(s and s.reviewed and not s.reviewed_report_changed)

    def decision(self, f: "Finding") -> Decision | None:
        return self.attached.decision_for(f) if self.attached else None

    def is_open(self, f: "Finding") -> bool:
        """Awaiting a reviewer: an error or a warning without a decision on a report not marked
        reviewed. Info notes (could not check, a date not found) are never pending."""
        return f.severity in ("error", "warning") and not self.reviewed and self.decision(f) is None

    def _open(self, pred: Callable[["Finding"], bool]) -> int:
        return sum(1 for f in self.findings if pred(f) and self.is_open(f))

    @property
    def open_errors(self) -> int:
        return self._open(lambda f: f.severity == "error")

    @property
    def open_cross_year(self) -> int:
        return self._open(lambda f: f.severity != "error" and is_cross_year(f.rule))

    @property
    def open_warnings(self) -> int:
        return self._open(lambda f: f.severity == "warning" and not is_cross_year(f.rule))

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def status_count(self, status: str) -> int:
        return sum(1 for f in self.findings if (d := self.decision(f)) is not None and d.status == status)

    @property
    def orphans(self) -> list[Decision]:
        return self.attached.orphans if self.attached else []

    @property
    def changed(self) -> int:
        return len(self.attached.changed) if self.attached else 0

    def open(self) -> Open:
        """What still needs a human here (the input of ``gxtui.triage.rank_key``)."""
        dec = self.decision
        return open_counts(self.findings, status=lambda f: (d.status if (d := dec(f)) else None),
                           reviewed=self.reviewed, unreadable=bool(self.error), orphans=len(self.orphans))

    def tier(self) -> int:
        """0 open errors or unreadable, 1 open cross-year, 2 open warnings, 3 follow-up, 4 done."""
        return self.open().tier

    def rank_key(self) -> tuple:
        return rank_key(self.open(), self.agency, self.year or 0, str(self.path))


@dataclass
class FolderReview:
    entries: list[Entry]  # ranked: what needs a human first
    roots: list[str]
    generated: _dt.datetime
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) left out by the scan
    config: Any = None  # the configuration the folder was checked with (B-1's settings)

    def per_agency(self) -> list[dict]:
        rows: dict[str, dict] = {}
        for e in self.entries:
            r = rows.setdefault(e.agency, {"agency": e.agency, "reports": 0, "unreadable": 0,
                                           "error": 0, "warning": 0, "info": 0, "open": 0,
                                           "confirmed": 0, "dismissed": 0, "follow-up": 0})
            r["reports"] += 1
            r["unreadable"] += 1 if e.error else 0
            for sev in ("error", "warning", "info"):
                r[sev] += e.count(sev)
            r["open"] += sum(1 for f in e.findings if e.is_open(f))
            for st in ("confirmed", "dismissed", "follow-up"):
                r[st] += e.status_count(st)
        return sorted(rows.values(), key=lambda r: (-r["error"], -r["open"], -r["warning"], r["agency"]))

    def per_rule(self) -> list[dict]:
        """The frequency view: which rules fire most across the folder."""
        from gxtui.rules.registry import RULES  # noqa: PLC0415

        rows: dict[str, dict] = {}
        for e in self.entries:
            for f in e.findings:
                rule = RULES.get(f.rule)
                r = rows.setdefault(f.rule, {
                    "rule": f.rule, "severity": f.severity, "findings": 0, "reports": set(),
                    "title_zh": rule.title_zh if rule else "", "title_en": rule.title_en if rule else "",
                    "open": 0, "confirmed": 0, "dismissed": 0, "follow-up": 0})
                r["findings"] += 1
                r["severities"] = r.get("severities", set()) | {f.severity}
                r["reports"].add(str(e.path))
                if e.is_open(f):
                    r["open"] += 1
                d = e.decision(f)
                if d is not None:
                    r[d.status] += 1
        out = []
        rank = {"error": 0, "warning": 1, "info": 2}
        for r in rows.values():
            r["reports"] = len(r["reports"])
            # a rule that fired at several severities (Y-1: a warning where the figures disagree,
            # info where they could not be read) is listed at its worst, with the others after it
            sevs = sorted(r.pop("severities"), key=lambda v: rank.get(v, 9))
            r["severity"], r["severities"] = sevs[0], sevs
            out.append(r)
        return sorted(out, key=lambda r: (-r["findings"], r["rule"]))

    def totals(self) -> Counter:
        c: Counter = Counter()
        for e in self.entries:
            c["reports"] += 1
            c["unreadable"] += 1 if e.error else 0
            c["reviewed"] += 1 if e.reviewed else 0
            c["findings"] += len(e.findings)
            c["open"] += sum(1 for f in e.findings if e.is_open(f))
            c["orphans"] += len(e.orphans)
            for sev in ("error", "warning", "info"):
                c[sev] += e.count(sev)
        return c


def collect(paths: Iterable[str | os.PathLike], config: "Config | None" = None, *,
            cross_year: bool = True, peers: bool = True, isolate: bool = False,
            follow_links: bool = False, timeout: float | None = None,
            mem: int | None = None) -> FolderReview:
    """Check every report under ``paths`` as ``gxtui check`` does (``gxtui.audit``: own rules,
    then the cross-year rules of every consecutive pair, then the peer rule B-1 on the folder),
    attach the reviewers' decisions and rank the result. ``isolate``: each file in a limited
    worker (``gxtui.audit.Batch``); what the folder scan left out (gxtui's own reports, links out
    of the folder) is in ``skipped``."""
    from gxtui.audit import Batch  # noqa: PLC0415
    from gxtui.config import Config  # noqa: PLC0415
    from gxtui.files import scan_report_files  # noqa: PLC0415

    paths = list(paths)
    scan = scan_report_files(paths, follow_links=follow_links)
    files = list(scan.paths)
    entries: list[Entry] = []
    batch = Batch(files, config or Config(), timeout=timeout, mem=mem, isolate=isolate,
                  forms=cross_year and len(files) > 1)
    for _ in batch.run():
        pass
    if cross_year:
        batch.cross_year()
    if peers:
        batch.peers()
    batch.close()
    for c in batch.results:
        e = Entry(Path(c.path), c)
        if c.sha256 and not (c.error and c.agency is None):
            e.store = ReviewStore.for_report(e.path, c.sha256, c.identity)
            e.attached = e.store.attach(e.findings)
        entries.append(e)
    entries.sort(key=Entry.rank_key)
    return FolderReview(entries, [str(p) for p in paths],
                        _dt.datetime.now(_dt.timezone.utc).astimezone().replace(microsecond=0),
                        scan.skipped, config)


# -- wording --------------------------------------------------------------------------------------

def _t(key: str, lang: str) -> str:
    if key in ("confirmed", "dismissed", "follow-up"):  # column heads: the decision labels
        return decision_label(key, lang)
    return _text(f"report.{key}", lang)


def _sev(sev: str | None, lang: str) -> str:
    return severity_label(sev, lang)


def _status(status: str, lang: str) -> str:
    return decision_label(status, lang)


def _msg(f: "Finding | Decision", lang: str) -> str:
    if lang == "en":
        return f.message_en or f.message_zh or ""
    return f.message_zh or f.message_en or ""


def _loc(f: "Finding | Decision", lang: str = "zh") -> str:
    """Where a finding points, as a reviewer reads it (表三 · （七）总计 · 自然人)."""
    return vocab.where(f, lang)


def _val(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _state(e: Entry, lang: str) -> str:
    if e.error:
        return _t("unreadable", lang)
    if e.store and e.store.reviewed:
        return _t("reviewed_stale" if e.store.reviewed_report_changed else "reviewed", lang)
    return _t("not_reviewed", lang)


def _when(d: _dt.datetime | None) -> str:
    return d.isoformat(sep=" ") if d else ""


def _display_path(e: Entry, roots: list[str]) -> str:
    for r in roots:
        root = Path(r)
        if root.is_dir() and e.path.is_relative_to(root):
            return str(e.path.relative_to(root))
        if root == e.path:
            return e.path.name
    return str(e.path)


def _clean(s: str) -> str:
    return safe_text(s)  # no terminal involved, same policy


# -- Markdown -------------------------------------------------------------------------------------

def _md(s: object) -> str:
    """Text for a Markdown table cell: no raw HTML, no table breaks, one line."""
    s = _clean(str(s if s is not None else ""))
    s = html.escape(s, quote=False).replace("\\", "\\\\").replace("|", "\\|")
    for ch in "*`[]":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\r\n", "\n").replace("\n", "<br>")


def _md_table(head: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(_md(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return out


def render_md(fr: FolderReview, lang: str = "zh") -> str:
    t = lambda k: _t(k, lang)  # noqa: E731
    out = [f"# {t('title')}", "",
           f"- {t('folder')}: {_md(', '.join(fr.roots))}", f"- {t('generated')}: {_when(fr.generated)}",
           f"- {_md(_t('totals', lang).format(**{k: fr.totals()[k] for k in _TOTAL_KEYS}))}", "",
           f"## {t('summary')}", ""]
    out += _md_table(*_summary_rows(fr, lang))
    out += ["", f"## {t('by_agency')}", ""]
    out += _md_table(*_agency_rows(fr, lang))
    out += ["", f"## {t('by_rule')}", ""]
    out += _md_table(*_rule_rows(fr, lang))
    out += ["", f"## {t('reports')}", ""]
    for i, e in enumerate(fr.entries, 1):
        out += [f"### {i}. {_md(e.agency)} {e.year or ''} — {_md(_display_path(e, fr.roots))}", ""]
        out += [f"- {t('state')}: {_md(_state(e, lang))}"]
        if e.store is not None:
            out += [f"- {t('sidecar')}: {_md(e.store.location)}"]
            if e.store.error:
                out += [f"- **{t('sidecar_error')}**: {_md(e.store.error)}"]
        out.append("")
        if e.error:
            out += [f"**{t('unreadable')}**: {_md(e.error)}", ""]
            continue
        if e.findings:
            out += _md_table(*_finding_rows(e, lang))
        else:
            out.append(t("no_findings"))
        if e.orphans:
            out += ["", f"**{t('orphans')}** — {t('orphan_intro')}", ""]
            out += _md_table(*_orphan_rows(e, lang))
        out.append("")
    if fr.skipped:
        out += [f"## {t('skipped')}", ""]
        out += _md_table([t("file"), t("reason")], [[p, _skip_reason(r, lang)] for p, r in fr.skipped])
    return sign_own_output("\n".join(out).rstrip() + "\n")


def _skip_reason(reason: str, lang: str) -> str:
    """A folder scan's reason for leaving a file out, in the reviewer's language."""
    from gxtui.files import SKIP_LINK_OUT, SKIP_OWN  # noqa: PLC0415

    key = {SKIP_OWN: "skip_own", SKIP_LINK_OUT: "skip_link_out"}.get(reason)
    return _text(f"report.{key}", lang) if key else reason


_TOTAL_KEYS = ("reports", "unreadable", "reviewed", "findings", "error", "warning", "info", "open",
               "orphans")


def _summary_rows(fr: FolderReview, lang: str) -> tuple[list[str], list[list[object]]]:
    t = lambda k: _t(k, lang)  # noqa: E731
    head = [t("rank"), t("agency"), t("year"), t("file"), t("state"), t("open_errors"), t("open_cross"),
            t("open_warnings"), t("error"), t("warning"), t("confirmed"), t("dismissed"), t("follow-up"),
            t("orphans")]
    rows = [[i, e.agency, e.year or "", _display_path(e, fr.roots), _state(e, lang), e.open_errors,
             e.open_cross_year, e.open_warnings, e.count("error"), e.count("warning"),
             e.status_count("confirmed"), e.status_count("dismissed"), e.status_count("follow-up"),
             len(e.orphans)] for i, e in enumerate(fr.entries, 1)]
    return head, rows


def _agency_rows(fr: FolderReview, lang: str) -> tuple[list[str], list[list[object]]]:
    t = lambda k: _t(k, lang)  # noqa: E731
    head = [t("agency"), t("reports"), t("unreadable"), t("error"), t("warning"), t("info"), t("open"),
            t("confirmed"), t("dismissed"), t("follow-up")]
    rows = [[r["agency"], r["reports"], r["unreadable"], r["error"], r["warning"], r["info"], r["open"],
             r["confirmed"], r["dismissed"], r["follow-up"]] for r in fr.per_agency()]
    return head, rows


def _rule_rows(fr: FolderReview, lang: str) -> tuple[list[str], list[list[object]]]:
    t = lambda k: _t(k, lang)  # noqa: E731
    head = [t("rule"), t("rule_title"), t("severity"), t("findings"), t("reports"), t("open"),
            t("confirmed"), t("dismissed"), t("follow-up")]
    rows = [[r["rule"], r["title_en"] if lang == "en" else r["title_zh"],
             "/".join(_sev(v, lang) for v in r.get("severities", [r["severity"]])),
             r["findings"], r["reports"], r["open"], r["confirmed"], r["dismissed"], r["follow-up"]]
            for r in fr.per_rule()]
    return head, rows


def _finding_rows(e: Entry, lang: str) -> tuple[list[str], list[list[object]]]:
    t = lambda k: _t(k, lang)  # noqa: E731
    head = [t("rule"), t("severity"), t("location"), t("line"), t("expected"), t("actual"), t("message"),
            t("decision"), t("note")]
    rows = []
    for f in e.findings:
        d = e.decision(f)
        status = _status(d.status, lang) if d else (t("open") if e.is_open(f) else "")
        if d is not None and d.report_changed:
            status += f" ({t('changed')})"
        rows.append([f.rule, _sev(f.severity, lang), _loc(f, lang), f.line or "", _val(f.expected),
                     _val(f.actual), _msg(f, lang), status, d.note if d else ""])
    return head, rows


def _orphan_rows(e: Entry, lang: str) -> tuple[list[str], list[list[object]]]:
    t = lambda k: _t(k, lang)  # noqa: E731
    head = [t("rule"), t("severity"), t("location"), t("line"), t("expected"), t("actual"), t("message"),
            t("decision"), t("note"), t("decided_at")]
    rows = [[d.rule or "", _sev(d.severity, lang), _loc(d, lang), d.line or "", _val(d.expected),
             _val(d.actual), _msg(d, lang), _status(d.status, lang), d.note, _when(d.decided_at)]
            for d in e.orphans]
    return head, rows


# -- HTML -----------------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
margin:2em auto;max-width:78em;padding:0 1em;color:#1f2328;line-height:1.5}
h1{font-size:1.6em;border-bottom:2px solid #d0d7de;padding-bottom:.3em}
h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #d0d7de}
h3{font-size:1.1em;margin-top:1.8em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em;width:100%}
th,td{border:1px solid #d0d7de;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f6f8fa;white-space:nowrap}
table.findings td:nth-child(-n+2),table.findings td:nth-child(4),table.findings td:nth-child(8){white-space:nowrap}
table.findings td:nth-child(5),table.findings td:nth-child(6){max-width:12em;overflow-wrap:anywhere}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.sev-error td.sev{color:#b42318;font-weight:bold}
tr.sev-warning td.sev{color:#9a6700}
.st-confirmed{color:#b42318;font-weight:bold}.st-dismissed{color:#57606a}
.st-follow-up{color:#0969da;font-weight:bold}.st-open{color:#9a6700}
.changed{background:#fff8c5;padding:0 .3em}
.note{white-space:pre-wrap}
.meta{color:#57606a;font-size:.9em}
.err{color:#b42318}
a{color:#0969da}
@media print{body{max-width:none}a{color:inherit;text-decoration:none}}
"""


def _h(s: object) -> str:
    return html.escape(_clean(str(s if s is not None else "")), quote=True)


def _html_table(head: list[str], rows: list[list[object]], *, row_class: list[str] | None = None,
                raw_cols: tuple[int, ...] = (), css: str = "") -> list[str]:
    out = [f'<table class="{css}">' if css else "<table>", "<thead><tr>" + "".join(f"<th>{_h(h)}</th>" for h in head) + "</tr></thead>",
           "<tbody>"]
    for i, row in enumerate(rows):
        cls = f' class="{row_class[i]}"' if row_class else ""
        cells = []
        for j, c in enumerate(row):
            if j in raw_cols:  # already escaped HTML built here
                cells.append(f"<td>{c}</td>")
            elif isinstance(c, int) and not isinstance(c, bool):
                cells.append(f'<td class="n">{c}</td>')
            else:
                cells.append(f"<td>{_h(c)}</td>")
        out.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return out


def render_html(fr: FolderReview, lang: str = "zh") -> str:
    t = lambda k: _t(k, lang)  # noqa: E731
    tot = fr.totals()
    out = ["<!DOCTYPE html>", f'<html lang="{"en" if lang == "en" else "zh-CN"}">', "<head>",
           '<meta charset="utf-8">', f'<meta name="generator" content="{MARKER}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_h(t('title'))}</title>", f"<style>{_CSS}{_CHART_CSS}</style>", "</head>", "<body>",
           f"<h1>{_h(t('title'))}</h1>",
           f'<p class="meta">{_h(t("folder"))}: {_h(", ".join(fr.roots))}<br>'
           f'{_h(t("generated"))}: {_h(_when(fr.generated))}</p>',
           f"<p>{_h(_t('totals', lang).format(**{k: tot[k] for k in _TOTAL_KEYS}))}</p>",
           f'<h2 id="summary">{_h(t("summary"))}</h2>']
    head, rows = _summary_rows(fr, lang)
    for i, row in enumerate(rows):  # link each report to its section
        row[3] = f'<a href="#r{i + 1}">{_h(row[3])}</a>'
    out += _html_table(head, rows, raw_cols=(3,))
    out += [f'<h2 id="agencies">{_h(t("by_agency"))}</h2>', *_html_table(*_agency_rows(fr, lang)),
            f'<h2 id="rules">{_h(t("by_rule"))}</h2>', *_rule_chart_html(fr, lang),
            *_html_table(*_rule_rows(fr, lang)), *_trend_charts_html(fr, lang), *_peers_html(fr, lang),
            f'<h2 id="reports">{_h(t("reports"))}</h2>']
    for i, e in enumerate(fr.entries, 1):
        out.append(f'<section id="r{i}">')
        out.append(f"<h3>{i}. {_h(e.agency)} {_h(e.year or '')} "
                   f'<span class="meta">{_h(_display_path(e, fr.roots))}</span></h3>')
        meta = [f"{_h(t('state'))}: {_h(_state(e, lang))}"]
        if e.store is not None:
            meta.append(f"{_h(t('sidecar'))}: {_h(e.store.location)}")
        out.append(f'<p class="meta">{"<br>".join(meta)}</p>')
        if e.store is not None and e.store.error:
            out.append(f'<p class="err">{_h(t("sidecar_error"))}: {_h(e.store.error)}</p>')
        if e.error:
            out += [f'<p class="err">{_h(t("unreadable"))}: {_h(e.error)}</p>', "</section>"]
            continue
        if e.findings:
            head, rows = _finding_rows(e, lang)
            classes = []
            for f, row in zip(e.findings, rows):
                d = e.decision(f)
                st = d.status if d else ("open" if e.is_open(f) else "")
                label = _status(d.status, lang) if d else (t("open") if st else "")
                status = f'<span class="st-{st}">{_h(label)}</span>' if label else ""
                if d is not None and d.report_changed:
                    status += f' <span class="changed">{_h(t("changed"))}</span>'
                row[7] = status
                row[8] = f'<div class="note">{_h(d.note)}</div>' if d and d.note else ""
                row[1] = f'<span class="sev">{_h(row[1])}</span>'
                classes.append(f"sev-{f.severity}")
            out += _html_table(head, rows, row_class=classes, raw_cols=(1, 7, 8), css="findings")
        else:
            out.append(f"<p>{_h(t('no_findings'))}</p>")
        if e.orphans:
            out += [f"<h4>{_h(t('orphans'))}</h4>", f"<p>{_h(t('orphan_intro'))}</p>"]
            head, rows = _orphan_rows(e, lang)
            for d, row in zip(e.orphans, rows):
                row[7] = f'<span class="st-{d.status}">{_h(row[7])}</span>'
                row[8] = f'<div class="note">{_h(d.note)}</div>' if d.note else ""
            out += _html_table(head, rows, raw_cols=(7, 8), css="findings")
        out.append("</section>")
    if fr.skipped:
        out += [f'<h2 id="skipped">{_h(t("skipped"))}</h2>',
                *_html_table([t("file"), t("reason")], [[p, _skip_reason(r, lang)] for p, r in fr.skipped])]
    out += ["</body>", "</html>"]
    return sign_own_output("\n".join(out) + "\n")


# -- HTML charts (issue 17) -------------------------------------------------------------------------

_CHART_CSS = """
.charts{display:flex;flex-wrap:wrap;gap:.8em 1.6em;margin:.6em 0 1.2em}
.charts svg{max-width:100%;height:auto;border:1px solid #d0d7de;background:#fff}
"""

def _ct(key: str, lang: str) -> str:
    return _text(f"report.chart.{key}", lang)


def _rule_chart_html(fr: FolderReview, lang: str) -> list[str]:
    """A bar chart of how often each rule fires across the folder (above the per-rule table)."""
    from gxtui.analytics.svg import bar_chart  # noqa: PLC0415

    rows = fr.per_rule()
    if not rows:
        return []
    items = [(r["rule"], r["title_en"] if lang == "en" else r["title_zh"], r["findings"]) for r in rows]
    return [f'<div class="charts">{bar_chart(items, _ct("rule_chart", lang))}</div>']


def _reports_of(fr: FolderReview) -> list["Report"]:
    return [e.checked.figures for e in fr.entries if e.checked.figures is not None]


def _trend_charts_html(fr: FolderReview, lang: str) -> list[str]:
    """Small line charts for every agency with three or more years of reports."""
    from gxtui.analytics.series import charted_agencies  # noqa: PLC0415
    from gxtui.analytics.svg import line_chart  # noqa: PLC0415

    agencies = charted_agencies(_reports_of(fr))
    if not agencies:
        return []
    out = [f'<h2 id="trends">{_h(_ct("trends", lang))}</h2>']
    for ac in agencies:
        years = f"{ac.years[0]}–{ac.years[-1]}" if ac.years else ""
        out.append(f"<h3>{_h(ac.agency)} <span class=\"meta\">{_h(years)}</span></h3>")
        drawn = [c for c in ac.charts if c.has_data]
        out.append('<div class="charts">' + "".join(line_chart(c, lang) for c in drawn) + "</div>")
        empty = [c.title(lang) for c in ac.charts if not c.has_data]
        if empty:
            out.append(f'<p class="meta">{_h(_ct("no_data", lang))}{_h("、".join(empty) if lang != "en" else ", ".join(empty))}</p>')
    return out


def _peers_html(fr: FolderReview, lang: str) -> list[str]:
    """The peer distributions of the folder and how many agencies are far outside them."""
    from gxtui.analytics.peers import benchmark_reports  # noqa: PLC0415
    from gxtui.rules.peers import outliers, pct, settings  # noqa: PLC0415

    bench = benchmark_reports(_reports_of(fr))
    dists = bench.ordered()
    if not dists:
        return []
    far: dict[tuple, int] = {}
    for o in outliers(bench, fr.config):
        k = (o.distribution.year, o.distribution.kind, o.distribution.ratio)
        far[k] = far.get(k, 0) + 1
    labels = {r.key: r.label(lang) for r in bench.catalogue}
    head = [_t("year", lang), _ct("kind", lang), _ct("ratio", lang), "n", "P25", "P50", "P75",
            _ct("outliers", lang)]
    rows: list[list[object]] = [
        [d.year, vocab.kind_label(d.kind, lang), labels.get(d.ratio, d.ratio),
         d.n, pct(d.p25), pct(d.p50), pct(d.p75), far.get((d.year, d.kind, d.ratio), 0)] for d in dists]
    note = _ct("peers_note", lang).format(min_n=int(settings(fr.config)["min_n"]))
    return [f'<h2 id="peers">{_h(_ct("peers", lang))}</h2>', f'<p class="meta">{_h(note)}</p>',
            *_html_table(head, rows)]


# -- CSV ------------------------------------------------------------------------------------------

CSV_COLUMNS = ("rank", "path", "sha256", "agency", "year", "template", "report_reviewed", "kind",
               "rule", "severity", "table", "row", "col", "block", "section", "list", "line",
               "expected", "actual", "message_zh", "message_en", "decision", "note", "decided_at",
               "report_changed", "fingerprint")


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def _csv_text(v: object) -> object:
    """Spreadsheets run cells starting with = + - @ as formulas: report and reviewer text is
    prefixed with an apostrophe there (numbers are left alone)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(v):
        return "'" + v
    return v


def _csv_val(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v if isinstance(v, (int, float, str)) else str(v)


def _location(x: "Finding | Decision") -> list[object]:
    return [x.rule or "", x.severity or "", x.table or "", x.row or "", x.col or "",
            getattr(x, "block", None) or "", x.section or "", getattr(x, "list", None) or "",
            x.line or "", _csv_val(x.expected), _csv_val(x.actual), x.message_zh or "",
            x.message_en or ""]


def render_csv(fr: FolderReview, lang: str = "zh") -> str:
    """One row per finding (kind=finding), per orphaned decision (kind=orphan) and per
    unreadable file (kind=unreadable); reports without findings get one kind=clean row. Names
    as in every output (``gxtui.present.schema``), messages in both languages, booleans
    ``true``/``false`` (``report_changed`` empty when there is no decision). ``lang`` is unused:
    a CSV is for scripts and spreadsheets in either language."""
    del lang
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    width = len(CSV_COLUMNS)
    for i, e in enumerate(fr.entries, 1):
        c = e.checked
        base = [i, _display_path(e, fr.roots), c.sha256 or "", e.agency, e.year or "",
                c.template or "", csv_bool(e.reviewed)]
        if e.error:
            row = base + ["unreadable"] + [""] * 11 + [e.error, e.error]
            w.writerow([_csv_text(v) for v in row + [""] * (width - len(row))])
            continue
        if not e.findings and not e.orphans:
            w.writerow([_csv_text(v) for v in base + ["clean"] + [""] * (width - len(base) - 1)])
        for f in e.findings:
            d = e.decision(f)
            w.writerow([_csv_text(v) for v in base + ["finding"] + _location(f) + [
                d.status if d else ("open" if e.is_open(f) else ""), d.note if d else "",
                _when(d.decided_at) if d else "", csv_bool(d.report_changed) if d else "",
                f.fingerprint]])
        for d in e.orphans:
            w.writerow([_csv_text(v) for v in base + ["orphan"] + _location(d) + [
                d.status, d.note, _when(d.decided_at), csv_bool(d.report_changed), d.fingerprint]])
    return buf.getvalue()


FORMATS: dict[str, Callable[[FolderReview, str], str]] = {
    "md": render_md, "html": render_html, "csv": render_csv}
