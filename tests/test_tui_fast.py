"""Issue 15 (TUI latency): what the speed-ups must keep — the library rows from the quick file
scan before indexing, and a footer rebuilt only when its keys change (still showing them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("textual")

from gxtui.tui.app import GxtuiApp  # noqa: E402
from gxtui.tui.widgets.footer import KeyFooter  # noqa: E402
from tui_support import _own_cache, sync  # noqa: E402, F401 - _own_cache: autouse here

ROOT = Path(__file__).resolve().parent.parent
SERIES = ["示例县教育局_2020.txt", "示例县教育局_2021.txt"]






def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "lib"
    d.mkdir()
    for n in SERIES:
        shutil.copy(ROOT / "data" / n, d / n)
    return d


async def _loaded(pilot, app) -> None:
    for _ in range(1200):
        if app.scan_done:
            break
        await pilot.pause(0.05)
    await pilot.pause()


def _keys(screen) -> list:
    return list(screen.query_one(KeyFooter).query("FooterKey"))


@sync
async def test_prescan_rows_before_indexing_and_indexing_still_fills_them(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The file list comes before the indexer runs: with the indexer held back, the rows are there
    (as loading); once it runs they are filled in."""
    folder = _folder(tmp_path)
    started = []
    real = GxtuiApp.load_all

    def held(self):  # the indexer starts only when the test says so
        started.append(self)

    monkeypatch.setattr(GxtuiApp, "load_all", held)
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            if started:
                break
            await pilot.pause(0.02)
        assert started, "the indexer is started after the quick scan"
        lib = app.library
        assert sorted(Path(p).name for p in lib.rows) == SERIES
        assert all(app.entries[p].status == "loading" for p in lib.rows)
        monkeypatch.setattr(GxtuiApp, "load_all", real)
        app.load_all()
        await _loaded(pilot, app)
        assert all(app.entries[p].loaded for p in lib.rows)
        assert {app.entries[p].year for p in lib.rows} == {2020, 2021}


