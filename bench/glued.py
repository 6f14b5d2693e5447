"""The glued-digit solver under load (issue 15 item 2, issue 14 item 4).

    python -m bench.glued [--runs N]

1. **Adversarial**: a report whose table 三 has 25 rows of 30 glued digits each (the issue's
   hostile case); before the bound, 20 digits took 11 s and 30 digits over 30 s per row.
   Target: the whole report under 1 s.
2. **Real glued crawler text** (``../shared/corpus/pingtan_*.txt``) against the same report written
   as tab text (narrative paragraphs kept, every table row written ``label<TAB>v<TAB>v…`` from the
   cells the glued text was read to): the ratio glued / tab. Target ≤ 5×.
3. **Growth**: one glued row of 10…60 digits, to show the time does not grow exponentially
   (the time follows the number of readings a run has, which peaks near 38 digits for 7 cells of
   at most 7 digits and falls to nothing past 49).

Every timed call starts with the content caches empty: the solver's cache of digit-run splits
(``rowread._SPLITS``; a run repeated in one process would otherwise be answered from it: the
growth rows for short runs used to print 0.00 ms) and the Stream's cache of normalised pieces
(``stream.normalise_piece``: a report read again would have its text normalised from it, a
crawled page's one long paragraph most of all). The times are the thread's CPU time (the median
of the runs), not wall time: on a shared machine another process's work would count otherwise.
Figures still vary with the machine's load; the ratios printed beside the baselines of the same
run are what count. No assertion here: timings live in ``bench/``, never in the tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def _time(fn, runs: int) -> float:
    """The median thread CPU time of ``fn`` over ``runs`` calls, each with the content caches empty."""
    from gxtui.extract import rowread  # noqa: PLC0415
    from gxtui.extract.stream import normalise_piece  # noqa: PLC0415

    out = []
    for _ in range(runs):
        rowread._SPLITS.clear()  # a cold solver: no split of an earlier run answers this one
        normalise_piece.cache_clear()  # nor a normalised piece of text
        t = time.thread_time()
        fn()
        out.append(time.thread_time() - t)
    return statistics.median(out)


def adversarial_text(rows: int = 25, digits: int = 30, seed: int = 7) -> str:
    from gxtui import templates  # noqa: PLC0415

    rng = random.Random(seed)
    tpl = templates.get("2021")
    lines = ["某县2021年政府信息公开工作年度报告", "一、总体情况", "全年收到申请若干件。",
             "三、收到和处理政府信息公开申请情况"]
    for r in tpl.t3_rows[:rows]:
        run = "".join(rng.choice("0123456789") for _ in range(digits))
        lines.append(r.label + run)
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。",
              "六、其他需要报告的事项", "无。"]
    return "\n".join(lines)


def tab_rendering(path: Path) -> str:
    """The report of ``path`` as tab text: its sections' paragraphs, tables as tab rows."""
    from gxtui import templates  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415

    r = load(path)
    tpl = templates.get(r.template or "2021")
    out: list[str] = []
    if r.title:
        out.append(r.title)

    def raw(t: str, row: str, col: str) -> str:
        c = r.cell(t, row, col)
        return "" if c is None or c.raw is None else str(c.raw)

    for s in r.sections:
        if s.title:
            out.append(s.title)
        out += [p.text for p in s.paragraphs]
        if s.key == "s2":
            for b in tpl.t2_blocks:
                out.append(b.caption)
                out.append("\t".join(["信息内容"] + [c.label for c in b.columns]))
                for row in b.rows:
                    out.append("\t".join([row.label] + [raw("table2", row.key, c.key) for c in b.columns]))
        elif s.key == "s3":
            out.append("\t".join(["", ""] + [c.label for c in tpl.t3_columns]))
            for row in tpl.t3_rows:
                out.append("\t".join([row.label] + [raw("table3", row.key, c.key) for c in tpl.t3_columns]))
        elif s.key == "s4":
            out.append("\t".join(f"{g.label}{c.label}" for g in tpl.t4_groups for c in tpl.t4_columns))
            out.append("\t".join(raw("table4", g.key, c.key) for g in tpl.t4_groups for c in tpl.t4_columns))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.glued", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args(argv)
    import tempfile  # noqa: PLC0415

    from gxtui.extract import extract, load  # noqa: PLC0415
    from gxtui.extract.rowread import read_row  # noqa: PLC0415
    from gxtui.read import read_bytes  # noqa: PLC0415

    def load_text(text: str):
        return extract(read_bytes(text.encode("utf-8")))

    load_text("一、总体情况\n预热。")  # imports, caches
    print("1. adversarial: table 三 with 25 rows of 30 glued digits")
    adv = adversarial_text()
    t_adv = _time(lambda: load_text(adv), a.runs)
    rep = load_text(adv)
    unknown = sum(1 for c in rep.cells.values() if c.table == "table3" and not c.known)
    print(f"   whole report: {t_adv * 1000:.1f} ms (target < 1000 ms); {unknown} table-三 cells unknown")

    print("2. glued crawler text vs the same report as tab text")
    ratios = []
    for path in sorted(CORPUS.glob("pingtan_*.txt")):
        glued = path.read_text(encoding="utf-8")
        tab = tab_rendering(path)
        with tempfile.TemporaryDirectory() as d:
            q = Path(d) / path.name
            q.write_text(tab, encoding="utf-8")
            same = {k: c.value for k, c in load(q).cells.items()} == {k: c.value for k, c in load(path).cells.items()}
        tg = _time(lambda: load_text(glued), a.runs)
        tt = _time(lambda: load_text(tab), a.runs)
        ratios.append(tg / tt)
        print(f"   {path.name}: glued {tg * 1000:.1f} ms, tab {tt * 1000:.1f} ms, ratio {tg / tt:.2f}× "
              f"(tab text reads the same cells: {same})")
    if ratios:
        print(f"   median ratio {statistics.median(ratios):.2f}× (target ≤ 5×)")
    else:
        print("   ../shared/corpus not found: skipped")

    print("3. growth: one glued row of N digits into 7 cells")
    rng = random.Random(1)
    prev = None
    for n in (10, 20, 30, 40, 50, 60):
        run = "".join(rng.choice("123456789") for _ in range(n))
        t = _time(lambda: read_row("x", run, 7, "glued", None), a.runs)
        growth = "" if prev is None else f"  ×{t / prev:.2f} for 10 more digits"
        print(f"   {n:3} digits: {t * 1000:8.2f} ms{growth}")
        prev = max(t, 1e-6)
    print("   dead ends (runs of 1s that barely fit 7 cells of at most 7 digits; 0.6–0.9 s each before)")
    for n in (44, 48, 50):
        t = _time(lambda: read_row("x", "1" * n, 7, "glued", None), a.runs)
        print(f"   {n:3} digits: {t * 1000:8.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
