"""SVG snapshots of each screen at 80x24 and 160x50 (pytest-textual-snapshot).

Deterministic: the app runs on data/ with the working folder set to the repo root (relative
paths on screen), no clock, no focused Input (no cursor blink). Update with
``pytest tests/test_tui_snapshots.py --snapshot-update`` after checking the SVGs by eye.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytest_textual_snapshot")

from gxtui.tui.app import GxtuiApp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SERIES = ["data/示例县教育局_2021.txt", "data/示例县教育局_2022.txt"]
SIZES = [(80, 24), (160, 50)]


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if not all((ROOT / p).exists() for p in SERIES):
        pytest.skip("data/ not available")
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("GXTUI_CACHE_DIR", str(tmp_path / "cache"))  # never the user's cache


async def _wait(pilot) -> None:
    """Until the library is indexed (generous: CI machines can be slow and busy)."""
    app = pilot.app
    for _ in range(1200):
        if app.scan_done:
            break
        await pilot.pause(0.05)
    assert app.scan_done, "indexing did not finish in 60 s"
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library(snap_compare, size) -> None:
    assert snap_compare(GxtuiApp(paths=["data"]), terminal_size=size, run_before=_wait)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_report(snap_compare, size) -> None:
    async def before(pilot) -> None:
        await _wait(pilot)
        app = pilot.app
        from gxtui.tui.screens.report import ReportScreen

        app.open_report(next(p for p in app.library.rows if p.endswith("示例县教育局_2021.txt")))
        for _ in range(1200):
            if isinstance(app.screen, ReportScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ReportScreen)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()

    assert snap_compare(GxtuiApp(paths=["data"]), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare(snap_compare, size) -> None:
    async def before(pilot) -> None:
        await _wait(pilot)
        screen = pilot.app.screen
        # the comparison is computed in a worker: wait for it, or the snapshot races with it
        for _ in range(1200):
            if getattr(screen, "comparison", None) is not None:
                break
            await pilot.pause(0.05)
        assert screen.comparison is not None, "comparison not ready in 60 s"
        # the first finding is highlighted: its cell (2021's 17!) is scrolled into view; let the
        # highlight message and the scroll settle before the picture
        await pilot.pause(0.2)
        await pilot.wait_for_scheduled_animations()
        await pilot.press("3")  # table 三 (2021's failing totals, the broken carry-over)
        await pilot.pause(0.2)
        await pilot.wait_for_scheduled_animations()
        # a fixed scroll (where a table scrolls to on its first layout depends on timing): the
        # rows from three above 2021's failing total
        dt = screen.query_one("#table3")
        rows = screen.rows["table3"]
        i = next(i for i, r in enumerate(rows) if getattr(r, "key", getattr(r, "row", None)) == "r.total")
        dt.scroll_to(y=max(0, i - 3), animate=False)
        await pilot.pause(0.1)
        await pilot.pause()

    app = GxtuiApp(paths=SERIES, compare=tuple(SERIES))
    assert snap_compare(app, terminal_size=size, run_before=before)
