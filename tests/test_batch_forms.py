"""Issue 15: a folder batch (``gxtui check`` on several files) keeps each report's pair form
(gxtui.compare.figures.pack) so that the cross-year pass parses no file a second time. The
findings must be exactly those of pairing the parsed reports themselves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gxtui.audit import Batch, load_config
from gxtui.compare.pairing import may_pair
from gxtui.compare.figures import pack, pair_form, unpack
from gxtui.extract import load

ROOT = Path(__file__).resolve().parent.parent
SERIES = ["示例县教育局_2020.txt", "示例县教育局_2021.txt", "示例县教育局_2022.txt", "吕梁市教育局_2021.txt"]


def _folder(tmp_path: Path) -> list[str]:
    d = tmp_path / "folder"
    d.mkdir()
    for n in SERIES:
        shutil.copy(ROOT / "data" / n, d / n)
    return sorted(str(p) for p in d.iterdir())


def _findings(batch: Batch) -> dict[str, list[tuple]]:
    return {Path(c.path).name: [(f.rule, f.severity, f.message_en, f.table, f.row, f.col, f.section,
                                 f.line, repr(f.related)) for f in c.findings]
            for c in batch.results}


def test_pair_form_round_trip_keeps_what_the_cross_year_rules_read() -> None:
    r = load(ROOT / "data" / SERIES[1])
    back = unpack(pack(r))  # type: ignore[arg-type]
    assert back == pair_form(r) and back.cells == r.cells and back.problems == r.problems
    assert back.sections == [] and r.sections  # the section texts are what it leaves out


@pytest.mark.parametrize("jobs", [1, 2])
def test_cross_year_from_pair_forms_without_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      jobs: int) -> None:
    """Reference: one process pairing the parsed reports. Then isolated workers that keep no
    report (KEEP_REPORTS 0) and files deleted before the cross-year pass: only the pair forms
    can give the same findings (without them every pair would be an internal error)."""
    config = load_config(None)
    files = _folder(tmp_path)
    ref = Batch(files, config, isolate=False)
    list(ref.run())
    ref.cross_year()
    assert ref.pairs == 2 and any(f.rule.startswith(("Y", "C", "P")) for c in ref.results for f in c.findings)

    monkeypatch.setattr(Batch, "KEEP_REPORTS", 0)
    batch = Batch(files, config, jobs, forms=True)
    list(batch.run())
    assert [c.form is not None for c in batch.results] == [True] * len(SERIES)
    for f in files:
        Path(f).unlink()
    batch.cross_year()
    assert batch.pairs == 2
    assert _findings(batch) == _findings(ref)
    assert all(c.form is None for c in batch.results)  # dropped once the pairs are checked


def test_no_forms_for_a_single_file_or_without_cross_year(tmp_path: Path) -> None:
    config = load_config(None)
    files = _folder(tmp_path)
    one = Batch(files[:1], config)
    list(one.run())
    assert one.forms is False and one.results[0].form is None
    off = Batch(files, config, forms=False)
    list(off.run())
    off.close()
    assert all(c.form is None for c in off.results)


def test_pair_forms_only_where_the_names_allow_a_neighbouring_year() -> None:
    """The years in the file names (pairing.file_year) decide which reports pack a pair form; a
    name without a year could be any year, so then every file packs one."""
    assert may_pair(["a/甲_2021.txt", "a/乙_2021.txt", "a/丙_2021.pdf"]) == [False, False, False]
    assert may_pair(["甲_2020.txt", "甲_2021.txt", "乙_2023.txt"]) == [True, True, False]
    assert may_pair(["2019/甲_2021.txt", "甲_2022.txt"]) == [True, True]  # the folder's name is not the file's
    assert may_pair(["甲_2021.txt", "乙.txt"]) == [True, True]
    assert may_pair(["甲_2020-2021.txt", "乙_2022.txt"]) == [True, True]  # the name's last year
    assert may_pair(["r00012_2021.txt", "报告20210.txt"]) == [True, True]  # 20210 is no year


def test_one_year_folder_packs_no_form(tmp_path: Path) -> None:
    d = tmp_path / "one-year"
    d.mkdir()
    for n in ("示例县教育局_2021.txt", "吕梁市教育局_2021.txt"):
        shutil.copy(ROOT / "data" / n, d / n)
    files = sorted(str(p) for p in d.iterdir())
    batch = Batch(files, load_config(None), forms=True)
    list(batch.run())
    batch.close()
    assert [c.form for c in batch.results] == [None, None] and all(c.error is None for c in batch.results)


def test_peer_ratios_come_from_the_worker_and_equal_the_figures_own(tmp_path: Path) -> None:
    """Each result carries its peer ratios, computed where the report was checked (the parent
    runs the folder rule alone); they are the ratios of its key figures, and the folder rule's
    findings are the same from either."""
    from gxtui.compare.peers import report_ratios

    config = load_config(None)
    files = _folder(tmp_path)
    batch = Batch(files, config, 2)
    list(batch.run())
    batch.close()
    assert sum(1 for c in batch.results if c.ratios is not None and c.ratios.values) >= 3
    for c in batch.results:
        assert c.ratios is not None
        own = report_ratios(c.figures)  # type: ignore[arg-type]
        assert (c.ratios.agency, c.ratios.year, c.ratios.kind, c.ratios.values) == \
            (own.agency, own.year, own.kind, own.values)
    batch.peers()
    from_worker = _findings(batch)
    again = Batch(files, config, isolate=False)
    list(again.run())
    for c in again.results:
        c.ratios = None  # the fallback: ratios from the kept figures
    again.peers()
    assert _findings(again) == from_worker