@sync
async def test_rows_in_the_library_when_it_first_appears(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The file list is made while Textual starts (a thread begun with the app): when it is ready
    by the app's mount, the library screen mounts with its rows, before any frame; the file list
    of a folder also arriving late (over FILE_LIST_WAIT) still fills the rows."""
    import gxtui.tui.app as app_mod

    folder = _folder(tmp_path)
    monkeypatch.setattr(GxtuiApp, "load_all", lambda self: None)  # no indexing: rows from the list
    monkeypatch.setattr(app_mod, "FILE_LIST_WAIT", 30.0)
    seen: list[list[str]] = []
    real_mount = GxtuiApp.on_mount

    def on_mount(self) -> None:
        real_mount(self)
        seen.append(sorted(Path(p).name for p in self.entries))

    monkeypatch.setattr(GxtuiApp, "on_mount", on_mount)
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(100, 30)):
        assert seen == [SERIES]  # listed before the library screen was mounted
        assert sorted(Path(p).name for p in app.library.rows) == SERIES

    monkeypatch.setattr(GxtuiApp, "on_mount", real_mount)
    real_run = app_mod._FileList._run

    def slow(self, paths):  # a folder that takes longer to list than the first frame waits
        import time
        time.sleep(0.3)
        real_run(self, paths)

    monkeypatch.setattr(app_mod._FileList, "_run", slow)
    monkeypatch.setattr(app_mod, "FILE_LIST_WAIT", 0.0)
    app = GxtuiApp(paths=[str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.entries
        for _ in range(200):
            if app.library.rows:
                break
            await pilot.pause(0.02)
        assert sorted(Path(p).name for p in app.library.rows) == SERIES


@sync
async def test_footer_kept_when_keys_unchanged_rebuilt_when_they_change(tmp_path: Path) -> None:
    app = GxtuiApp(paths=[str(_folder(tmp_path))])
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot, app)
        await pilot.pause(0.1)
        screen = app.screen
        before = _keys(screen)
        assert before and any(k.key == "c" for k in before)
        screen.bindings_updated_signal.publish(screen)  # same keys: nothing rebuilt
        await pilot.pause(0.1)
        assert _keys(screen) == before
        app.set_keymap({"compare": "o"})  # a key shown changes: the footer shows the new one
        await pilot.pause(0.2)
        after = _keys(screen)
        assert after != before
        assert any(k.key == "o" for k in after) and not any(k.key == "c" for k in after)


async def _open_compare(pilot, app, name: str):
    from gxtui.tui.screens.compare import CompareScreen  # noqa: PLC0415

    lib = app.library
    lib.table.move_cursor(row=next(i for i, p in enumerate(lib.rows) if p.endswith(name)))
    await pilot.pause()
    await pilot.press("c")
    for _ in range(500):
        if isinstance(app.screen, CompareScreen) and app.screen.comparison is not None:
            break
        await pilot.pause(0.01)
    await pilot.pause()
    return app.screen


@sync
async def test_reopened_comparison_is_the_same_screen_until_a_report_changes(tmp_path: Path) -> None:
    app = GxtuiApp(paths=[str(_folder(tmp_path))])
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot, app)
        first = await _open_compare(pilot, app, SERIES[1])
        assert first.comparison is not None and first.old_path.endswith(SERIES[0])
        assert first.current_pane == "table3"
        await pilot.press("4")  # the reviewer moves on: that state is kept
        await pilot.pause()
        pane = first.current_pane
        assert pane == "table4"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.library
        again = await _open_compare(pilot, app, SERIES[1])
        assert again is first and again.current_pane == pane
        await pilot.press("escape")
        await pilot.pause()
        app._forget(app.entries[next(p for p in app.entries if p.endswith(SERIES[0]))])  # reloaded
        fresh = await _open_compare(pilot, app, SERIES[1])
        assert fresh is not first and fresh.comparison is not None


def _switcher_app(kind: type):
    """A ContentSwitcher of a list of long CJK paragraphs (``kind``: PaneList or OptionList) and
    an empty pane; the list counts how often it drops its wrapped lines."""
    from textual.app import App
    from textual.widgets import ContentSwitcher, Static
    from textual.widgets.option_list import Option

    class Switcher(App):
        def compose(self):
            with ContentSwitcher(initial="a"):
                yield kind(*[Option("第" + str(i) + "段" + "政府信息公开工作" * 12) for i in range(30)], id="a")
                yield Static("空", id="b")

    app = Switcher()
    return app


@pytest.mark.parametrize("kind", ["PaneList", "OptionList"])
@sync
async def test_a_pane_list_keeps_its_wrapped_lines_when_shown_again(kind: str) -> None:
    """Switching a pane away and back must not wrap its paragraphs again (≈ 24 ms a switch on a
    report's table pane); a new terminal width must. The plain OptionList is the control: it drops
    its lines on every show, which is what PaneList exists to avoid."""
    from textual.widgets import ContentSwitcher, OptionList

    from gxtui.tui.widgets.narrative import PaneList

    cls = PaneList if kind == "PaneList" else OptionList
    app = _switcher_app(cls)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lst = app.query_one("#a", cls)
        wide = len(lst._lines)
        assert wide > 30  # every paragraph wraps over several lines
        drops = []
        real = lst._clear_caches

        def counting() -> None:
            drops.append(1)
            real()
        lst._clear_caches = counting
        sw = app.query_one(ContentSwitcher)
        for _ in range(3):
            sw.current = "b"
            await pilot.pause()
            sw.current = "a"
            await pilot.pause()
        assert ("政府信息公开" in "".join(s.text for s in lst.render_lines(lst.region.reset_offset)))
        if cls is OptionList:
            assert len(drops) >= 3
            return
        assert drops == []
        assert len(lst._lines) == wide
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        assert drops and len(lst._lines) > wide  # narrower: wrapped again, over more lines
