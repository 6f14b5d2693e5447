"""Key figures of a report: the few cells that charts and peer benchmarks read, kept after the rest
of the report is dropped.

A folder check keeps one small ``Report`` per file — the identity, the fees and only these cells —
so that the findings report can draw multi-year charts and peer distributions without parsing any
file a second time and without holding every parsed report in memory.
"""

from __future__ import annotations

import dataclasses
import operator
from functools import lru_cache

from gxtui.model import Cell, Report
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


# -- pair forms -------------------------------------------------------------------------------------
# What the cross-year rules need of one year, kept until the pairs of a folder are known (the
# library and ``gxtui check`` on a folder): the report without its section texts and anomalies
# (the rules read cells, fees, dates and section-五 items; tests/test_library_scale.py and
# tests/test_batch_forms.py check the findings are the same), pickled and compressed (≈ 3 KB,
# ≈ 0.25 ms to pack, ≈ 0.35 ms to unpack, against ≈ 1.4 ms to parse the file again).

MAX_PAIR_FORM = 256 * 1024  # a pair form larger than this is not kept (the pair re-parses)


def pair_form(report: Report) -> Report:
    return dataclasses.replace(report, sections=[], anomalies=[])


# a cell as the tuple of its fields, in Cell's own order (one C call for all of them; pickling ≈ 200
# cells through ``Cell.__reduce__`` called Python once per cell: ≈ 40 % of packing a form)
_CELL_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Cell)))


def pack(report: Report) -> bytes | None:
    """The pair form, pickled and compressed; None when it would be over ``MAX_PAIR_FORM``."""
    import pickle  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    form = dataclasses.replace(report, sections=[], anomalies=[], cells={})
    cells = list(map(_CELL_FIELDS, report.cells.values()))
    data = zlib.compress(pickle.dumps((form, list(report.cells), cells), protocol=pickle.HIGHEST_PROTOCOL), 1)
    return data if len(data) <= MAX_PAIR_FORM else None


def unpack(data: bytes) -> Report:
    import pickle  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    form, keys, cells = pickle.loads(zlib.decompress(data))  # noqa: S301 - bytes our own worker made
    form.cells = dict(zip(keys, [Cell(*c) for c in cells]))
    return form
