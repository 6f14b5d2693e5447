"""``gxtui check`` and ``gxtui rules`` through ``gxtui.cli.main``: exit codes, formats, colour."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from gxtui.cli import main
from gxtui.cli.check import CSV_FIELDS, format_summary
from gxtui.model import Finding
from gxtui.triage import Checked, rank, rule_frequency

FIX = Path(__file__).parent / "fixtures" / "rules"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with a clean report, the seed (warnings only) and a report with a table error."""
    d = tmp_path / "reports"
    (d / "sub").mkdir(parents=True)
    shutil.copy(FIX / "full_2021.txt", d / "a_full.txt")
    shutil.copy(FIX / "seed_2021.txt", d / "sub" / "b_seed.txt")
    return d


def _broken(tmp_path: Path) -> Path:
    text = (FIX / "full_2021.txt").read_text(encoding="utf-8")
    text = text.replace("（一）予以公开\t5\t1", "（一）予以公开\t6\t1")
    p = tmp_path / "c_broken.txt"
    p.write_text(text, encoding="utf-8")
    return p


def test_exit_0_without_errors(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "吕梁市教育局 2021年度 · 2021年版格式" in out
    assert "a_full.txt" in out and "b_seed.txt" in out  # folders are searched recursively
    assert "S-4" in out and "本年度止件数" in out
    assert "共检查 2 份报告" in out and "\x1b[" not in out  # not a TTY: no colour


def test_exit_1_with_errors_and_text_grouping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(_broken(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "三、收到和处理政府信息公开申请情况（表三）" in out
    assert "错误 T3-B" in out and "应为 11" in out and "实际 10" in out


def test_exit_2_unreadable_file_others_still_checked(folder: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    missing = tmp_path / "nope.txt"
    code = main(["check", str(bad), str(_broken(tmp_path)), str(missing), "--format", "json"])
    assert code == 2
    cap = capsys.readouterr()
    data = json.loads(cap.out)
    assert [Path(d["path"]).name for d in data] == ["image.txt", "c_broken.txt", "nope.txt"]
    assert data[0]["error"] and data[2]["error"] and data[1]["error"] is None
    assert any(f["rule"] == "T3-B" for f in data[1]["findings"])  # the good file was still checked
    assert "image.txt" in cap.err and "nope.txt" in cap.err


def test_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", str(_broken(tmp_path))]) == 1
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 1
    d = data[0]
    assert {"path", "agency", "year", "template", "error", "findings"} <= set(d)
    assert (d["agency"], d["year"], d["template"], d["error"]) == ("吕梁市教育局", 2021, "2021", None)
    f = next(f for f in d["findings"] if f["rule"] == "T3-B")
    assert {"rule", "severity", "table", "row", "col", "section", "line", "expected", "actual", "message_zh",
            "message_en", "fingerprint"} <= set(f)
    assert (f["table"], f["row"], f["col"], f["expected"], f["actual"]) == ("table3", "r.total", "np", 11, 10)
    assert len(f["fingerprint"]) == 16


def test_csv_header_and_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-f", "csv", str(_broken(tmp_path))]) == 1
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == CSV_FIELDS
    assert rows[0][0] == "path"
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert any(r["rule"] == "T3-B" and r["col"] == "np" and r["expected"] == "11" for r in body)
    assert all(r["path"].endswith("c_broken.txt") for r in body)


def test_colour_on_tty_and_no_color(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    p = str(_broken(tmp_path))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    main(["check", p])
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["check", p])
    assert "\x1b[" not in capsys.readouterr().out


def test_english_and_summary(tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _broken(tmp_path)
    assert main(["check", "--lang", "en", "--summary", str(folder), str(broken)]) == 1
    out = capsys.readouterr().out
    assert "Review first" in out and "Findings per rule" in out
    first = out[out.index("Review first"):].splitlines()[1]
    assert "c_broken.txt" in first  # the report with errors comes first
    assert "3 report(s) checked (1 with errors)" in out


def test_jobs_keeps_input_order(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _broken(tmp_path)
    assert main(["check", "--jobs", "2", "-f", "json", str(broken), str(folder)]) == 1
    names = [Path(d["path"]).name for d in json.loads(capsys.readouterr().out)]
    assert names == ["c_broken.txt", "a_full.txt", "b_seed.txt"]


def test_config_disables_rule_and_bad_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "gxtui.toml"
    cfg.write_text('[rules.T3-B]\nenabled = false\n[rules.T3-C]\nseverity = "warning"\n', encoding="utf-8")
    assert main(["check", "--config", str(cfg), str(_broken(tmp_path))]) == 0
    capsys.readouterr()
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules\n", encoding="utf-8")
    assert main(["check", "--config", str(bad), str(FIX / "full_2021.txt")]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_terminal_unsafe_report_text_is_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (FIX / "seed_2021.txt").read_text(encoding="utf-8").replace("吕梁市教育局\n\n2021", "吕梁市\x1b[31m教育局\n\n2021", 1)
    p = tmp_path / "evil.txt"
    p.write_text(text, encoding="utf-8")
    main(["check", str(p)])
    assert "\x1b[31m" not in capsys.readouterr().out


def test_rules_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rid in ("T3-A", "T3-B", "T3-C", "T3-D", "T4-A", "T4-B", "T2-A", "T2-FEE", "T2-D", "S-1", "S-2", "S-3",
                "S-4", "S-5", "D-1", "C-1", "C-2", "C-3", "X-1"):
        assert f"\n{rid} " in "\n" + out
    assert main(["rules", "--lang", "en"]) == 0
    assert "new + carried in" in capsys.readouterr().out
    cfg = tmp_path / "gxtui.toml"
    cfg.write_text('[rules.D-1]\nenabled = false\n', encoding="utf-8")
    main(["rules", "--config", str(cfg)])
    assert any(line.startswith("D-1") and " off " in line for line in capsys.readouterr().out.splitlines())


def test_triage_ranking_order() -> None:
    def f(sev: str, rule: str = "T3-A") -> Finding:
        return Finding(rule, sev, "", "")

    a = Checked("a", findings=[f("warning")] * 3)
    b = Checked("b", findings=[f("error"), f("warning")])
    c = Checked("c", error="unreadable")
    d = Checked("d")
    e = Checked("e", findings=[f("error", "S-1"), f("error", "T3-B"), f("error", "T3-B")])
    ranked = rank([a, b, c, d, e])
    assert [r.checked.path for r in ranked] == ["c", "e", "b", "a", "d"]
    assert ranked[1].top_rules == ("T3-B", "S-1")
    assert [r.checked.path for r in rank([a, d], include_clean=False)] == ["a"]
    freq = rule_frequency([a, b, e])
    assert (freq[0].rule, freq[0].severity, freq[0].findings, freq[0].reports) == ("T3-B", "error", 2, 1)
    assert {(x.rule, x.severity): (x.findings, x.reports) for x in freq}[("T3-A", "warning")] == (4, 2)
    assert "Review first" in format_summary([a, b, c], "en", False)
