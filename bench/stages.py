"""Where a text report's check time goes, stage by stage (issue 15), in this process.

For ``--n`` generated text reports (``bench.gen``, the throughput corpus) each stage is timed over
all files, best of ``--runs``, start-up and imports excluded:

  * ``read+decode``  — the bytes read and decoded (the floor of the issue's ≤ 5× target);
  * ``document``     — decoded text → ``Document`` (the text reader);
  * ``extract``      — ``Document`` → ``Report`` (stream, headings, tables, narrative, section 五);
  * ``rules``        — ``check_report`` on the report;
  * ``total``        — ``load`` + ``check_report``, what ``gxtui check`` does per file.

    python -m bench.stages [--n 500] [--runs 3] [--profile STAGE]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench import throughput


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", choices=("document", "extract", "rules", "total"))
    a = ap.parse_args(argv)
    from gxtui.check import check_report  # noqa: PLC0415
    from gxtui.extract import extract, load  # noqa: PLC0415
    from gxtui.read import read_bytes  # noqa: PLC0415
    from gxtui.read.encoding import decode  # noqa: PLC0415

    corpus = Path(__file__).resolve().parent / "corpus"
    throughput.ensure_corpus(corpus, {"txt": max(a.n, 2000)})
    files = sorted((corpus / "txt").glob("*.txt"))[: a.n]
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
    if a.profile:
        import cProfile  # noqa: PLC0415
        import pstats  # noqa: PLC0415

        pr = cProfile.Profile()
        pr.runcall(stages[a.profile])
        pstats.Stats(pr).strip_dirs().sort_stats("tottime").print_stats(30)
        return 0
    best = {}
    for name, fn in stages.items():
        fn()  # warm caches as a long batch would
        times = []
        for _ in range(a.runs):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        best[name] = min(times)
    floor = best["read+decode"]
    print(f"{len(files)} text reports, best of {a.runs} runs")
    for name, t in best.items():
        print(f"  {name:12} {1000 * t / len(files):7.3f} ms/report  {len(files) / t:9.0f}/s  {t / floor:6.1f}× read+decode")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
