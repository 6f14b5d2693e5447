"""Issue 14, items 2–4: sidecars are regular files only, saves are locked and merged, both
locations are read, and ``gxtui review`` records decisions from scripts on the same store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from gxtui import review
from gxtui.cli import main
from gxtui.review import ReviewReadOnly, ReviewStore, fallback_path, lock_path, sidecar_path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    """Never touch the real per-user data folder (also in child processes)."""
    d = tmp_path / "userdata"
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(d))
    monkeypatch.setenv("XDG_DATA_HOME", str(d))
    return d


def many_findings(folder: Path) -> Path:
    """A report whose table 三 totals are all 7 too high: ~30 findings."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for line in (DATA / "示例县教育局_2021.txt").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 8 and cells[-1].strip().isdigit() and sum(c.strip().isdigit() for c in cells) >= 6:
            cells[-1] = str(int(cells[-1]) + 7)
            line = "\t".join(cells)
        out.append(line)
    path = folder / "many.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def fingerprints(path: Path, capsys: pytest.CaptureFixture) -> list[str]:
    capsys.readouterr()
    main(["check", str(path), "-f", "json", "--no-cross-year"])
    doc = json.loads(capsys.readouterr().out)
    return [f["fingerprint"] for r in doc["reports"] for f in r["findings"]]


def listed(path: Path, capsys: pytest.CaptureFixture) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["review", str(path), "--list", "-f", "json"]) == 0
    return {d["fingerprint"]: d for d in json.loads(capsys.readouterr().out)["decisions"]}


# -- regular files only ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "folder"])
def test_hostile_sidecar_makes_the_store_read_only_without_hanging(tmp_path: Path, kind: str) -> None:
    path = many_findings(tmp_path)
    side = sidecar_path(path)
    if kind == "dev_zero":
        side.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(side)
    else:
        side.mkdir()
    store = ReviewStore.for_report(path, "x")  # a blocking open or an unbounded read would hang here
    want = {"dev_zero": "a device", "fifo": "a named pipe (FIFO)", "folder": "a folder"}[kind]
    assert store.error and f"is {want}, not a regular file" in store.error and "\n" not in store.error
    with pytest.raises(ReviewReadOnly):
        store.decide("f" * 16, "confirmed")


def test_report_command_survives_hostile_sidecars(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    a, b = many_findings(tmp_path / "a"), many_findings(tmp_path / "b")
    sidecar_path(a).symlink_to("/dev/zero")
    os.mkfifo(sidecar_path(b))
    rc = main(["report", str(tmp_path), "-f", "md"])
    out, err = capsys.readouterr()
    assert rc == 0 and "Traceback" not in err
    assert "is a device, not a regular file" in out and "is a named pipe (FIFO), not a regular file" in out


def test_oversized_sidecar_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = many_findings(tmp_path)
    sidecar_path(path).write_bytes(b"# " + b"x" * 200 + b"\n")
    monkeypatch.setattr(review, "SIDECAR_LIMIT", 100)
    store = ReviewStore.for_report(path, "x")
    assert store.error and "larger than" in store.error


# -- locked saves ----------------------------------------------------------------------------------

def test_save_leaves_no_lock_and_cleans_stale_temporaries(tmp_path: Path) -> None:
    path = many_findings(tmp_path)
    side = sidecar_path(path)
    stale = [tmp_path / f".{side.name}.abc123xy.tmp", tmp_path / f".{side.name}.bak.k9_2mm1q.tmp"]
    for s in stale:
        s.write_bytes(b"half a save")
    other = tmp_path / ".notes.txt.abc123xy.tmp"  # not ours
    other.write_bytes(b"x")
    store = ReviewStore.for_report(path, "sha")
    store.decide("a" * 16, "confirmed")
    store.save()
    assert not any(s.exists() for s in stale) and set(store.cleaned) == set(stale)
    assert other.exists() and not lock_path(side).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [path.name, side.name, ".notes.txt.abc123xy.tmp"])


