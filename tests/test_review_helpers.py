"""Helpers for the review tests: copies of the seed report with numbers that break the table-三
identities, so that real findings exist to decide on."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, SEED

SEED_NAME = "吕梁市教育局_2021.txt"
NEW_ROW = "一、本年新收政府信息公开申请数量\t\t"
CARRIED_ROW = "二、上年结转政府信息公开申请数量\t\t"


def seed_text() -> str:
    p = DATA / SEED_NAME if (DATA / SEED_NAME).exists() else SEED
    if not p.exists():
        import pytest  # noqa: PLC0415

        pytest.skip("seed report not available")
    return p.read_text(encoding="utf-8")


def broken_text(new_np: int = 5, carried_biz: int = 3, agency: str | None = None) -> str:
    """The seed with 本年新收·自然人 = ``new_np`` and 上年结转·商业企业 = ``carried_biz``: both break
    the column identity (T3-A) and the row sum (T3-C) of table 三."""
    text = seed_text()
    assert NEW_ROW + "0\t" in text and CARRIED_ROW + "0\t0\t" in text
    text = text.replace(NEW_ROW + "0\t", f"{NEW_ROW}{new_np}\t", 1)
    text = text.replace(CARRIED_ROW + "0\t0\t", f"{CARRIED_ROW}0\t{carried_biz}\t", 1)
    if agency:
        text = text.replace("吕梁市教育局", agency)
    return text


def write_report(folder: Path, name: str = SEED_NAME, **kw) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(broken_text(**kw), encoding="utf-8")
    return p


def load_and_check(path: Path, config=None):
    from gxtui.check import check_report  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415

    report = load(path)
    return report, check_report(report, config)


def t3_findings(findings) -> list:
    return [f for f in findings if f.table == "table3" and f.rule in ("T3-A", "T3-C")]


def test_broken_copy_has_table3_findings(tmp_path):
    """The helper the review tests rely on: the edited seed yields T3 findings on both rows."""
    _, findings = load_and_check(write_report(tmp_path))
    t3 = t3_findings(findings)
    assert {f.col for f in t3 if f.rule == "T3-A"} >= {"np", "biz"}
    assert {f.row for f in t3 if f.rule == "T3-C"} >= {"new", "carried_in"}
