"""Pilot tests of the TUI flows, asserting on app state (not on pixels)."""

from __future__ import annotations

import asyncio
import functools
import shutil
from pathlib import Path

import pytest

pytest.importorskip("textual")

from gxtui.tui import i18n  # noqa: E402
from gxtui.tui.app import GxtuiApp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SERIES = ["示例县教育局_2020.txt", "示例县教育局_2021.txt", "示例县教育局_2022.txt"]


def sync(fn):
    """Run an async test with asyncio (no pytest async plugin needed)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))
    return wrapper


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A writable copy of data/ (review sidecars and exports go here, never into data/)."""
    if not all((DATA / n).exists() for n in SERIES):
        pytest.skip("data/ series not available")
    d = tmp_path / "lib"
    d.mkdir()
    for n in SERIES + ["吕梁市教育局_2021.txt"]:
        if (DATA / n).exists():
            shutil.copy(DATA / n, d / n)
    (d / "broken.txt").write_bytes(b"\x7fELF not a report")
    return d


async def loaded(pilot, app) -> None:
    for _ in range(200):
        if app.scan_done:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def open_row(pilot, app, name: str) -> None:
    lib = app.library
    idx = next(i for i, p in enumerate(lib.rows) if p.endswith(name))
    from textual.widgets import DataTable

    lib.query_one("#library", DataTable).move_cursor(row=idx)
    await pilot.press("enter")
    await pilot.pause()


@sync
async def test_library_groups_years_and_lists_unreadable(folder: Path) -> None:
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        lib = app.library
        names = [Path(p).name for p in lib.rows]
        i = names.index(SERIES[0])
        assert names[i:i + 3] == SERIES  # one agency, consecutive years together
        bad = app.entries[str(folder / "broken.txt")]
        assert bad.status == "unreadable" and bad.error
        assert app.entries[str(folder / SERIES[1])].errors >= 1
        await pilot.press("f")  # only reports with errors
        assert all(app.entries[p].errors or app.entries[p].error for p in lib.rows)
        await pilot.press("f", "slash", "2", "0", "2", "2", "enter")
        assert [Path(p).name for p in lib.rows] == [SERIES[2]]


@sync
async def test_open_report_and_jump_to_finding(folder: Path) -> None:
    from textual.widgets import DataTable, Static

    from gxtui.tui.screens.report import ReportScreen

    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await open_row(pilot, app, SERIES[1])
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert app.entries[str(folder / SERIES[1])].status == "review"
        await pilot.press("n")
        f = screen.current_finding()
        assert f is not None and f.severity == "error" and f.table == "t3"
        assert screen.current_pane == "t3"
        dt = screen.query_one("#tbl-t3", DataTable)
        target = screen._finding_target(f)
        assert (dt.cursor_coordinate.row, dt.cursor_coordinate.column) == (target.row, target.col)
        detail = str(screen.query_one("#detail", Static).render())
        assert "应为" in detail
        await pilot.press("n", "N")
        assert screen.current_finding() is f
        await pilot.press("y")
        assert f.rule in app.clipboard
        await pilot.press("escape")
        assert app.screen is app.library


@sync
async def test_search_moves_to_cell(folder: Path) -> None:
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await open_row(pilot, app, SERIES[1])
        screen = app.screen
        await pilot.press("slash")
        screen.query_one("#search").value = "重复申请"
        await pilot.press("enter")
        assert screen.search_hits
        assert screen.current_pane == "t3"
        first = screen.search_pos
        await pilot.press("n")
        assert screen.search_pos == (first + 1) % len(screen.search_hits)


@sync
async def test_comparison_and_changes(folder: Path) -> None:
    from gxtui.tui.screens.compare import CompareScreen

    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        lib = app.library
        from textual.widgets import DataTable

        idx = next(i for i, p in enumerate(lib.rows) if p.endswith(SERIES[2]))
        lib.query_one("#library", DataTable).move_cursor(row=idx)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.old_path.endswith(SERIES[1]) and screen.new_path.endswith(SERIES[2])
        for _ in range(100):
            if screen.comparison is not None or screen.error:
                break
            await pilot.pause(0.05)
        assert screen.comparison is not None, screen.error
        rules = {f.rule for f in screen.findings}
        assert "Y-1" in rules  # the broken carry-over
        assert any(m.status == "repeated" for m in screen.comparison.problems)
        assert screen.sev_new and screen.sev_old  # Y-1 highlighted on both sides
        await pilot.press("n")
        first = screen.spots[screen.spot_pos]
        await pilot.press("n")
        assert screen.spot_pos == 1
        await pilot.press("N")
        assert screen.spots[screen.spot_pos] == first
        assert screen.current_pane == first.pane
        rows_folded = sum(len(v) for v in screen.rows.values())
        await pilot.press("z")
        assert sum(len(v) for v in screen.rows.values()) > rows_folded


