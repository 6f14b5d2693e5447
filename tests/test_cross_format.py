"""The same report as text, HTML, DOCX and PDF yields the same ``Report`` (issue 4).

Each data/*.txt report is rendered by tests/render_formats.py (one source, three renderings) and
loaded through ``gxtui.extract.load``; the result must equal the text's on the header fields,
every table cell (value and semantic), the fees, the problems and improvements, and the sections.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import render_formats as rf  # tests/ is on sys.path (pytest's default "prepend" import mode)

from gxtui.export import to_dict
from gxtui.extract import load
from gxtui.model import Report
from gxtui.read import read_bytes
from gxtui.read.document import Grid

DATA = Path(__file__).resolve().parent.parent / "data"
SOURCES = ["示例县教育局_2021", "示例县教育局_2020", "吕梁市教育局_2021"]
FORMATS = ["html", "docx", "pdf"]
RENDER = {"html": lambda t: rf.to_html(t).encode("utf-8"), "docx": rf.to_docx, "pdf": rf.to_pdf}
# Words of the page chrome written by rf.to_html: none may reach a section.
CHROME = ("当前位置", "发布日期", "来源：", "字体", "分享到", "打印本页", "主办单位", "ICP", "网站标识码")


def nows(s: str) -> str:
    return "".join(s.split())


def cells(r: Report) -> dict:
    return {k: (c.value, c.semantic) for k, c in r.cells.items()}


@pytest.fixture(scope="module")
def texts() -> dict[str, Report]:
    return {s: load(DATA / f"{s}.txt") for s in SOURCES}


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], bytes]:
    """(source, format) → bytes, each rendering built once per module, on first use."""

    class _Lazy(dict):
        def __missing__(self, key: tuple[str, str]) -> bytes:
            src, fmt = key
            self[key] = RENDER[fmt]((DATA / f"{src}.txt").read_text(encoding="utf-8"))
            return self[key]

    return _Lazy()


@pytest.fixture(scope="module")
def loaded(rendered: dict, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Report]:
    out_dir = tmp_path_factory.mktemp("cross")

    class _Lazy(dict):
        def __missing__(self, key: tuple[str, str]) -> Report:
            src, fmt = key
            p = out_dir / f"{src}.{fmt}"
            p.write_bytes(rendered[key])
            self[key] = load(p)
            return self[key]

    return _Lazy()


CASES = [(s, f) for s in SOURCES for f in FORMATS]
IDS = [f"{s}-{f}" for s, f in CASES]


@pytest.mark.parametrize(("src", "fmt"), CASES, ids=IDS)
def test_rendering_is_faithful(src: str, fmt: str, rendered: dict) -> None:
    """The reader sees exactly the text's tab rows: same tables, same cells in the same columns;
    the cells covered by the table-三 header merges come back as spanned copies."""
    blocks = rf.parse((DATA / f"{src}.txt").read_text(encoding="utf-8"))
    tables = [b for b in blocks if isinstance(b, rf.Table)]
    doc = read_bytes(rendered[(src, fmt)])
    assert doc.format == fmt
    grids = [b for b in doc.blocks if isinstance(b, Grid)]
    assert [[[nows(c.text) for c in r] for r in g.rows] for g in grids] == \
        [[[nows(c) for c in r] for r in t.rows] for t in tables]
    for g, t in zip(grids, tables):
        spanned = {(i, j) for i, r in enumerate(g.rows) for j, c in enumerate(r) if c.spanned}
        assert spanned == t.covered()
    assert any(t.merges for t in tables)  # table 三's header is drawn with merged cells
    if fmt == "pdf":
        text = doc.plain_text()
        assert "- 1 -" not in text and "- 2 -" not in text


@pytest.mark.parametrize(("src", "fmt"), CASES, ids=IDS)
def test_header_fields(src: str, fmt: str, texts: dict, loaded: dict) -> None:
    t, r = texts[src], loaded[(src, fmt)]
    assert r.source.format == fmt
    assert (r.agency, r.year, r.template) == (t.agency, t.year, t.template)
    assert r.published == t.published  # the closing date line is kept in every rendering
    assert r.traditional is False


@pytest.mark.parametrize(("src", "fmt"), CASES, ids=IDS)
def test_table_cells(src: str, fmt: str, texts: dict, loaded: dict) -> None:
    t, r = texts[src], loaded[(src, fmt)]
    dt, dr = to_dict(t), to_dict(r)
    for table in ("table2", "table3", "table4"):
        assert dt[table], table
        assert dr[table] == dt[table], table
    assert cells(r) == cells(t)
    assert r.tables_found == t.tables_found == {"table2", "table3", "table4"}


@pytest.mark.parametrize(("src", "fmt"), CASES, ids=IDS)
def test_fees_problems_improvements(src: str, fmt: str, texts: dict, loaded: dict) -> None:
    dt, dr = to_dict(texts[src]), to_dict(loaded[(src, fmt)])
    assert dr["fees"] == dt["fees"]
    assert dt["problems"] and dt["improvements"]
    assert [nows(x) for x in dr["problems"]] == [nows(x) for x in dt["problems"]]
    assert [nows(x) for x in dr["improvements"]] == [nows(x) for x in dt["improvements"]]


@pytest.mark.parametrize(("src", "fmt"), CASES, ids=IDS)
def test_sections(src: str, fmt: str, texts: dict, loaded: dict) -> None:
    t, r = texts[src], loaded[(src, fmt)]
    assert [s.key for s in r.sections] == [s.key for s in t.sections]
    for a, b in zip(t.sections, r.sections):
        assert nows(b.title) == nows(a.title), a.key
        if a.key == "intro" and fmt == "html":
            # the page's <h1> article title may precede the report's own title lines
            assert nows(b.text).endswith(nows(a.text))
        else:
            assert nows(b.text) == nows(a.text), a.key


@pytest.mark.parametrize("src", SOURCES)
def test_html_sections_carry_no_page_chrome(src: str, loaded: dict) -> None:
    r = loaded[(src, "html")]
    for s in r.sections:
        if s.key == "intro":
            continue  # see test_html_intro_carries_no_page_chrome
        assert not [w for w in CHROME if w in s.text], s.key


@pytest.mark.parametrize("src", SOURCES)
def test_html_intro_carries_no_page_chrome(src: str, loaded: dict) -> None:
    intro = loaded[(src, "html")].section("intro")
    assert intro is not None
    assert not [w for w in CHROME if w in intro.text]
