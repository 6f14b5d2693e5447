"""Mutation testing of the rules on real reports (issue 9).

For every report of the corpus (default ``/work/shared/corpus``, else ``../shared/corpus``) that
reads with tables 三 and 四, change one table number at a time — every numeric cell, +1 and (when
positive) −1 — and check that ``check_report`` raises a finding it did not raise on the original.
Tables 三 and 四 must be caught at 100 % by error-level findings; table 二 and narrative numbers are
reported as rates.

Narrative mutations: every number followed by 件/个/条/起/宗 in the intro and sections 一/三/四
whose value equals a table-三/四 total the text is likely to state (new, carried in, disclosed,
total, carried out, review/litigation totals) is changed by +1 in the in-memory report.

Mutations are applied to the in-memory ``Report`` (the rules are what is tested here; the
extractor's recovery of lost cells from identities would otherwise mask some changes).

    python -m bench.mutation [--corpus DIR] [--json]
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import re
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
CORPORA = (Path("/work/shared/corpus"), Path(__file__).resolve().parents[2] / "shared" / "corpus")
_NUM = re.compile(r"(?<![\d.])(\d+)(?=\s*(?:件|个|条|起|宗))")
_CONTEXT = re.compile(r"申请|办结|予以公开|结转|复议|诉讼")
_NOT_T3 = re.compile(r"文件|规章|信息\d|条")


def _previous(corpus: Path, path: Path, load):  # noqa: ANN001, ANN202
    """The same agency's report of the previous year in the corpus (``name_YYYY.ext``), if any."""
    m = re.match(r"(.+)_(20\d\d)$", path.stem)
    if not m:
        return None
    for ext in (".txt", ".html", ".docx", ".pdf"):
        q = corpus / f"{m.group(1)}_{int(m.group(2)) - 1}{ext}"
        if q.exists():
            try:
                return load(q)
            except Exception:  # noqa: BLE001
                return None
    return None


def _key(f) -> tuple:  # noqa: ANN001
    return (f.rule, f.table, f.row, f.col, f.section, str(f.expected), str(f.actual))


def _findings(report, check_report) -> tuple[set, set]:  # noqa: ANN001
    fs = check_report(report)
    return {_key(f) for f in fs if f.severity == "error"}, {_key(f) for f in fs}


def _mutant(report, key: tuple, value: int):  # noqa: ANN001, ANN202
    r = copy.copy(report)
    r.cells = dict(report.cells)
    c = report.cells[key]
    r.cells[key] = dataclasses.replace(c, value=value, raw=str(value), semantic="zero" if value == 0 else "number",
                                       recovered=False)
    return r


def _narrative_targets(report) -> set[int]:  # noqa: ANN001
    vals = set()
    for row in ("new", "carried_in", "r.disclosed", "r.total", "carried_out"):
        v = report.value("table3", row, "tot")
        if isinstance(v, (int, float)) and v > 0:
            vals.add(int(v))
    for g in ("review", "lit_direct", "lit_after_review"):
        v = report.value("table4", g, "total")
        if isinstance(v, (int, float)) and v > 0:
            vals.add(int(v))
    lit = sum(int(report.value("table4", g, "total") or 0) for g in ("lit_direct", "lit_after_review"))
    if lit:
        vals.add(lit)
    return vals


