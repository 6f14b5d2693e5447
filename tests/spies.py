"""Test helpers that watch the code under test: how often a function was called (a fast path
must be shown to fire, and the general path to still run, or the comparison proves nothing)."""

from __future__ import annotations

from typing import Any


def counting(monkeypatch: Any, module: object, name: str) -> list[int]:
    """Replace ``module.name`` by a wrapper counting its calls; returns the one-item counter."""
    calls = [0]
    real = getattr(module, name)

    def counted(*a: Any, **k: Any) -> Any:
        calls[0] += 1
        return real(*a, **k)

    monkeypatch.setattr(module, name, counted)
    return calls