def test_a_second_saver_waits_for_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = many_findings(tmp_path)
    side = sidecar_path(path)
    entered = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with review._locked(side):
            entered.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    assert entered.wait(10)
    monkeypatch.setattr(review, "LOCK_WAIT", 0.2)
    store = ReviewStore.for_report(path, "sha")
    store.decide("b" * 16, "dismissed")
    with pytest.raises(review.ReviewBusy):
        with review._locked(side, wait=0.2):
            pass
    release.set()
    t.join(10)
    store.save()  # the lock is free again (and its file gone)
    assert ReviewStore.for_report(path, "sha").decision("b" * 16).status == "dismissed"
    assert not lock_path(side).exists()


def test_conflict_on_the_same_finding_is_reported(tmp_path: Path) -> None:
    path = many_findings(tmp_path)
    fp = "c" * 16
    first = ReviewStore.for_report(path, "sha")
    second = ReviewStore.for_report(path, "sha")
    first.decide(fp, "confirmed", "甲")
    first.save()
    time.sleep(1.1)  # decided_at has whole seconds
    second.decide(fp, "dismissed", "乙")
    second.decide("d" * 16, "follow-up")
    second.save()
    assert [c.fingerprint for c in second.conflicts] == [fp]
    c = second.conflicts[0]
    assert c.theirs.note == "甲" and c.mine.note == "乙" and c.kept.note == "乙"  # the newest
    assert "changed by someone else" in c.text("en")
    final = ReviewStore.for_report(path, "sha")
    assert final.decision(fp).note == "乙" and final.decision("d" * 16).status == "follow-up"
    assert first.conflicts == []


def test_disjoint_saves_from_stale_stores_keep_everything_and_clears(tmp_path: Path) -> None:
    path = many_findings(tmp_path)
    a = ReviewStore.for_report(path, "sha")
    a.decide("1" * 16, "confirmed")
    a.decide("2" * 16, "confirmed")
    a.save()
    b = ReviewStore.for_report(path, "sha")  # sees 1 and 2
    a.clear("2" * 16)
    a.save()  # another reviewer cleared 2 meanwhile
    b.decide("3" * 16, "dismissed")
    b.save()
    got = ReviewStore.for_report(path, "sha").decisions
    assert set(got) == {"1" * 16, "3" * 16} and b.conflicts == []


_CHILD = r"""
import sys
from gxtui.review import ReviewStore
path, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    s = ReviewStore.for_report(path, "sha")
    s.decide(f"{tag}{i:015d}", "confirmed", f"{tag} {i}")
    s.save()
"""


def test_two_processes_saving_disjoint_decisions_lose_none(tmp_path: Path, user_dir: Path) -> None:
    path = many_findings(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(user_dir)}
    procs = [subprocess.Popen([sys.executable, "-c", _CHILD, str(path), tag, "100"], env=env,
                              stderr=subprocess.PIPE) for tag in ("a", "b")]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()[-2000:]
    got = ReviewStore.for_report(path, "sha").decisions
    assert len(got) == 200
    assert {fp[0] for fp in got} == {"a", "b"}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".lock"))] == []


def test_two_gxtui_review_processes_at_once_lose_none(tmp_path: Path, user_dir: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    path = many_findings(tmp_path)
    fps = fingerprints(path, capsys)
    assert len(fps) >= 12
    halves = [fps[0::2][:6], fps[1::2][:6]]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(user_dir), "GXTUI_NO_CACHE": "1"}
    script = ("import sys, subprocess\n"
              "for fp in sys.argv[2:]:\n"
              "    subprocess.run([sys.executable, '-m', 'gxtui', 'review', sys.argv[1], '--finding', fp,"
              " '--status', 'dismissed', '--note', 'n ' + fp], check=True)\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), *h], env=env, stderr=subprocess.PIPE)
             for h in halves]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err.decode()[-2000:]
    got = listed(path, capsys)
    assert set(got) == set(halves[0]) | set(halves[1])
    assert all(d["status"] == "dismissed" and d["note"] == "n " + fp for fp, d in got.items())


# -- both locations ----------------------------------------------------------------------------------

