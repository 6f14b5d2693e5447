"""Shared test fixtures: paths to the seed report and the shared corpus (read in place)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "吕梁市教育局_2021.txt"
CORPUS = SHARED / "corpus"
DATA = ROOT / "data"


@pytest.fixture
def seed_path() -> Path:
    p = DATA / "吕梁市教育局_2021.txt"
    if p.exists():
        return p
    if not SEED.exists():
        pytest.skip("seed report not available")
    return SEED


SERIES = ["示例县教育局_2020.txt", "示例县教育局_2021.txt", "示例县教育局_2022.txt"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A writable copy of data/ plus one unreadable file: review sidecars, exports and caches
    written by the TUI and library tests go here, never into data/."""
    if not all((DATA / n).exists() for n in SERIES):
        pytest.skip("data/ series not available")
    d = tmp_path / "lib"
    d.mkdir()
    for n in SERIES + ["吕梁市教育局_2021.txt"]:
        if (DATA / n).exists():
            shutil.copy(DATA / n, d / n)
    (d / "broken.txt").write_bytes(b"\x7fELF not a report")
    return d


def corpus_file(name: str) -> Path:
    p = CORPUS / name
    if not p.exists():
        pytest.skip(f"../shared/corpus/{name} not available")
    return p
