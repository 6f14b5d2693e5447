"""Comparison cost as reports grow (issue 8 item 5): a report with a 200-item problems list and
100 KB of narrative must compare with the previous year in well under a second.

The pair is synthetic: year Y has N problems/measures and K KB of section text; year Y+1 keeps a
third of the items verbatim, rewords a third and replaces a third. ``gxtui.compare.compare`` is
timed (median/min/max over runs) against the same call on an ordinary pair (5 problems, ~10 KB)
measured in the same run, for a series of sizes to show how the cost grows.

    python -m bench.compare_cost [--runs 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import statistics
import sys
import time
from pathlib import Path

from bench import gen
from bench.throughput import machine

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = [(5, 10), (50, 30), (200, 100), (400, 200)]  # (problems, KB of narrative)


def _pair(n_items: int, kb: int, seed: int = 5):  # noqa: ANN202
    from gxtui.extract import extract  # noqa: PLC0415
    from gxtui.read import read_bytes  # noqa: PLC0415

    rng = random.Random(seed)
    old = gen.make_spec(0, seed=seed, defect_rate=0)
    while old.template != "2021":
        seed += 1
        old = gen.make_spec(0, seed=seed, defect_rate=0)
    probs = [f"{rng.choice(gen._PROBLEMS)}，{gen._para(rng, old.agency, old.year, 40)}" for _ in range(n_items)]
    meas = [f"{rng.choice(gen._MEASURES)}，{gen._para(rng, old.agency, old.year, 40)}" for _ in range(n_items)]
    old.s5 = [f"{i}、{p}" for i, p in enumerate(probs, 1)] + ["下一步，我们将采取以下措施："] + \
        [f"{i}、{m}" for i, m in enumerate(meas, 1)]
    while sum(len(p.encode()) for p in old.s1) < kb * 1024:
        old.s1.append(gen._para(rng, old.agency, old.year, 300))
    new = gen.make_spec(0, seed=seed, defect_rate=0)
    new.year = old.year + 1
    new.published = (new.year + 1, 1, 20)

    def evolve(items: list[str]) -> list[str]:
        out = []
        for i, x in enumerate(items):
            if i % 3 == 0:
                out.append(x)
            elif i % 3 == 1:
                out.append(x.replace("进一步", "持续").replace("有待", "仍需") + "（已部分整改）")
            else:
                out.append(f"{rng.choice(gen._PROBLEMS)}，{gen._para(rng, new.agency, new.year, 40)}")
        return out

    new.s5 = [f"{i}、{p}" for i, p in enumerate(evolve(probs), 1)] + ["下一步，我们将采取以下措施："] + \
        [f"{i}、{m}" for i, m in enumerate(evolve(meas), 1)]
    new.s1 = [p.replace(str(old.year), str(new.year)) for p in old.s1[: len(old.s1) // 2]] + \
        [gen._para(rng, new.agency, new.year, 300) for _ in range(len(old.s1) - len(old.s1) // 2)]
    new.intro = [p.replace(str(old.year), str(new.year)) for p in old.intro]
    r_old = extract(read_bytes(gen.render_txt(old)), "old.txt", b"")
    r_new = extract(read_bytes(gen.render_txt(new)), "new.txt", b"")
    return r_old, r_new


def _time(fn, runs: int) -> dict:  # noqa: ANN001
    xs = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        xs.append(time.perf_counter() - t0)
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "runs": xs}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.compare_cost", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args(argv)
    if importlib.util.find_spec("gxtui.compare") is None:
        print("compare_cost: gxtui.compare is not available yet; skipped")
        return 0
    from gxtui.compare import compare  # noqa: PLC0415

    rows = []
    base = None
    print(f"  {'problems':>8} {'narrative':>9} {'items old/new':>13} {'median':>9} {'min':>9} {'max':>9} {'ratio':>6}")
    for n_items, kb in SIZES:
        old, new = _pair(n_items, kb)
        compare(old, new)  # warm-up (imports, caches)
        st = _time(lambda: compare(old, new), a.runs)
        if base is None:
            base = st["median"]
        row = {"problems": n_items, "narrative_kb": kb, "old_items": len(old.problems) + len(old.improvements),
               "new_items": len(new.problems) + len(new.improvements), **st, "ratio_to_small": st["median"] / base}
        rows.append(row)
        print(f"  {n_items:8d} {kb:7d}KB {row['old_items']:6d}/{row['new_items']:<6d} {st['median'] * 1000:8.1f}ms "
              f"{st['min'] * 1000:8.1f}ms {st['max'] * 1000:8.1f}ms {row['ratio_to_small']:6.1f}")
    target = next(r for r in rows if r["problems"] == 200)
    met = target["median"] < 1.0
    print(f"  target: 200 problems + 100 KB compares in {target['median'] * 1000:.0f} ms (< 1 s: "
          f"{'met' if met else 'MISSED'})")
    out = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S"), "rows": rows, "target_met": met,
           "command": "python -m bench.compare_cost " + " ".join(argv if argv is not None else sys.argv[1:])}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "compare_cost.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(f"-> {RESULTS / 'compare_cost.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
