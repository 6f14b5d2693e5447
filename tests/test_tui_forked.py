"""``gxtui compare`` computes its comparison in a child forked before Textual is imported
(``gxtui.tui.launch.ForkedAudit``, issue 15) and shows it in the screen's first frame. These tests
hold the fast path to the general one: the child's audit is the one the app's comparison worker
computes (same loads, configuration, errors), the screen built from it is the same at every step,
and a child that gives nothing makes the app compute the comparison itself."""

from __future__ import annotations

import gc
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("textual")

from gxtui.tui.app import GxtuiApp  # noqa: E402
from tui_support import _own_cache, sync  # noqa: E402, F401 - _own_cache: autouse here

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OLD = DATA / "示例县教育局_2021.txt"
NEW = DATA / "示例县教育局_2022.txt"
CORPUS = ROOT.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not (OLD.exists() and NEW.exists()), reason="data/ not available")

# run in a fresh interpreter: ForkedAudit refuses to fork a process with threads (pytest's has)
_CHILD_VS_WORKER = r'''
import json, os, pickle, sys
sys.path.insert(0, sys.argv[1])
from gxtui.tui.launch import ForkedAudit

def worker(old, new, config_path):
    """What GxtuiApp._compare_worker and _load_config do on the thread path."""
    from gxtui.audit import audit_pair
    from gxtui.config import Config, ConfigError
    from gxtui.extract import load
    try:
        ro, rn = load(old), load(new)
        try:
            config = Config.load(config_path)
        except ConfigError:
            config = Config()
        # through pickle as the child's: an unpickled set may iterate in another order than
        # the one it was built as (same members), and repr shows the order
        return repr(pickle.loads(pickle.dumps(audit_pair(ro, rn, config)))), None
    except Exception as e:
        return None, getattr(e, "message", None) or f"{type(e).__name__}: {e}"

out = []
for old, new, config_path in json.loads(sys.argv[2]):
    f = ForkedAudit.start(old, new, config_path)
    assert f is not None, "no fork"
    assert f.paths == (old, new)
    got = f.result()
    assert got is not None, "no result"
    audit, error = got
    assert f.ready(0) and f.result() is got  # read once
    fast = (None if audit is None else repr(audit), error)
    out.append([list(fast), list(worker(old, new, config_path))])
print(json.dumps(out, ensure_ascii=False))
'''


def _pairs(tmp_path: Path) -> list[tuple[str, str, str | None]]:
    broken_cfg = tmp_path / "broken.toml"
    broken_cfg.write_text("[rules\nthis is not toml", encoding="utf-8")
    cfg = tmp_path / "gxtui.toml"
    cfg.write_text("[compare]\nratio = 1.1\nmin_base = 1\n", encoding="utf-8")
    garbage = tmp_path / "garbage_2022.txt"
    garbage.write_bytes(b"\x00\xff" * 300)
    y2020 = DATA / "示例县教育局_2020.txt"
    pairs = [(str(OLD), str(NEW), None), (str(NEW), str(OLD), None), (str(OLD), str(NEW), str(broken_cfg)),
             (str(OLD), str(NEW), str(cfg)), (str(OLD), str(garbage), None),
             (str(OLD), str(tmp_path / "missing_2022.txt"), None),
             (str(DATA / "吕梁市教育局_2021.txt"), str(NEW), None)]
    if y2020.exists():
        pairs.append((str(y2020), str(OLD), None))
    for a, b in (("hebei-gxt_2019.txt", "hebei-gxt_2020.txt"), ("hebei-gxt_2021.txt", "hebei-gxt_2022.txt")):
        if (CORPUS / a).exists() and (CORPUS / b).exists():
            pairs.append((str(CORPUS / a), str(CORPUS / b), None))
    return pairs


