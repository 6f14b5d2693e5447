"""Issue 9, property tests: any input to a reader gives a ``Document`` or a ``ReadError`` — never
another exception — the extractor turns any ``Document`` into a ``Report`` without raising, and a
``Report`` survives JSON export losslessly.

Example counts are modest so the suite stays fast; ``make fuzz`` (bench/fuzz.py) runs the same
kind of inputs by the thousand.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_bad_inputs as mbi  # noqa: E402

from gxtui.present.export import to_dict, to_json  # noqa: E402
from gxtui.extract import extract  # noqa: E402
from gxtui.read import ReadError, read_bytes  # noqa: E402
from gxtui.read.document import Document  # noqa: E402
from gxtui.read.text import parse_text  # noqa: E402

FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))

SPEC = mbi.make_spec(3, seed=7, defect_rate=0)
SPEC19 = next(s for s in (mbi.make_spec(i, seed=7, defect_rate=0) for i in range(40)) if s.template == "2019")
SEED_TXT = mbi.render_txt(SPEC)
SEED_TXT19 = mbi.render_txt(SPEC19)
SEED_HTML = mbi.render_html(SPEC)
SEED_DOCX = mbi.render_docx(SPEC)

# Vocabulary that reaches the interesting code paths: headings, labels, numbers, separators.
_TOKENS = ["\t", "\n", "\r\n", " ", "|", "---", "　", "\x00", "\ufeff", "\u202e", "\x1b[2J", "[bold]", "[/]",
           "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
           "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
           "第二十条第（一）项", "第二十条第（五）项", "第二十条第（八）项", "第二十条第（九）项", "信息内容",
           "本年制发件数", "本年废止件数", "现行有效件数", "本年新制作数量", "对外公开总数量", "上一年项目数量",
           "本年处理决定数量", "本年收费金额（单位：万元）", "规章", "行政规范性文件", "行政许可", "行政处罚",
           "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
           "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果",
           "（一）予以公开", "（三）不予公开", "1.属于国家秘密", "（六）其他处理", "（七）总计",
           "四、结转下年度继续办理", "行政复议", "行政诉讼", "结果维持", "尚未审结", "未经复议直接起诉",
           "0", "1", "7", "12", "-3", "+5", "1.5", "60.179", "/", "-", "—", "１２", "999999999999999999999",
           "1e309", "NaN", "251000元", "2021年", "2021 年", "年政府信息公开工作年度报告", "吕梁市教育局",
           "统计期限为2021年1月1日至2021年12月31日", "2022年1月17日", "二〇二二年一月十七日", "2022-13-45",
           "发布日期：2022-01-31", "1、", "（一）", "一是", "信息处理费", "收费通知", "400元"]
report_text = st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=5)), max_size=200).map("".join)


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, kind, payload) edits: 0 overwrite, 1 insert, 2 delete, 3 truncate."""
    b = bytearray(data)
    for pos, kind, payload in edits:
        if not b:
            break
        i = pos % len(b)
        if kind == 0:
            b[i:i + len(payload)] = payload
        elif kind == 1:
            b[i:i] = payload
        elif kind == 2:
            del b[i:i + max(1, len(payload))]
        else:
            del b[i:]
    return bytes(b)


edits = st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 3), st.binary(min_size=1, max_size=16)),
                 min_size=1, max_size=8)


def assert_report_or_read_error(make_doc) -> None:  # noqa: ANN001
    """The reader gives a Document or ReadError; the extractor and JSON export never fail."""
    try:
        doc = make_doc()
    except ReadError as e:
        assert str(e) and "\n" not in str(e)
        return
    assert isinstance(doc, Document)
    report = extract(doc, "fuzz.txt", b"")
    assert_json_lossless(report)


def assert_json_lossless(report) -> None:  # noqa: ANN001
    d = to_dict(report)
    assert json.loads(to_json(report)) == d
    assert d["published"] is None or isinstance(d["published"], str)


@FAST
@given(report_text)
def test_text_reader_and_extractor_any_text(text: str) -> None:
    assert_report_or_read_error(lambda: parse_text(text))


@FAST
@given(st.binary(max_size=2000))
def test_read_bytes_any_bytes(data: bytes) -> None:
    assert_report_or_read_error(lambda: read_bytes(data))


@FAST
@given(edits, st.booleans())
def test_mutated_text_report(e: list, old_template: bool) -> None:
    data = _mutate(SEED_TXT19 if old_template else SEED_TXT, e)
    assert_report_or_read_error(lambda: read_bytes(data))


@FAST
@given(st.lists(st.sampled_from(SEED_TXT.decode().split("\n")), max_size=120))
def test_shuffled_report_lines(lines: list[str]) -> None:
    assert_report_or_read_error(lambda: parse_text("\n".join(lines)))


