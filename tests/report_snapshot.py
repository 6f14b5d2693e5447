"""Snapshots of the ``Report`` and the findings gxtui makes of every corpus and test file.

``document_snapshot.py`` pins what the readers give the extractor; this pins what comes out of the
extractor and the rules: every cell (raw text, value, semantic, line, recovered, candidates, unit),
the sections and their paragraphs, the section-五 items, the fees, the anomalies, the joint readings
and every finding of ``check_report`` (rule, severity, both messages, location, expected/actual).
The check path was rewritten for speed (issue 15); the output must stay byte-for-byte the same.

    python tests/report_snapshot.py            # (re)write tests/ground_truth/reports.json
    python tests/report_snapshot.py --check    # list the inputs whose report or findings differ
    python tests/report_snapshot.py --dump D   # also write each canonical report as JSON into D

Besides the inputs of ``document_snapshot.py`` the snapshot holds 200 generated text reports
(``bench.gen`` specs, seeded), so every template, layout and glued variant the generator makes
is pinned too.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SNAPSHOT = HERE / "ground_truth" / "reports.json"
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

import document_snapshot as ds  # noqa: E402

from gxtui.check import check_report  # noqa: E402
from gxtui.extract import extract  # noqa: E402
from gxtui.model import Report  # noqa: E402
from gxtui.read import ReadError, read_bytes  # noqa: E402

GENERATED = 200


def _plain(x: object) -> object:
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, dict):
        return {str(k) if not isinstance(k, tuple) else "|".join(map(str, k)): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, set):
        return sorted(_plain(v) for v in x)  # type: ignore[type-var]
    if isinstance(x, float) and x.is_integer():
        return {"float": int(x)}
    return x if isinstance(x, (str, int, bool, type(None))) else repr(x)


def canonical(report: Report) -> dict:
    """Everything a later stage can see of a report, plus its findings, as plain JSON."""
    out = _plain(report)
    assert isinstance(out, dict)
    out["source"].pop("sha256")  # a DOCX rendering's bytes carry its time of writing
    out["cells"] = [_plain(c) for _, c in sorted(report.cells.items())]
    out["findings"] = [_plain(f) for f in check_report(report)]
    return out


def outcome(name: str, data: bytes) -> dict:
    try:
        doc = read_bytes(data)
    except ReadError as e:
        return {"error": ds._DETAIL.sub("", str(e))}
    return canonical(extract(doc, name, data))


def _generated() -> Iterator[tuple[str, Callable[[], bytes]]]:
    from bench import gen  # noqa: PLC0415

    for n in range(GENERATED):
        spec = gen.make_spec(n, seed=7)
        yield f"gen/{n}.txt", lambda s=spec: gen.RENDER["txt"](s)


def inputs() -> Iterator[tuple[str, Callable[[], bytes]]]:
    yield from ds.inputs()
    yield from _generated()


def record(dump: Path | None = None) -> dict[str, dict[str, str]]:
    def result_of(name: str, data: bytes) -> tuple[dict, dict[str, str]]:
        result = outcome(name, data)
        return result, {"report": ds.digest(result)}

    return ds.record_inputs(inputs(), result_of, dump)


if __name__ == "__main__":
    sys.exit(ds.main(sys.argv[1:], record, SNAPSHOT, "report", fail_on_differ=True))
