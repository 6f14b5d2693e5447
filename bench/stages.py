"""Where a text report's check time goes, stage by stage (issue 15), in this process.

For ``--n`` generated text reports (``bench.gen``, the throughput corpus) each stage is timed over
all files, best of ``--runs``, start-up and imports excluded. Each run (and the warm-up run before
them) reads ``--n`` files of its own: the caches a batch fills (labels, template lines, digit
splits) are warm from other reports, as in a long batch, but no report is checked a second time
(a run over files read before finds their paragraphs and rows in the caches and flatters every
stage):

  * ``read+decode``  — the bytes read and decoded (the floor of the issue's ≤ 5× target);
  * ``minimal``      — read+decode plus the issue's prototype of a lean checker (``minimal_check``:
                       rows, integers, T3-A/B/C and T4-A, nothing else): a floor for what any
                       checker of the four identities costs in Python;
  * ``document``     — bytes → ``Document`` (decoding and the text reader);
  * ``extract``      — ``Document`` → ``Report`` (stream, headings, tables, narrative, section 五);
  * ``rules``        — ``check_report`` on the report;
  * ``total``        — ``load`` + ``check_report``, what ``gxtui check`` does per file.

``--real DIR`` times the same stages (but ``minimal``, which reads the generator's layout only) on
every text report under ``DIR`` (default: the shared corpus, ``../shared/corpus``): real reports
of several provinces, crawled pages among them, the kind the issue is judged on. They are few, so
each run reads them all again; the caches that would answer a report read before (paragraph
normal forms, glued digit-run splits) are emptied before each run, the ones a long batch fills
from other reports (value tokens, templates) are not.

``--cpu`` times by the process's CPU clock: on a shared machine another process's burst then
lengthens no stage (the figures are CPU, not what a user waits; without it they are wall time).

    python -m bench.stages [--n 500] [--runs 3] [--profile STAGE] [--real [DIR]] [--cpu]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from bench import throughput


# the clock every stage is timed by: wall time, or with ``--cpu`` the process's CPU time
CLOCK = [time.perf_counter]

_ROW = re.compile(r"^(.*?)((?:\t-?\d+)+)\t*$", re.M)


def minimal_check(text: str) -> int:
    """The issue's own prototype of a lean checker, as a floor: one regex pass over the decoded
    text finds the tab rows ending in integers, table 三's rows become integer lists, and T3-A
    (each row's total), T3-B (the results add up to 总计), T3-C (new + carried = results + carried
    over, per column) and T4-A (each 5-column group of table 四 adds up) are checked. No labels are
    matched, nothing is tolerated, no cell keeps its text or line: what is left when everything a
    reviewer needs beyond the four identities is dropped. It reads the 2021 template's tab layout
    only, and agrees with gxtui's T3-A/B/C + T4-A verdict on 200 of the first 214 generated 2021
    reports (the rest: layouts it cannot read). Returns the number of failed checks."""
    a = text.find("三、收到和处理")
    b = text.find("\n四、行政", a + 1) if a >= 0 else -1
    rows: list[tuple[str, list[int]]] = []
    t4: list[int] = []
    for m in _ROW.finditer(text):
        vals = [int(v) for v in m.group(2).split("\t") if v]
        if a <= m.start() < b and len(vals) >= 6:
            rows.append((m.group(1), vals))
        elif m.start() > b > 0 and len(vals) == 15:
            t4 = vals
    bad = 0
    for _, v in rows:
        if len(v) == 7 and v[6] != sum(v[:6]):
            bad += 1
    if len(rows) >= 4:
        new, carried, total, over = rows[0][1], rows[1][1], rows[-2][1], rows[-1][1]
        results = [v for _, v in rows[2:-2]]
        for c in range(min(len(new), len(total))):
            if sum(r[c] for r in results if c < len(r)) != total[c]:
                bad += 1
            if c < len(carried) and c < len(over) and new[c] + carried[c] != total[c] + over[c]:
                bad += 1
    for g in range(0, len(t4) - 4, 5):
        if t4[g + 4] != sum(t4[g:g + 4]):
            bad += 1
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", choices=("document", "extract", "rules", "total"))
    ap.add_argument("--cpu", action="store_true",
                    help="time by this process's CPU clock instead of the wall clock (steadier on a shared machine)")
    ap.add_argument("--real", nargs="?", const="", metavar="DIR",
                    help="time the real text reports under DIR (default: the shared corpus)")
    a = ap.parse_args(argv)
    if a.cpu:
        CLOCK[0] = time.process_time
    if a.real is not None:
        return real(Path(a.real) if a.real else _shared_corpus(), a.runs, argv)
    from gxtui.check import check_report  # noqa: PLC0415
    from gxtui.extract import extract, load  # noqa: PLC0415
    from gxtui.read import read_bytes  # noqa: PLC0415
    from gxtui.read.encoding import decode  # noqa: PLC0415

    corpus = Path(__file__).resolve().parent / "corpus"
    slices = a.runs + 1  # the warm-up run's files, then each run's
    throughput.ensure_corpus(corpus, {"txt": max(a.n * slices, 2000)})
    every = sorted((corpus / "txt").glob("*.txt"))
    if len(every) < a.n * slices:
        raise SystemExit(f"bench/corpus/txt holds {len(every)} files, {a.n * slices} needed: remove it to regenerate")
    parts = []
    for k in range(slices):
        files = every[k * a.n:(k + 1) * a.n]
        blobs = [f.read_bytes() for f in files]
        parts.append((files, blobs))
    # the Document and Report stages start from the previous stage's output, made beforehand for
    # every slice — by a separate pass, so that the timed stage meets its files for the first time
    docs = [[read_bytes(b) for b in blobs] for _, blobs in parts]
    reports = [[extract(d, str(f), b) for d, f, b in zip(ds, files, blobs)]
               for ds, (files, blobs) in zip(docs, parts)]

    def stages(k: int) -> dict:
        files, blobs = parts[k]
        return {
            "read+decode": lambda: [decode(f.read_bytes()) for f in files],
            "minimal": lambda: [minimal_check(decode(f.read_bytes())[0]) for f in files],
            "document": lambda: [read_bytes(b) for b in blobs],
            "extract": lambda: [extract(d, str(f), b) for d, f, b in zip(docs[k], files, blobs)],
            "rules": lambda: [check_report(r) for r in reports[k]],
            "total": lambda: [check_report(load(f)) for f in files],
        }
    if a.profile:
        import cProfile  # noqa: PLC0415
        import pstats  # noqa: PLC0415

        pr = cProfile.Profile()
        pr.runcall(stages(1)[a.profile])
        pstats.Stats(pr).strip_dirs().sort_stats("tottime").print_stats(30)
        return 0
    best = {}
    files = parts[1][0]
    for name in stages(0):
        times = []
        for k in range(slices):
            t = CLOCK[0]()
            stages(k)[name]()
            if k:  # slice 0 warms the caches as a long batch would
                times.append(CLOCK[0]() - t)
        best[name] = min(times)
    _report(best, len(files), f"{len(files)} text reports", a.runs, argv, "stages.json", {})
    return 0


def _report(best: dict[str, float], files: int, what: str, runs: int, argv: list[str] | None, name: str,
            extra: dict) -> None:
    """Print each stage's best time against read + decode and write them to bench/results/``name``."""
    import json  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from bench.throughput import RESULTS, machine  # noqa: PLC0415

    floor = best["read+decode"]
    clock = "cpu" if CLOCK[0] is time.process_time else "wall"
    print(f"{what}, best of {runs} runs ({clock} clock)")
    for stage, t in best.items():
        print(f"  {stage:12} {1000 * t / files:7.3f} ms/report  {files / t:9.0f}/s  {t / floor:6.1f}× read+decode")
    out = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S"), **extra, "files": files, "runs": runs,
           "clock": clock, "ms_per_report": {k: 1000 * t / files for k, t in best.items()},
           "ratio_to_read_decode": {k: t / floor for k, t in best.items()},
           "command": "python -m bench.stages " + " ".join(argv if argv is not None else sys.argv[1:])}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / name).write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(f"-> {RESULTS / name}")


