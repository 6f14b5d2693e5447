"""The README "Performance" table from the last runs' bench/results/*.json.

    python -m bench.readme_table

Every figure is a ratio to a baseline measured in the same run (or milliseconds over one), as
the benchmarks print them; a missing result file leaves its row out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def _load(name: str) -> dict | None:
    try:
        return json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _n(x: float | None, fmt: str, unit: str = "") -> str:
    return "never" if x is None else f"{x:{fmt}}{unit}"


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def rows() -> list[tuple[str, str, str, str]]:
    out: list[tuple[str, str, str, str]] = []
    t = _load("throughput")
    if t and "txt" in t.get("formats", {}):
        r = t["formats"]["txt"]
        base = r["baseline_read_decode_s"]["median"]
        per = r["in_process_s"] / r["files"]
        out.append(("`check`, text, in process (start-up excluded)",
                    f"{1 / per:,.0f} reports/s ({per * 1000:.2f} ms each) = {r['in_process_s'] / base:.0f}×",
                    f"read + decode: {r['files'] / base:,.0f}/s", f"≥ 1,500/s, ≤ 5× — {_met(1 / per >= 1500)}"))
        if "check_jobs1" in r and "check_jobs2" in r:
            sp = r["jobs2_speedup"]
            out.append(("`gxtui check` one process · `--jobs 2` (wall, start-up included)",
                        f"{r['check_jobs1']['reports_per_s']:,.0f} · {r['check_jobs2']['reports_per_s']:,.0f}"
                        f" reports/s = {sp:.2f}×", "one process", f"≥ 1.8× — {_met(sp >= 1.8)}"))
        if "jobs2_speedup_batch" in r:
            out.append(("the same, beyond the command's fixed part (start-up, config, one worker, one file: "
                        f"{r['one_file_s']['median']:.2f} s)", f"{r['jobs2_speedup_batch']:.2f}×",
                        "one process", f"≥ 1.8× — {_met(r['jobs2_speedup_batch'] >= 1.8)}"))
        if "parallel_ceiling" in r and "jobs2_speedup" in r:
            c = r["parallel_ceiling"]
            out.append(("two processes at once on the same work: what this machine's two cores give",
                        f"{c['median']:.2f}× (runs {c['min']:.2f}–{c['max']:.2f}); `--jobs 2` reaches "
                        f"{r['jobs2_speedup'] / c['median']:.0%} of it",
                        "one process checking the same 1,000 files in process", ""))
    st = _load("stages")
    if st:
        ms, rt = st["ms_per_report"], st["ratio_to_read_decode"]
        out.append(("text check path by stage (in process, best of runs): Document · extraction · rules · total",
                    f"{ms['document']:.2f} · {ms['extract']:.2f} · {ms['rules']:.2f} · {ms['total']:.2f} ms "
                    f"= {1000 / ms['total']:,.0f} reports/s = {rt['total']:.0f}×",
                    f"read + decode {ms['read+decode']:.3f} ms; the issue's minimal checker (T3-A/B/C, T4-A only) "
                    f"{ms['minimal']:.3f} ms = {rt['minimal']:.1f}×",
                    f"≥ 1,500/s, ≤ 5× — {_met(1000 / ms['total'] >= 1500 and rt['total'] <= 5)}"))
    sr = _load("stages_real")
    if sr:
        ms, rt = sr["ms_per_report"], sr["ratio_to_read_decode"]
        out.append((f"the same stages on the {sr['files']} real text reports of the shared corpus "
                    "(`--real`: several provinces, crawled and glued pages)",
                    f"{ms['document']:.2f} · {ms['extract']:.2f} · {ms['rules']:.2f} · {ms['total']:.2f} ms "
                    f"= {1000 / ms['total']:,.0f} reports/s = {rt['total']:.0f}×",
                    f"read + decode {ms['read+decode']:.3f} ms",
                    f"≥ 1,500/s, ≤ 5× — {_met(1000 / ms['total'] >= 1500 and rt['total'] <= 5)}"))
    rd = _load("readers")
    if rd:
        names = {"html": "HTML reader", "docx": "DOCX reader", "pdf": "PDF reader"}
        floors = {"html": "lxml parse + walk of every cell", "docx": "unzip + lxml parse + walk of every cell",
                  "pdf": "pypdfium2's own text extraction"}
        for fmt, r in rd["formats"].items():
            extra = f", {r['pages_per_s']:.0f} pages/s" if r.get("pages_per_s") else ""
            ok = r["ratio"] <= r["target_ratio"] and (fmt != "pdf" or (r.get("pages_per_s") or 0) >= 20)
            out.append((f"{names[fmt]} ({r['files']} files)", f"{r['ratio']:.2f}×{extra}", floors[fmt],
                        f"≤ {r['target_ratio']:g}×{' and ≥ 20 pages/s' if fmt == 'pdf' else ''} — {_met(ok)}"))
    e = _load("export_cost")
    if e:
        out.append((f"`export` of a {e['bytes'] / 2**20:.0f} MB text", f"{e['ratio_export']:.1f}×",
                    "read + decode + split lines", f"≤ 5× — {_met(e['ratio_export'] <= 5)}"))
    s = _load("tui_start")
    if s:
        m = s["median"]
        out.append(("TUI first data row: `gxtui data/` · `gxtui compare A B`",
                    f"{m['library'] * 1000:.0f} ms · {m['compare'] * 1000:.0f} ms = "
                    f"{s['ratio_library_vs_bare']:.2f}× · {s['ratio_compare_vs_bare']:.2f}×",
                    f"bare Textual app's first data row: {m['bare'] * 1000:.0f} ms",
                    f"≤ 1.3× — library {_met(s['ratio_library_vs_bare'] <= 1.3)}, "
                    f"compare {_met(s['ratio_compare_vs_bare'] <= 1.3)}"))
        if "compare floor" in m:
            r = s["ratio_compare_vs_floor"]
            out.append(("`gxtui compare A B` against the comparison's own work",
                        f"{m['compare'] * 1000:.0f} ms = {r:.2f}×",
                        f"the bare app importing the domain, parsing both years and auditing the pair "
                        f"before its row: {m['compare floor'] * 1000:.0f} ms "
                        f"({m['compare floor'] / m['bare']:.2f}× the bare app)",
                        f"≤ 1.3× — {_met(r <= 1.3)}"))
    lat = _load("tui_latency")
    if lat:
        res = lat["results"]
        parts = [(k, res[k]) for k in ("next finding", "switch table", "open comparison") if k in res]
        fig = " · ".join(f"{v['extra_ms']:+.0f} ms" for _, v in parts if "extra_ms" in v)
        ok = all(v.get("extra_ms", 1e9) <= v.get("target_extra_ms") for _, v in parts
                 if v.get("target_extra_ms") is not None)
        out.append(("key → repaint over a no-op key: next finding · switch table · open comparison", fig,
                    f"no-op key: {res['noop (report)']['median'] * 1000:.0f} ms (report), "
                    f"{res['noop (library)']['median'] * 1000:.0f} ms (library)", f"+20 · +20 · +100 ms — {_met(ok)}"))
        if all(res.get(k, {}).get("to_frame_ms") is not None for k in ("cursor move", "next finding", "switch table")):
            fr = " · ".join(f"{res[k]['to_frame_ms']:.0f} ms" for k in ("next finding", "switch table", "open comparison")
                            if res.get(k, {}).get("to_frame_ms") is not None)
            out.append(("key → the frame showing its result (no idle wait): next finding · switch table · "
                        "open comparison", fr, f"cursor move (↑/↓): {res['cursor move']['to_frame_ms']:.0f} ms", ""))
    lib = _load("library_scale")
    if lib and "error" not in lib.get("first_open", {"error": 1}):
        f, a, b = lib["first_open"], lib["reopen"], lib["bare"]
        n = lib["n"]
        out.append((f"library of {n:,} reports, first open: first rows · fully indexed · peak RSS",
                    f"{_n(f['first_rows_s'], '.2f', ' s')} · {_n(f['indexed_s'], '.1f', ' s')} · "
                    f"{f['peak_rss_mb']:.0f} MB",
                    f"bare app {_n(b['first_rows_s'], '.2f', ' s')}, {b['peak_rss_mb']:.0f} MB",
                    "≤ 1 s · ≤ 15 s · ≤ 300 MB — " + _met((f["first_rows_s"] or 1e9) <= 1
                                                          and (f["indexed_s"] or 1e9) <= 15
                                                          and f["peak_rss_mb"] <= 300)))
        out.append(("library, warm re-open: rows · indexing pass",
                    f"{_n(a['first_rows_s'], '.2f', ' s')} · {_n(a['indexed_s'], '.1f', ' s')}", "",
                    "≤ 0.5 s · ≤ 1 s — " + _met((a["first_rows_s"] or 1e9) <= 0.5 and (a["indexed_s"] or 1e9) <= 1)))
    return out


def table() -> str:
    lines = ["| what | figure | baseline in the same run | target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows()]
    return "\n".join(lines)


def main() -> int:
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