def test_forked_audit_is_the_workers_audit(tmp_path: Path) -> None:
    """The child's result, unpickled, is the audit the comparison worker computes in process
    (compared by repr: every field of the comparison, both reports and all findings), and its
    errors are the worker's error lines — on real pairs, swapped years, a broken and a real
    configuration, an unreadable and a missing file."""
    import json

    pairs = _pairs(tmp_path)
    r = subprocess.run([sys.executable, "-c", _CHILD_VS_WORKER, str(ROOT), json.dumps(pairs)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert len(got) == len(pairs)
    for (old, new, cfg), (fast, slow) in zip(pairs, got):
        if fast != slow:
            at = next((i for i, (x, y) in enumerate(zip(str(fast), str(slow))) if x != y), -1)
            pytest.fail(f"{old} {new} {cfg}: differ at {at}: {str(fast)[at - 200:at + 200]!r} / "
                        f"{str(slow)[at - 200:at + 200]!r}")
    assert got[0][0][0] is not None and got[4][0][1] and got[5][0][1]  # audits and errors both seen
    assert got[2][0][0] == got[0][0][0]  # a broken configuration: the defaults, as the app uses
    assert got[3][0][0] != got[0][0][0]  # the configuration reaches the child


def test_no_fork_with_threads_or_without_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process with threads is never forked (their locks would be copied held): the app then
    takes the thread path; so it does where ``os.fork`` is missing."""
    import threading

    from gxtui.tui import launch

    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert launch.ForkedAudit.start(str(OLD), str(NEW), None) is None
    finally:
        stop.set()
        t.join()
    monkeypatch.delattr(launch.os, "fork")
    assert launch.ForkedAudit.start(str(OLD), str(NEW), None) is None


_DEAD_CHILD = r'''
import os, sys
sys.path.insert(0, sys.argv[1])
from gxtui.tui import launch
launch._audit = lambda *a: os._exit(3)  # the child dies before writing anything
f = launch.ForkedAudit.start(sys.argv[2], sys.argv[3], None)
assert f is not None and f.ready(10) and f.result() is None
class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("no")
def bad(*a):
    return Unpicklable()  # the result does not pickle: nothing is written
launch._audit = bad
f = launch.ForkedAudit.start(sys.argv[2], sys.argv[3], None)
assert f is not None and f.result() is None
print("ok")
'''


def test_a_child_without_result_gives_none() -> None:
    r = subprocess.run([sys.executable, "-c", _DEAD_CHILD, str(ROOT), str(OLD), str(NEW)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


class _Early:
    """A ``ForkedAudit`` stand-in: what the child sends (the audit pickled and unpickled), ready
    or not yet, or nothing (a child that failed)."""

    def __init__(self, old: str, new: str, got: Any, ready: bool = True) -> None:
        self.paths = (old, new)
        self._got, self._ready = got, ready
        self.results = 0

    def ready(self, timeout: float = 0.0) -> bool:
        return self._ready

    def result(self) -> Any:
        self.results += 1
        return self._got


def _pickled_audit(old: Path, new: Path) -> tuple[Any, None]:
    from gxtui.audit import audit_pair
    from gxtui.config import Config
    from gxtui.extract import load

    return pickle.loads(pickle.dumps((audit_pair(load(str(old)), load(str(new)), Config.load(None)), None)))


async def _settled(pilot: Any, app: GxtuiApp) -> Any:
    from gxtui.tui.screens.compare import CompareScreen

    for _ in range(1200):
        if app.scan_done and isinstance(app.screen, CompareScreen) and app.screen.comparison is not None:
            break
        await pilot.pause(0.05)
    await pilot.pause()
    return app.screen


def _plain(renderable: Any) -> str:
    """A prompt as text (Rich tables and gxtui's line renderables have no useful ``str``)."""
    import io

    from rich.console import Console

    con = Console(width=100, file=io.StringIO(), color_system=None, legacy_windows=False)
    con.print(renderable)
    return con.file.getvalue()  # type: ignore[attr-defined]


def _state(app: GxtuiApp) -> dict[str, Any]:
    """What the comparison screen shows, pane by pane: titles, the summary, every table's cells
    and cursor, the navigator, the findings and the detail, the pane and widget in focus. (Not a
    screenshot: where a table scrolls after a late ``set_audit`` depends on timing, on the thread
    path too.)"""
    from textual.widgets import DataTable, OptionList

    sc = app.screen
    out: dict[str, Any] = {"title": sc.title, "sub": sc.sub_title, "summary": sc.summary_text.plain,
                           "pane": sc.current_pane, "focus": getattr(sc.focused, "id", None),
                           "detail": sc.detail_text.plain, "spots": repr(sc.spots),
                           "problem_lines": sc.problem_lines, "pos": sc.spot_pos}
    for dt in sc.query(DataTable):
        out[dt.id] = ([[str(c) for c in dt.get_row_at(i)] for i in range(dt.row_count)],
                      [str(c.label) for c in dt.columns.values()], tuple(dt.cursor_coordinate))
    for ol in sc.query(OptionList):
        out[ol.id] = ([_plain(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)],
                      ol.highlighted, ol.border_title)
    return out


async def _steps(app: GxtuiApp, keys: str) -> list[dict[str, Any]]:
    out = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(pilot, app)
        out.append(_state(app))
        for k in keys:
            await pilot.press(k)
            await pilot.pause()
            out.append(_state(app))
    return out


@pytest.mark.parametrize("size", [(80, 24), (130, 40)])
@sync
async def test_forked_result_shows_the_same_screen(size: tuple[int, int]) -> None:
    """The comparison handed over by the child is on the very first frame, and the screen is the
    thread path's at the first frame and after each key (findings, tables, fees, problems, fold)."""
    keys = "nn4652nz"
    ref_app = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)))
    early = _Early(str(OLD), str(NEW), _pickled_audit(OLD, NEW))
    app = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)), early=early)
    assert app._preload is None  # no thread loads the years again

    seen: list[bool] = []
    orig = GxtuiApp._display

    def display(self: GxtuiApp, screen: Any, update: Any) -> None:
        if self is app:
            seen.append(getattr(screen, "comparison", None) is not None)
        orig(self, screen, update)

    GxtuiApp._display = display  # type: ignore[method-assign]
    try:
        async def run(a: GxtuiApp) -> list[dict[str, Any]]:
            out = []
            async with a.run_test(size=size) as pilot:
                await _settled(pilot, a)
                out.append(_state(a))
                for k in keys:
                    await pilot.press(k)
                    await pilot.pause()
                    out.append(_state(a))
            return out

        fast = await run(app)
        slow = await run(ref_app)
    finally:
        GxtuiApp._display = orig  # type: ignore[method-assign]
    assert seen and seen[0], "the first frame came without the comparison"
    assert early.results == 1
    for i, (x, y) in enumerate(zip(fast, slow)):
        assert x.keys() == y.keys()
        bad = {k: (x[k], y[k]) for k in x if x[k] != y[k]}
        assert not bad, (i, keys[:i], str(bad)[:3000])
    assert len(fast) == len(slow)


