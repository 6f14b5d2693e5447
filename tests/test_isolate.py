"""Issue 14, item 1: one file at a time in a worker with a memory and a wall-clock limit
(gxtui.isolate), and ``gxtui check``/``gxtui report`` on a folder holding a file over a limit:
a one-line error for that file, exit 2, the rest of the folder checked. No timing assertions:
the outcomes say which limit stopped a worker."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from gxtui.cli import main
from gxtui.isolate import run_many, run_one

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _square(x: int) -> int:
    return x * x


def _behave(x: str) -> str:
    if x == "sleep":
        time.sleep(60)
    elif x == "eat":
        blocks = []
        while True:
            blocks.append(bytearray(64 << 20))
    elif x == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    elif x == "raise":
        raise ValueError("bad item")
    return x.upper()


def test_results_come_back_in_order() -> None:
    got = list(run_many(list(range(20)), _square, jobs=2, timeout=60))
    assert [o.index for o in got] == list(range(20))
    assert [o.value for o in got] == [i * i for i in range(20)] and all(o.ok for o in got)


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_limit_stops_only_its_item(jobs: int) -> None:
    items = ["a", "sleep", "b", "eat", "c", "die", "d", "raise", "e"]
    # 4 s: "eat" must reach the memory cap before the time limit even on a loaded machine
    got = list(run_many(items, _behave, jobs=jobs, timeout=4, mem=512 << 20))
    by = {o.item: o for o in got}
    assert [o.item for o in got] == items
    assert [by[x].value for x in "abcde"] == list("ABCDE")
    assert by["sleep"].reason == "timeout"
    assert by["sleep"].error == "too complex to read safely: reading and checking it took longer than 4 s (stopped)"
    assert by["eat"].reason == "memory" and "needed more than 512 MB of memory" in by["eat"].error
    assert by["die"].reason == "crash" and "signal 9" in by["die"].error
    assert by["raise"].reason == "error" and "ValueError: bad item" in by["raise"].error
    assert all("\n" not in (o.error or "") for o in got)


def _started_at(x: int) -> float:
    start = time.time()
    time.sleep(0.05)
    return start


def test_workers_go_on_while_the_caller_is_busy() -> None:
    """The next item waits in the worker's pipe (Pool.DEPTH): while the caller handles the first
    result (here: sleeps 1 s), the worker finishes the second and starts the third. Without
    the queue the third would start only once the caller asked for more."""
    it = run_many(list(range(3)), _started_at, jobs=1, timeout=60)
    first = next(it)
    handled = time.time()
    time.sleep(1.0)
    rest = list(it)
    assert first.ok and [o.index for o in rest] == [1, 2]
    assert rest[1].value < handled + 0.5


def _nap(x: int) -> int:
    time.sleep(0.003)
    return x


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_parent_takes_answers_in_batches(jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """With items queued in every worker (Pool.DEPTH), the parent sleeps between answers and takes
    those that arrived meanwhile at once (Pool.GATHER): it waits far less often than once an
    item (each wake-up beside busy workers costs it CPU the workers could use), and every answer
    still comes back, in order."""
    from gxtui import isolate

    waits = []
    real = isolate._ready

    def counted(objects: list, timeout: float | None) -> list:
        if timeout != 0:  # a blocking wait, not the check for a further answer
            waits.append(timeout)
        return real(objects, timeout)

    monkeypatch.setattr(isolate, "_ready", counted)
    n = 150
    got = list(run_many(list(range(n)), _nap, jobs=jobs, timeout=60))
    assert [o.value for o in got] == list(range(n)) and all(o.ok for o in got)
    assert len(waits) < 0.75 * n  # once an item (or more) without gathering


def test_run_one_and_no_limits() -> None:
    assert run_one("x", _behave, timeout=None, mem=None).value == "X"
    assert list(run_many([], _behave)) == []


def test_forkserver_takes_importable_functions() -> None:
    got = list(run_many([3, 4], _square, jobs=2, timeout=60, method="forkserver"))
    assert [o.value for o in got] == [9, 16]


# -- the CLI on a folder with a file over a limit -------------------------------------------------------

@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three good reports and two that the (patched) loader spends forever / all memory on.
    Workers are forked, so they inherit the patch."""
    d = tmp_path / "reports"
    d.mkdir()
    for name in ("示例县教育局_2020.txt", "示例县教育局_2021.txt", "示例县教育局_2022.txt"):
        shutil.copy(DATA / name, d / name)
    (d / "slow.txt").write_text("slow", encoding="utf-8")
    (d / "greedy.txt").write_text("greedy", encoding="utf-8")
    import gxtui.extract as ex  # noqa: PLC0415

    real = ex.load

    def load(path, *a, **k):  # noqa: ANN001, ANN002, ANN003
        name = Path(path).name
        if name == "slow.txt":
            time.sleep(120)
        if name == "greedy.txt":
            blocks = []
            while True:
                blocks.append(bytearray(64 << 20))
        return real(path, *a, **k)

    monkeypatch.setattr(ex, "load", load)
    monkeypatch.setenv("GXTUI_NO_CACHE", "1")
    return d


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_folder_reports_the_stopped_files_and_checks_the_rest(folder: Path, jobs: str,
                                                                   capsys: pytest.CaptureFixture) -> None:
    rc = main(["--lang", "en", "check", str(folder), "--timeout", "2", "--memory", "400", "--jobs", jobs])
    out, err = capsys.readouterr()
    assert rc == 2 and "Traceback" not in err
    lines = [x for x in err.splitlines() if x.strip()]
    assert f"gxtui: {folder / 'slow.txt'}: too complex to read safely: reading and checking it took longer " \
           "than 2 s (stopped)" in lines
    assert f"gxtui: {folder / 'greedy.txt'}: too complex to read safely: reading and checking it needed more " \
           "than 400 MB of memory (stopped)" in lines
    assert out.count("示例县教育局 · 202") == 3  # the good reports were checked
    last = out.splitlines()[-1]
    assert last.startswith("3 report(s) checked") and "2 file(s) unreadable" in last
    assert "cross-year rules on 2 consecutive-year pair(s)" in last


