"""Library views beyond the table (issue 17, TUI): the trend charts of an agency with three or
more years (t, from the library and the report screen) and the agency × year coverage matrix (v).
Also the library fixes of issue 16: sorting by errors sorts rows, Esc clears the text filter,
two agencies are not compared without a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("textual")

from gxtui.tui.app import GxtuiApp  # noqa: E402
from tui_support import _own_cache, sync  # noqa: E402, F401 - _own_cache: autouse here

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

pytestmark = pytest.mark.skipif(not (DATA / "示例县教育局_2020.txt").exists(), reason="data/ not available")






async def loaded(pilot, app) -> None:
    for _ in range(1200):
        if app.scan_done:
            break
        await pilot.pause(0.05)
    await pilot.pause()


def move_to(app, name: str) -> None:
    lib = app.library
    lib.table.move_cursor(row=next(i for i, p in enumerate(lib.rows) if p.endswith(name)))


async def until(pilot, cond, n: int = 1200) -> None:
    for _ in range(n):
        if cond():
            return
        await pilot.pause(0.05)


@sync
async def test_trend_view_from_library_and_report() -> None:
    from gxtui.tui.screens.report import ReportScreen
    from gxtui.tui.screens.trend import TrendScreen

    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        move_to(app, "示例县教育局_2021.txt")
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        await until(pilot, lambda: screen.charts is not None or screen.error)
        assert screen.charts is not None, screen.error
        assert screen.charts.years == [2020, 2021, 2022]
        apps = next(c for c in screen.charts.charts if c.key == "applications")
        assert apps.lines[0].values[1] == 21.0  # 2021's applications received (table 三, new/tot)
        await pilot.pause()
        panels = list(screen.query(".trend-chart"))
        assert len(panels) == len(screen.charts.charts)
        assert "本年新收申请" in panels[0].border_title
        assert screen.query(".trend-plot")  # drawn with textual-plotext
        await pilot.press("escape")
        assert app.screen is app.library
        # the same key on the report screen
        move_to(app, "示例县教育局_2022.txt")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.press("t")
        assert isinstance(app.screen, TrendScreen)


@sync
async def test_trend_needs_three_years() -> None:
    from gxtui.tui.screens.trend import TrendScreen

    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        move_to(app, "吕梁市教育局_2021.txt")  # one year only
        await pilot.press("t")
        assert not isinstance(app.screen, TrendScreen)


@sync
async def test_coverage_matrix() -> None:
    from gxtui.tui.screens.coverage import CoverageScreen
    from gxtui.tui.screens.report import ReportScreen

    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.press("v")
        screen = app.screen
        assert isinstance(screen, CoverageScreen)
        cov = screen.coverage
        assert cov.years == [2020, 2021, 2022]
        by = {a.agency: a for a in cov.agencies}
        assert by["吕梁市教育局"].status(2022) == "missing"  # the latest year, others have it
        assert by["示例县教育局"].status(2020) == "present"
        dt = screen.query_one("#coverage")
        from textual.coordinate import Coordinate
        row = [a.agency for a in cov.agencies].index("吕梁市教育局")
        assert dt.get_cell_at(Coordinate(row, 3)).plain == "缺"  # in words, not only colour
        # Enter on a found cell opens that report
        srow = [a.agency for a in cov.agencies].index("示例县教育局")
        dt.move_cursor(row=srow, column=2)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReportScreen))
        assert isinstance(app.screen, ReportScreen) and app.screen.entry.path.endswith("示例县教育局_2021.txt")


@sync
async def test_sort_by_errors_sorts_rows_and_esc_clears_text_filter() -> None:
    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        lib = app.library
        while lib.sort_key != "errors":
            await pilot.press("s")
        errs = [app.entries[p].errors for p in lib.rows]
        assert errs == sorted(errs, reverse=True) and errs[0] > 0
        await pilot.press("slash", "吕", "梁", "enter")
        assert len(lib.rows) == 1
        await pilot.press("escape")
        assert lib.filter_text == "" and len(lib.rows) == 4


@sync
async def test_marked_pair_of_two_agencies_warns_first() -> None:
    from gxtui.tui.screens.compare import CompareScreen

    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        move_to(app, "吕梁市教育局_2021.txt")
        await pilot.press("space")
        move_to(app, "示例县教育局_2021.txt")
        await pilot.press("space", "c")
        assert not isinstance(app.screen, CompareScreen)  # warned, not compared
        assert len(app.library.marked) == 2
        await pilot.press("c")  # asked again: compared anyway, as `gxtui diff --force`
        assert isinstance(app.screen, CompareScreen)


@sync
async def test_space_marks_and_moves_down() -> None:
    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        lib = app.library
        lib.table.move_cursor(row=0)
        first = lib.current_path()
        await pilot.press("space")
        assert lib.marked == [first] and lib.current_path() == lib.rows[1]


@sync
async def test_keymap_from_config_remaps_a_binding(tmp_path: Path) -> None:
    cfg = tmp_path / "gxtui.toml"
    cfg.write_text('[keymap]\nsort = "o"\n', encoding="utf-8")
    app = GxtuiApp(paths=[str(DATA)], config_path=str(cfg))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.pause(0.2)
        lib = app.library
        assert lib.sort_key == "triage"
        await pilot.press("o")
        assert lib.sort_key == "agency"


def test_kept_library_order_is_a_full_sort() -> None:
    """The library keeps its order between re-sorts and moves only the groups of the entries that
    changed (``_Order.update``): after any sequence of changes the rows are those of a full sort
    (an agency's years together by (year, path); agencies by most urgent rank, name, group)."""
    import random

    from gxtui.tui.screens.library import _Order

    rnd = random.Random(5)
    groups = [f"g{i}" for i in range(40)]

    def record(p: str) -> tuple:
        rank = rnd.choice([(), (0, 1, -2), (1, 1, 0), (2, 1, 0), (4, 1, 0)])
        g = rnd.choice(groups + ["\0" + p])
        return (object(), g, rnd.choice([0, 2020, 2021, 2022]), rnd.choice(["甲", "乙", "a", g]), rank, "x")

    def full(recs: dict, triage: bool) -> list[str]:
        by: dict[str, list] = {}
        for p, r in recs.items():
            by.setdefault(r[1], []).append((r[2], p))
        keys = []
        for g, m in by.items():
            m.sort()
            ranks = [recs[p][4] for _, p in m if recs[p][4]]
            keys.append(((min(ranks) if ranks else (9,)) if triage else (), recs[m[0][1]][3], g))
        return [p for k in sorted(keys) for _, p in by[k[2]]]

    for triage in (True, False):
        recs = {f"/r/{i:04d}.txt": None for i in range(300)}
        recs = {p: record(p) for p in recs}
        order = _Order(recs, recs, triage)
        assert order.rows() == full(recs, triage)
        for _ in range(60):
            changed = rnd.sample(sorted(recs), rnd.choice([1, 3, 30]))
            for p in changed:
                recs[p] = record(p)
            assert order.update(recs, changed, len(recs))
            assert order.rows() == full(recs, triage)
            assert order.first_rows() == {m[0][1] for m in order.members.values()}
        gone = next(iter(recs))
        del recs[gone]
        assert not order.update(recs, [], len(recs))  # an entry went without a word: sort again
