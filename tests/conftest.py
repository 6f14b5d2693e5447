"""Shared test fixtures: paths to the seed report and the shared corpus (read in place)."""

from __future__ import annotations

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


def corpus_file(name: str) -> Path:
    p = CORPUS / name
    if not p.exists():
        pytest.skip(f"../shared/corpus/{name} not available")
    return p
