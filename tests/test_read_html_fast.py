"""The HTML reader's speed-ups against the reader as it was (``tests/html_reference.py``).

Each shortcut of issue 15's last round is compared with what it replaced, on real pages, on
crawled CMS pages (``bench.crawled``), and on adversarial input, and would fail if it changed
any output: the whole ``Document`` (every block, cell field, line, meta, warning, encoding) or
the ``ReadError`` message.

* ``find_published`` no longer translates full-width digits (``\\d`` and ``int`` read them) and
  skips the weak pattern when neither of its labels is in the text;
* ``_string`` is lxml's text serialisation instead of an XPath ``string()``;
* ``_walk`` looks up what a tag does once (``_KINDS``), asks the attribute names once, and ends
  paragraphs without a method call;
* ``_span_grid`` appends rows whose cells have attributes but no span, and looks up only the
  spans a cell has;
* a whole UTF-8 page is parsed from its own bytes, and the parser builds no id table.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from gxtui.read import html
from gxtui.read.document import Document, Grid, ReadError
from tests import html_reference as ref

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for p in ROOT.glob("tests/**/*.htm*"))
CORPUS = ROOT / "bench" / "corpus" / "html"


def view(read, data: bytes) -> tuple:  # noqa: ANN001 - a reader's read()
    """Everything a reader gives for ``data``, cell fields and classes included."""
    try:
        doc: Document = read(data)
    except ReadError as e:
        return ("ReadError", str(e))
    blocks = []
    for b in doc.blocks:
        if isinstance(b, Grid):
            blocks.append(("grid", b.line, b.exact,
                           [[(c.text, c.line, c.spanned, type(c)) for c in r] for r in b.rows]))
        else:
            blocks.append(("para", b.text, b.line, type(b)))
    return blocks, doc.meta, doc.warnings, doc.encoding, doc.format


def same(data: bytes) -> None:
    assert view(html.read, data) == view(ref.read, data)


def _crawled_pages() -> list[bytes]:
    """Crawled-looking pages of every ``bench.crawled`` layout, from the bench corpus if there is
    one, else from the one generated page the test fixtures hold."""
    from bench import crawled  # noqa: PLC0415
    from bench.gen import make_spec, render_html  # noqa: PLC0415

    sources = [render_html(make_spec(i, seed=3)) for i in range(4)]
    if CORPUS.exists():
        sources += [p.read_bytes() for p in sorted(CORPUS.glob("*.html"))[:6]]
    return [crawled.crawled(b, layout, i) for i, b in enumerate(sources) for layout in ("div", "layout", "small")]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_pages_read_as_before(path: Path) -> None:
    same(path.read_bytes())


def test_crawled_pages_read_as_before() -> None:
    pages = _crawled_pages()
    assert len(pages) >= 12
    for data in pages:
        same(data)
        # the same page in other encodings and cut short: not parsed from its own bytes
        text = data.decode("utf-8")
        same(text.encode("gb18030"))
        same(b"\xef\xbb\xbf" + data)
        same(text.encode("utf-16"))
        same(data[:-1])  # ends in the middle of a character
        same(data[: len(data) // 2])


_PIECES = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<td rowspan=2>", "<td colspan=3>",
           "<td rowspan=0 colspan=2>", "<td width=5>", "<td ROWSPAN=2 style=x>", "<td class=a rowspan=2>",
           "<td style='w' colspan=2>", "<caption>", "</caption>", "<p>", "</p>", "<br>", "<h2>", "<script>",
           "</script>", "\n", " ", "&nbsp;", "\u3000", "\u200b", "\t", "年度", "12", "ab", "当前位置：", "【打印】",
           "<div class=nav>", "<div id=menu>", "<div class='a'>", "</div>", "<nav>", "</nav>", "<span>", "</span>",
           "<form>", "</form>", "<body class=nav>", "<P CLASS=X>", "<Td>", "<!-- c -->", "<?pi x?>",
           "发布日期：２０２０-０１-３１", "时间：2019年1月2日", "日期：٢٠٢١-٠١-٠٢", "<title>t_x</title>",
           "<meta name=pubdate content='2021-02-03'>", "<style>a</style>", "<select><option>1</select>", "<h1>标题</h1>",
           "<li>", "<a class=share>分享</a>", "<x-y>", "<o:p>", "</o:p>", "<td id=5>", "<footer>", "</footer>",
           "<header>x</header>", "<input>", "<img>", "<table class=menu>", "<center>", "<font>", "<B>"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=100),
       st.sampled_from(["utf-8", "utf-8", "gb18030", "utf-16-le", "utf-8-sig", "cut"]))
def test_any_page_reads_as_before(pieces: list[str], encoding: str) -> None:
    text = "".join(pieces)
    same(text.encode("utf-8")[:-1] if encoding == "cut" else text.encode(encoding))


def test_spliced_crawled_pages_read_as_before() -> None:
    rnd = random.Random(15)
    pages = [p.decode("utf-8") for p in _crawled_pages()]
    for _ in range(150):
        page = rnd.choice(pages)
        a = rnd.randrange(len(page))
        b = min(len(page), a + rnd.randrange(3000))
        same((page[:a] + "".join(rnd.choice(_PIECES) for _ in range(6)) + page[b:]).encode("utf-8"))


def test_string_is_the_xpath_string_value() -> None:
    """``_string`` against ``XPath("string()")`` on every element of every page."""
    xpath = etree.XPath("string()", smart_strings=False)
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True)
    extra = [b"<p>a&amp;b<![CDATA[c]]>&#26085;<br>d<b>e</b>f</p>", b"<td>\x01x<span></span>\xe6\x97\xa5</td>",
             b"<table><tr><td></td><td><p></p></td></tr></table>"]
    for data in [p.read_bytes() for p in PAGES] + _crawled_pages()[:6] + extra:
        root = etree.fromstring(data, parser)
        for el in root.iter():
            if isinstance(el.tag, str):
                assert html._string(el) == xpath(el)


_DATES = ["发布日期：2020-01-31", "发布日期：２０２０-０１-３１", "发布时间：２０２０年１月３１日", "公开日期：2020-02-30",
          "时间：２０１９-１２-０１", "日期：٢٠٢١-٠١-٠٢", "【日期：２０２０-１-２】", "截止日期：2020-03-04", "时间：0000-00-00",
          "成文日期：१९९९-०१-०२", "时间:2021/3/4", "2020年1月2日期：2021-01-01", "发布日期：2020-13-01 发布日期：2021-01-01",
          "\n日期：2022.5.6", "（时间：２０２３年０２月０９日）"]


@pytest.mark.parametrize("text", _DATES)
def test_published_dates_as_before(text: str) -> None:
    for t in (text, "正文。" + text, text + "\n时间：2018-01-01"):
        for weak in (True, False):
            assert html.find_published(t, weak) == ref.find_published(t, weak)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("发布公开日期时间成文:：-/.年月日 \n【(（|0123456789０１２３４５６７８９٠١٢")),
               max_size=40))
def test_any_published_date_as_before(text: str) -> None:
    for weak in (True, False):
        assert html.find_published(text, weak) == ref.find_published(text, weak)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abtdrlpnvBRTDhH1-_:")), min_size=1, max_size=8))
def test_tag_kinds_follow_the_tag_sets(tag: str) -> None:
    """What ``_walk`` does with a tag, from ``_tag_kind``, against the sets the old walk tested."""
    for name in (tag, *sorted(html._BLOCK_TAGS | html._ALWAYS_DROP | html._CHROME_TAGS), "br", "BR", "Table", "tr"):
        low = name.lower()
        kind = html._tag_kind(name)
        skip = low == "br" or low in html._ALWAYS_DROP
        assert bool(kind & html._SKIP) == skip
        assert bool(kind & html._ENDS) == (low in html._ENDS_PARAGRAPH)
        if not skip:
            assert bool(kind & html._STARTS) == (low in html._BLOCK_TAGS)
            assert bool(kind & html._CHROME) == (low in html._CHROME_TAGS)
            assert bool(kind & html._TABLE) == (low == "table")
            # the dropper is asked unless it cannot drop the element (body, html) or is always asked
            assert bool(kind & html._ATTR) == (low not in html._CHROME_TAGS and low not in ("body", "html"))


def test_raw_bytes_only_for_a_whole_utf8_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's own bytes go to libxml2 only when they are the text's UTF-8 encoding."""
    seen: list[bytes | None] = []
    real = html._parse

    def spy(text: str, raw: bytes | None = None):  # noqa: ANN202
        seen.append(raw)
        if raw is not None:
            assert raw == text.encode("utf-8", "replace")
        return real(text, raw)

    monkeypatch.setattr(html, "_parse", spy)
    page = "<html><body><p>正文 text</p></body></html>"
    for data, own in ((page.encode(), True), (b"\xef\xbb\xbf" + page.encode(), False), (page.encode()[:-2] + "日".encode()[:2], False),
                      (page.encode("gb18030"), False), (page.encode("utf-16"), False)):
        html.read(data)
        assert (seen[-1] is not None) == own, data[:20]


def test_chrome_attribute_pattern_unchanged() -> None:
    """The walk asks the dropper about an element with an id or a class; the pattern it applies
    is the old one (a change there would not be caught by the shortcuts' tests alone)."""
    assert html._CHROME_ATTR.pattern == ref._CHROME_ATTR.pattern
    assert re.compile(html._CHROME_ATTR.pattern, re.I).flags == html._CHROME_ATTR.flags


@pytest.mark.parametrize("fill", [" ", "\n", "字", "a "])
@pytest.mark.parametrize("n", [199_999, 200_000, 200_001])
def test_paragraph_limit_as_before(fill: str, n: int) -> None:
    """The limit on a paragraph's characters (whitespace-only buffers included) where it was."""
    body = (fill * n)[:n]
    for page in (f"<p>{body}</p><p>x</p>", f"<div>a<span>{body}</span></div>", f"<p>{body[:n // 2]}<b></b>{body[n // 2:]}</p>"):
        same(page.encode("utf-8"))
