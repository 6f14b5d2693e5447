"""Coverage: the agency × year matrix marks the right agency-years present, late, unreadable and
missing, groups agencies as pairing does, and gives the JSON shape fixed by issue 17."""

from __future__ import annotations

import csv
import io
import json

import pytest

from analytics_helpers import build_folder
from gxtui.analytics.coverage import coverage_of_paths, coverage_of_summaries
from gxtui.library.index import Indexer
from gxtui.config import Config

EXPECTED = {
    "示例县教育局": {2020: "present", 2021: "present", 2022: "late", 2023: "missing"},
    "另一县教育局": {2020: "present", 2021: "missing", 2022: "present", 2023: "unreadable"},
    "吕梁市教育局": {2021: "present", 2022: "missing", 2023: "missing"},
}


@pytest.fixture
def folder(tmp_path):
    return build_folder(tmp_path / "lib")


def _matrix(cov):
    return {a.agency: {y: c.status for y, c in a.years.items()} for a in cov.agencies}


def test_matrix_statuses(folder):
    cov = coverage_of_paths([folder])
    assert cov.years == [2020, 2021, 2022, 2023]
    assert _matrix(cov) == EXPECTED
    assert [p.rsplit("/", 1)[-1] for p in cov.unplaced] == ["notes.txt"]
    row = next(a for a in cov.agencies if a.agency == "另一县教育局")
    assert row.years[2023].path.endswith("另一县教育局_2023.txt")  # placed by its file name
    assert row.years[2021].path is None
    assert [a.agency for a in cov.missing(2022)] == ["吕梁市教育局"]


def test_counts_per_year(folder):
    counts = coverage_of_paths([folder]).counts()
    assert counts[2020] == {"present": 2, "late": 0, "unreadable": 0, "missing": 0}
    assert counts[2021] == {"present": 2, "late": 0, "unreadable": 0, "missing": 1}
    assert counts[2022] == {"present": 1, "late": 1, "unreadable": 0, "missing": 1}
    assert counts[2023] == {"present": 0, "late": 0, "unreadable": 1, "missing": 2}


def test_late_follows_the_configured_deadline(folder):
    """示例县 2022 was published 2023-02-10: late by the default 31 January, on time by 28 February."""
    cov = coverage_of_paths([folder], Config(deadlines={"department": [2, 28]}))
    assert _matrix(cov)["示例县教育局"][2022] == "present"


def test_json_shape(folder):
    d = json.loads(json.dumps(coverage_of_paths([folder]).to_dict(), ensure_ascii=False))
    assert d["years"] == [2020, 2021, 2022, 2023]
    a = next(x for x in d["agencies"] if x["agency"] == "示例县教育局")
    assert set(a["years"]) == {"2020", "2021", "2022", "2023"}
    assert a["years"]["2022"]["status"] == "late"
    assert a["years"]["2022"]["path"].endswith("示例县教育局_2022.txt")
    assert a["years"]["2023"] == {"status": "missing", "path": None}
    assert d["counts"]["2023"]["missing"] == 2


def test_csv_rows(folder):
    rows = list(csv.DictReader(io.StringIO(coverage_of_paths([folder]).to_csv())))
    marked = {(r["agency"], r["year"]): r["status"] for r in rows if r["agency"]}
    assert marked[("另一县教育局", "2021")] == "missing"
    assert marked[("吕梁市教育局", "2023")] == "missing"
    assert ("吕梁市教育局", "2020") not in marked  # before its first report: not due
    assert sum(1 for r in rows if r["status"] == "unplaced") == 1


def test_same_year_twice_keeps_the_readable_file(folder):
    (folder / "other" / "另一县教育局_2020.docx").write_bytes(b"not a zip")
    cov = coverage_of_paths([folder])
    cell = next(a for a in cov.agencies if a.agency == "另一县教育局").years[2020]
    assert cell.status == "present" and cell.path.endswith(".txt")
    assert [p.rsplit("/", 1)[-1] for p in cell.others] == ["另一县教育局_2020.docx"]


def test_from_the_library_index(folder):
    """The TUI builds the matrix from the index summaries, without re-reading: same statuses."""
    idx = Indexer([str(folder)], None, use_cache=False)
    idx.run()
    cov = coverage_of_summaries(idx.summaries.values())
    assert _matrix(cov) == EXPECTED


def _cells(s: str) -> int:
    import unicodedata  # noqa: PLC0415

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def test_text_matrix_fits_80_columns_in_words(folder):
    from gxtui.present.folder_text import coverage_text  # noqa: PLC0415

    cov = coverage_of_paths([folder])
    for lang in ("zh", "en"):
        text = coverage_text(cov, lang)
        table = [x for x in text.splitlines() if not x.startswith("  /")]  # unplaced paths as they are
        assert "\x1b[" not in text and max(_cells(x) for x in table) <= 80
    lines = {x.split()[0]: x.split()[1:] for x in coverage_text(cov, "en").splitlines() if x.strip()}
    assert lines["另一县教育局"] == ["ok", "MISS", "ok", "BAD"]
    assert lines["吕梁市教育局"] == [".", "ok", "MISS", "MISS"]
    assert lines["missing"] == ["0", "1", "1", "2"]
