"""The layers hold: import-linter's contracts in pyproject.toml (model/templates < read < extract
< compare < rules < audit/library/review < present < cli, tui; no Textual below the TUI)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if exe is None:
        pytest.skip("import-linter is not installed")
    out = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout


def test_a_reverse_import_would_be_caught(tmp_path: Path) -> None:
    """The contract is not vacuous: the same check on a copy whose model imports the CLI fails."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if exe is None:
        pytest.skip("import-linter is not installed")
    shutil.copytree(ROOT / "gxtui", tmp_path / "gxtui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "gxtui" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nimport gxtui.cli.check  # noqa\n", encoding="utf-8")
    out = subprocess.run([exe, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert out.returncode != 0 and "gxtui.model is not allowed to import gxtui.cli" in out.stdout
