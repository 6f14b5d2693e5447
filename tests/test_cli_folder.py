"""``gxtui coverage``, ``gxtui peers``, ``gxtui dataset``, ``gxtui trend --plot`` and the peer rule
B-1 in ``gxtui check`` / ``gxtui report`` through ``gxtui.cli.main``: values on data/ and on
synthetic folders checked against hand computation, JSON against ``gxtui schema NAME``."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from analytics_helpers import build_folder
from conftest import DATA
from gxtui.cli import main
from gxtui.present.terminal import width

jsonschema = pytest.importorskip("jsonschema")
README = Path(__file__).resolve().parent.parent / "README.md"
ROW_DISCLOSED = "（一）予以公开\t\t11\t1\t0\t1\t0\t0\t13"


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "userdata"))
    monkeypatch.delenv("NO_COLOR", raising=False)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    got = capsys.readouterr()
    return code, got.out, got.err


def _valid(capsys, name: str, out: str) -> dict:
    _, schema, _ = _run(capsys, "schema", name)
    data = json.loads(out)
    jsonschema.validate(data, json.loads(schema), cls=jsonschema.Draft202012Validator)
    return data


def _peer_folder(root: Path, disclosed: list[int]) -> Path:
    """One 2021 department report per value: 示例县教育局 2021 under another name, with
    （一）予以公开 总计 set to the value (（七）总计 stays 21)."""
    src = (DATA / "示例县教育局_2021.txt").read_text(encoding="utf-8")
    assert ROW_DISCLOSED in src
    root.mkdir(parents=True)
    for i, v in enumerate(disclosed):
        name = f"第{i + 1}县教育局"
        text = src.replace("示例县教育局", name).replace(ROW_DISCLOSED, ROW_DISCLOSED[:-2] + str(v))
        (root / f"{name}_2021.txt").write_text(text, encoding="utf-8")
    return root


# -- coverage ------------------------------------------------------------------------------------

def test_coverage_on_data(capsys):
    code, out, _ = _run(capsys, "coverage", str(DATA), "-f", "json")
    assert code == 0
    d = _valid(capsys, "coverage", out)
    assert d["years"] == [2020, 2021, 2022]
    rows = {a["agency"]: {y: c["status"] for y, c in a["years"].items()} for a in d["agencies"]}
    assert rows == {"示例县教育局": {"2020": "present", "2021": "present", "2022": "late"},
                    "吕梁市教育局": {"2021": "present", "2022": "missing"}}
    assert d["counts"]["2022"] == {"present": 0, "late": 1, "unreadable": 0, "missing": 1}


def test_coverage_synthetic_folder_text_csv(tmp_path, capsys):
    folder = build_folder(tmp_path / "lib")
    code, out, _ = _run(capsys, "coverage", str(folder), "--lang", "en")
    assert code == 0
    assert all(width(line) <= 80 for line in out.splitlines() if str(tmp_path) not in line)  # paths are whole
    line = next(x for x in out.splitlines() if x.startswith("另一县教育局"))
    assert line.split()[1:] == ["ok", "MISS", "ok", "BAD"]  # 2020 2021 2022 2023
    code, out, _ = _run(capsys, "coverage", str(folder), "-f", "csv")
    rows = {(r["agency"], r["year"]): r["status"] for r in csv.DictReader(io.StringIO(out))}
    assert rows[("另一县教育局", "2021")] == "missing" and rows[("另一县教育局", "2023")] == "unreadable"
    assert rows[("吕梁市教育局", "2023")] == "missing" and rows[("示例县教育局", "2022")] == "late"
    assert rows[("", "")] == "unplaced"  # notes.txt


def test_coverage_deadline_from_config_and_errors(tmp_path, capsys):
    conf = tmp_path / "gxtui.toml"
    conf.write_text("[deadlines]\ndepartment = [2, 28]\n", encoding="utf-8")
    _, out, _ = _run(capsys, "coverage", str(DATA), "-f", "json", "--config", str(conf))
    assert json.loads(out)["agencies"][1]["years"]["2022"]["status"] == "present"  # 2023-02-10 ok now
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = _run(capsys, "coverage", str(empty))
    assert code == 2 and out == "" and "no report files" in err
    target = tmp_path / "cov.json"
    assert _run(capsys, "coverage", str(DATA), "-f", "json", "-o", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["years"] == [2020, 2021, 2022]
    code, _, err = _run(capsys, "coverage", str(DATA), "-o", str(target))
    assert code == 2 and "--force" in err


# -- peers -----------------------------------------------------------------------------------------

def test_peers_quartiles_by_hand(tmp_path, capsys):
    folder = _peer_folder(tmp_path / "peers", [13, 7, 21, 0])
    code, out, _ = _run(capsys, "peers", str(folder), "-f", "json")
    assert code == 0
    d = _valid(capsys, "peers", out)
    got = {x["ratio"]: x for x in d["distributions"] if x["year"] == 2021}
    dis = got["disclosed"]
    # shares 0, 7/21, 13/21, 21/21; linear interpolation: h = 3p
    assert (dis["kind"], dis["n"]) == ("department", 4)
    assert dis["p25"] == pytest.approx(0.75 * 7 / 21, abs=1e-6)
    assert dis["p50"] == pytest.approx((7 / 21 + 13 / 21) / 2, abs=1e-6)
    assert dis["p75"] == pytest.approx(13 / 21 + 0.25 * (1 - 13 / 21), abs=1e-6)
    assert got["not_held"]["p50"] == pytest.approx(4 / 21, abs=1e-6)  # the same in every copy
    assert d["findings"] == []  # n = 4 < 30
    assert {r["key"] for r in d["ratios"]} >= {"disclosed", "not_held", "carried_over"}
    code, out, _ = _run(capsys, "peers", str(folder), "-f", "csv")
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["ratio"] == "disclosed")
    assert (row["year"], row["n"], float(row["p50"])) == ("2021", "4", round(10 / 21, 6))
    code, out, _ = _run(capsys, "peers", str(folder), "--lang", "en")
    line = next(x for x in out.splitlines() if "disclosed share" in x)
    assert line.split()[-4:] == ["4", "25.0%", "47.6%", "71.4%"]
    assert all(width(x) <= 80 for x in out.splitlines())


def test_peers_on_data(capsys):
    _, out, _ = _run(capsys, "peers", str(DATA), "-f", "json")
    d = _valid(capsys, "peers", out)
    dis = {x["year"]: x for x in d["distributions"] if x["ratio"] == "disclosed"}
    # 吕梁 2021 has （七）总计 0: undefined, so 2021 has n = 1 (示例县 13/21)
    assert {y: (x["n"], round(x["p50"], 4)) for y, x in dis.items()} == \
        {2020: (1, round(9 / 14, 4)), 2021: (1, round(13 / 21, 4)), 2022: (1, round(19 / 30, 4))}


def test_b1_in_check_and_report_and_no_peers(tmp_path, capsys):
    """31 reports of one year: 30 with 予以公开 13..15 of 21 (IQR 2/21, lower fence
    13/21 - 3 x 2/21 = 1/3) and one with 0 — B-1 (info) names
    the outlier in check (text, JSON), in report, and not with --no-peers."""
    folder = _peer_folder(tmp_path / "many", [13 + (i % 3) for i in range(30)] + [0])
    code, out, _ = _run(capsys, "check", str(folder), "-f", "json")
    d = _valid(capsys, "check", out)
    assert d["peers"] == {"run": True, "findings": 1}
    b1 = [(r["report"]["agency"], f) for r in d["reports"] for f in r["findings"] if f["rule"] == "B-1"]
    assert [a for a, _ in b1] == ["第31县教育局"]
    f = b1[0][1]
    assert (f["severity"], f["table"], f["row"], f["col"], f["actual"]) == \
        ("info", "table3", "r.disclosed", "tot", 0)
    _, out, _ = _run(capsys, "check", str(folder), "-f", "json", "--jobs", "2")  # key figures cross processes
    assert json.loads(out)["peers"] == {"run": True, "findings": 1}
    _, out, _ = _run(capsys, "check", str(folder), "--no-peers", "-f", "json")
    d = json.loads(out)
    assert d["peers"] == {"run": False, "findings": 0}
    assert not any(f["rule"] == "B-1" for r in d["reports"] for f in r["findings"])
    _, out, _ = _run(capsys, "check", str(folder), "--lang", "en")
    assert out.rstrip().endswith("peer benchmarks (B-1): 1 finding(s)")
    _, out, _ = _run(capsys, "check", str(folder), "--no-peers", "--lang", "en")
    assert out.rstrip().endswith("peer benchmarks not run (--no-peers)")
    _, out, _ = _run(capsys, "report", str(folder), "-f", "csv")
    assert sum(1 for r in csv.DictReader(io.StringIO(out)) if r.get("rule") == "B-1") == 1
    _, out, _ = _run(capsys, "report", str(folder), "-f", "csv", "--no-peers")
    assert not any(r.get("rule") == "B-1" for r in csv.DictReader(io.StringIO(out)))
    _, out, _ = _run(capsys, "peers", str(folder), "-f", "json")
    assert [f["path"].endswith("第31县教育局_2021.txt") for f in json.loads(out)["findings"]] == [True]


# -- dataset ---------------------------------------------------------------------------------------

def test_dataset_on_data_and_incremental(tmp_path, capsys):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    out_dir = tmp_path / "ds"
    code, out, err = _run(capsys, "dataset", str(folder), "-o", str(out_dir), "--lang", "en")
    assert code == 0 and out == ""
    assert "4 files, 4 read, 0 unchanged" in err
    cells = pl.read_parquet(out_dir / "cells.parquet")
    reports = pl.read_parquet(out_dir / "reports.parquet")
    assert reports.height == 4
    one = cells.filter(pl.col("path").str.ends_with("示例县教育局_2021.txt"))
    got = {(t, r, c): v for t, r, c, v in one.select("table", "row", "col", "value").iter_rows()}
    assert got[("table3", "new", "tot")] == 21 and got[("table3", "r.total", "np")] == 17
    assert got[("table2", "admin_fees", "amount_wan_yuan")] == 12.5
    # every cell of every report, as export has them
    for p in sorted(folder.glob("*.txt")):
        _, exp, _ = _run(capsys, "export", str(p))
        d = json.loads(exp)
        n = sum(len(cols) for t in ("table2", "table3", "table4") for cols in d[t].values())
        assert cells.filter(pl.col("path") == str(p.resolve())).height == n, p.name
    (folder / "示例县教育局_2020.txt").write_text(
        (folder / "示例县教育局_2020.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "dataset", str(folder), "-o", str(out_dir), "--lang", "en")
    assert code == 0 and "4 files, 1 read, 3 unchanged" in err
    assert pl.read_parquet(out_dir / "cells.parquet").height == cells.height


def test_dataset_errors(tmp_path, capsys):
    assert _run(capsys, "dataset", str(DATA), "-o", "-")[0] == 2
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    code, _, err = _run(capsys, "dataset", str(DATA), "-o", str(f))
    assert code == 2 and "not a folder" in err
    code, _, err = _run(capsys, "dataset", str(DATA))
    assert code == 2


def test_readme_polars_query_runs_on_the_dataset(tmp_path, capsys, monkeypatch):
    """The polars query the README shows runs on a dataset of data/ and says what it should."""
    assert _run(capsys, "dataset", str(DATA), "-o", str(tmp_path / "out"))[0] == 0
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```python\n(# polars.*?)```", text, re.S)
    assert block is not None
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(block.group(1), "README", "exec"), scope)  # noqa: S102
    result = scope["result"]
    errors = dict(zip(result["rule"], result["findings"]))
    assert errors == {"P-2": 2, "T3-B": 2}


# -- trend --plot ------------------------------------------------------------------------------------

def test_trend_plot_at_80_columns_without_colour(capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = _run(capsys, "trend", str(DATA), "--agency", "示例县教育局", "--plot")
    assert code == 0 and "\x1b[" not in out
    assert all(width(line) <= 80 for line in out.splitlines())
    assert "本年新收申请（件）" in out and "予以公开占比（%）" in out
    lines = out.splitlines()
    i = lines.index("本年新收申请（件）")
    assert any("*" in x and "|" in x for x in lines[i:i + 14])  # a plotted line inside the frame
    values = next(x for x in lines[i:] if x.startswith(" *  "))
    assert values.split()[1:] == ["15", "21", "28"]  # the received applications 2020-2022
    code, out, _ = _run(capsys, "trend", str(DATA), "--agency", "示例县教育局", "--plot", "--width", "60",
                        "--lang", "en")
    assert code == 0 and all(width(line) <= 60 for line in out.splitlines())


def test_trend_table_wraps_labels_never_values(capsys):
    code, out, _ = _run(capsys, "trend", str(DATA), "--agency", "示例县教育局", "--width", "50")
    assert code == 0
    lines = out.splitlines()
    assert all(width(x) <= 50 for x in lines)
    assert lines[1].split() == ["2020", "2021", "2022"]
    fees = next(i for i, x in enumerate(lines) if x.startswith("行政事业性收费"))
    # the long label wraps onto the next line; the three values stay whole on its first line
    assert lines[fees].split()[-3:] == ["--", "12.5", "13.2"]
    code, out, _ = _run(capsys, "trend", str(DATA), "--agency", "示例县教育局", "--lang", "en")
    row = next(x for x in out.splitlines() if x.startswith("1 new applications"))
    assert row.split()[-4:] == ["(count)", "15", "21", "28"]


def test_findings_report_peer_note_follows_the_config(tmp_path, capsys):
    conf = tmp_path / "gxtui.toml"
    conf.write_text("[rules.B-1]\nmin_n = 40\n", encoding="utf-8")
    _, out, _ = _run(capsys, "report", str(DATA), "-f", "html", "--config", str(conf))
    assert "n ≥ 40" in out and "n ≥ 30" not in out
    _, out, _ = _run(capsys, "report", str(DATA), "-f", "html")
    assert "n ≥ 30" in out


def test_dataset_jobs_and_a_small_report_cache_give_the_same_dataset(tmp_path, capsys, monkeypatch):
    """--jobs 2 (files read and pairs checked in processes) and a cache of one parsed report
    (pairs read their reports again) write the same four frames as the plain run."""
    assert _run(capsys, "dataset", str(DATA), "-o", str(tmp_path / "one"))[0] == 0
    assert _run(capsys, "dataset", str(DATA), "-o", str(tmp_path / "two"), "--jobs", "2")[0] == 0
    monkeypatch.setattr("gxtui.analytics.dataset.KEEP_REPORTS", 1)
    assert _run(capsys, "dataset", str(DATA), "-o", str(tmp_path / "lru"))[0] == 0
    for name in ("reports", "cells", "findings", "decisions"):
        a = pl.read_parquet(tmp_path / "one" / f"{name}.parquet").drop("stamp", strict=False)
        for other in ("two", "lru"):
            b = pl.read_parquet(tmp_path / other / f"{name}.parquet").drop("stamp", strict=False)
            assert a.equals(b), (name, other)
    f = pl.read_parquet(tmp_path / "lru" / "findings.parquet")
    assert f.filter(pl.col("scope") == "pair").height == 10  # 2022: Y-1 x2, P-2 x2, P-1 x6; 2021: none