@sync
async def test_compare_command_line_and_wide_layout(folder: Path) -> None:
    from gxtui.tui.screens.compare import CompareScreen

    app = GxtuiApp(paths=[str(folder / SERIES[1]), str(folder / SERIES[2])],
                   compare=(str(folder / SERIES[1]), str(folder / SERIES[2])))
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot, app)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        for _ in range(100):
            if screen.comparison is not None:
                break
            await pilot.pause(0.05)
        assert not screen.narrow
        assert hasattr(screen.rows["t3"][0], "cells")  # side by side: one line per row
        await pilot.press("escape")  # to the library, built on demand
        assert app.screen is app.library and len(app.library.rows) == 2


@sync
async def test_export_asks_and_never_overwrites(folder: Path, tmp_path: Path) -> None:
    app = GxtuiApp(paths=[str(folder)])
    out = tmp_path / "out.json"
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await open_row(pilot, app, SERIES[1])
        await pilot.press("x")
        box = app.screen.query_one("#export-path")
        box.value = str(out)
        await pilot.press("enter")
        await pilot.pause()
        assert out.exists() and '"agency"' in out.read_text(encoding="utf-8")
        out.write_text("keep", encoding="utf-8")
        await pilot.press("x")
        app.screen.query_one("#export-path").value = str(out)
        await pilot.press("enter")
        assert out.read_text(encoding="utf-8") == "keep"
        assert "ExportDialog" == type(app.screen).__name__  # still asking
        await pilot.press("escape")


@sync
async def test_review_decision_saved_next_to_report(folder: Path) -> None:
    pytest.importorskip("gxtui.review")
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await open_row(pilot, app, SERIES[1])
        screen = app.screen
        await pilot.press("n", "c")
        f = screen.current_finding()
        assert screen.decision(f) == "confirmed"
        await pilot.press("r")
        assert app.entries[str(folder / SERIES[1])].status == "reviewed"
    sidecar = folder / (SERIES[1] + ".gxtui.toml")
    assert sidecar.exists() and f.fingerprint in sidecar.read_text(encoding="utf-8")


@sync
async def test_report_text_is_literal(tmp_path: Path, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    text = text.replace("一、总体情况", "一、总体情况\n[b]加粗[/b] [2023] \x1b[31m红", 1)
    p = tmp_path / "markup_2021.txt"
    p.write_text(text, encoding="utf-8")
    app = GxtuiApp(paths=[str(p)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter")
        screen = app.screen
        await pilot.press("1")
        ol = screen.query_one("#s1")
        plains = [ol.get_option_at_index(i).prompt.plain for i in range(ol.option_count)]
        hit = next(s for s in plains if "[b]" in s)
        assert "[2023]" in hit and "\x1b" not in hit


@sync
async def test_help_and_english(folder: Path) -> None:
    i18n.set_lang("en")
    try:
        app = GxtuiApp(paths=[str(folder)])
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            from textual.widgets import DataTable

            table = app.library.query_one("#library", DataTable)
            assert [str(c.label) for c in table.columns.values()][1] == "Agency"
            await pilot.press("question_mark")
            assert type(app.screen).__name__ == "HelpScreen"
            text = str(app.screen.query_one("#help-text").render())
            assert "Compare" in text and "Errors only" in text
    finally:
        i18n.set_lang("zh")


def test_launch_arguments(tmp_path: Path) -> None:
    from gxtui.tui.launch import parse, run

    ns = parse(["compare", "a.txt", "b.txt", "--lang", "en"])
    assert ns.compare == ("a.txt", "b.txt") and ns.lang == "en"
    assert parse(["x", "y"]).paths == ["x", "y"]
    assert run([str(tmp_path / "missing")]) == 2
    with pytest.raises(SystemExit):
        parse(["compare", "only-one"])