def _shared_corpus() -> Path:
    from bench.mutation import CORPORA  # noqa: PLC0415

    for c in CORPORA:
        if c.is_dir():
            return c
    raise SystemExit("no shared corpus found (looked for ../shared/corpus): pass --real DIR")


def _forget_contents() -> None:
    """Empty the caches that answer a report read before from its own contents."""
    from gxtui.extract import rowread  # noqa: PLC0415
    from gxtui.extract.stream import normalise_piece  # noqa: PLC0415

    normalise_piece.cache_clear()
    rowread._SPLITS.clear()  # noqa: SLF001


def real(root: Path, runs: int, argv: list[str] | None) -> int:
    """The stages on the real text reports under ``root`` (see the module docstring)."""
    from gxtui.check import check_report  # noqa: PLC0415
    from gxtui.extract import extract, load  # noqa: PLC0415
    from gxtui.read import read_bytes  # noqa: PLC0415
    from gxtui.read.encoding import decode  # noqa: PLC0415

    files = sorted(root.rglob("*.txt"))
    if not files:
        raise SystemExit(f"no text reports under {root}")
    blobs = [f.read_bytes() for f in files]
    docs = [read_bytes(b) for b in blobs]
    reports = [extract(d, str(f), b) for d, f, b in zip(docs, files, blobs)]
    stages = {
        "read+decode": lambda: [decode(f.read_bytes()) for f in files],
        "document": lambda: [read_bytes(b) for b in blobs],
        "extract": lambda: [extract(d, str(f), b) for d, f, b in zip(docs, files, blobs)],
        "rules": lambda: [check_report(r) for r in reports],
        "total": lambda: [check_report(load(f)) for f in files],
    }
    best = {}
    for name, fn in stages.items():
        times = []
        for _ in range(runs + 1):  # the first run warms what a long batch would have warm
            _forget_contents()
            t = CLOCK[0]()
            fn()
            times.append(CLOCK[0]() - t)
        best[name] = min(times[1:])
    _report(best, len(files), f"{len(files)} real text reports under {root}", runs, argv, "stages_real.json",
            {"root": str(root)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
