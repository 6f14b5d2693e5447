"""``gxtui report FOLDER --format md|html|csv [-o OUT] [--force]``."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gxtui.cli import main
from gxtui.review import ReviewStore
from test_review_helpers import load_and_check, write_report


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "userdata"))


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "reports"
    p = write_report(root)
    report, findings = load_and_check(p)
    s = ReviewStore.for_report(p, report.source.sha256)
    s.decide(findings[0].fingerprint, "confirmed", "表三<合计>错误 & 需更正", finding=findings[0])
    s.save()
    return root


def test_html_to_file_refuses_overwrite_then_force(folder, tmp_path, capsys):
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    assert main(["report", str(folder), "--format", "html", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    parser = HTMLParser()
    parser.feed(text)
    assert "表三&lt;合计&gt;错误 &amp; 需更正" in text
    first = out.read_bytes()
    capsys.readouterr()

    assert main(["report", str(folder), "--format", "html", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == first

    assert main(["report", str(folder), "--format", "md", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!-- gxtui-findings-report sha256=")
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temp files left


def test_md_to_stdout_and_english(folder, capsys, monkeypatch):
    assert main(["report", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "# 政府信息公开工作年度报告审阅结果" in out and "确认问题" in out
    monkeypatch.setenv("GXTUI_LANG", "en")
    assert main(["report", str(folder), "-f", "md"]) == 0
    assert "confirmed" in capsys.readouterr().out


def test_csv_file_has_bom_and_rows(folder, tmp_path):
    out = tmp_path / "f.csv"
    assert main(["report", str(folder), "-f", "csv", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert any(r["decision"] == "confirmed" and "合计" in r["note"] for r in rows)


def test_output_inside_the_folder_is_not_read_back(folder):
    out = folder / "findings.html"
    assert main(["report", str(folder), "-f", "html", "-o", str(out)]) == 0
    assert main(["report", str(folder), "-f", "html", "-o", str(out), "--force"]) == 0
    assert "findings.html" not in out.read_text(encoding="utf-8").split("<h2 id=\"agencies\">")[0]


def test_errors(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty")]) == 2
    assert "no report files" in capsys.readouterr().err
    assert main(["report", str(tmp_path), "--format", "pdf"]) == 2  # one line, no traceback
    err = capsys.readouterr().err
    assert err.startswith("gxtui: ") and err.count("\n") == 1 and "pdf" in err


def test_report_never_writes_review_files(folder, tmp_path):
    before = {p: p.read_bytes() for p in folder.rglob("*")}
    assert main(["report", str(folder), "-f", "csv", "-o", str(tmp_path / "x.csv")]) == 0
    assert {p: p.read_bytes() for p in folder.rglob("*")} == before
