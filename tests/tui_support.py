"""What the Pilot tests of the TUI share: running an async test without a pytest plugin, and a
library index of their own (imported into a test module, the fixture is autouse there)."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

import pytest


def sync(fn):
    """Run an async test with asyncio (no pytest async plugin needed)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))
    return wrapper


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The library index goes to a temporary folder, never to the user's cache."""
    d = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("GXTUI_CACHE_DIR", str(d))
    return d
