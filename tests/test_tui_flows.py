"""Pilot tests of the TUI flows, asserting on app state (not on pixels)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("textual")

from gxtui.tui.app import GxtuiApp  # noqa: E402
from tui_support import _own_cache, sync  # noqa: E402, F401 - _own_cache: autouse here

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SERIES = ["示例县教育局_2020.txt", "示例县教育局_2021.txt", "示例县教育局_2022.txt"]






async def loaded(pilot, app) -> None:
    for _ in range(1200):  # generous: CI machines can be slow and busy
        if app.scan_done:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def open_row(pilot, app, name: str) -> None:
    from gxtui.tui.screens.report import ReportScreen

    move_to(app, name)
    await pilot.press("enter")
    for _ in range(3000):  # opening loads the report in a worker when it is not in memory
        if isinstance(app.screen, ReportScreen):
            break
        await pilot.pause(0.02)
    await pilot.pause()


def move_to(app, name: str) -> None:
    lib = app.library
    idx = next(i for i, p in enumerate(lib.rows) if p.endswith(name))
    lib.table.move_cursor(row=idx)


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
        assert f is not None and f.severity == "error" and f.table == "table3"
        assert screen.current_pane == "table3"
        dt = screen.query_one("#tbl-table3", DataTable)
        target = screen._finding_target(f)
        assert (dt.cursor_coordinate.row, dt.cursor_coordinate.column) == (target.row, target.col)
        detail = screen.detail_text.plain
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
        assert screen.current_pane == "table3"
        first = screen.search_pos
        await pilot.press("n")
        assert screen.search_pos == (first + 1) % len(screen.search_hits)


@sync
async def test_comparison_and_changes(folder: Path) -> None:
    from gxtui.tui.screens.compare import CompareScreen

    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        move_to(app, SERIES[2])
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.old_path.endswith(SERIES[1]) and screen.new_path.endswith(SERIES[2])
        for _ in range(1200):
            if screen.comparison is not None or screen.error:
                break
            await pilot.pause(0.05)
        assert screen.comparison is not None, screen.error
        rules = {f.rule for f in screen.findings}
        assert "Y-1" in rules  # the broken carry-over
        assert any(m.status == "repeated" for m in screen.comparison.problems)
        assert screen.marks.new and screen.marks.old  # Y-1 highlighted on both sides
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
        for _ in range(1200):
            if screen.comparison is not None:
                break
            await pilot.pause(0.05)
        assert screen.comparison is not None
        assert screen.side_by_side["table3"]
        assert hasattr(screen.rows["table3"][0], "cells")  # side by side: one line per row
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
    app = GxtuiApp(paths=[str(folder)], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        table = app.library.table
        assert [c.label for c in table.columns][1] == "Agency"
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        text = str(app.screen.query_one("#help-text").render())
        assert "Compare" in text and "Errors only" in text


def test_launch_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``gxtui compare OLD NEW`` and ``gxtui PATH...`` reach the TUI with their options, before or
    after the command; a missing path or a wrong count is a one-line error (exit 2)."""
    import gxtui.tui.launch as launch
    from gxtui.cli import main

    calls = []
    monkeypatch.setattr(launch, "run", lambda *a: calls.append(a) or 0)
    assert main(["compare", "a.txt", "b.txt", "--lang", "en"]) == 0
    assert calls[-1] == (["a.txt", "b.txt"], ("a.txt", "b.txt"), "en", None)
    assert main(["--lang", "en", "--config", "c.toml", "x", "y"]) == 0
    assert calls[-1] == (["x", "y"], None, "en", "c.toml")
    assert main([]) == 0 and calls[-1][0] == ["."]
    assert main(["compare", "only-one"]) == 2
    monkeypatch.undo()
    assert launch.run([str(tmp_path / "missing")]) == 2


# -- library at scale: index cache, triage, frequency view, review state ----------------------

@sync
async def test_library_default_sort_is_triage(folder: Path) -> None:
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        lib = app.library
        assert lib.sort_key == "triage"
        names = [Path(p).name for p in lib.rows]
        assert names[0] == "broken.txt"  # unreadable first
        assert names.index(SERIES[0]) < names.index("吕梁市教育局_2021.txt")  # errors before warnings
        first = [app.entries[p] for p in lib.rows]
        ranks = [min(e.rank for e in first if e.group == g.group) for g in first]
        assert ranks == sorted(ranks)  # groups ordered by their most urgent report


@sync
async def test_frequency_view_filters_by_rule(folder: Path) -> None:
    from gxtui.tui.screens.rules import RulesScreen

    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("F")
        screen = app.screen
        assert isinstance(screen, RulesScreen)
        counts = {(c.rule, c.severity): c for c in screen.counts}
        assert counts[("Y-1", "warning")].reports == 1
        reports = [c.reports for c in screen.counts if c.severity == "error"]
        assert reports == sorted(reports, reverse=True)
        ol = screen.query_one("#rules")
        ol.highlighted = screen.rules.index("S-4")
        await pilot.press("enter")
        lib = app.library
        assert app.screen is lib and lib.rule_filter == "S-4"
        assert lib.rows and all(any(f.rule == "S-4" for f in app.entries[p].summary.all_findings)
                                for p in lib.rows)
        assert len(lib.rows) < len(app.entries)
        await pilot.press("escape")
        assert lib.rule_filter is None and len(lib.rows) == len(app.entries)


