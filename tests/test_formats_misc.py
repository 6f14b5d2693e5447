"""Renderings of data/*.txt under harder conditions: misleading file extensions, a 繁体 mirror
page, a GBK page, and malformed input through the CLI (issue 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import render_formats as rf  # tests/ is on sys.path (pytest's default "prepend" import mode)
import zhconv

from gxtui.cli import main
from gxtui.present.export import to_dict
from gxtui.extract import load
from gxtui.model import Report

DATA = Path(__file__).resolve().parent.parent / "data"
SRC_2021 = "示例县教育局_2021"  # 2021 template; section 六 says no 信息处理费 was charged
SRC_2020 = "示例县教育局_2020"  # 2019 template; the narrative has 文件 and 门户网站


def source(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")


def nows(s: str) -> str:
    return "".join(s.split())


def cells(r: Report) -> dict:
    return {k: (c.value, c.semantic) for k, c in r.cells.items()}


def same_tables(r: Report, t: Report) -> None:
    dr, dt = to_dict(r), to_dict(t)
    for table in ("table2", "table3", "table4"):
        assert dt[table] and dr[table] == dt[table], table
    assert cells(r) == cells(t)


@pytest.fixture(scope="module")
def text_reports() -> dict[str, Report]:
    return {n: load(DATA / f"{n}.txt") for n in (SRC_2021, SRC_2020)}


# --------------------------------------------------------------------------------------------
# Format detection by content, not by extension
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "name"), [("html", "report.txt"), ("docx", "report.bin"),
                                           ("pdf", "report.dat")])
def test_format_detected_by_content(fmt: str, name: str, tmp_path: Path, text_reports: dict) -> None:
    render = {"html": lambda t: rf.to_html(t).encode("utf-8"), "docx": rf.to_docx, "pdf": rf.to_pdf}[fmt]
    p = tmp_path / name
    p.write_bytes(render(source(SRC_2021)))
    r = load(p)
    assert r.source.format == fmt
    same_tables(r, text_reports[SRC_2021])


# --------------------------------------------------------------------------------------------
# 繁体 mirror page
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def traditional(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    out = {}
    d = tmp_path_factory.mktemp("tw")
    for n in (SRC_2021, SRC_2020):
        p = d / f"{n}.html"
        p.write_text(rf.to_html(rf.to_traditional(source(n))), encoding="utf-8")
        out[n] = load(p)
    return out


def test_traditional_rendering_is_traditional() -> None:
    tw = rf.to_traditional(source(SRC_2020))
    assert "檔案" in tw and "入口網站" in tw and "公開" in tw
    assert "门户网站" not in tw and "門戶網站" not in tw


@pytest.mark.parametrize("name", [SRC_2021, SRC_2020])
def test_traditional_same_values(name: str, traditional: dict, text_reports: dict) -> None:
    r, t = traditional[name], text_reports[name]
    assert r.traditional is True
    assert (r.agency, r.year, r.template, r.published) == (t.agency, t.year, t.template, t.published)
    same_tables(r, t)
    assert r.admin_fees_wan_yuan == t.admin_fees_wan_yuan
    assert [s.key for s in r.sections] == [s.key for s in t.sections]


@pytest.mark.parametrize("name", [SRC_2021, SRC_2020])
def test_traditional_text_kept_for_display(name: str, traditional: dict, text_reports: dict) -> None:
    r, t = traditional[name], text_reports[name]
    s1 = r.section("s1").text
    assert "公開" in s1 and "公开" not in s1
    if name == SRC_2020:
        assert "入口網站" in s1 and "檔案" in s1
    for got, want in ((r.problems, t.problems), (r.improvements, t.improvements)):
        assert want and len(got) == len(want)
        assert all(zhconv.convert(g.text, "zh-tw") == g.text for g in got)  # still traditional
        assert [nows(zhconv.convert(g.text, "zh-cn")) for g in got] == [nows(w.text) for w in want]


@pytest.mark.parametrize("name", [
    SRC_2021,
    SRC_2020,
])
def test_traditional_info_fee(name: str, traditional: dict, text_reports: dict) -> None:
    assert traditional[name].info_fee_yuan == text_reports[name].info_fee_yuan


@pytest.mark.parametrize("name", [SRC_2021, SRC_2020])
def test_traditional_no_spurious_label_anomalies(name: str, traditional: dict, text_reports: dict) -> None:
    kinds = sorted(a.kind for a in traditional[name].anomalies)
    assert kinds == sorted(a.kind for a in text_reports[name].anomalies)


# --------------------------------------------------------------------------------------------
# GBK page
# --------------------------------------------------------------------------------------------


def test_gbk_page(tmp_path: Path, text_reports: dict) -> None:
    page = rf.to_html(source(SRC_2021), charset="gbk")
    assert '<meta charset="gbk">' in page
    p = tmp_path / "gbk.html"
    p.write_bytes(page.encode("gbk"))
    r, t = load(p), text_reports[SRC_2021]
    assert r.source.encoding in ("gbk", "gb18030")
    assert not r.anomalies
    same_tables(r, t)
    assert (r.agency, r.year, r.published) == (t.agency, t.year, t.published)
    assert [nows(i.text) for i in r.problems] == [nows(i.text) for i in t.problems]
    assert to_dict(r)["fees"] == to_dict(t)["fees"]


# --------------------------------------------------------------------------------------------
# Malformed input: exit 2 with one line on stderr, never a traceback
# --------------------------------------------------------------------------------------------


def run_export(path: Path, capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    rc = main(["export", str(path)])
    out, err = capsys.readouterr()
    return rc, out, err


def assert_clean_failure(rc: int, err: str) -> None:
    assert rc == 2
    assert err.count("\n") == 1 and err.endswith("\n") and err.startswith("gxtui: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("fraction", [0.3, 0.6])
def test_truncated_html(fraction: float, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    page = rf.to_html(source(SRC_2021)).encode("utf-8")
    p = tmp_path / "cut.html"
    p.write_bytes(page[: int(len(page) * fraction)])
    rc, out, err = run_export(p, capsys)
    if rc == 0:  # what was read is still a (partial) report
        d = json.loads(out)
        assert d["report"]["agency"] == "示例县教育局" and d["report"]["year"] == 2021
        assert "Traceback" not in err
    else:
        assert_clean_failure(rc, err)


@pytest.mark.parametrize("cut", [0.5, 0.1, 200])
def test_corrupt_docx(cut: float, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = rf.to_docx(source(SRC_2021))
    p = tmp_path / "broken.docx"
    p.write_bytes(data[: int(len(data) * cut) if cut < 1 else int(cut)])
    rc, _, err = run_export(p, capsys)
    assert_clean_failure(rc, err)
    assert "corrupt" in err or "damaged" in err


def test_pdf_that_is_not_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    p = tmp_path / "fake.pdf"
    p.write_bytes(b"%PDF-1.4 garbage")
    rc, _, err = run_export(p, capsys)
    assert_clean_failure(rc, err)
    assert "PDF" in err


def test_truncated_pdf(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = rf.to_pdf(source(SRC_2021))
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) // 2])
    rc, out, err = run_export(p, capsys)
    assert "Traceback" not in err
    if rc != 0:
        assert_clean_failure(rc, err)


@pytest.mark.parametrize("page", [
    "<html><body>" + "<div>" * 5000 + "<p>一、总体情况</p>" + "</div>" * 5000 + "</body></html>",
    "<html><body>" + "<span><font>" * 20000 + "正文",
    "<table><tr><td>" * 3000 + "1",
])
def test_deeply_nested_markup_without_report(page: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    p = tmp_path / "deep.html"
    p.write_text(page, encoding="utf-8")
    rc, _, err = run_export(p, capsys)
    assert_clean_failure(rc, err)


def test_deeply_nested_report_still_read(tmp_path: Path, text_reports: dict) -> None:
    """The whole article wrapped in 3000 <div>s: read with the wrappers flattened, with a warning."""
    page = rf.to_html(source(SRC_2021)).replace('<div class="article">', '<div class="article">' + "<div>" * 3000)
    p = tmp_path / "deep.html"
    p.write_text(page, encoding="utf-8")
    r = load(p)
    same_tables(r, text_reports[SRC_2021])
    assert any(a.kind == "reader" and "256 levels" in a.message for a in r.anomalies)
