"""HTML reader: the real Shanghai page, span expansion, cell text, chrome, metadata, encodings,
and hostile input (truncated, deeply nested, garbage)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gxtui.read import read_bytes
from gxtui.read.document import Document, Grid, GridCell, Paragraph, ReadError
from gxtui.read.html import read

CORPUS = Path("/work/shared/corpus/shanghai-szfbgt_2019.html")
FIXTURES = Path(__file__).parent / "fixtures"


def grids(doc: Document) -> list[Grid]:
    return [b for b in doc.blocks if isinstance(b, Grid)]


def paras(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def texts(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def row_starting(grid: Grid, label: str) -> list[GridCell]:
    for row in grid.rows:
        if any(c.text == label for c in row):
            return row
    raise AssertionError(f"no row labelled {label}")


def html(body: str) -> Document:
    return read(body.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# The real Shanghai 2019 page
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shanghai() -> Document:
    if not CORPUS.exists():
        pytest.skip("corpus not available")
    return read_bytes(CORPUS.read_bytes())


@pytest.mark.corpus
def test_shanghai_table3_header_and_shape(shanghai: Document) -> None:
    t3 = next(g for g in grids(shanghai) if any(c.text == "申请人情况" for c in g.rows[0]))
    assert len(t3.rows) == 26 and all(len(r) == 10 for r in t3.rows)
    assert t3.exact
    first = t3.rows[0]
    assert first[0].text.startswith("（本列数据的勾稽关系为")
    assert [c.spanned for c in first] == [False, True, True, False] + [True] * 6
    assert texts(t3)[1] == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert texts(t3)[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


@pytest.mark.corpus
def test_shanghai_table3_values(shanghai: Document) -> None:
    t3 = next(g for g in grids(shanghai) if any(c.text == "申请人情况" for c in g.rows[0]))
    new = [c for c in row_starting(t3, "一、本年新收政府信息公开申请数量") if not c.spanned]
    assert [c.text for c in new[-7:]] == ["821", "35", "", "", "2", "1", "859"]
    disclosed = row_starting(t3, "（一）予以公开")
    assert disclosed[0].text == "三、本年度办理结果" and not disclosed[0].spanned  # rowspan 20 origin
    partial = row_starting(t3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert partial[0].spanned and partial[0].text == ""  # a copy of 三、本年度办理结果
    assert disclosed[2].spanned  # the label spans two columns
    assert disclosed[-1].text == "" and not disclosed[-1].spanned  # blank 总计, not "0"
    assert [c.text for c in disclosed[3:]] == ["258", "12", "", "", "1", "1", ""]
    withheld = row_starting(t3, "1.属于国家秘密")
    assert withheld[1].text == "（三）不予公开" and withheld[0].spanned
    assert row_starting(t3, "2.其他法律行政法规禁止公开")[1].spanned
    total = row_starting(t3, "（七）总计")
    assert [c.text for c in total if not c.spanned][-7:] == ["767", "35", "", "", "2", "1", "805"]
    assert texts(t3)[-1][0] == "四、结转下年度继续办理" and texts(t3)[-1][-1] == "72"


@pytest.mark.corpus
def test_shanghai_tables_2_and_4_and_order(shanghai: Document) -> None:
    g2, g3, g4 = grids(shanghai)
    assert texts(g2)[1] == ["信息内容", "本年新制作数量", "本年新公开数量", "", "对外公开总数量"]
    assert texts(g2)[-1] == ["政府集中采购", "6", "", "251000元", ""]
    assert len(g4.rows) == 4 and len(g4.rows[3]) == 15
    assert texts(g4)[3][:5] == ["5", "", "", "2", "7"]
    assert texts(g4)[1][5] == "未经复议直接起诉" and g4.rows[1][6].spanned
    order = [b.text if isinstance(b, Paragraph) else "GRID" for b in shanghai.blocks]
    i = order.index("二、主动公开政府信息情况")
    assert order[i + 1] == "GRID" and order[i + 2] == "三、收到和处理政府信息公开申请情况"
    assert "四、政府信息公开行政复议、行政诉讼情况" in order  # <p><br/>四、…</p>
    assert order[-1] == "无。"


@pytest.mark.corpus
def test_shanghai_meta_and_paragraphs(shanghai: Document) -> None:
    assert shanghai.format == "html" and shanghai.encoding == "utf-8"
    assert shanghai.meta["published"] == "2020-01-31"
    ps = paras(shanghai)
    assert ps[0] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert any("共受理政府信息公开申请859件" in p for p in ps)
    assert all(b.line == 1 for b in shanghai.blocks)  # the page is a single source line


# --------------------------------------------------------------------------------------------
# Grids
# --------------------------------------------------------------------------------------------


def test_rowspan_colspan_expansion() -> None:
    doc = html("""<table>
