"""Every JSON output validates against the schema ``gxtui schema NAME`` prints, and uses only
the export's names for tables, rows and columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

from gxtui.cli import main  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data"
PAIR = [str(DATA / "示例县教育局_2021.txt"), str(DATA / "示例县教育局_2022.txt")]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(list(args))
    return code, json.loads(capsys.readouterr().out)


def _schema(capsys: pytest.CaptureFixture[str], name: str) -> dict:
    code, schema = _run(capsys, "schema", name)
    assert code == 0 and schema["$schema"].endswith("2020-12/schema")
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _export_names(capsys: pytest.CaptureFixture[str]) -> set[tuple[str, str, str]]:
    names = set()
    for f in DATA.glob("*.txt"):
        _, d = _run(capsys, "export", str(f))
        for t in ("table2", "table3", "table4"):
            names |= {(t, r, c) for r, cols in d[t].items() for c in cols}
    return names


@pytest.mark.parametrize("name,args", [
    ("export", ["export", PAIR[1]]),
    ("check", ["check", str(DATA), "-f", "json"]),
    ("diff", ["diff", *PAIR, "-f", "json"]),
    ("diff", ["diff", str(DATA), "-f", "json"]),
    ("trend", ["trend", str(DATA), "--agency", "示例县教育局", "-f", "json"]),
])
def test_output_validates(name: str, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema(capsys, name)
    _, out = _run(capsys, *args)
    jsonschema.validate(out, schema, cls=jsonschema.Draft202012Validator)
    assert out["format_version"] == 2


def test_a_wrong_shape_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema(capsys, "check")
    _, out = _run(capsys, "check", str(DATA), "-f", "json")
    f = next(f for r in out["reports"] for f in r["findings"])
    f["message"] = f["message"]["zh"]  # the old single-language string
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(out, schema, cls=jsonschema.Draft202012Validator)


def test_every_cell_name_is_an_export_name(capsys: pytest.CaptureFixture[str]) -> None:
    names = _export_names(capsys)
    _, check = _run(capsys, "check", str(DATA), "-f", "json")
    _, diff = _run(capsys, "diff", *PAIR, "-f", "json")
    places = [(f["table"], f["row"], f["col"]) for r in check["reports"] for f in r["findings"]]
    places += [(c["table"], c["row"], c["col"]) for c in diff["cells"] if c["old_state"] != "absent"
               or c["new_state"] != "absent"]
    tables = {t for t, _, _ in names}
    rows = {(t, r) for t, r, _ in names}
    for t, r, c in places:
        if t is None:
            assert r is None and c is None
            continue
        assert t in tables and (r is None or (t, r) in rows), (t, r, c)
        if r is not None and c is not None:
            assert (t, r, c) in names, (t, r, c)
    assert check["cross_year"] == {"run": True, "pairs": 2}
    lists = {f["list"] for r in check["reports"] for f in r["findings"] if f["rule"] == "P-2"}
    assert lists == {"problems", "improvements"}


def test_global_options_before_and_after(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cfg = tmp_path / "gxtui.toml"
    cfg.write_text('[rules."T3-B"]\nenabled = false\n', encoding="utf-8")
    for args in (["--config", str(cfg), "check", PAIR[0], "-f", "json"],
                 ["check", PAIR[0], "-f", "json", "--config", str(cfg)]):
        _, out = _run(capsys, *args)
        assert not [f for r in out["reports"] for f in r["findings"] if f["rule"] == "T3-B"]
    for args in (["--lang", "en", "diff", *PAIR], ["diff", *PAIR, "--lang", "en"]):
        main(args)
        assert "Cross-year checks" in capsys.readouterr().out
    assert main(["check", PAIR[0], "--no-cross-year"]) == 1
    assert "--no-cross-year" in capsys.readouterr().out  # the summary says the rules did not run


def test_export_dash_is_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", PAIR[0], "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["report"]["year"] == 2021
    assert not (tmp_path / "-").exists()
