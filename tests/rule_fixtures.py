"""Helpers shared by the rule tests: load an edited copy of a fixture report, pick findings."""

from __future__ import annotations

from pathlib import Path

from gxtui.check import check_report
from gxtui.config import Config
from gxtui.extract import load
from gxtui.model import Finding, Report

FIX = Path(__file__).parent / "fixtures" / "rules"


def edit_fixture(tmp_path: Path, name: str, *pairs: tuple[str, str]) -> Report:
    """Load fixture ``name`` with each (old, new) replacement applied exactly once."""
    text = (FIX / name).read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, f"fixture edit {old!r} is not unique"
        text = text.replace(old, new)
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return load(p)


def findings(report: Report, rule: str, severity: str | None = None,
             config: Config | None = None) -> list[Finding]:
    """The findings of one rule (optionally of one severity) on ``report``."""
    return [f for f in check_report(report, config) if f.rule == rule
            and (severity is None or f.severity == severity)]
