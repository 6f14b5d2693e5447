"""Every JSON, CSV and text output of the CLI on data/ equals its golden file in tests/golden/
(``make golden`` regenerates them after a deliberate change), and every JSON output validates
against the schema ``gxtui schema NAME`` prints."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import tomllib
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("golden", ROOT / "scripts" / "golden.py")
golden = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(golden)  # type: ignore[union-attr]

if not all((ROOT / f).exists() for f in golden.FILES):
    pytest.skip("data/ not available", allow_module_level=True)


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return golden.outputs()


@pytest.mark.parametrize("name", sorted(golden.CASES))
def test_output_equals_golden_file(name: str, outputs: dict[str, str]) -> None:
    path = golden.GOLDEN / name
    assert path.exists(), f"tests/golden/{name} missing: run `make golden`"
    assert outputs[name] == path.read_text(encoding="utf-8"), \
        f"`{' '.join(golden.CASES[name][0])}` differs from tests/golden/{name}; if deliberate: make golden"


@pytest.mark.parametrize("name", sorted(n for n, (_, s) in golden.CASES.items() if s))
def test_json_output_validates(name: str, outputs: dict[str, str]) -> None:
    schema_name = golden.CASES[name][1]
    with golden.environment():
        code, text = golden.produce(("schema", schema_name))
    assert code == 0
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(outputs[name])
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["format_version"] == 2


def test_other_formats_parse(outputs: dict[str, str]) -> None:
    """TOML and CSV golden outputs are what they say (a broken file would pin garbage)."""
    for name, text in outputs.items():
        if name.endswith(".toml"):
            assert tomllib.loads(text)["format_version"] == 2
        elif name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
            assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows), name


def test_no_stale_golden_files() -> None:
    extra = {p.name for p in golden.GOLDEN.glob("*")} - set(golden.CASES) - {"README.md"}
    assert not extra, f"golden files nothing produces any more: {sorted(extra)}"


def test_the_golden_outputs_are_deterministic(outputs: dict[str, str]) -> None:
    """Produced twice, the same text: nothing machine- or time-dependent is pinned."""
    again = golden.outputs()
    assert {k for k in outputs if outputs[k] != again[k]} == set()


def _places(node: object) -> list[tuple[object, object, object, object]]:
    """Every (table, row, col, old/new col) named anywhere in a JSON document."""
    out = []
    if isinstance(node, dict):
        if "table" in node and ("row" in node or "col" in node):
            out.append((node.get("table"), node.get("row"), node.get("col"),
                        (node.get("old_col"), node.get("new_col"))))
        for v in node.values():
            out += _places(v)
    elif isinstance(node, list):
        for v in node:
            out += _places(v)
    return out


def test_every_table_row_col_is_an_export_name(outputs: dict[str, str]) -> None:
    """What issue 13 promised scripts: in every JSON and CSV output, a table/row/col is a name
    of ``export --format json`` (or null for a finding about a list or a section)."""
    names: set[tuple[str, str, str]] = set()
    for name, text in outputs.items():
        if name.startswith("export-") and name.endswith(".json"):
            d = json.loads(text)
            names |= {(t, r, c) for t in ("table2", "table3", "table4") for r, cols in d[t].items() for c in cols}
    rows = {(t, r) for t, r, _ in names}
    places = []
    for name, text in outputs.items():
        if name.endswith(".json"):
            places += [(name, *p) for p in _places(json.loads(text))]
        elif name.endswith(".csv") and not name.startswith("export-"):
            for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
                if "table" in r:
                    places.append((name, r["table"] or None, r.get("row") or None, r.get("col") or None, (None, None)))
    assert len(places) > 200
    for name, t, r, c, (oc, nc) in places:
        if t is None:
            assert r is None and c is None, (name, t, r, c)
            continue
        assert t in ("table2", "table3", "table4"), (name, t)
        assert r is None or (t, r) in rows, (name, t, r, c)
        for col in (c, oc, nc):
            if r is not None and col is not None:
                assert (t, r, col) in names, (name, t, r, col)