_HTML_TOKENS = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", '<td rowspan="3">', '<td colspan="999999">',
                '<td rowspan="0">', '<td colspan="-1">', '<td rowspan="x">', "<p>", "</p>", "<br>", "<div>", "</div>",
                "<script>", "</script>", "<!--", "-->", "<![CDATA[", "&nbsp;", "&#0;", "&#x1b;", "&#xd800;",
                '<meta charset="gbk">', '<meta charset="nonsense">', "<?xml version='1.0' encoding='utf-16'?>",
                "<svg>", "<math>", "<title>", "<nav>", "发布日期：2022-01-31"]
html_text = st.lists(st.one_of(st.sampled_from(_HTML_TOKENS), st.sampled_from(_TOKENS)), max_size=150).map("".join)


@pytest.mark.skipif(importlib.util.find_spec("gxtui.read.html") is None, reason="no HTML reader")
@FAST
@given(html_text)
def test_html_reader_any_markup(text: str) -> None:
    from gxtui.read import html  # noqa: PLC0415

    assert_report_or_read_error(lambda: html.read(text.encode("utf-8")))


@pytest.mark.skipif(importlib.util.find_spec("gxtui.read.html") is None, reason="no HTML reader")
@FAST
@given(edits)
def test_html_reader_mutated_page(e: list) -> None:
    from gxtui.read import html  # noqa: PLC0415

    data = _mutate(SEED_HTML, e)
    assert_report_or_read_error(lambda: html.read(data))


def _docx_with(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(SEED_DOCX)) as src, zipfile.ZipFile(buf, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, document_xml if name == "word/document.xml" else src.read(name))
    return buf.getvalue()


_DOC_XML = zipfile.ZipFile(io.BytesIO(SEED_DOCX)).read("word/document.xml")
_DOCX_FRAGMENTS = [b"<w:tbl>", b"</w:tbl>", b"<w:tr>", b"</w:tr>", b"<w:tc>", b"</w:tc>", b'<w:gridSpan w:val="9999"/>',
                   b'<w:gridSpan w:val="-2"/>', b'<w:vMerge w:val="restart"/>', b"<w:vMerge/>", b'<w:numPr><w:ilvl w:val="99"/>'
                   b'<w:numId w:val="7"/></w:numPr>', b"<w:p>", b"</w:p>", b"<w:t>", b"</w:t>", b"\x00", b"&#1;"]


@pytest.mark.skipif(importlib.util.find_spec("gxtui.read.docx") is None, reason="no DOCX reader")
@SLOW
@given(st.lists(st.tuples(st.integers(0, 2**31), st.sampled_from(_DOCX_FRAGMENTS)), min_size=1, max_size=6))
def test_docx_reader_mutated_document_xml(ins: list) -> None:
    from gxtui.read import docx  # noqa: PLC0415

    xml = bytearray(_DOC_XML)
    for pos, frag in ins:
        i = pos % len(xml)
        xml[i:i] = frag
    data = _docx_with(bytes(xml))
    assert_report_or_read_error(lambda: docx.read(data))


@pytest.mark.skipif(importlib.util.find_spec("gxtui.read.docx") is None, reason="no DOCX reader")
@SLOW
@given(edits)
def test_docx_reader_mutated_container(e: list) -> None:
    from gxtui.read import docx  # noqa: PLC0415

    data = _mutate(SEED_DOCX, e)
    assert_report_or_read_error(lambda: docx.read(data))


@pytest.mark.skipif(importlib.util.find_spec("gxtui.read.pdf") is None, reason="no PDF reader")
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits)
def test_pdf_reader_mutated(e: list) -> None:
    from gxtui.read import pdf  # noqa: PLC0415

    data = _mutate(_seed_pdf(), e)
    assert_report_or_read_error(lambda: pdf.read(data))


_PDF: list[bytes] = []


def _seed_pdf() -> bytes:
    if not _PDF:
        _PDF.append(mbi.render_pdf(SPEC))
    return _PDF[0]


@pytest.mark.parametrize("n", range(6))
def test_generated_reports_roundtrip_json(n: int) -> None:
    """Real-shaped reports (both templates, defects) export to JSON and back without loss."""
    spec = mbi.make_spec(n, seed=11, defect_rate=1.0)
    doc = read_bytes(mbi.render_txt(spec))
    report = extract(doc, f"{spec.slug}.txt", b"")
    assert_json_lossless(report)
    d = json.loads(to_json(report))
    assert d["report"]["agency"] == spec.agency and d["report"]["year"] == spec.year
