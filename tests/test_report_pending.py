"""The findings report (issue 16's run-through): info notes are never counted as pending (待审),
and a rule that fired at several severities is listed at its worst with the others after it
(Y-1 is a warning where the figures disagree, info where they could not be read)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gxtui.audit import Checked
from gxtui.model import Finding
from gxtui.present.findings_report import Entry, FolderReview, render_md


def _review() -> FolderReview:
    fs = [Finding("Y-1", "warning", "结转不符", "carry-over differs", table="table3", row="carried_in", col="np"),
          Finding("Y-1", "info", "结转数无法核对", "cannot check", table="table3", row="carried_in", col="tot"),
          Finding("D-1", "info", "未找到发布日期", "no date"),
          Finding("T3-B", "error", "总计不符", "total off", table="table3", row="r.total", col="np")]
    e = Entry(Path("某局_2022.txt"), Checked("某局_2022.txt", "某局", 2022, "2021", findings=fs))
    return FolderReview([e], ["."], dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


def test_info_notes_are_not_pending() -> None:
    fr = _review()
    tot = fr.totals()
    assert tot["findings"] == 4 and tot["info"] == 2
    assert tot["open"] == 2  # the error and the warning; not the two info notes
    assert fr.per_agency()[0]["open"] == 2
    e = fr.entries[0]
    assert [e.is_open(f) for f in e.findings] == [True, False, False, True]


def test_rule_listed_at_its_worst_severity() -> None:
    fr = _review()
    y1 = next(r for r in fr.per_rule() if r["rule"] == "Y-1")
    assert y1["severity"] == "warning" and y1["severities"] == ["warning", "info"]
    assert y1["open"] == 1
    md = render_md(fr, "zh")
    row = next(line for line in md.splitlines() if line.startswith("| Y-1 |"))
    assert "警告/提示" in row
    assert "待审 2 条" in md
