"""``make bench``: every benchmark in turn, each printing its table and writing bench/results/*.json.

    python -m bench [--n 10000] [--quick] [--only accuracy,glued,throughput,library,compare,mutation]

``--quick`` uses 1,000 text/HTML reports (200 DOCX, 20 PDF) and one run less, for a smoke test.
Fuzzing is separate: ``make fuzz`` (python -m bench.fuzz).
"""

from __future__ import annotations

import argparse
import sys
import time

STEPS = ("accuracy", "glued", "throughput", "library", "compare", "mutation", "tui_start", "tui_latency")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=10_000, help="text reports in the corpus (default 10000)")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--only", default=",".join(STEPS))
    a = p.parse_args(argv)
    n = 1000 if a.quick else a.n
    runs = 2 if a.quick else 3
    steps = [s.strip() for s in a.only.split(",")]
    rc = 0
    for step in steps:
        t0 = time.perf_counter()
        print(f"\n=== {step} " + "=" * (60 - len(step)))
        if step == "accuracy":
            from bench import accuracy  # noqa: PLC0415

            rc |= accuracy.main([])
        elif step == "glued":
            from bench import glued  # noqa: PLC0415

            rc |= glued.main(["--runs", str(max(1, runs))])
        elif step == "throughput":
            from bench import throughput  # noqa: PLC0415

            rc |= throughput.main(["--n", str(n), "--runs", str(runs)])
        elif step == "readers":
            from bench import throughput  # noqa: PLC0415

            rc |= throughput.main(["--readers", "--runs", str(runs)])
        elif step == "export":
            from bench import export_cost  # noqa: PLC0415

            rc |= export_cost.main(["--runs", str(runs)])
        elif step == "library":
            from bench import library_scale  # noqa: PLC0415

            rc |= library_scale.main(["--n", str(n)])
        elif step == "compare":
            from bench import compare_cost  # noqa: PLC0415

            rc |= compare_cost.main([])
        elif step == "mutation":
            from bench import mutation  # noqa: PLC0415

            rc |= mutation.main([])
        elif step == "tui_start":
            from bench import tui_start  # noqa: PLC0415

            rc |= tui_start.main() or 0
        elif step == "tui_latency":
            from bench import tui_latency  # noqa: PLC0415

            rc |= tui_latency.main([])
        else:
            print(f"unknown step {step}; choose from {', '.join(STEPS)}")
            rc |= 2
        print(f"({step}: {time.perf_counter() - t0:.0f} s)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
