"""The library index cache (gxtui.library.index): keys, reuse, corruption, review state, ranking."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gxtui.library.index import FORMAT, Indexer, LibraryCache, Summary, plan_pairs
from gxtui.config import Config

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SERIES = ["示例县教育局_2020.txt", "示例县教育局_2021.txt", "示例县教育局_2022.txt"]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("GXTUI_CACHE_DIR", str(d))
    monkeypatch.delenv("GXTUI_NO_CACHE", raising=False)
    return d




def run(folder: Path, config: Config | None = None) -> Indexer:
    ix = Indexer([str(folder)], config or Config())
    ix.run()
    return ix


def bump(path: Path, text: str = "\n") -> None:
    """Change a report file (content and mtime)."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))


def test_first_run_checks_second_run_reuses(folder: Path, cache_dir: Path) -> None:
    before = sorted(p.name for p in folder.iterdir())
    a = run(folder)
    assert a.stats.checked == 5 and a.stats.pairs == 2 and a.stats.reused == 0
    files = list(cache_dir.iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"  # one index file per folder
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written next to the reports
    b = run(folder)
    assert b.stats.cached == 5 and b.stats.reused == 5 and b.stats.checked == 0 and b.stats.pairs == 0
    assert b.summaries == a.summaries
    s22 = b.summaries[str(folder / SERIES[2])]
    assert s22.pair_old == str(folder / SERIES[1]) and any(f.rule == "Y-1" for f in s22.cross)
    bad = b.summaries[str(folder / "broken.txt")]
    assert bad.error and bad.open().tier == 0


def test_only_changed_files_are_checked_again(folder: Path, cache_dir: Path) -> None:
    run(folder)
    bump(folder / SERIES[1])
    b = run(folder)
    assert b.stats.checked == 1 and b.stats.reused == 4
    # 2021 changed: its own pair (2020→2021) and the pair it is the old side of (2021→2022)
    assert b.stats.pairs == 2
    (folder / SERIES[0]).unlink()
    c = run(folder)
    assert c.stats.checked == 0 and str(folder / SERIES[0]) not in c.summaries
    s21 = c.summaries[str(folder / SERIES[1])]
    assert s21.pair_old is None and s21.cross == ()  # its previous year is gone


def test_same_size_edit_with_mtime_restored_is_checked_again(folder: Path, cache_dir: Path) -> None:
    """Issue 14, item 7: the ctime (which nobody can set back) and the inode are in the key."""
    path = folder / SERIES[1]
    run(folder)
    st = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace("示例县".encode(), "某某县".encode(), 1))  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    b = run(folder)
    assert b.stats.checked == 1 and b.summaries[str(path)].agency.startswith("某某县")
    replaced = folder / "new.tmp"  # a different file renamed over it: new inode
    replaced.write_bytes(data)
    os.utime(replaced, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(replaced, path)
    c = run(folder)
    assert c.stats.checked == 1 and c.summaries[str(path)].agency.startswith("示例县")
    assert run(folder).stats.checked == 0


def test_config_or_code_change_invalidates(folder: Path, cache_dir: Path) -> None:
    run(folder)
    cfg = Config(rules={"S-4": {"enabled": False}})
    b = run(folder, cfg)
    assert b.stats.checked == 5 and b.stats.cached == 5  # old rows shown at once, then re-checked
    assert not any(f.rule == "S-4" for s in b.summaries.values() for f in s.all_findings)


@pytest.mark.parametrize("damage", [b"", b"\x00\xff garbage", b'{"format": 1, "roots": 3}', b"[1, 2",
                                    b'{"format": 99}'])
def test_corrupt_cache_is_ignored_and_rebuilt(folder: Path, cache_dir: Path, damage: bytes) -> None:
    a = run(folder)
    loc = a.cache.location
    loc.write_bytes(damage)
    b = run(folder)
    assert b.stats.cached == 0 and b.stats.checked == 5
    assert json.loads(loc.read_text(encoding="utf-8"))["format"] == FORMAT  # rebuilt
    doc = json.loads(loc.read_text(encoding="utf-8"))
    doc["entries"][0]["s"] = "not a size"  # one bad entry spoils the file: ignored as a whole
    loc.write_text(json.dumps(doc), encoding="utf-8")
    c = run(folder)
    assert c.stats.cached == 0 and c.stats.checked == 5


def test_unwritable_cache_dir_is_not_fatal(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("GXTUI_CACHE_DIR", str(blocker / "index"))
    ix = run(folder)
    assert ix.stats.checked == 5 and ix.stats.cache_problem


def test_review_state_follows_the_sidecar(folder: Path, cache_dir: Path) -> None:
    from gxtui.check import check_report
    from gxtui.extract import load
    from gxtui.review import ReviewStore

    a = run(folder)
    p = folder / SERIES[1]
    s = a.summaries[str(p)]
    assert s.open().errors == 2 and not s.reviewed
    report = load(p)
    findings = check_report(report)
    err = next(f for f in findings if f.severity == "error")
    store = ReviewStore.for_report(p, report.source.sha256)
    store.decide(err.fingerprint, "follow-up", "问一下", finding=err)
    store.save()
    b = run(folder)
    assert b.stats.checked == 0 and b.stats.reviews == 1  # decision picked up without re-parsing
    s = b.summaries[str(p)]
    assert s.review.decided == 1 and s.review.follow_ups == 1 and s.open().errors == 1
    store = ReviewStore.for_report(p, report.source.sha256)
    store.mark_reviewed()
    store.save()
    c = run(folder)
    s = c.summaries[str(p)]
    assert s.reviewed and s.open().tier == 3  # reviewed; a follow-up is still open work
    bump(p)  # the report changes after the review
    d = run(folder)
    s = d.summaries[str(p)]
    assert s.review.reviewed and s.review.changed and not s.reviewed
    assert s.review.changed_decisions == 1 and s.open().errors == 1


def test_ranking_matches_findings_report(folder: Path, cache_dir: Path) -> None:
    from gxtui.present.findings_report import collect

    ix = run(folder)
    fr = collect([folder])
    by_report = [str(e.path) for e in fr.entries]
    by_index = sorted(ix.summaries, key=lambda p: ix.summaries[p].rank_key(
        next(e.agency for e in fr.entries if str(e.path) == p), ix.summaries[p].year or 0, p))
    assert by_index == by_report
    for e in fr.entries:  # the same open counts, finding for finding
        assert ix.summaries[str(e.path)].open() == e.open()


def test_summary_json_round_trip_and_pairs(folder: Path, cache_dir: Path) -> None:
    ix = run(folder)
    for s in ix.summaries.values():
        assert Summary.from_json(json.loads(json.dumps(s.to_json()))) == s
    plan = plan_pairs(ix.summaries.values())
    assert plan == {str(folder / SERIES[1]): str(folder / SERIES[0]),
                    str(folder / SERIES[2]): str(folder / SERIES[1])}


def test_cache_location_per_folder(tmp_path: Path, cache_dir: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    assert LibraryCache([a]).location != LibraryCache([b]).location
    assert LibraryCache([a]).location == LibraryCache([str(a) + "/"]).location
    assert LibraryCache([a]).location.parent == cache_dir


def test_no_cache_env(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GXTUI_NO_CACHE", "1")
    ix = run(folder)
    assert ix.cache is None and ix.stats.checked == 5 and not cache_dir.exists()


def test_consecutive_years_are_paired_while_parsing(folder: Path, cache_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder lists an agency's years together: each pair is checked while both reports are in
    memory, so no report is parsed a second time even with a tiny in-memory window."""
    monkeypatch.setattr(Indexer, "KEEP_REPORTS", 2)
    ix = Indexer([str(folder)], None, use_cache=False)
    st = ix.run()
    assert st.reloaded == 0
    by_name = {Path(p).name: s for p, s in ix.summaries.items()}
    assert by_name["示例县教育局_2022.txt"].pair_old.endswith("示例县教育局_2021.txt")
    assert by_name["示例县教育局_2021.txt"].pair_old.endswith("示例县教育局_2020.txt")
    assert any(b.rule == "Y-1" for b in by_name["示例县教育局_2022.txt"].cross)


def test_display_paths_are_the_scan_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Indexer.display`` (absolute path -> the path form the UI and the scan use) gives what
    ``Path(root) / os.path.relpath(path, root)`` gives, for every way a root can be written."""
    sub = tmp_path / "lib" / "sub"
    sub.mkdir(parents=True)
    one = tmp_path / "lib" / "one.txt"
    one.write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    targets = [str(sub / "a.txt"), str(one), str(tmp_path / "elsewhere.txt"), str(tmp_path / "lib")]
    for roots in (["lib"], ["./lib/"], ["lib//sub", "lib/one.txt"], [str(tmp_path / "lib")], ["."],
                  ["lib/one.txt"], [os.sep]):
        ix = Indexer(roots, None, use_cache=False)
        for apath in targets:
            expect = apath
            for r in roots:
                ar = os.path.abspath(r)
                if apath == ar:
                    expect = str(Path(r))
                    break
                if apath.startswith(ar.rstrip(os.sep) + os.sep) and os.path.isdir(r):
                    expect = str(Path(r) / os.path.relpath(apath, ar))
                    break
            assert ix.display(apath) == expect, (roots, apath)


def test_a_warm_pass_over_a_complete_index_plans_no_pairs(folder: Path, cache_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The index says whether the pass that saved it finished: over a finished one with every file
    unchanged, the pairs and peer findings it holds stand (no planning again); over one saved
    while a pass was under way, they are worked out again."""
    import gxtui.library.index as index

    a = run(folder)
    assert json.loads(a.cache.location.read_text(encoding="utf-8"))["complete"] is True
    a.cache.save(list(a.summaries.values()))  # as a save while indexing writes it
    assert json.loads(a.cache.location.read_text(encoding="utf-8"))["complete"] is False
    planned = []
    real = index.plan_pairs
    monkeypatch.setattr(index, "plan_pairs", lambda ss: planned.append(1) or real(ss))
    b = run(folder)
    assert planned and b.stats.reused == 5 and b.summaries == a.summaries
    assert json.loads(b.cache.location.read_text(encoding="utf-8"))["complete"] is True
    planned.clear()
    c = run(folder)
    assert not planned and c.stats.reused == 5 and c.summaries == a.summaries
    bump(folder / SERIES[1])
    d = run(folder)
    assert planned and d.stats.checked == 1


def test_a_given_scan_is_not_made_again(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The TUI lists the folder for its first rows; handed to the indexer, that scan is used
    instead of a second one, with the same index."""
    import gxtui.files as files

    scan = files.scan_report_files([str(folder)])
    a = run(folder)
    scans = []
    real = files.scan_report_files
    monkeypatch.setattr(files, "scan_report_files", lambda *a, **k: scans.append(1) or real(*a, **k))
    b = Indexer([str(folder)], Config(), scan=scan)
    b.run()
    assert not scans and b.summaries == a.summaries and b.stats.files == len(scan.files)
    run(folder)
    assert scans  # without one, the pass scans


def test_summary_from_json_is_the_constructors_summary() -> None:
    """``from_json`` fills the instance dict directly (no frozen ``__init__``): every field, in
    order, equal to what the constructor makes, derived values (``open``) working, and a wrong
    type in any checked field refused."""
    from gxtui.library.index import Brief, ReviewState

    full = Summary("/r/a_2021.txt", 12, 34, "stamp", "ab" * 32, "某局", 2021, "2021", "某局", None,
                   (Brief("f1", "T3-A", "error"),), (Brief("f2", "Y-1", "warning"),), "/r/a_2020.txt",
                   (1, 2, 3, 4), ReviewState((5, 6), True, False, 1, 0, 2, 0, None), {"f1": "accepted"},
                   "department", (("disclosed", 0.5, 1.0, 2.0), ("not_held", 0.0, 0.0, 3.0)),
                   (Brief("f3", "B-1", "info"),), 77, 88)
    bare = Summary("/r/b.txt", 1, 2, "stamp", error="unreadable")
    for s in (full, bare):
        got = Summary.from_json(json.loads(json.dumps(s.to_json())))
        assert got == s and list(vars(got)) == list(vars(s)) and vars(got) == vars(s)
        assert got.open() == s.open() and hash(got) == hash(s)
        with pytest.raises(AttributeError):
            got.year = 1999  # still frozen
    good = full.to_json()
    for key, bad in (("y", "2021"), ("a", 3), ("o", 1.5), ("n", ["x"]), ("s", "big"), ("q", ["k", "x", 1, 2]),
                     ("q", [1, 0.5, 1, 2]), ("d", {"f1": 3}), ("f", [["a", "b"]])):
        with pytest.raises((ValueError, TypeError)):
            Summary.from_json({**good, key: bad})
