"""The comparison screen's export (key ``x``): JSON as ``gxtui diff --format json`` writes it,
CSV one row per aligned cell. Both used to call ``to_dict`` methods the comparison does not have."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace

from gxtui.audit import audit_pair
from gxtui.config import Config
from gxtui.extract import load
from gxtui.present import schema
from gxtui.tui.screens.compare import CompareScreen

DATA = Path(__file__).resolve().parent.parent / "data"


def _payload():
    old, new = DATA / "示例县教育局_2021.txt", DATA / "示例县教育局_2022.txt"
    cmp = audit_pair(load(old), load(new), Config.load(None)).comparison
    screen = SimpleNamespace(comparison=cmp, old_path=str(old), new_path=str(new))
    return cmp, CompareScreen.export_payload(screen)  # type: ignore[arg-type]


def test_export_json_is_the_diff_schema() -> None:
    cmp, (name, makers) = _payload()
    assert name == "示例县教育局_2021__示例县教育局_2022.json"
    got = json.loads(makers["json"]())
    assert got == json.loads(json.dumps(schema.comparison(cmp), ensure_ascii=False, default=str))
    assert got["old"]["year"] == 2021 and got["new"]["year"] == 2022


def test_export_csv_has_a_row_per_cell_with_both_values() -> None:
    cmp, (_, makers) = _payload()
    rows = list(csv.reader(io.StringIO(makers["csv"]())))
    assert rows[0] == ["table", "row", "col", "old", "new", "change", "comparable", "status"]
    assert len(rows) - 1 == len(cmp.cells)
    first = cmp.cells[0]
    assert rows[1][:3] == [first.table, first.row, first.col]
    changed = [c for c in cmp.cells if c.status == "changed"]
    assert changed, "the sample pair has changed cells"
    row = next(r for r in rows[1:] if r[:3] == [changed[0].table, changed[0].row, changed[0].col])
    assert row[7] == "changed" and row[3] != row[4]
