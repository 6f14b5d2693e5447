"""The rules on the real reports in ../shared/corpus (skipped when the folder is absent).

1. No unexplained error-level findings: every error found on a real report is listed below with the
   reason it is real (checked by reading the file).
2. Every single-cell change in tables 三 and 四 of a report with complete tables is caught by an
   error-level finding that points at the changed cell's row or column.
"""

from __future__ import annotations

import copy
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest

from gxtui import templates
from gxtui.check import check_report
from gxtui.config import Config
from gxtui.extract import load
from gxtui.rules.registry import load_all
from gxtui.model import Report

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")
SEED = CORPUS.parent / "seed" / "吕梁市教育局_2021.txt"

pytestmark = [pytest.mark.corpus,
              pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not available")]

GROUND_ERRORS = Path(__file__).resolve().parent / "ground_truth" / "errors.toml"


def _expected_errors() -> dict[str, set[tuple[str, str | None, str | None, str | None]]]:
    """file name -> its real error-level findings as (rule, table or section, row, col), each
    confirmed by reading the source (the reasons are in tests/ground_truth/errors.toml)."""
    data = tomllib.loads(GROUND_ERRORS.read_text(encoding="utf-8"))
    return {k.removeprefix("corpus/"): {tuple(e) + (None,) * (4 - len(e)) for e in v["errors"]}
            for k, v in data.items() if k.startswith("corpus/") and "/" not in k.removeprefix("corpus/")}


EXPECTED_ERRORS = _expected_errors()


def _corpus_files() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".htm", ".md", ".pdf"))


@lru_cache(maxsize=None)
def _load(path: str) -> Report:
    return load(path)


@pytest.mark.parametrize("name", _corpus_files())
def test_no_unexplained_errors(name: str) -> None:
    report = _load(str(CORPUS / name))
    got = {(f.rule, f.table or f.section, f.row, f.col) for f in check_report(report) if f.severity == "error"}
    assert name in EXPECTED_ERRORS, f"new corpus file {name}: read it and record its error findings"
    assert got == EXPECTED_ERRORS[name]


def _complete(report: Report) -> list[tuple[str, str, str]] | None:
    """The keys of tables 三 and 四 when every cell is present and known, else None."""
    if report.template is None or not (report.has_table("table3") and report.has_table("table4")):
        return None
    tpl = templates.get(report.template)
    keys = [("table3", r.key, c.key) for r in tpl.t3_rows for c in tpl.t3_columns]
    keys += [("table4", g.key, c.key) for g in tpl.t4_groups for c in tpl.t4_columns]
    if any(k not in report.cells or not report.cells[k].known for k in keys):
        return None
    return keys


def _mutation_targets() -> list[str]:
    files = [str(CORPUS / n) for n in _corpus_files()]
    if SEED.is_file():
        files.append(str(SEED))
    return files


@pytest.mark.parametrize("path", _mutation_targets(), ids=lambda p: Path(p).name)
def test_every_single_cell_change_is_caught(path: str) -> None:
    report = copy.deepcopy(_load(path))
    keys = _complete(report)
    if keys is None:
        pytest.skip("tables 三/四 incomplete (missing or unknown cells)")
    assert not [f for f in check_report(report) if f.severity == "error" and f.table in ("table3", "table4")]
    # Only rules on tables 三/四 can react to their cells; running just those keeps the 175+15
    # cells x 2 changes per report fast without weakening the assertion.
    only_tables = Config(rules={r.id: {"enabled": r.group in ("table3", "table4")} for r in load_all().values()})
    missed = []
    for key in keys:
        cell = report.cells[key]
        saved = (cell.raw, cell.value, cell.semantic)
        for delta in (1, 7):
            cell.value = (cell.value or 0) + delta
            cell.raw, cell.semantic = str(cell.value), "number"
            hits = [f for f in check_report(report, only_tables) if f.severity == "error" and f.table == key[0]
                    and (f.row == key[1] or f.col == key[2])]
            if not hits:
                missed.append((key, delta, saved[1]))
            cell.raw, cell.value, cell.semantic = saved
    assert missed == []