<tr><td rowspan="2">A</td><td colspan="2">B</td></tr>
<tr><td>C</td><td>D</td></tr>
<tr><td colspan="3">E</td></tr>
<tr><td>F</td><td rowspan="9">G</td><td>H</td></tr>
</table>""")
    (g,) = grids(doc)
    assert texts(g) == [["A", "B", ""], ["", "C", "D"], ["E", "", ""], ["F", "G", "H"]]
    assert [[c.spanned for c in r] for r in g.rows] == [
        [False, False, True], [True, False, False], [False, True, True], [False, False, False]]
    assert g.rows[1][0].line == 2 and g.rows[0][0].line == 2 and g.rows[3][2].line == 5
    assert g.line == 1 and g.exact


def test_cell_text_br_nested_and_nbsp() -> None:
    doc = html("""<table><tr>
<td><p align="center">本年新<br />制作数量</p></td>
<td><p><span>法人或</span>
   <span>其他组织</span></p></td>
<td><p>&nbsp;</p></td>
<td>&nbsp;</td>
<td><div>12</div><div>34</div></td>
</tr></table>""")
    assert texts(grids(doc)[0]) == [["本年新制作数量", "法人或其他组织", "", "", "1234"]]


def test_nested_table_is_layout_and_inner_grid_survives() -> None:
    doc = html("""<table><tr><td><p>二、主动公开政府信息情况</p>