def test_check_localises_the_limits(folder: Path, capsys: pytest.CaptureFixture) -> None:
    (folder / "greedy.txt").unlink()
    rc = main(["check", str(folder / "slow.txt"), "--timeout", "1"])
    err = capsys.readouterr().err
    assert rc == 2 and "读取和检查用时超过 1 秒，已停止" in err and err.count("\n") == 1


def test_report_folder_with_a_stopped_file(folder: Path, capsys: pytest.CaptureFixture) -> None:
    rc = main(["--lang", "en", "report", str(folder), "--timeout", "2", "--memory", "400"])
    out, err = capsys.readouterr()
    assert rc == 0 and "Traceback" not in err
    assert "took longer than 2 s (stopped)" in out and "needed more than 400 MB" in out
    assert out.count("示例县教育局") >= 3


# -- in process: a time limit for the commands that keep every report ------------------------------

def test_time_limit_stops_python_code_and_is_not_swallowed() -> None:
    from gxtui.isolate import TimeLimit, time_limit  # noqa: PLC0415

    def busy() -> None:
        try:
            while True:
                pass
        except Exception:  # noqa: BLE001 - a reader's broad handler must not swallow it
            pytest.fail("TimeLimit caught as an Exception")

    with pytest.raises(TimeLimit, match=r"^too complex to read safely: reading and checking it took longer "
                                        r"than 0\.5 s \(stopped\)$"):
        with time_limit(0.5):
            busy()
    with time_limit(5):  # finished in time: nothing raised, the timer is off afterwards
        x = sum(range(1000))
    time.sleep(0.01)
    assert x == 499500


@pytest.mark.parametrize("argv", [["diff", "{folder}"], ["trend", "{folder}", "--agency", "示例县教育局"],
                                  ["coverage", "{folder}"], ["dataset", "{folder}", "-o", "{tmp}/ds"]])
def test_folder_commands_stop_a_slow_file(folder: Path, tmp_path: Path, argv: list[str],
                                          monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    import gxtui.isolate as iso  # noqa: PLC0415

    (folder / "greedy.txt").unlink()
    monkeypatch.setattr(iso, "DEFAULT_TIMEOUT", 1.0)
    rc = main(["--lang", "en", *[a.replace("{folder}", str(folder)).replace("{tmp}", str(tmp_path)) for a in argv]])
    out, err = capsys.readouterr()
    assert rc in (0, 1, 2) and "Traceback" not in err
    if argv[0] == "coverage":  # lists an unreadable file among those without a year
        assert "slow.txt" in out.split("files with no year:")[1]
    elif argv[0] == "dataset":  # the reason is the file's read_error
        import polars as pl  # noqa: PLC0415

        rows = pl.read_parquet(tmp_path / "ds" / "reports.parquet").select("path", "read_error").rows()
        assert [e for p, e in rows if p.endswith("slow.txt")] == [
            "too complex to read safely: reading and checking it took longer than 1 s (stopped)"]
    else:
        assert f"{folder / 'slow.txt'}: too complex to read safely: reading and checking it took longer than 1 s " \
               "(stopped)" in out + err
    assert "示例县教育局" in out + err or "dataset written" in err


def _map_then(size: int) -> int:
    """In the worker: map ``size`` more bytes of address space (never touched) and report it."""
    import mmap

    m = mmap.mmap(-1, size)
    n = len(m)
    m.close()
    return n


def test_memory_cap_counts_from_what_the_worker_inherited() -> None:
    """A parent that already maps more than the cap (the TUI, a test runner) still gets working
    workers: the cap is ``mem`` beyond the inherited address space, so a lazy import or a small
    mapping succeeds, while going ``mem`` further is still stopped."""
    import mmap

    big = mmap.mmap(-1, 768 << 20)  # address space only: never written, no memory used
    try:
        small, over = run_many([64 << 20, 900 << 20], _map_then, jobs=1, timeout=30, mem=512 << 20)
    finally:
        big.close()
    assert small.ok and small.value == 64 << 20
    assert not over.ok and over.reason in ("memory", "error")
