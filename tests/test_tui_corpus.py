"""Real pairs of the corpus (``../shared/corpus``, read in place; skipped when absent) in the
comparison: every year's own finding about cells (a cell, or a whole row or column) is marked on
its own side, at 200x50 (side by side) and 100x30 (one line per cell)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

pytest.importorskip("textual")

from gxtui.tui.app import GxtuiApp  # noqa: E402
from gxtui.tui.widgets.report_tables import SEV_MARK  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

pytestmark = [pytest.mark.corpus,
              pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not available")]


def pairs() -> list[tuple[str, str]]:
    if not CORPUS.is_dir():
        return []
    out = []
    for stem in sorted({p.name.rsplit("_", 1)[0] for p in CORPUS.glob("*_20*.txt")}):
        files = sorted(CORPUS.glob(f"{stem}_20*.txt"))
        years = {int(p.stem.rsplit("_", 1)[1]): p for p in files if p.stem.rsplit("_", 1)[1].isdigit()}
        out += [(str(years[y]), str(years[y + 1])) for y in sorted(years) if y + 1 in years]
    return out


async def _marked_cells(old: str, new: str, size: tuple[int, int]) -> int:
    from textual.coordinate import Coordinate
    from textual.widgets import DataTable

    from gxtui.tui.screens.compare import TABLES

    app = GxtuiApp(paths=[old, new], compare=(old, new))
    checked = 0
    async with app.run_test(size=size) as pilot:
        for _ in range(1200):
            if getattr(app.screen, "audit", None) is not None or getattr(app.screen, "error", None):
                break
            await pilot.pause(0.05)
        screen = app.screen
        assert screen.audit is not None, screen.error
        await pilot.press("z")  # unfold: every row, also those zero in both years
        for side, f in screen.items:
            if side == "cross" or f.table not in TABLES or not (f.row or f.col) or f.severity == "info":
                continue
            rows = screen.rows[f.table]
            dt = screen.query_one(f"#{f.table}", DataTable)
            cols = [c for c, _ in screen.comparison.table(f.table).columns]
            for i, item in enumerate(rows):
                cells = item.cells if hasattr(item, "cells") else [item]
                for x in cells:
                    keys = getattr(x, side).keys or [(x.table, x.row, x.col)]
                    if not any(k[0] == f.table and f.row in (None, k[1]) and f.col in (None, k[2])
                               for k in keys):
                        continue
                    if getattr(x, side).state in ("absent", "missing"):
                        continue  # no such cell that year: nothing to mark
                    if hasattr(item, "cells"):
                        col = 1 + cols.index(x.col) + (len(cols) if side == "new" else 0)
                    else:
                        col = 2 if side == "old" else 3
                    text = dt.get_cell_at(Coordinate(i, col)).plain
                    assert text.endswith((SEV_MARK[f.severity], "!")), (f.rule, side, x.row, x.col, text)
                    checked += 1
    return checked


@pytest.mark.slow
def test_real_pairs_mark_each_years_own_cells(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GXTUI_CACHE_DIR", str(tmp_path))
    total = 0
    for old, new in pairs():
        for size in ((200, 50), (100, 30)):
            total += asyncio.run(_marked_cells(old, new, size))
    assert total > 0  # the corpus has such findings (S-5 rows of table 二): the test checked some