@sync
async def test_reopen_uses_the_cache(folder: Path) -> None:
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        first = {p: (e.errors, e.warnings, e.status) for p, e in app.entries.items()}
        assert app.scan_stats.checked == 5
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert app.scan_stats.checked == 0 and app.scan_stats.reused == 5
        assert {p: (e.errors, e.warnings, e.status) for p, e in app.entries.items()} == first
        assert all(e.report is None for e in app.entries.values())  # summaries only
        await open_row(pilot, app, SERIES[2])  # loaded on demand, cross-year findings included
        screen = app.screen
        assert {f.rule for f in screen.findings} >= {"Y-1", "P-2"}
        assert len(screen.findings) == sum(app.entries[str(folder / SERIES[2])].count(s)
                                           for s in ("error", "warning", "info"))


@sync
async def test_reviewed_then_report_changed(folder: Path) -> None:
    pytest.importorskip("gxtui.review")
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await open_row(pilot, app, SERIES[1])
        await pilot.press("n", "c", "r")
        e = app.entries[str(folder / SERIES[1])]
        assert e.status == "reviewed" and e.decided == 1 and e.rank[0] == 4
    with open(folder / SERIES[1], "a", encoding="utf-8") as fh:
        fh.write("\n")  # the report changes after the review (same findings)
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        e = app.entries[str(folder / SERIES[1])]
        assert e.status == "changed" and e.reviewed_changed and not e.reviewed
        row = app.library.render_row(e.path)
        assert "报告其后有修改" in row[-1].plain
        await open_row(pilot, app, SERIES[1])
        screen = app.screen
        changed = [f for f in screen.findings if screen.decision_changed(f)]
        assert len(changed) == 1 and screen.decision(changed[0]) == "confirmed"
        fl = screen.query_one("#findings")
        i = screen.findings.index(changed[0])
        assert "报告已改" in fl.get_option_at_index(i).prompt.plain
        fl.highlighted = i
        await pilot.pause()
        assert "请复核" in screen.detail_text.plain


@sync
async def test_orphaned_decisions_are_listed(folder: Path) -> None:
    from gxtui.extract import load
    from gxtui.model import Finding
    from gxtui.review import ReviewStore

    p = folder / SERIES[1]
    gone = Finding("T3-A", "error", "已不存在的问题", "a finding that is gone", table="table3", row="r.total",
                   col="np", expected=7, actual=8)
    store = ReviewStore.for_report(p, load(p).source.sha256)
    store.decide(gone.fingerprint, "confirmed", "孤立的决定", finding=gone)
    store.save()
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert app.entries[str(p)].summary.review.orphans == 1
        await open_row(pilot, app, SERIES[1])
        screen = app.screen
        assert [d.note for d in screen.orphans] == ["孤立的决定"]
        fl = screen.query_one("#findings")
        idx = len(screen.findings) + 1
        assert "已不存在的问题" in fl.get_option_at_index(idx).prompt.plain
        fl.highlighted = idx
        await pilot.pause()
        detail = screen.detail_text.plain
        assert "孤立的决定" in detail and "7" in detail and "8" in detail


@sync
async def test_read_only_review_file_disables_decision_keys(folder: Path) -> None:
    sidecar = folder / (SERIES[1] + ".gxtui.toml")
    sidecar.write_text("format_version = 99\n", encoding="utf-8")  # written by a newer gxtui
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await open_row(pilot, app, SERIES[1])
        screen = app.screen
        assert screen.read_only
        banner = screen.query_one("#review-banner")
        assert not banner.has_class("hidden") and "只读" in str(banner.render())
        assert screen.check_action("decide", ("confirmed",)) is None
        assert screen.check_action("reviewed", ()) is None
        await pilot.press("n", "c", "r")
        assert screen.decision(screen.current_finding()) is None
    assert sidecar.read_text(encoding="utf-8") == "format_version = 99\n"  # left untouched


@sync
async def test_cursor_starts_on_the_first_row_after_indexing(folder: Path) -> None:
    """Rows arriving and re-sorting while the folder is indexed must not drag the cursor along:
    until the reviewer moves it, it stays on the first (most urgent) row."""
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        lib = app.library
        lib.rebuild()
        await pilot.pause()
        assert lib.table.cursor_row == 0 and lib.table.cursor_key == lib.rows[0]
        move_to(app, SERIES[2])
        lib.rebuild()
        assert lib.table.cursor_key.endswith(SERIES[2])  # after a move it follows its report


@sync
async def test_bidi_zero_width_and_line_separators_never_reach_the_screen(tmp_path: Path) -> None:
    """Issue 14 item 13: an agency name (and file name) with U+202E, zero-width characters and
    U+2028 is shown without them in the report header and everywhere on screen."""
    from gxtui.tui.screens.report import ReportScreen

    src = (Path(__file__).resolve().parent.parent / "data" / SERIES[1]).read_text(encoding="utf-8")
    agency = src.splitlines()[0].strip()
    evil = agency[:2] + "\u202e\u200b\u2028" + agency[2:]
    assert agency and agency in src
    report = tmp_path / "r\u202e\u200b_2021.txt"
    report.write_text(src.replace(agency, evil), encoding="utf-8")
    app = GxtuiApp(paths=[str(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await open_row(pilot, app, report.name)
        assert isinstance(app.screen, ReportScreen)
        shown = app.screen.title + app.screen.sub_title
        assert agency[:2] in app.screen.title
        for ch in "\u202e\u200b\u2028":
            assert ch not in shown
        screen_text = app.export_screenshot()  # every cell on screen, as SVG text
        for ch in "\u202e\u200b\u2028":
            assert ch not in screen_text
