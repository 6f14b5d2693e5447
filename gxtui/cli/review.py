"""``gxtui review REPORT …``: record reviewers' decisions from scripts, on the same store and lock
as the TUI (``gxtui.review``).

    gxtui review REPORT --finding FINGERPRINT --status confirmed|dismissed|follow-up [--note TEXT]
    gxtui review REPORT --rule RULE --status dismissed [--note TEXT]    # every finding of a rule
    gxtui review REPORT --reviewed                                      # (--not-reviewed undoes)
    gxtui review REPORT --list [--format text|json|csv]

``--finding`` may be repeated and takes a unique prefix of a fingerprint (as ``gxtui check
--format json`` prints them); a fingerprint of a decision already on file (an orphan, or a
cross-year finding) is accepted too. ``--previous OLD`` adds the cross-year findings against the
previous year's report. Several actions combine (``--rule S-4 --status dismissed --reviewed``).
The report is read and checked in a limited worker (``--timeout``, ``--memory``).

Exit 0: recorded (or listed); 1: recorded, but a finding had been changed meanwhile by someone
else (the newest decision was kept; each such finding is named on standard error); 2: the report
cannot be read, a fingerprint or rule matches nothing, or the review file cannot be written.
"""

from __future__ import annotations

import csv
import io
import sys
from typing import Any

import click

from gxtui.cli.common import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, Options, command, safe_name, write_output
from gxtui.present.text import dumps_json, safe_text

LIST_FIELDS = ("fingerprint", "status", "note", "decided_at", "rule", "severity", "table", "row",
               "col", "block", "section", "list", "line", "expected", "actual", "message_zh",
               "message_en", "current", "report_changed")


def _fail(msg: str) -> int:
    sys.stderr.write(f"gxtui: {safe_text(msg, one_line=True)}\n")
    return EXIT_INPUT


def _findings(path: str, previous: str | None, config: Any, timeout: float, mem: int) -> Any:
    """(Checked, cross-year findings) of the report, read in a limited worker; or an error text."""
    import functools  # noqa: PLC0415

    from gxtui.isolate import run_one  # noqa: PLC0415

    o = run_one(path, functools.partial(_check, previous=previous, config=config), timeout or None,
                mem or None)
    return o.value if o.ok else o.error


def _check(path: str, previous: str | None, config: Any) -> Any:
    from gxtui.audit import check_file, check_pair  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415

    kept: list = []
    c = check_file(path, config, lambda _p, r: kept.append(r))
    if c.error or not previous:
        return c
    try:
        c.findings = c.findings + check_pair(load(previous), kept[0], config)
    except ReadError as e:
        return f"{previous}: {e.message}"
    return c


def _decision_row(fp: str, d: Any, current: bool) -> dict[str, Any]:
    return {"fingerprint": fp, "status": d.status, "note": d.note,
            "decided_at": d.decided_at.isoformat() if d.decided_at else None,
            "rule": d.rule, "severity": d.severity, "table": d.table, "row": d.row, "col": d.col,
            "block": d.block, "section": d.section, "list": d.list, "line": d.line,
            "expected": d.expected, "actual": d.actual, "message_zh": d.message_zh,
            "message_en": d.message_en, "current": current, "report_changed": d.report_changed}


def _list(store: Any, findings: list, fmt: str, lang: str) -> str:
    attached = store.attach(findings)
    current = set(attached.by_fingerprint)
    rows = [_decision_row(fp, d, fp in current) for fp, d in sorted(store.decisions.items())]
    if fmt == "json":
        doc = {"format_version": 2, "report": {"path": str(store.report_path), "sha256": store.sha256,
                                               **{k: store.identity.get(k) for k in ("agency", "year", "template")}},
               "location": str(store.location), "sources": [str(p) for p in store.sources],
               "reviewed": store.reviewed,
               "reviewed_at": store.reviewed_at.isoformat() if store.reviewed_at else None,
               "open": len(attached.undecided), "decisions": rows}
        return dumps_json(doc) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(LIST_FIELDS)
        for r in rows:
            w.writerow(["" if r[k] is None else ("true" if r[k] is True else "false" if r[k] is False else r[k])
                        for k in LIST_FIELDS])
        return buf.getvalue()
    en = lang == "en"
    out = [f"{safe_name(store.report_path)}  " + (f"decisions: {len(rows)}, open findings: "
                                                 f"{len(attached.undecided)}, reviewed: {'yes' if store.reviewed else 'no'}"
                                                 if en else f"决定 {len(rows)} 条，待审 {len(attached.undecided)} 条，"
                                                 f"{'已审阅' if store.reviewed else '未审阅'}"),
           ("  review file: " if en else "  审阅记录：") + safe_name(store.location)]
    for r in rows:
        msg = (r["message_en"] if en else r["message_zh"]) or r["message_zh"] or r["message_en"] or ""
        gone = "" if r["current"] else (" (finding gone)" if en else "（问题已不存在）")
        note = f" — {r['note']}" if r["note"] else ""
        out.append(safe_text(f"  {r['fingerprint']}  {r['status']:<10} {r['rule'] or '?':<6} {msg}{note}{gone}",
                             one_line=True))
    return "\n".join(out) + "\n"