@pytest.mark.parametrize("got, ready", [(None, True), ("late", False)])
@sync
async def test_child_late_or_failed_still_compares(got: Any, ready: bool) -> None:
    """A child not done within the wait: the worker waits for its result; a child that gave none:
    the worker computes the comparison in process. Both end on the thread path's screen."""
    early = _Early(str(OLD), str(NEW), _pickled_audit(OLD, NEW) if got == "late" else None, ready=ready)
    app = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)), early=early)
    ref = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)))
    assert await _steps(app, "n4") == await _steps(ref, "n4")
    assert early.results == 1


@sync
async def test_garbage_collector_resumed_after_the_first_data() -> None:
    """The launcher pauses the collector for the start; the app resumes it once the comparison is
    on screen (and the library's first rows, below), freezing what is alive then."""
    was = gc.isenabled()
    gc.disable()
    try:
        early = _Early(str(OLD), str(NEW), _pickled_audit(OLD, NEW))
        app = GxtuiApp(paths=[str(OLD), str(NEW)], compare=(str(OLD), str(NEW)), early=early,
                       gc_paused=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await _settled(pilot, app)
            assert gc.isenabled() and not app._gc_paused
        gc.disable()
        lib = GxtuiApp(paths=[str(DATA)], gc_paused=True)
        async with lib.run_test(size=(80, 24)) as pilot:
            for _ in range(400):
                if lib.scan_done:
                    break
                await pilot.pause(0.05)
            assert gc.isenabled() and not lib._gc_paused
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


def test_comparison_classes_unpickle_without_the_extractor() -> None:
    """The TUI unpickles the child's audit: that imports gxtui.audit and gxtui.compare, not the
    extractor or the readers (tiebreak imports ``parse_value`` when it first runs)."""
    code = ("import sys, pickle\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "import gxtui.audit, gxtui.compare, gxtui.compare.tiebreak\n"
            "heavy = [m for m in ('gxtui.extract', 'gxtui.read') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_tiebreak_parse_value_is_the_extractors() -> None:
    from gxtui.compare import tiebreak
    from gxtui.extract.values import parse_value

    for tok in ("12", "1,234", "0", "", None, "/", "-", "3.5", "１２", "12万", "abc", "—", "0.00"):
        try:
            want: Any = parse_value(tok)
        except Exception as e:  # noqa: BLE001
            want = type(e)
        try:
            got: Any = tiebreak.parse_value(tok)
        except Exception as e:  # noqa: BLE001
            got = type(e)
        assert got == want, tok
