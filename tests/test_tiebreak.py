"""Last year's in-force count (Y-2) as a tie-breaker for glued table-二 rows, at pair time."""

from __future__ import annotations

import json
from pathlib import Path

from gxtui.audit import Config, audit_pair, compare_pair
from gxtui.compare import tiebreak
from gxtui.extract import load
from gxtui.present import schema

FIX = Path(__file__).parent / "fixtures" / "tiebreak"
COLS = ("issued", "repealed", "in_force")


def _row(report, row: str = "normative") -> list:
    return [report.cell("table2", row, c) for c in COLS]


def test_glued_row_keeps_its_joint_readings() -> None:
    new = load(FIX / "样例局_2023.txt")
    assert [c.semantic for c in _row(new)] == ["unknown"] * 3
    got = {tuple(r[c] for c in COLS) for r in new.joint[("table2", "normative")]}
    assert got == {("2", "5", "12"), ("2", "51", "2"), ("25", "1", "2")}
    assert ("table2", "rules") not in new.joint  # read directly


def test_last_years_in_force_count_picks_the_one_split() -> None:
    old, new = load(FIX / "样例局_2022.txt"), load(FIX / "样例局_2023.txt")
    assert old.value("table2", "normative", "in_force") == 15
    cmp = compare_pair(old, new)
    # 15 + 2 − 5 = 12: only 2|5|12 fits (2|51|2 needs 51, 25|1|2 needs −22)
    assert [c.value for c in _row(cmp.new)] == [2, 5, 12]
    assert all(c.recovered and c.known for c in _row(cmp.new))
    assert len(cmp.evidence) == 1
    ev = cmp.evidence[0]
    assert ev.kind == "cells-recovered" and ev.row == "normative"
    assert "样例局_2022.txt" in ev.message and "现行有效件数15" in ev.message and "in force 15" in ev.message
    assert "cells-unknown" not in {a.kind for a in cmp.new.anomalies if a.row == "normative"}
    # Y-2 now checks the row (and holds) instead of saying it cannot be checked; it names the
    # evidence once, as an info
    y2 = [f for f in cmp.findings if f.rule == "Y-2"]
    assert [(f.severity, f.row) for f in y2] == [("info", "normative")]
    assert "样例局_2022.txt" in y2[0].message["zh"] and "in force 15" in y2[0].message["en"]
    # the report shared with other screens is untouched
    assert [c.semantic for c in _row(new)] == ["unknown"] * 3
    assert any(a.kind == "cells-unknown" and a.row == "normative" for a in new.anomalies)
    assert cmp.new is not new and cmp.new.cells is not new.cells
    # the pair audit's newer year is audited on that reading (no "cells unknown" left), and the
    # evidence is said once, among the cross-year findings
    audit = audit_pair(old, new)
    assert not [f for f in audit.new if f.rule == "S-5" and f.row == "normative"]
    assert [f.severity for f in audit.cross if f.rule == "Y-2"] == ["info"]
    # read alone, the newer year still says the row is unknown
    assert any(f.rule == "S-5" and f.row == "normative" for f in audit_pair(new, new).new)
    # diff JSON names the evidence
    out = schema.comparison(cmp)
    assert out["evidence"][0]["row"] == "normative" and "15" in out["evidence"][0]["message"]["en"]
    json.dumps(out, ensure_ascii=False)


def test_two_splits_fit_last_year_stays_unknown() -> None:
    old, new = load(FIX / "样例局_2022_ten.txt"), load(FIX / "样例局_2023_undecided.txt")
    # 3112: 3|1|12 and 3|11|2 both give 10 − 3 + … ; 31|1|2 does not
    assert old.value("table2", "normative", "in_force") == 10
    assert len(new.joint[("table2", "normative")]) == 3
    cmp = compare_pair(old, new)
    assert cmp.evidence == [] and cmp.new is new
    assert [c.semantic for c in _row(cmp.new)] == ["unknown"] * 3
    assert any(f.rule == "Y-2" for f in cmp.findings)  # "cannot be checked"
    assert "evidence" not in schema.comparison(cmp)
    # with last year's 15 the same digits do not fit at all: nothing is forced
    cmp15 = compare_pair(load(FIX / "样例局_2022.txt"), new)
    assert cmp15.evidence == [] and [c.semantic for c in _row(cmp15.new)] == ["unknown"] * 3


def test_no_older_year_no_tiebreak() -> None:
    new = load(FIX / "样例局_2023.txt")
    same = load(FIX / "样例局_2023_undecided.txt")
    # same year twice: Y-2 does not apply, nothing is filled
    got, notes = tiebreak.cross_year(same, new)
    assert got is new and notes == []
    # a gap of two years: Y-2 does not apply either
    older = load(FIX / "样例局_2022.txt")
    older.year = 2021
    got, notes = tiebreak.cross_year(older, new)
    assert got is new and notes == []


def test_tolerance_is_the_one_y2_uses() -> None:
    old, new = load(FIX / "样例局_2022.txt"), load(FIX / "样例局_2023.txt")
    # tolerance 40: 2|51|2 (expected −34, off by 36) fits too, so nothing is decided
    cfg = Config()
    cfg.compare = {**(cfg.compare or {}), "y2_tolerance": 40}
    assert tiebreak.y2_tolerance(cfg) == 40
    got, notes = tiebreak.cross_year(old, new, cfg)
    assert notes == [] and got is new
    assert tiebreak.y2_holds(12, tiebreak.y2_expected(15, 2, 5), 0)
    assert not tiebreak.y2_holds(2, tiebreak.y2_expected(15, 2, 51), 0)
