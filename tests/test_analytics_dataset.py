"""The Parquet dataset: polars reads back every cell of every report with the values of
``gxtui export``, every finding and decision; a second run re-reads only what changed and gives
the same dataset as a fresh build."""

from __future__ import annotations

import os

import polars as pl
import pytest

from analytics_helpers import build_folder
from gxtui.analytics.dataset import build, read
from gxtui.analytics.peers import benchmark_reports
from gxtui.check import check_folder, check_pair, check_report
from gxtui.compare.pairing import group_series
from gxtui.export import to_dict
from gxtui.extract import load
from gxtui.files import iter_report_files
from gxtui.review import ReviewStore


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "userdata"))


@pytest.fixture
def folder(tmp_path):
    return build_folder(tmp_path / "lib")


def _reports(folder):
    out = []
    for p in iter_report_files([folder]):
        try:
            out.append(load(os.path.abspath(p)))
        except Exception:  # noqa: BLE001 - the unreadable files of the fixture
            pass
    return out


def test_every_cell_with_the_export_values(folder, tmp_path):
    build([folder], tmp_path / "ds")
    cells = read(tmp_path / "ds")["cells"]
    reports = _reports(folder)
    assert len(reports) == 6
    total = 0
    for r in reports:
        d = to_dict(r)
        mine = cells.filter(pl.col("path") == r.source.path)
        got = {(t, row, col): v for t, row, col, v in mine.select("table", "row", "col", "value").iter_rows()}
        expected = {(t, row, col): v for t in ("table2", "table3", "table4")
                    for row, cols in d[t].items() for col, v in cols.items()}
        assert set(got) == set(expected), r.source.path
        for k, v in expected.items():
            assert got[k] == (None if v is None else float(v)), (r.source.path, k)
        total += len(expected)
        raw = dict(zip(zip(mine["table"], mine["row"], mine["col"]), mine["raw"]))
        for key, c in r.cells.items():
            assert raw[key] == c.raw
    assert cells.height == total
    assert cells.schema["value"] == pl.Float64 and cells.schema["year"] == pl.Int32


def test_reports_findings_and_decisions(folder, tmp_path):
    target = folder / "示例县教育局_2021.txt"
    report = load(str(target))
    own = check_report(report)
    store = ReviewStore.for_report(target, report.source.sha256)
    store.decide(own[0].fingerprint, "confirmed", "表三合计有误", finding=own[0])
    store.decide("0123456789abcdef", "dismissed", "旧决定")  # an orphan
    store.mark_reviewed()
    store.save()

    build([folder], tmp_path / "ds")
    ds = read(tmp_path / "ds")
    rep = ds["reports"]
    assert rep.height == 8  # 6 reports + 2 unreadable files
    bad = rep.filter(pl.col("read_error").is_not_null())["path"].to_list()
    assert sorted(os.path.basename(p) for p in bad) == ["notes.txt", "另一县教育局_2023.txt"]

    # findings: every single-report, cross-year and peer finding, nothing else
    reports = _reports(folder)
    expected = {(r.source.path, f.fingerprint, "report") for r in reports for f in check_report(r)}
    for s in group_series(reports):
        for a, b in s.consecutive_pairs():
            expected |= {(b.source.path, f.fingerprint, "pair") for f in check_pair(a, b)}
    expected |= {(f.path, f.fingerprint, "folder") for f in check_folder(benchmark_reports(reports))}
    got = set(ds["findings"].select("path", "fingerprint", "scope").iter_rows())
    assert got == expected
    pairs = ds["findings"].filter(pl.col("scope") == "pair")
    assert pairs.height > 0 and pairs["related_path"].null_count() == 0

    row = rep.filter(pl.col("path") == str(target)).row(0, named=True)
    assert row["review_status"] == "reviewed" and row["decisions"] == 2
    assert row["agency"] == "示例县教育局" and row["year"] == 2021 and row["template"] == "2021"
    mine = ds["findings"].filter(pl.col("path") == str(target))
    assert row["errors"] == mine.filter(pl.col("severity") == "error").height
    assert row["errors"] == sum(1 for f in own if f.severity == "error")
    assert row["pair_old"].endswith("示例县教育局_2020.txt")
    dec = ds["findings"].filter(pl.col("fingerprint") == own[0].fingerprint)["decision"].to_list()
    assert dec == ["confirmed"]
    d = ds["decisions"].sort("orphan")
    assert d.select("status", "note", "orphan").rows() == [("confirmed", "表三合计有误", False),
                                                         ("dismissed", "旧决定", True)]
    late = rep.filter(pl.col("path").str.ends_with("示例县教育局_2022.txt")).row(0, named=True)
    assert str(late["published"]) == "2023-02-10"


def _frames_equal(a, b):
    for name in ("reports", "cells", "findings", "decisions"):
        x, y = a[name], b[name]
        keys = [c for c in x.columns if x.schema[c] != pl.List(pl.Utf8)]
        assert x.sort(keys).equals(y.sort(keys)), name


def test_incremental_runs(folder, tmp_path):
    out = tmp_path / "ds"
    first = build([folder], out)
    assert (first.files, first.read, first.reused) == (8, 8, 0)
    again = build([folder], out)
    assert (again.read, again.reused, again.pairs, again.reloaded) == (0, 8, 0, 0)

    # a changed middle year: read again; its two pairs are re-checked, the neighbours re-read
    p = folder / "示例县教育局_2021.txt"
    p.write_text(p.read_text(encoding="utf-8").replace("全年共收到", "全年共计收到"), encoding="utf-8")
    changed = build([folder], out)
    assert (changed.read, changed.reused, changed.pairs, changed.reloaded) == (1, 7, 2, 2)
    _frames_equal(read(out), (build([folder], tmp_path / "fresh"), read(tmp_path / "fresh"))[1])

    # a removed file: its rows go, the pair it formed goes
    (folder / "示例县教育局_2020.txt").unlink()
    gone = build([folder], out)
    assert (gone.removed, gone.read) == (1, 0)
    ds = read(out)
    assert not ds["cells"].filter(pl.col("path").str.ends_with("示例县教育局_2020.txt")).height
    row = ds["reports"].filter(pl.col("path") == str(p)).row(0, named=True)
    assert row["pair_old"] is None
    assert not ds["findings"].filter((pl.col("path") == str(p)) & (pl.col("scope") == "pair")).height
    _frames_equal(ds, (build([folder], tmp_path / "fresh2"), read(tmp_path / "fresh2"))[1])


def test_a_damaged_dataset_is_rebuilt(folder, tmp_path):
    out = tmp_path / "ds"
    build([folder], out)
    (out / "cells.parquet").write_bytes(b"not parquet")
    st = build([folder], out)
    assert st.read == 8
    assert read(out)["cells"].height > 0
