"""``gxtui check``, the library index and ``gxtui report`` count the same findings on the same
folder (issue 13 item 7): own rules, cross-year rules of consecutive years, peer rule B-1."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from gxtui.cli import main
from gxtui.library.index import Indexer

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "userdata"))


def _check(capsys, folder: Path, *extra: str) -> Counter:
    main(["check", str(folder), "-f", "json", *extra])
    d = json.loads(capsys.readouterr().out)
    return Counter((Path(r["report"]["path"]).name, f["rule"], f["severity"])
                   for r in d["reports"] for f in r["findings"])


def _report(capsys, folder: Path, *extra: str) -> Counter:
    main(["report", str(folder), "-f", "csv", *extra])
    rows = csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")))
    return Counter((Path(r["path"]).name, r["rule"], r["severity"]) for r in rows
                   if r["kind"] == "finding")


def _library(folder: Path) -> Counter:
    ix = Indexer([str(folder)], None, use_cache=False)
    ix.run()
    return Counter((Path(s.path).name, f.rule, f.severity) for s in ix.summaries.values()
                   for f in s.all_findings)


def test_data_counts_agree(capsys):
    checked = _check(capsys, DATA)
    assert sum(checked.values()) == 17  # 4 errors, 13 warnings (the summary line of make run)
    assert checked[("示例县教育局_2022.txt", "Y-1", "warning")] == 2  # cross-year rules ran
    assert _report(capsys, DATA) == checked
    assert _library(DATA) == checked


def test_without_cross_year_check_and_report_agree(capsys):
    checked = _check(capsys, DATA, "--no-cross-year")
    assert not any(rule.startswith(("Y-", "P-")) for _, rule, _ in checked)
    assert _report(capsys, DATA, "--no-cross-year") == checked


def test_peer_findings_counted_alike(tmp_path, capsys):
    """31 reports of one year, one far below its peers: B-1 in check, report and the library."""
    from test_cli_folder import _peer_folder  # noqa: PLC0415

    folder = _peer_folder(tmp_path / "many", [13 + (i % 3) for i in range(30)] + [0])
    checked = _check(capsys, folder)
    assert [k for k in checked if k[1] == "B-1"] == [("第31县教育局_2021.txt", "B-1", "info")]
    assert _report(capsys, folder) == checked
    assert _library(folder) == checked
    no_peers = _check(capsys, folder, "--no-peers")
    assert sum(checked.values()) - sum(no_peers.values()) == 1


def test_library_keeps_ratios_and_peer_findings_in_its_cache(tmp_path, monkeypatch):
    from test_cli_folder import _peer_folder  # noqa: PLC0415

    from gxtui.library.index import Summary  # noqa: PLC0415

    monkeypatch.setenv("GXTUI_CACHE_DIR", str(tmp_path / "cache"))
    folder = _peer_folder(tmp_path / "many", [13 + (i % 3) for i in range(30)] + [0])
    first = Indexer([str(folder)], None, use_cache=True)
    first.run()
    s = next(x for x in first.summaries.values() if x.path.endswith("第31县教育局_2021.txt"))
    assert s.kind == "department" and dict((k, v) for k, v, _, _ in s.ratios)["disclosed"] == 0.0
    assert Summary.from_json(s.to_json()) == s and [f.rule for f in s.peers] == ["B-1"]
    again = Indexer([str(folder)], None, use_cache=True)
    again.run()
    assert again.stats.reused == 31 and again.stats.checked == 0
    assert _library(folder) == Counter((Path(x.path).name, f.rule, f.severity)
                                       for x in again.summaries.values() for f in x.all_findings)
    assert sum(1 for x in again.summaries.values() for f in x.peers) == 1
