"""The comparison screen shows each year's own findings inline (issue 16 item 1): both years'
failures on their own side, in the findings pane with their year, reached by n/N, counted in the
overview; a changed and failing cell shows both. Pilot tests on data/ (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("textual")

from gxtui.tui.app import GxtuiApp  # noqa: E402
from tui_support import _own_cache, sync  # noqa: E402, F401 - _own_cache: autouse here

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "data" / "示例县教育局_2021.txt"
NEW = ROOT / "data" / "示例县教育局_2022.txt"

pytestmark = pytest.mark.skipif(not (OLD.exists() and NEW.exists()), reason="data/ not available")






async def comparison(pilot, app):
    from gxtui.tui.screens.compare import CompareScreen

    for _ in range(1200):
        if app.scan_done and isinstance(app.screen, CompareScreen) and app.screen.comparison is not None:
            break
        await pilot.pause(0.05)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, CompareScreen) and screen.comparison is not None, screen.error
    return screen


def test_audit_pair_returns_both_years_own_findings_and_cross_year() -> None:
    from gxtui.audit import audit_pair
    from gxtui.extract import load

    a = audit_pair(load(str(OLD)), load(str(NEW)))
    old = {(f.rule, f.row, f.col) for f in a.old}
    assert ("T3-B", "r.total", "np") in old and ("T3-B", "r.total", "tot") in old
    assert not any(f.rule == "T3-B" for f in a.new)  # 2022 adds up
    assert any(f.rule == "Y-1" for f in a.cross)
    assert not any(f.rule in ("Y-1", "P-1", "P-2") for f in a.old + a.new)  # cross-year only once
    sides = [s for s, _ in a.items]
    assert sides.count("old") == len(a.old) and sides.count("cross") == len(a.cross)
    assert a.count("old", "error") == 2


def _cell(dt, row: int, col: int) -> str:
    from textual.coordinate import Coordinate

    return dt.get_cell_at(Coordinate(row, col)).plain


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
@sync
async def test_old_years_failures_marked_on_its_side(size) -> None:
    from textual.widgets import DataTable

    app = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)))
    async with app.run_test(size=size) as pilot:
        screen = await comparison(pilot, app)
        await pilot.press("3")
        dt = screen.query_one("#table3", DataTable)
        side = screen.side_by_side["table3"]
        assert side == (size[0] >= 160)  # 15 value columns fit side by side only when wide
        rows = screen.rows["table3"]
        if side:
            i = next(i for i, r in enumerate(rows) if r.key == "r.total")
            cols = [c for c, _ in screen.comparison.table("table3").columns]
            old_np, old_tot = 1 + cols.index("np"), 1 + cols.index("tot")
            new_np = 1 + len(cols) + cols.index("np")
            assert _cell(dt, i, old_np) == "17!" and _cell(dt, i, old_tot) == "21!"
            assert _cell(dt, i, new_np) == "24"  # 2022's total adds up: no mark
        else:
            got = {(c.row, c.col): i for i, c in enumerate(rows)}
            assert _cell(dt, got[("r.total", "np")], 2) == "17!"
            assert _cell(dt, got[("r.total", "tot")], 2) == "21!"
            assert _cell(dt, got[("r.total", "np")], 3) == "24"
        # the findings pane lists them with their year
        fl = screen.query_one("#findings")
        lines = [fl.get_option_at_index(i).prompt.plain for i in range(fl.option_count)]
        own = [ln for ln in lines if "T3-B" in ln]
        assert len(own) == 2 and all(ln.startswith("2021 ") for ln in own)
        assert any(ln.startswith("2021→2022 ") and "Y-1" in ln for ln in lines)
        assert "2021" in fl.border_title and "2" in fl.border_title
        # the overview counts them
        assert "2021 年报告本身：错误 2 条" in screen.summary_text.plain


@sync
async def test_n_reaches_each_years_failures_and_the_detail_names_the_year() -> None:
    from textual.widgets import DataTable

    app = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)))
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await comparison(pilot, app)
        cols = [c for c, _ in screen.comparison.table("table3").columns]
        want = 1 + cols.index("np")  # the 2021 side of （七）总计 / 自然人
        seen = False
        for _ in range(len(screen.spots)):
            await pilot.press("n")
            dt = screen.query_one("#table3", DataTable)
            if screen.current_pane == "table3" and dt.cursor_coordinate.column == want and \
                    screen.rows["table3"][dt.cursor_coordinate.row].key == "r.total":
                seen = True
                break
        assert seen, "n never reached 2021's failing total"
        assert "T3-B" in screen.detail_text.plain and "2021 " in screen.detail_text.plain
        # selecting the finding in the pane goes to its cell on the 2021 side
        fl = screen.query_one("#findings")
        idx = next(i for i, (s, f) in enumerate(screen.items) if s == "old" and f.col == "tot")
        fl.focus()
        fl.highlighted = idx
        await pilot.pause()
        dt = screen.query_one("#table3", DataTable)
        assert dt.cursor_coordinate.column == 1 + cols.index("tot")
        assert screen.rows["table3"][dt.cursor_coordinate.row].key == "r.total"


@sync
async def test_changed_and_failing_cell_shows_both() -> None:
    from textual.coordinate import Coordinate
    from textual.widgets import DataTable

    app = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)))
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await comparison(pilot, app)
        rows = screen.rows["table3"]
        i = next(i for i, r in enumerate(rows) if r.key == "r.total")
        cell = next(x for x in rows[i].cells if x.col == "np")
        assert cell.status == "changed"  # 17 -> 24 and 17 fails T3-B
        dt = screen.query_one("#table3", DataTable)
        text = dt.get_cell_at(Coordinate(i, 1))
        style = str(text.style)
        assert "reverse" in style and "underline" in style  # failing (reverse, !) and changed
        assert text.plain.endswith("!")
        unchanged = next(j for j, r in enumerate(rows) if r.key == "new")
        plain_style = str(dt.get_cell_at(Coordinate(unchanged, 3)).style)  # 科研机构 0 -> 0
        assert "reverse" not in plain_style


@sync
async def test_search_then_esc_stays_in_comparison_and_second_esc_returns_to_report() -> None:
    from gxtui.tui.screens.compare import CompareScreen
    from gxtui.tui.screens.report import ReportScreen

    app = GxtuiApp(paths=[str(OLD), str(NEW)])
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(1200):
            if app.scan_done:
                break
            await pilot.pause(0.05)
        app.open_report(str(NEW))
        for _ in range(1200):
            if isinstance(app.screen, ReportScreen):
                break
            await pilot.pause(0.05)
        await pilot.press("p")
        screen = await comparison(pilot, app)
        await pilot.press("slash")
        screen.query_one("#search").value = "复议"
        await pilot.press("enter")
        assert screen.search_spots
        await pilot.press("escape")
        assert isinstance(app.screen, CompareScreen) and screen.search_spots is None
        await pilot.press("escape")
        assert isinstance(app.screen, ReportScreen)


@sync
async def test_resize_refits_the_tables() -> None:
    app = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)))
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await comparison(pilot, app)
        assert screen.side_by_side["table3"]
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.2)
        assert not screen.side_by_side["table3"]
        await pilot.resize_terminal(200, 50)
        await pilot.pause(0.2)
        assert screen.side_by_side["table3"]


@sync
async def test_english_comparison_labels_rows_and_columns_in_english() -> None:
    from textual.widgets import DataTable

    app = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)), lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await comparison(pilot, app)
        dt = screen.query_one("#table3", DataTable)
        rows = screen.rows["table3"]
        i = next(i for i, c in enumerate(rows) if (c.row, c.col) == ("r.total", "np"))
        assert _cell(dt, i, 0).startswith("3(7) total")
        assert _cell(dt, i, 1) == "natural persons"
        assert _cell(dt, i, 2) == "17!"