def test_read_only_then_writable_keeps_every_decision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = many_findings(tmp_path)
    early = ReviewStore.for_report(path, "sha")
    early.decide("e" * 16, "confirmed", "beside the report")
    early.decide("s" * 16, "confirmed", "old")
    early.save()
    time.sleep(1.1)
    monkeypatch.setattr(review, "folder_writable", lambda _f: False)  # the folder went read-only
    ro = ReviewStore.for_report(path, "sha")
    assert ro.location == fallback_path(path) and ro.in_user_folder
    ro.decide("u" * 16, "follow-up", "in the user folder")
    ro.decide("s" * 16, "dismissed", "new")
    assert ro.save() == fallback_path(path)
    monkeypatch.setattr(review, "folder_writable", lambda _f: True)  # writable again
    back = ReviewStore.for_report(path, "sha")
    assert back.location == sidecar_path(path) and set(back.sources) == {sidecar_path(path), fallback_path(path)}
    assert {fp: d.note for fp, d in back.decisions.items()} == {
        "e" * 16: "beside the report", "u" * 16: "in the user folder", "s" * 16: "new"}
    back.clear("u" * 16)
    back.save()
    assert not fallback_path(path).exists()  # retired: its decisions are beside the report now
    again = ReviewStore.for_report(path, "sha")
    assert set(again.decisions) == {"e" * 16, "s" * 16}  # the cleared one did not come back


# -- gxtui review ----------------------------------------------------------------------------------------

def test_review_command(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = many_findings(tmp_path)
    fps = fingerprints(path, capsys)
    assert main(["review", str(path), "--finding", fps[0][:8], "--status", "confirmed", "--note", "合计错"]) == 0
    got = listed(path, capsys)
    assert got[fps[0]]["status"] == "confirmed" and got[fps[0]]["note"] == "合计错" and got[fps[0]]["current"]
    capsys.readouterr()
    assert main(["check", str(path), "-f", "json", "--no-cross-year"]) in (0, 1)
    rules = {f["rule"] for r in json.loads(capsys.readouterr().out)["reports"] for f in r["findings"]}
    rule = sorted(rules)[0]
    assert main(["review", str(path), "--rule", rule, "--status", "dismissed", "--reviewed"]) == 0
    got = listed(path, capsys)
    assert all(d["status"] == "dismissed" for d in got.values() if d["rule"] == rule)
    assert ReviewStore.for_report(path, "x").reviewed
    capsys.readouterr()
    assert main(["review", str(path), "--list", "-f", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("fingerprint,status,note,decided_at,rule") and len(lines) == len(got) + 1
    assert main(["review", str(path), "--finding", fps[0], "--clear"]) == 0
    assert fps[0] not in listed(path, capsys)


@pytest.mark.parametrize("argv, want", [
    (["--finding", "zzzz", "--status", "confirmed"], "no finding or decision with fingerprint zzzz"),
    (["--rule", "NOPE", "--status", "confirmed"], "no finding of rule NOPE"),
    (["--finding", "ab"], "need --status"),
    (["--status", "confirmed"], "need --finding or --rule"),
    ([], "nothing to do"),
])
def test_review_command_refusals(tmp_path: Path, capsys: pytest.CaptureFixture, argv: list[str], want: str) -> None:
    path = many_findings(tmp_path)
    capsys.readouterr()
    assert main(["review", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert want in err and err.count("\n") == 1 and err.startswith("gxtui: ")
    assert not sidecar_path(path).exists()


def test_review_command_on_unreadable_report_and_read_only_store(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert main(["review", str(fifo), "--reviewed"]) == 2
    assert "named pipe" in capsys.readouterr().err
    path = many_findings(tmp_path / "r")
    sidecar_path(path).symlink_to("/dev/zero")
    assert main(["review", str(path), "--reviewed"]) == 2
    assert "is a device, not a regular file" in capsys.readouterr().err


def test_library_survives_hostile_sidecars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gxtui.config import Config  # noqa: PLC0415
    from gxtui.library.index import Indexer  # noqa: PLC0415

    monkeypatch.setenv("GXTUI_NO_CACHE", "1")
    a, b = many_findings(tmp_path / "a"), many_findings(tmp_path / "b")
    sidecar_path(a).symlink_to("/dev/zero")
    os.mkfifo(sidecar_path(b))
    ix = Indexer([str(tmp_path)], Config())
    ix.run()  # an unbounded read of /dev/zero or a blocking open of the FIFO would never return
    errors = {Path(p).parent.name: s.review.error for p, s in ix.summaries.items()}
    assert "is a device, not a regular file" in errors["a"]
    assert "is a named pipe (FIFO), not a regular file" in errors["b"]
