"""The library keeps what the folder scan left out (links out of the folder, gxtui's own findings
reports) on its result (``IndexStats.skipped``) and the library screen says so in its status."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from gxtui.files import SKIP_LINK_OUT, SKIP_OWN, sign_own_output
from gxtui.library.index import Indexer

GOOD = Path(__file__).resolve().parent.parent / "data" / "示例县教育局_2021.txt"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GXTUI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path_factory.mktemp("ud")))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root, outside = tmp_path / "in", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    shutil.copy(GOOD, root / "a.txt")
    shutil.copy(GOOD, outside / "secret.txt")
    os.symlink(outside / "secret.txt", root / "leak.txt")
    (root / "findings.html").write_text(
        sign_own_output("<!DOCTYPE html>\n<html><body>审阅结果</body></html>\n"), encoding="utf-8")
    return root


def test_indexer_keeps_the_skipped_files(tree: Path) -> None:
    ix = Indexer([str(tree)], None, use_cache=False, jobs=1)
    stats = ix.run()
    assert [Path(p).name for p in ix.summaries] == ["a.txt"]
    assert sorted((Path(p).name, r) for p, r in stats.skipped) == [("findings.html", SKIP_OWN),
                                                                   ("leak.txt", SKIP_LINK_OUT)]


def test_indexer_skips_nothing_in_a_plain_folder(tmp_path: Path) -> None:
    shutil.copy(GOOD, tmp_path / "a.txt")
    assert Indexer([str(tmp_path)], None, use_cache=False, jobs=1).run().skipped == []


def _status(app) -> str:
    return str(app.library.query_one("#lib-status").render())


def test_library_status_lists_the_skipped_files(tree: Path) -> None:
    from gxtui.tui.app import GxtuiApp  # noqa: PLC0415

    async def run() -> str:
        app = GxtuiApp(paths=[str(tree)], lang="en")
        async with app.run_test(size=(160, 24)) as pilot:
            for _ in range(1200):
                if app.scan_done:
                    break
                await pilot.pause(0.05)
            await pilot.pause()
            return _status(app)

    status = asyncio.run(run())
    assert "2 files left out:" in status
    assert "leak.txt (link out of the folder)" in status and "findings.html (gxtui's own report)" in status
