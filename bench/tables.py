"""What reading tables 二, 三 and 四 costs per report (issue 15), beside its floor in the same run.

The Streams, templates and section spans are built first; then ``extract_t2``, ``extract_t3`` and
``extract_t4`` are timed over all inputs, best of ``--runs`` (CPU time of this process, which
shifts less than wall time when other jobs share the cores). The baseline printed with them is
``read+decode`` of the same files, timed in the same run (the floor of the issue's targets).

    python -m bench.tables [--n 300] [--runs 5]        # generated text reports (bench.gen)
    python -m bench.tables --snapshot [--runs 3]       # every document_snapshot input (corpus,
                                                       # tests, renderings: every layout)
    python -m bench.tables --slowest 10                # the inputs whose tables cost most
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import throughput

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("table2", "table3", "table4")


def _jobs(blobs: list[tuple[str, bytes]]) -> list[tuple[str, str, Callable, object, object, int, int]]:
    """(name, table, extractor, stream, template, start, end) for every input with a template."""
    from gxtui import templates  # noqa: PLC0415
    from gxtui.extract import _fallback_span, _sample, _spans, detect_template, narrative, tables  # noqa: PLC0415
    from gxtui.extract import sections as sec_mod  # noqa: PLC0415
    from gxtui.extract.stream import Stream  # noqa: PLC0415
    from gxtui.normalize import looks_traditional  # noqa: PLC0415
    from gxtui.read import ReadError, read_bytes  # noqa: PLC0415

    fns = {"table2": ("s2", tables.extract_t2), "table3": ("s3", tables.extract_t3),
           "table4": ("s4", tables.extract_t4)}
    out = []
    for name, data in blobs:
        try:
            doc = read_bytes(data)
        except ReadError:
            continue
        traditional = looks_traditional(_sample(doc))
        stream = Stream(doc, traditional)
        _, _, year = narrative.find_title(doc, traditional)
        version, _ = detect_template(stream, year)
        if not version:
            continue
        tpl = templates.get(version)
        heads = sec_mod.find_headings(stream)
        spans = _spans(heads, len(stream.text))
        for table in TABLES:
            key, fn = fns[table]
            a, b = spans.get(key, _fallback_span(heads, key, len(stream.text)))
            out.append((name, table, fn, stream, tpl, a, b))
    return out


def _best(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm caches as a long batch would
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--snapshot", action="store_true", help="every document_snapshot input instead")
    ap.add_argument("--slowest", type=int, default=0, help="list the N inputs whose tables cost most")
    a = ap.parse_args(argv)
    from gxtui.read.encoding import decode  # noqa: PLC0415

    if a.snapshot:
        sys.path.insert(0, str(ROOT / "tests"))
        import document_snapshot as ds  # noqa: PLC0415

        blobs = [(name, make()) for name, make in ds.inputs()]
    else:
        corpus = ROOT / "bench" / "corpus"
        throughput.ensure_corpus(corpus, {"txt": max(a.n, 2000)})
        files = sorted((corpus / "txt").glob("*.txt"))[: a.n]
        blobs = [(f.name, f.read_bytes()) for f in files]
    jobs = _jobs(blobs)
    docs = len({name for name, *_ in jobs})
    if a.slowest:
        per: dict[tuple[str, str], float] = {}
        for name, table, fn, stream, tpl, s, e in jobs:
            per[(name, table)] = _best(lambda: fn(stream, tpl, s, e), a.runs)
        for (name, table), t in sorted(per.items(), key=lambda kv: -kv[1])[: a.slowest]:
            print(f"  {1000 * t:8.2f} ms  {table}  {name}")
        return 0
    if a.snapshot:
        # PDF, DOCX and HTML among them: the floor is the reader (bytes -> Document) of the same inputs
        from gxtui.read import read_bytes  # noqa: PLC0415

        read = {name for name, *_ in jobs}
        base_name = "reader"
        floor = _best(lambda: [read_bytes(data) for name, data in blobs if name in read], a.runs)
    else:
        base_name = "read+decode"
        floor = _best(lambda: [decode(data) for _, data in blobs], a.runs)
    print(f"{docs} reports ({'document_snapshot inputs' if a.snapshot else 'generated text'}), "
          f"best of {a.runs} runs, CPU time")
    print(f"  {base_name:12} {1000 * floor / docs:7.3f} ms/report  (baseline, same run)")
    total = 0.0
    for table in TABLES:
        mine = [j for j in jobs if j[1] == table]
        t = _best(lambda: [fn(stream, tpl, s, e) for _, _, fn, stream, tpl, s, e in mine], a.runs)
        total += t
        print(f"  {table:12} {1000 * t / docs:7.3f} ms/report  {t / floor:6.2f}× {base_name}")
    print(f"  {'all tables':12} {1000 * total / docs:7.3f} ms/report  {total / floor:6.2f}× {base_name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
