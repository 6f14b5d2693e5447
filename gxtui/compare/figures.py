"""Key figures of a report: the few cells that charts and peer benchmarks read, kept after the rest
of the report is dropped.

A folder check keeps one small ``Report`` per file — the identity, the fees and only these cells —
so that the findings report can draw multi-year charts and peer distributions without parsing any
file a second time and without holding every parsed report in memory.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from gxtui.model import Report
from gxtui.templates import vocab


@lru_cache(maxsize=1)
def key_cells() -> frozenset[tuple[str, str, str]]:
    """Every cell a ratio (``templates/ratios.toml``) or a trend series (``names.toml``) reads."""
    from gxtui.compare.peers import ratios  # noqa: PLC0415

    cells = {tuple(c) for c in vocab.names()["trend"]["cells"]}
    for r in ratios():
        cells.update(r.numerator)
        cells.update(r.denominator)
    for key in vocab.names()["trend"]["fees"]:
        d = vocab.fee(key)
        if d.get("table"):
            cells.add((d["table"], d["row"], d["col"]))
    return frozenset(cells)  # type: ignore[arg-type]


def slim(report: Report) -> Report:
    """A copy of ``report`` with its identity, fees and key cells only (no text, no other cell)."""
    keep = key_cells()
    return dataclasses.replace(
        report, sections=[], problems=[], improvements=[], anomalies=[],
        cells={k: c for k, c in report.cells.items() if k in keep},
        tables_found=set(report.tables_found))
