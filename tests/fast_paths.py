"""What the fast-path tests share: the inputs read once, what a later stage can see of a report,
a call counter, and the extraction of every input with a shortcut's module flag on and off (a fast
path must be shown to fire, and the general path to still run, or the comparison proves nothing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import report_snapshot as rs

from gxtui.extract import extract
from gxtui.read import ReadError, read_bytes


def readable(items: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes, Any]]:
    """(name, bytes, Document) of every input a reader accepts."""
    out = []
    for name, data in items:
        try:
            out.append((name, data, read_bytes(data)))
        except ReadError:
            continue
    return out


def seen(report: Any) -> tuple:
    """What a later stage can see of ``report``, including the order of cells and anomalies."""
    return (rs.canonical(report), [(k, rs._plain(c)) for k, c in report.cells.items()],  # noqa: SLF001
            [a.to_dict() for a in report.anomalies])


def counting(monkeypatch: Any, module: object, name: str) -> list[int]:
    """Replace ``module.name`` by a wrapper counting its calls; returns the one-item counter."""
    calls = [0]
    real = getattr(module, name)

    def counted(*a: Any, **k: Any) -> Any:
        calls[0] += 1
        return real(*a, **k)

    monkeypatch.setattr(module, name, counted)
    return calls


def both_ways(documents: list[tuple[str, bytes, Any]], monkeypatch: Any, module: object, flag: str,
              calls: list[int]) -> tuple[list, list, int, int]:
    """Every document extracted with ``module.flag`` as it is and then off: (seen with it, seen
    without, calls counted with it, calls counted without)."""
    calls[0] = 0
    fast = [seen(extract(doc, name, data)) for name, data, doc in documents]
    on = calls[0]
    monkeypatch.setattr(module, flag, False)
    calls[0] = 0
    full = [seen(extract(doc, name, data)) for name, data, doc in documents]
    return fast, full, on, calls[0]
