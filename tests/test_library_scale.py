"""The library index at scale: worker processes and pairs from pair forms give the same index as
one process (no report parsed twice), and a pair form keeps every cross-year finding."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bench import gen
from gxtui.audit import check_file, check_pair, plan_pairs
from gxtui.config import Config
from gxtui.extract import load
from gxtui.compare.figures import pack, pair_form, unpack
from gxtui.library.index import Indexer

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lib")
    gen.generate(out, {"txt": 90}, quiet=True)
    return out / "txt"


def _view(ix: Indexer) -> dict:
    return {p: (s.agency, s.year, s.series, s.error, s.findings, s.cross, s.pair_old, s.pair_old_key, s.peers,
                s.ratios)
            for p, s in ix.summaries.items()}


def test_pool_index_equals_one_process_and_parses_once(folder: Path) -> None:
    one = Indexer([str(folder)], Config(), use_cache=False, jobs=1)
    one.run()
    pool = Indexer([str(folder)], Config(), use_cache=False, jobs=2)
    pool.POOL_FROM = 1
    pool.run()
    assert one.stats.pairs > 0  # the generated folder has consecutive years of one agency
    assert pool.stats.checked == len(list(folder.glob("*.txt")))
    # every planned pair checked once (one process may also check neighbours the plan drops)
    assert pool.stats.pairs == len(plan_pairs(list(pool.summaries.values()))) > 0
    assert pool.stats.reloaded == 0  # pairs came from the workers' pair forms, not a second parse
    assert _view(pool) == _view(one)
    assert any(s.cross for s in pool.summaries.values()) or all(not s.cross for s in one.summaries.values())


def test_small_folders_stay_in_process(folder: Path) -> None:
    ix = Indexer([str(folder)], Config(), use_cache=False, jobs=2)
    seen = []
    ix.on_report = lambda p, r, f: seen.append(p)
    ix.run()  # 90 files < POOL_FROM: parsed here, reports handed to on_report
    assert len(seen) == ix.stats.checked == 90


def test_pack_round_trip_drops_only_text(folder: Path) -> None:
    r = load(sorted(folder.glob("*.txt"))[0])
    back = unpack(pack(r))
    assert back.sections == [] and back.anomalies == []
    assert back.cells == r.cells and back.problems == r.problems and back.agency == r.agency


def _same_cross_findings(paths: list[str]) -> int:
    cfg = Config()
    plan = plan_pairs([check_file(p, cfg) for p in paths])
    for new, old in plan.items():
        full = check_pair(load(old), load(new), cfg)
        slim = check_pair(pair_form(load(old)), pair_form(load(new)), cfg)
        assert [dataclasses.asdict(f) for f in slim] == [dataclasses.asdict(f) for f in full], (old, new)
    return len(plan)


def test_pair_form_keeps_cross_year_findings_generated(folder: Path) -> None:
    assert _same_cross_findings([str(p) for p in sorted(folder.glob("*.txt"))]) > 0


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_pair_form_keeps_cross_year_findings_corpus() -> None:
    paths = [str(p) for p in sorted(CORPUS.glob("*")) if p.suffix in (".txt", ".md", ".html", ".pdf")]
    assert _same_cross_findings(paths) > 0


def test_a_file_over_a_limit_in_a_chunk_fails_alone(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk whose worker runs out of memory is re-run file by file: only the culprit gets the
    one-line error, its chunk neighbours are indexed as usual (workers fork this process, so
    the patched job is theirs too)."""
    import threading

    import gxtui.library.index as ix_mod

    if threading.active_count() != 1:
        pytest.skip("needs the fork start method (one thread)")
    files = sorted(folder.glob("*.txt"))
    culprit = str(files[3].resolve())
    real = ix_mod._summarize_job

    def job(args: tuple) -> tuple:
        if str(Path(args[0]).resolve()) == culprit:
            raise MemoryError
        return real(args)

    monkeypatch.setattr(ix_mod, "_summarize_job", job)
    ix = Indexer([str(folder)], Config(), use_cache=False, jobs=2)
    ix.POOL_FROM = 1
    ix.run()
    bad = {p for p, s in ix.summaries.items() if s.error}
    assert bad == {culprit}
    assert "memory" in ix.summaries[culprit].error
    assert ix.stats.checked == len(files)


def test_sidecar_sig_sees_a_per_user_sidecar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-user folder is only looked into when it holds something, and then exactly."""
    from gxtui.library.index import sidecar_sig
    from gxtui.review import fallback_path, sidecar_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    report = tmp_path / "r_2021.txt"
    report.write_text("x", encoding="utf-8")
    assert sidecar_sig(str(report)) == ()
    fb = fallback_path(report)
    fb.parent.mkdir(parents=True)
    (fb.parent / "other.gxtui.toml").write_text("", encoding="utf-8")
    assert sidecar_sig(str(report)) == ()  # the folder is not empty, but not this report's
    fb.write_text("a", encoding="utf-8")
    sig = sidecar_sig(str(report))
    assert sig[0] is None and sig[1] is not None and sig[1][0] == 1
    sidecar_path(report).write_text("bb", encoding="utf-8")
    assert sidecar_sig(str(report))[0][0] == 2


def test_pairs_with_a_side_from_the_index_are_checked_in_the_workers(folder: Path, tmp_path: Path) -> None:
    """A re-open after some files changed: pairs whose other year is unchanged (its summary from
    the index, no pair form) are checked in the workers, which parse that side; the index is
    the one a single process builds."""
    import os

    from gxtui.library.index import LibraryCache

    files = sorted(folder.glob("*.txt"))
    cache = tmp_path / "cache"

    def index(jobs: int, directory: Path) -> Indexer:
        ix = Indexer([str(folder)], Config(), cache=LibraryCache([str(folder)], directory), jobs=jobs)
        ix.POOL_FROM = 1
        ix.run()
        return ix

    index(2, cache / "pool")
    index(1, cache / "one")
    for p in files[::3]:  # a third of the folder changes (new mtime and ctime)
        st = p.stat()
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    pool, one = index(2, cache / "pool"), index(1, cache / "one")
    assert pool.stats.checked == one.stats.checked == len(files[::3])
    assert pool.stats.pairs > 0 and pool.stats.reloaded > 0  # sides parsed again, in the workers
    assert _view(pool) == _view(one)
    assert _view(pool) == _view(index(1, cache / "fresh"))  # and what a first open gives


def test_workers_read_the_review_state(folder: Path, tmp_path: Path) -> None:
    """A report with a saved decision, indexed in a worker process: its summary carries the
    decision (the worker reads the sidecar), as a one-process index does."""
    from gxtui.audit import check_report
    from gxtui.review import ReviewStore

    p, report, findings = next((p, r, f) for p in sorted(folder.glob("*.txt"))
                               for r in [load(p)] for f in [check_report(r, Config())] if f)
    finding = findings[0]
    store = ReviewStore.for_report(p, report.source.sha256)
    store.decide(finding.fingerprint, "follow-up", "问一下", finding=finding)
    store.save()
    try:
        pool = Indexer([str(folder)], Config(), use_cache=False, jobs=2)
        pool.POOL_FROM = 1
        pool.run()
        one = Indexer([str(folder)], Config(), use_cache=False, jobs=1)
        one.run()
        s = pool.summaries[str(p)]
        assert s.review.decided == 1 and s.review.follow_ups == 1 and s.decisions
        assert s.review == one.summaries[str(p)].review and s.decisions == one.summaries[str(p)].decisions
    finally:
        for side in folder.glob(p.name + ".gxtui.toml*"):
            side.unlink()
