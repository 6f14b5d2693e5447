"""Export of a very large text report (issue 15): ``gxtui export BIG.txt`` against reading it.

The input is a generated report (``bench.gen``, tab-separated tables) whose sections are padded
with ordinary report paragraphs, all different, to ``--mb`` megabytes (default 16, the text
reader's limit: ``gxtui.read.MAX_TEXT_BYTES``). Each run has a file of its own, never read before
in the process (a warm-up on another file loads the modules). Timed in this process, start-up
excluded, medians:

  * baseline ``read+decode+split``: read the bytes, decode them (gxtui's detector), split lines;
  * ``export json``: ``gxtui.extract.load`` (read, Document, extraction) +
    ``present.export.to_json`` — what ``gxtui export`` does;
  * ``load again``: ``load`` of the same file once more (for reference: its paragraphs' normal
    forms are then in the normaliser's cache, as for a report opened twice).

Target (issue 15): export ≤ 5× the baseline.

    python -m bench.export_cost [--mb 16] [--runs 3] [--profile]

``--profile`` profiles one export of a file not read before (after a warm-up on another one).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import gen

RESULTS = Path(__file__).resolve().parent / "results"
TARGET = 5.0


def big_report(mb: float, seed: int = 7) -> bytes:
    """A generated report whose section 一 grows to ``mb`` MB with report-like paragraphs, every
    one of them different (a real report repeats few paragraphs: repeated ones would be answered
    by the normaliser's cache and flatter every figure)."""
    import random  # noqa: PLC0415

    spec = gen.make_spec(seed)
    text = gen.render_txt(spec).decode("utf-8")
    rng = random.Random(seed)
    head, sep, tail = text.partition("\n二、")
    paras = [gen._para(rng, spec.agency, spec.year, 300) for _ in range(200)]  # noqa: SLF001
    want = int(mb * 2**20) - len(text.encode("utf-8")) - 1024
    out, size, i = [], 0, 0
    while size < want:
        p = paras[i % len(paras)]
        p = p.replace("。", f"，累计办理{i}件。", 1) if "。" in p else f"{p}（第{i}项）"
        out.append(p)
        size += len(p.encode("utf-8")) + 1
        i += 1
    return (head + "\n" + "\n".join(out) + sep + tail).encode("utf-8")


def baseline(path: Path) -> None:
    from gxtui.read.encoding import decode  # noqa: PLC0415

    text, _ = decode(path.read_bytes())
    text.split("\n")


def load(path: Path) -> None:
    from gxtui.extract import load as ld  # noqa: PLC0415

    ld(path)


def export(path: Path) -> None:
    from gxtui.extract import load as ld  # noqa: PLC0415
    from gxtui.present.export import to_json  # noqa: PLC0415

    to_json(ld(path))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.export_cost", description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=16)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--profile", action="store_true")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        # one file per run and one to warm up on, each with its own paragraphs: a file exported
        # before would find its paragraphs in the normaliser's cache
        paths = []
        for k in range(a.runs + 1):
            paths.append(Path(tmp) / f"big{k}_2021.txt")
            paths[-1].write_bytes(big_report(a.mb, seed=7 + k))
        warm, path = paths[0], paths[1]
        size = path.stat().st_size
        if a.profile:
            import cProfile  # noqa: PLC0415
            import pstats  # noqa: PLC0415

            export(warm)  # imports and compiled patterns outside the profile
            t0 = time.perf_counter()
            baseline(path)
            base = time.perf_counter() - t0
            pr = cProfile.Profile()
            pr.enable()
            export(path)
            pr.disable()
            pstats.Stats(pr).strip_dirs().sort_stats("tottime").print_stats(30)
            print(f"baseline (same run, not profiled): read+decode+split {base:.3f} s")
            return 0
        export(warm)  # imports and compiled patterns outside the clock
        times: dict[str, list[float]] = {"read+decode+split": [], "export json": [], "load again": []}
        fns = {"read+decode+split": baseline, "export json": export}
        for run in paths[1:]:
            for k, fn in fns.items():
                t0 = time.perf_counter()
                fn(run)
                times[k].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            load(run)  # the same file again: its paragraphs are in the cache now
            times["load again"].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    base = med["read+decode+split"]
    print(f"export of a {size / 2**20:.1f} MB text report ({a.runs} runs, medians)")
    for k, v in med.items():
        print(f"  {k:18} {v:8.3f} s  {v / base:6.1f}×")
    ratio = med["export json"] / base
    print(f"  baseline (same run): read+decode+split {base:.3f} s; export {ratio:.1f}× "
          f"(target ≤ {TARGET}×: {'met' if ratio <= TARGET else 'MISSED'})")
    from bench.throughput import machine  # noqa: PLC0415

    out = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S"), "bytes": size, "runs": a.runs,
           "seconds": times, "median": med, "ratio_export": ratio, "ratio_load_again": med["load again"] / base,
           "target_ratio": TARGET,
           "command": "python -m bench.export_cost " + " ".join(argv if argv is not None else sys.argv[1:])}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "export_cost.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(f"-> {RESULTS / 'export_cost.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