<table><tr><td>信息内容</td><td>本年新制作数量</td></tr><tr><td>规章</td><td>3</td></tr></table>
</td><td>侧栏</td></tr></table>""")
    assert texts(grids(doc)[0]) == [["信息内容", "本年新制作数量"], ["规章", "3"]]
    assert paras(doc) == ["二、主动公开政府信息情况", "侧栏"]


def test_br_separates_paragraphs_and_lines_follow_source() -> None:
    doc = html("<div>\n<p>一、总体情况<br>本机关\n认真落实。</p>\n\n<h2>二、主动公开</h2>\n<ul><li>甲</li><li>乙</li></ul></div>")
    assert [(b.text, b.line) for b in doc.blocks] == [
        ("一、总体情况", 2), ("本机关认真落实。", 2), ("二、主动公开", 5), ("甲", 6), ("乙", 6)]


# --------------------------------------------------------------------------------------------
# Chrome and metadata
# --------------------------------------------------------------------------------------------


def test_cms_page_chrome_removed_content_kept() -> None:
    doc = read((FIXTURES / "html_cms_page.html").read_bytes())
    ps = paras(doc)
    joined = "\n".join(ps) + doc.plain_text()
    for chrome in ("首页", "当前位置", "字体", "打印", "关闭窗口", "分享到", "主办单位", "版权所有",
                   "机构设置", "无障碍", "脚本文字", "color"):
        assert chrome not in joined, chrome
    # the info bar (发布时间/来源) is page chrome: its date goes to meta, its text not into the report
    assert ps[:3] == ["2019年示例区教育局政府信息公开工作年度报告",
                      "一、总体情况", "2019年，本局认真贯彻落实《条例》，全面推进政务公开工作。"]
    assert ps[-2:] == ["六、其他需要报告的事项", "无。"]
    assert texts(grids(doc)[0])[1] == ["信息内容", "本年新制作数量"]
    assert doc.meta == {"published": "2020-01-31", "title": "2019年示例区教育局政府信息公开工作年度报告"}


@pytest.mark.parametrize(("snippet", "expected"), [
    ("<p>发布日期：2020-01-31</p>", "2020-01-31"),
    ("<p>发布时间：2020年1月3日 10:20</p>", "2020-01-03"),
    ("<span>时间：2021/02/03</span><p>正文</p>", "2021-02-03"),
    ("<div>信息来源：本局 日期:2022.1.30</div>", "2022-01-30"),
    ("<p>发布日期：２０２０－０１－３１</p>", None),  # full-width hyphen is not a date separator
    ("<p>截止日期：2019-12-31</p>", None),
    ("<p>发布日期：2020-13-45</p>", None),
])
def test_published_from_text(snippet: str, expected: str | None) -> None:
    assert html(f"<html><body>{snippet}<p>正文内容</p></body></html>").meta.get("published") == expected


def test_published_from_meta_tag_and_text_wins() -> None:
    page = '<html><head><meta name="publishdate" content="2021-01-28"></head><body><p>正文</p></body></html>'
    assert html(page).meta["published"] == "2021-01-28"
    page2 = page.replace("<p>正文</p>", "<p>正文</p><p>发布日期：2021-01-30</p>")
    assert html(page2).meta["published"] == "2021-01-30"


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------


def test_gbk_page_with_meta_charset() -> None:
    page = ('<html><head><meta charset="gbk"><title>年度报告</title></head><body>'
            '<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>总计</td><td>859</td></tr>'
            '<tr><td>镕</td><td>0</td></tr></table></body></html>')
    doc = read_bytes(page.encode("gbk"))
    assert doc.format == "html" and doc.encoding == "gb18030"
    assert paras(doc) == ["三、收到和处理政府信息公开申请情况"]
    assert texts(grids(doc)[0]) == [["总计", "859"], ["镕", "0"]]
    assert doc.meta["title"] == "年度报告" and not doc.warnings


def test_gb2312_declared_page_with_gbk_only_char() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>镕基与喆</p>'
    assert paras(read(page.encode("gb18030"))) == ["镕基与喆"]


def test_utf8_page_wrongly_declared_gb2312_reads_utf8_and_warns() -> None:
    doc = read('<meta charset="gb2312"><p>政府信息公开</p>'.encode())
    assert paras(doc) == ["政府信息公开"] and doc.encoding == "utf-8"
    assert doc.warnings and "gb18030" in doc.warnings[0]


def test_bom_utf16_page() -> None:
    doc = read("\ufeff<p>年度报告</p><table><tr><td>甲</td><td>1</td></tr></table>".encode("utf-16-le"))
    assert paras(doc) == ["年度报告"] and texts(grids(doc)[0]) == [["甲", "1"]]


# --------------------------------------------------------------------------------------------
# Hostile input
# --------------------------------------------------------------------------------------------


def test_truncated_html_keeps_what_was_read() -> None:
    doc = html("<p>三、收到和处理</p><table><tr><td>一、本年新收</td><td>821</td><td>8")
    assert paras(doc) == ["三、收到和处理"]
    assert texts(grids(doc)[0]) == [["一、本年新收", "821", "8"]]


@pytest.mark.parametrize("tag", ["div", "span", "font"])
def test_ten_thousand_wrapper_levels_are_flattened(tag: str) -> None:
    page = ("<p>开头</p>" + f"<{tag} class='x'>" * 10_000 + "<p>深处</p><table><tr><td>甲</td><td>1</td></tr>"
            "</table>" + f"</{tag}>" * 10_000 + "<p>结尾</p>")
    doc = html(page)  # no wall-clock assertion (issue 14): timings live in bench/
    assert paras(doc) == ["开头", "深处", "结尾"]
    assert texts(grids(doc)[0]) == [["甲", "1"]]
    assert "flattened" in doc.warnings[0]


def test_ten_thousand_nested_tables_fast() -> None:
    page = "<p>开头</p>" + "<table><tr><td>" * 3_400 + "深处" + "</td></tr></table>" * 3_400
    doc = html(page)  # the first 256 levels are read; the warning says where reading stopped
    assert paras(doc)[0] == "开头"
    assert "content after line 1 was not read" in doc.warnings[0]
    with pytest.raises(ReadError, match="nested too deeply"):
        html("<table><tr><td>" * 3_400 + "<span>" * 10_000 + "一、总体情况")


@pytest.mark.parametrize("data", [b"<", b"<html", b"<<<>>>", b"<p></p>", b"<table></table>",
                                  b"<p>\x00\x01\x02\x03</p>", b"<td rowspan=99999 colspan=99999>x"])
def test_garbage_is_readerror_or_document(data: bytes) -> None:
    try:
        doc = read(data)
    except ReadError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert doc.blocks


def test_huge_spans_are_clamped() -> None:
    doc = html("<table><tr><td rowspan=99999 colspan=99999>x</td></tr><tr><td>y</td></tr></table>")
    g = grids(doc)[0]
    assert len(g.rows) == 2 and len(g.rows[0]) == 1000 and g.rows[1][0].spanned
    assert g.rows[1][1000].text == "y"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["<p>", "</p>", "<td>", "</tr>", "<table>", "<br>", "<tr>", "&nbsp;",
                                 "<td rowspan=3>", "<th colspan=0>", "年度", "12", "<div class=nav>",
                                 "</div>", "<!--", "-->", "<script>", "</table>", "\x00", "\ufffd"]),
                max_size=60))
def test_fuzz_never_crashes(pieces: list[str]) -> None:
    try:
        doc = read("".join(pieces).encode("utf-8"))
    except ReadError:
        return
    for b in doc.blocks:
        if isinstance(b, Grid):
            assert all(isinstance(c, GridCell) for r in b.rows for c in r)


def test_span_grid_cells_have_every_field() -> None:
    """``_span_grid`` fills GridCell slots itself: every field of every cell is set (a field
    added to GridCell but not there would be missing, and reading it would raise)."""
    import dataclasses

    from gxtui.read import read_bytes
    from gxtui.read.document import Grid, GridCell

    doc = read_bytes("<html><body><table><tr><td rowspan=2>甲</td><td>1</td></tr><tr><td>2</td></tr>"
                     "</table></body></html>".encode("utf-8"))
    grid = next(b for b in doc.blocks if isinstance(b, Grid))
    cells = [c for r in grid.rows for c in r]
    for c in cells:
        assert all(hasattr(c, f.name) for f in dataclasses.fields(GridCell))
    assert [(c.text, c.spanned) for c in cells] == [("甲", False), ("1", False), ("", True), ("2", False)]


# --------------------------------------------------------------------------------------------
# Fast paths against the general path
# --------------------------------------------------------------------------------------------

_PAGES = [
    # spans: header rowspan/colspan, a first-column rowspan, rowspan=0, overlapping spans, ragged rows
    "<table><tr><td rowspan=2>类别</td><td colspan=3>申请人情况</td></tr><tr><td>甲</td><td>乙</td><td>丙</td></tr>"
    "<tr><td rowspan=3>（六）其他</td><td>1</td><td>2</td><td>3</td></tr><tr><td>4</td><td>5</td><td>6</td></tr>"
    "<tr><td>7</td><td>8</td></tr><tr><td>9</td></tr></table>",
    "<table><tr><td rowspan=0>甲</td><td>1</td></tr><tr><td>2</td></tr><tr><td colspan=2 rowspan=2>3</td></tr>"
    "<tr><td>4</td><td>5</td><td>6</td></tr></table>",
    "<table><tr><td colspan=2>a</td><td rowspan=2>b</td></tr><tr><td rowspan=2 colspan=3>c</td><td>d</td></tr>"
    "<tr></tr><tr><td>e</td></tr></table>",
    "<table><tr><td align=center>名称</td><td style='x'>1</td></tr><tr><td rowspan>x</td><td colspan=' 2'>y</td>"
    "</tr><tr><td rowspan=abc>z</td><td colspan=-1>w</td></tr></table>",
    # cells outside rows, th, thead/tbody
    "<table><thead><tr><th>项目</th><th>数量</th></tr></thead><tbody><tr><td>一</td><td>1</td></tr></tbody>"
    "<td>外</td></table>",
    # rows with children that are not cells
    "<table><tr><td>1</td><div>x</div><td>2</td></tr><tr><span>s</span><th>3</th><td>4</td></tr></table>",
    "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td><p>p</p></tr></table>",
    # whitespace, nbsp, CJK spacing, invisible characters, tabs, line breaks inside cells
    "<table><tr><td>本年新\n 制作数量</td><td>&nbsp;1 234&nbsp;</td></tr><tr><td>a\u200bb\u00adc</td>"
    "<td>\u3000中 文 text 12</td></tr><tr><td><span>其中</span><br>：<b>主动</b></td><td>\t</td></tr></table>",
    # layout tables: nested, single cell, long cell, heading in a cell, script in a cell
    "<table><tr><td><table><tr><td>甲</td><td>1</td></tr></table></td><td>x</td></tr></table>",
    "<table><tr><td>只有一个格</td></tr></table><p>后</p>",
    "<table><tr><td>" + "长" * 401 + "</td><td>1</td></tr></table>",
    "<table><tr><td><h2>一、总体情况</h2></td><td>1</td></tr></table><table><tr><td>a</td><h3>h</h3>"
    "<td>b</td></tr></table>",
    "<table><tr><td>甲<script>x=1</script></td><td>1<style>.a{}</style></td></tr><caption>表一</caption></table>",
    # chrome text, metadata
    "<html><head><title>报告_某某区人民政府</title><meta name='PubDate' content='2021-01-30'></head><body>"
    "<div class=nav>当前位置：首页 &gt; 公开</div><p>【字体：大 中 小】【打印】【关闭】</p><p>分享到</p>"
    "<p> 上一篇：某某</p><p>:打印</p><p>发布日期：2021-01-31</p><h1>标题</h1><p>正文 text</p></body></html>",
]


def _general(data: bytes) -> Document:
    """The page read with every fast path off: rows by a td/th child iterator, each row filled
    cell by cell and each cell's spans looked up (``FAST_ROWS`` off), every paragraph through the
    whole chrome test."""
    from gxtui.read import html as module  # noqa: PLC0415

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(module, "FAST_ROWS", False)
        mp.setattr(module, "_rows", lambda trs, cells: module._rows_general(trs))
        mp.setattr(module, "is_chrome_text", module._is_chrome_text_full)
        return module.read(data)


def _same_document(a: Document, b: Document) -> None:
    assert a.blocks == b.blocks and a.meta == b.meta and a.warnings == b.warnings and a.encoding == b.encoding
    for x, y in zip(a.blocks, b.blocks):
        if isinstance(x, Grid):
            assert [[(c.text, c.line, c.spanned) for c in r] for r in x.rows] == \
                   [[(c.text, c.line, c.spanned) for c in r] for r in y.rows]
            assert (x.line, x.exact) == (y.line, y.exact)


@pytest.mark.parametrize("page", _PAGES)
def test_fast_paths_equal_the_general_path(page: str) -> None:
    data = page.replace("><", ">\n<").encode("utf-8")  # cells on lines of their own, too
    for d in (page.encode("utf-8"), data):
        _same_document(read(d), _general(d))


@pytest.mark.corpus
def test_fast_paths_equal_the_general_path_on_the_corpus_page() -> None:
    if not CORPUS.exists():
        pytest.skip("corpus not available")
    data = CORPUS.read_bytes()
    _same_document(read(data), _general(data))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<td rowspan=2>",
                                 "<td colspan=3>", "<td rowspan=0 colspan=2>", "<td rowspan=4>", "<td align=left>",
                                 "<td colspan=1000 rowspan=3>", "<caption>", "<p>", "<br>", "<h2>", "<script>",
                                 "</script>", "\n", " ", "&nbsp;", "\u3000", "\u200b", "\t", "年度", "12", "ab",
                                 "当前位置：", "【打印】", "<div class=nav>", "</div>"]),
                max_size=80))
def test_fast_paths_equal_the_general_path_on_any_table(pieces: list[str]) -> None:
    data = "".join(pieces).encode("utf-8")
    try:
        fast = read(data)
    except ReadError as e:
        with pytest.raises(ReadError) as general:
            _general(data)
        assert str(general.value) == str(e)
        return
    _same_document(fast, _general(data))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("当前位置首页网站主上一篇分享到扫发布日期来源字体号大中小默认打印关闭收藏返回顶部"
                                             "【】[]:：|｜/ \t\u3000>＞»›&gt;。本年度报告12ab")), max_size=30))
def test_chrome_first_character_test_equals_the_whole_test(text: str) -> None:
    from gxtui.read import html as module  # noqa: PLC0415

    assert module.is_chrome_text(text) == module._is_chrome_text_full(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(list("0123456789 \t-+x;٣２")), max_size=6),
                 st.integers(0, 10**6).map(str)))
def test_span_value_digits_shortcut_equals_the_pattern(value: str) -> None:
    import re  # noqa: PLC0415

    from gxtui.read import html as module  # noqa: PLC0415

    m = re.match(r"\s*(\d+)", value)
    assert module._span_value(value) == (int(m.group(1)) if m else 1)


@pytest.mark.parametrize("page", _PAGES)
def test_rows_by_slicing_equal_the_td_th_children(page: str) -> None:
    from lxml import etree  # noqa: PLC0415

    from gxtui.read import html as module  # noqa: PLC0415

    root = etree.fromstring(page.encode("utf-8"), etree.HTMLParser(remove_comments=True, remove_pis=True))
    for table in root.iter("table"):
        trs, cells = list(table.iter("tr")), list(table.iter("td", "th"))
        assert module._rows(trs, cells) == module._rows_general(trs)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("年度报告ab1 \t\n\u3000\u00a0\u200b\u00ad\ufeff“”—…·,.\x01")), max_size=25))
def test_squash_leaves_a_squashed_text_as_it_is(text: str) -> None:
    """_span_grid squashes every cell's text, also those cell_text has squashed already."""
    from gxtui.read.html import squash  # noqa: PLC0415

    assert squash(squash(text)) == squash(text)