def run(corpus: Path) -> dict:
    from gxtui.check import check_pair, check_report  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415

    tally = {t: {"mutants": 0, "caught_error": 0, "caught_any": 0, "with_prev": 0, "caught_with_pair": 0, "missed": []}
             for t in ("table2", "table3", "table4", "narrative")}
    reports = []
    for path in sorted(corpus.iterdir()):
        if path.suffix.lower() not in (".txt", ".html", ".htm", ".docx", ".pdf"):
            continue
        try:
            report = load(path)
        except ReadError as e:
            reports.append({"file": path.name, "skipped": f"unreadable: {e}"})
            continue
        if not {"table3", "table4"} <= report.tables_found:
            reports.append({"file": path.name, "skipped": "tables 三/四 not both found"})
            continue
        unknown = sum(1 for k, c in report.cells.items() if k[0] in ("table3", "table4") and c.semantic == "unknown")
        if unknown:
            reports.append({"file": path.name, "skipped": f"incomplete: {unknown} cell(s) of tables 三/四 "
                            "could not be read (glued digits), so identities through them cannot be checked"})
            continue
        prev = _previous(corpus, path, load)
        base_err, base_any = _findings(report, check_report)
        base_pair = {_key(f) for f in check_pair(prev, report)} if prev is not None else set()
        per = {"file": path.name, "template": report.template, "cells": 0}
        for key, cell in report.cells.items():
            table = key[0]
            if cell.semantic not in ("number", "zero") or cell.value is None:
                continue
            if not float(cell.value).is_integer():  # fee amounts: +1 still applies
                deltas = (1,)
            else:
                deltas = (1, -1) if cell.value > 0 else (1,)
            for d in deltas:
                new = cell.value + d
                new = int(new) if float(new).is_integer() else new
                mutant = _mutant(report, key, new)
                err, anyf = _findings(mutant, check_report)
                t = tally[table]
                t["mutants"] += 1
                per["cells"] += 1
                if prev is not None:  # with the previous year's report: the cross-year rules too
                    t["with_prev"] += 1
                    pair_new = {_key(f) for f in check_pair(prev, mutant)} - base_pair
                    if (anyf - base_any) or pair_new:
                        t["caught_with_pair"] += 1
                if err - base_err:
                    t["caught_error"] += 1
                if anyf - base_any:
                    t["caught_any"] += 1
                caught = (err - base_err) if table in ("table3", "table4") else (anyf - base_any)
                if not caught and len(t["missed"]) < 50:
                    t["missed"].append(f"{path.name} {key[1]}.{key[2]} {cell.value}->{new}")
        targets = _narrative_targets(report)
        for si, sec in enumerate(report.sections):
            if sec.key not in ("intro", "s1", "s3", "s4"):
                continue
            for pi, p in enumerate(sec.paragraphs):
                for mt in _NUM.finditer(p.text):
                    n = int(mt.group(1))
                    before = p.text[max(0, mt.start() - 14):mt.start()]
                    if n not in targets or not _CONTEXT.search(before) or _NOT_T3.search(before):
                        continue
                    r = copy.copy(report)
                    r.sections = list(report.sections)
                    s2 = copy.copy(sec)
                    s2.paragraphs = list(sec.paragraphs)
                    s2.paragraphs[pi] = dataclasses.replace(p, text=p.text[:mt.start()] + str(n + 1) + p.text[mt.end():])
                    r.sections[si] = s2
                    err, anyf = _findings(r, check_report)
                    t = tally["narrative"]
                    t["mutants"] += 1
                    if err - base_err:
                        t["caught_error"] += 1
                    if anyf - base_any:
                        t["caught_any"] += 1
                    elif len(t["missed"]) < 50:
                        t["missed"].append(f"{path.name} {sec.key}: …{p.text[max(0, mt.start() - 20):mt.start()]}"
                                           f"⟨{n}→{n + 1}⟩{p.text[mt.end():mt.end() + 4]}…")
        reports.append(per)
    for t in tally.values():
        n = max(t["mutants"], 1)
        t["error_rate_pct"] = round(100 * t["caught_error"] / n, 2)
        t["any_rate_pct"] = round(100 * t["caught_any"] / n, 2)
        t["with_pair_rate_pct"] = round(100 * t["caught_with_pair"] / max(t["with_prev"], 1), 2)
    return {"corpus": str(corpus), "reports": reports, "tables": tally}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.mutation", description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus")
    a = p.parse_args(argv)
    corpus = Path(a.corpus) if a.corpus else next((c for c in CORPORA if c.is_dir()), None)
    if corpus is None or not corpus.is_dir():
        print("mutation: no corpus found (looked for ../shared/corpus); skipped")
        return 0
    try:
        import gxtui.rules.table3  # noqa: F401, PLC0415
    except ModuleNotFoundError:
        print("mutation: rules not built yet; skipped")
        return 0
    t0 = time.perf_counter()
    res = run(corpus)
    res["seconds"] = round(time.perf_counter() - t0, 1)
    used = [r for r in res["reports"] if "skipped" not in r]
    print(f"mutation testing over {corpus}: {len(used)} complete reports "
          f"({len(res['reports']) - len(used)} skipped) in {res['seconds']} s")
    for r in res["reports"]:
        if "skipped" in r:
            print(f"  skipped {r['file']}: {r['skipped']}")
    print(f"  {'table':10} {'mutants':>8} {'caught (error)':>15} {'caught (any)':>13} {'+ cross-year rules':>24}")
    names = {"table2": "表二", "table3": "表三", "table4": "表四", "narrative": "narrative"}
    for k, t in res["tables"].items():
        print(f"  {names[k]:10} {t['mutants']:8d} {t['caught_error']:8d} {t['error_rate_pct']:6.2f}% "
              f"{t['caught_any']:6d} {t['any_rate_pct']:6.2f}%   {t['caught_with_pair']:5d}/{t['with_prev']:<5d} "
              f"{t['with_pair_rate_pct']:6.2f}%")
    for k in ("table3", "table4"):
        if res["tables"][k]["caught_error"] < res["tables"][k]["mutants"]:
            print(f"  MISSED in {names[k]} (must be 100%):")
            for m in res["tables"][k]["missed"][:20]:
                print(f"    {m}")
    for k in ("table2", "narrative"):
        for m in res["tables"][k]["missed"][:8]:
            print(f"    not caught ({names[k]}): {m}")
    RESULTS.mkdir(exist_ok=True)
    res["command"] = "python -m bench.mutation " + " ".join(argv if argv is not None else sys.argv[1:])
    (RESULTS / "mutation.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"-> {RESULTS / 'mutation.json'}")
    ok = all(res["tables"][k]["caught_error"] == res["tables"][k]["mutants"] for k in ("table3", "table4"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