@command("review", help="record decisions on a report's findings (confirmed, dismissed, follow-up), "
         "mark it reviewed, or list its decisions — the store and lock the TUI uses")
@click.argument("report", metavar="REPORT")
@click.option("--finding", "fingerprints", multiple=True, metavar="FINGERPRINT",
              help="the finding to decide (repeatable; a unique prefix is enough)")
@click.option("--rule", "rules", multiple=True, metavar="RULE", help="every finding of this rule (repeatable)")
@click.option("--status", type=click.Choice(("confirmed", "dismissed", "follow-up")))
@click.option("--note", default="", help="a note with the decision")
@click.option("--clear", is_flag=True, help="remove the decisions on the chosen findings instead")
@click.option("--reviewed/--not-reviewed", default=None, help="mark the report reviewed (or not)")
@click.option("--list", "list_", is_flag=True, help="list the decisions (after any change)")
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json", "csv")), default="text")
@click.option("--previous", metavar="OLD", help="the previous year's report: include the cross-year findings")
@click.option("--timeout", type=click.FloatRange(min=0), default=15.0, metavar="SECONDS",
              help="time limit for reading the report (0: none)")
@click.option("--memory", type=click.IntRange(min=0), default=1024, metavar="MB",
              help="memory limit for reading the report (0: none)")
def command(opts: Options, report: str, fingerprints: tuple[str, ...], rules: tuple[str, ...],  # noqa: C901, F811
            status: str | None, note: str, clear: bool, reviewed: bool | None, list_: bool, fmt: str,
            previous: str | None, timeout: float, memory: int) -> int:
    from gxtui.read.errors_zh import localize  # noqa: PLC0415
    from gxtui.review import ReviewError, ReviewStore  # noqa: PLC0415

    choosing = bool(fingerprints or rules)
    if choosing and not (status or clear):
        return _fail("--finding/--rule need --status (or --clear)")
    if (status or clear) and not choosing:
        return _fail("--status/--clear need --finding or --rule")
    if status and clear:
        return _fail("--status and --clear exclude each other")
    if not (choosing or reviewed is not None or list_):
        return _fail("nothing to do: give --finding/--rule with --status, --reviewed, or --list")
    config = opts.config()
    if config is None:
        return EXIT_INPUT
    got = _findings(report, previous, config, timeout, memory << 20)
    if isinstance(got, str):
        return _fail(f"{report}: {localize(got, opts.lang)}")
    if got.error:
        return _fail(f"{report}: {localize(got.error, opts.lang)}")
    findings = got.findings
    store = ReviewStore.for_report(report, got.sha256 or "", got.identity)
    if store.error:  # unusable review file: nothing is changed; a listing would be incomplete
        return _fail(store.error)
    by_fp = {f.fingerprint: f for f in findings}
    chosen: dict[str, Any] = {}
    for want in fingerprints:
        known = sorted(set(by_fp) | set(store.decisions))
        hits = [fp for fp in known if fp.startswith(want)] if want else []
        if want in known:
            hits = [want]
        if not hits:
            return _fail(f"{report}: no finding or decision with fingerprint {want}")
        if len(hits) > 1:
            return _fail(f"{report}: fingerprint prefix {want} matches {len(hits)} findings; give more of it")
        chosen[hits[0]] = by_fp.get(hits[0])
    for rule in rules:
        hits = [f for f in findings if f.rule == rule]
        if not hits:
            return _fail(f"{report}: no finding of rule {rule}")
        for f in hits:
            chosen[f.fingerprint] = f
    changed = 0
    try:
        for fp, f in chosen.items():
            if clear:
                if store.decision(fp) is not None:
                    store.clear(fp)
                    changed += 1
            else:
                store.decide(fp, status or "", note, finding=f)
                changed += 1
        if reviewed is not None:
            store.mark_reviewed(reviewed)
        if store.dirty:
            where = store.save()
            en = opts.lang == "en"
            what = (f"recorded {changed} decision(s)" if en else f"已记录 {changed} 条决定") if not clear else \
                (f"cleared {changed} decision(s)" if en else f"已清除 {changed} 条决定")
            if reviewed is not None:
                what += ("; marked reviewed" if reviewed else "; marked not reviewed") if en else \
                    ("；已标记为已审阅" if reviewed else "；已取消已审阅标记")
            sys.stderr.write(f"gxtui: {what} (in {safe_name(where)})\n" if en else
                             f"gxtui: {what}（写入 {safe_name(where)}）\n")
    except ReviewError as e:
        return _fail(str(e))
    except OSError as e:
        return _fail(f"cannot write the review file {store.location}: {e.strerror or e}")
    for c in store.conflicts:
        sys.stderr.write(f"gxtui: {safe_text(c.text(opts.lang), one_line=True)}\n")
    if list_:
        if not write_output(None, _list(store, findings, fmt, opts.lang), False, always_safe=fmt == "csv"):
            return EXIT_INPUT
    return EXIT_FINDINGS if store.conflicts else EXIT_OK
