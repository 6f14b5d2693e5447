"""Issue 14: one budget per file, whatever the format, and regular files only.

Each hostile input of the issue is read in a subprocess under a 1 GiB address-space limit
(``RLIMIT_AS``); the test asserts the outcome (a one-line "too complex to read safely" refusal, or
the report read correctly). A run past the memory limit would end in MemoryError or a crash and
fail the assertion; there are no wall-clock assertions (the subprocess timeout only stops a hang).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from gxtui.read import ReadError, read_bytes, read_path
from gxtui.read.errors_zh import localize
from gxtui.safeio import NotRegularFile, TooLarge, read_regular

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1 << 30

_CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (%d, %d))
from gxtui.read import ReadError, read_path
from gxtui.read.document import Grid
try:
    doc, _ = read_path(sys.argv[1])
except ReadError as e:
    print(json.dumps({"error": str(e)}))
else:
    grids = [b for b in doc.blocks if isinstance(b, Grid)]
    print(json.dumps({"paragraphs": [b.text for b in doc.blocks if not isinstance(b, Grid)][:5],
                      "grids": [[len(g.rows), max(len(r) for r in g.rows)] for g in grids],
                      "warnings": doc.warnings}))
""" % (LIMIT, LIMIT)


def bounded(path: Path) -> dict:
    """Read ``path`` in a child process limited to 1 GiB; its outcome as a dict."""
    p = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                       timeout=300, cwd=ROOT)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "Traceback" not in p.stderr
    return json.loads(p.stdout)


def too_complex(out: dict, what: str) -> None:
    assert "error" in out, out
    assert out["error"].startswith("too complex to read safely: ") and what in out["error"], out["error"]
    assert "\n" not in out["error"]
    assert localize(out["error"]).startswith("文件过于复杂，无法安全读取：")


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------

from bench.hostile import docx, pdf, text_lines, wp  # noqa: E402  (one set of builders)



# --------------------------------------------------------------------------------------------
# The cases of issue 14
# --------------------------------------------------------------------------------------------


def test_docx_grid_before_one_hundred_million(tmp_path: Path) -> None:
    row = '<w:tr><w:trPr><w:gridBefore w:val="100000000"/></w:trPr><w:tc>' + wp("1") + "</w:tc></w:tr>"
    f = tmp_path / "grid_before.docx"
    f.write_bytes(docx(wp("一、总体情况") + "<w:tbl>" + row * 2 + "</w:tbl>"))
    too_complex(bounded(f), "cells")


def test_docx_three_tables_of_wide_spans(tmp_path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr>' + wp("0") + "</w:tc>"
    table = "<w:tbl>" + ("<w:tr>" + cell * 100 + "</w:tr>") * 100 + "</w:tbl>"
    f = tmp_path / "spans.docx"
    f.write_bytes(docx(wp("一、总体情况") + table * 3, zipfile.ZIP_STORED))  # not a zip bomb: the spans are
    too_complex(bounded(f), "cells")


def test_docx_budget_counts_across_tables_not_per_table(tmp_path: Path) -> None:
    """Each table alone is far under the limit; together they are over it."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="500"/></w:tcPr>' + wp("0") + "</w:tc>"
    table = "<w:tbl>" + ("<w:tr>" + cell + "</w:tr>") * 100 + "</w:tbl>"  # 50,000 cells each
    ok, over = tmp_path / "ok.docx", tmp_path / "over.docx"
    ok.write_bytes(docx(wp("一、总体情况") + table * 3))
    over.write_bytes(docx(wp("一、总体情况") + table * 5))
    assert bounded(ok)["grids"] == [[100, 500]] * 3
    too_complex(bounded(over), "cells")


def test_html_twenty_tables_of_huge_spans(tmp_path: Path) -> None:
    table = '<table><tr><td colspan="1000" rowspan="499">x</td></tr>' + "<tr><td>y</td></tr>" * 498 + "</table>"
    f = tmp_path / "spans.html"
    f.write_text("<html><body><p>一、总体情况</p>" + table * 20 + "</body></html>", encoding="utf-8")
    too_complex(bounded(f), "cells")


def test_pdf_huge_page_with_a_thousand_lines(tmp_path: Path) -> None:
    f = tmp_path / "huge_page.pdf"
    f.write_bytes(pdf([(14400, 14400, text_lines(1000, top=14000))]))
    too_complex(bounded(f), "page 1 is 14400 × 14400 pt")


def test_pdf_a_thousand_lines_on_a_normal_page_are_read(tmp_path: Path) -> None:
    f = tmp_path / "lines.pdf"
    f.write_bytes(pdf([(595, 842, text_lines(50, top=800, step=14))]))
    out = bounded(f)
    assert out["paragraphs"][:2] == ["line 0:", "line 1:"]


def test_pdf_150_by_150_ruled_grid(tmp_path: Path) -> None:
    xs = [20 + 3.7 * i for i in range(151)]
    ys = [20 + 5.3 * i for i in range(151)]
    ops = [b"0.2 w"]
    ops += [b"%g %g m %g %g l S" % (x, ys[0], x, ys[-1]) for x in xs]
    ops += [b"%g %g m %g %g l S" % (xs[0], y, xs[-1], y) for y in ys]
    f = tmp_path / "grid.pdf"
    f.write_bytes(pdf([(595, 842, b"\n".join(ops) + b"\n" + text_lines(1, top=830))]))
    out = bounded(f)
    assert "error" not in out, out
    assert out["grids"] == [[150, 150]]  # every cell found, in bounded time and memory


def test_pdf_flate_stream_of_843_mb(tmp_path: Path) -> None:
    co = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = co.compress(text_lines(3)) + b"".join(co.compress(chunk) for _ in range(843)) + co.flush()
    data = pdf([(595, 842, b"")]).replace(b"<< /Length 0 >>\nstream\n\nendstream",
                                          b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body
                                          + b"\nendstream")
    f = tmp_path / "bomb.pdf"
    f.write_bytes(data)
    too_complex(bounded(f), "inflates to more than 16 MB")


def test_pdf_small_flate_streams_are_not_inflated_twice(tmp_path: Path) -> None:
    f = tmp_path / "ok.pdf"
    f.write_bytes(pdf([(595, 842, text_lines(3))], compress=True))
    assert bounded(f)["paragraphs"] == ["line 0:", "line 1:", "line 2:"]


def test_html_attribute_of_15_mb_before_the_report(tmp_path: Path) -> None:
    f = tmp_path / "attr.html"
    f.write_text('<html><body><img src="data:image/png;base64,' + "A" * 15_000_000 + '">'
                 "<p>一、总体情况</p><p>本机关全年主动公开政府信息。</p></body></html>", encoding="utf-8")
    out = bounded(f)
    assert out.get("paragraphs") == ["一、总体情况", "本机关全年主动公开政府信息。"], out


def test_one_line_of_ten_million_digits(tmp_path: Path) -> None:
    f = tmp_path / "digits.txt"
    f.write_bytes(b"1" * 10 * 2**20)
    too_complex(bounded(f), "a line of 10,485,760 characters")


def test_text_tab_rows_count_against_the_budget() -> None:
    with pytest.raises(ReadError, match="cells"):
        read_bytes("一、总体情况\n".encode() + ("\t".join(["0"] * 1000) + "\n").encode() * 300)
    doc = read_bytes("一、总体情况\n".encode() + ("\t".join(["0"] * 100) + "\n").encode() * 30)
    assert len(doc.blocks[1].rows) == 30


# --------------------------------------------------------------------------------------------
# Loose ends: UTF-16 cut at an odd byte
# --------------------------------------------------------------------------------------------

TEXT = "一、总体情况\n本机关全年主动公开政府信息。\n"


@pytest.mark.parametrize("data", [b"\xff\xfe" + TEXT.encode("utf-16-le") + b"A", TEXT.encode("utf-16-le") + b"A",
                                  b"\xfe\xff" + TEXT.encode("utf-16-be") + b"A", TEXT.encode("utf-16-be") + b"A"],
                         ids=["le-bom", "le", "be-bom", "be"])
def test_utf16_with_a_trailing_odd_byte_reads_with_a_warning(data: bytes) -> None:
    doc = read_bytes(data)
    assert [b.text for b in doc.blocks] == ["一、总体情况", "本机关全年主动公开政府信息。"]
    assert any("middle of a character" in w for w in doc.warnings)


def test_whole_utf16_reads_without_warning() -> None:
    doc = read_bytes(TEXT.encode("utf-16-le"))
    assert [b.text for b in doc.blocks] == ["一、总体情况", "本机关全年主动公开政府信息。"] and not doc.warnings


def test_gbk_is_not_mistaken_for_utf16() -> None:
    assert read_bytes(TEXT.encode("gb18030")).encoding == "gb18030"


# --------------------------------------------------------------------------------------------
# Regular files only
# --------------------------------------------------------------------------------------------


def test_symlink_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "report.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(ReadError, match=r"^this is a device, not a file: only regular files are read$"):
        read_path(link)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="named pipe"):
        read_path(fifo)  # nobody writes: a blocking open would hang here


def test_socket_is_refused(tmp_path: Path) -> None:
    import socket  # noqa: PLC0415

    path = tmp_path / "s.txt"
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(path))
        with pytest.raises(ReadError, match="socket"):
            read_path(path)
    finally:
        s.close()


def test_symlink_to_a_regular_report_is_read(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(TEXT, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    doc, data = read_path(link)
    assert data == TEXT.encode() and doc.blocks[0].text == "一、总体情况"


def test_read_regular_caps_what_it_reads(tmp_path: Path) -> None:
    f = tmp_path / "x.toml"
    f.write_bytes(b"a" * 100)
    assert read_regular(f, 100) == b"a" * 100
    with pytest.raises(TooLarge):
        read_regular(f, 99)
    with pytest.raises(NotRegularFile) as e:
        read_regular("/dev/zero", 10)
    assert e.value.kind == "a device"
    with pytest.raises(NotRegularFile):
        read_regular(tmp_path, 10)


def test_proc_file_that_claims_size_zero_is_capped() -> None:
    """/proc files are regular but say st_size 0: the cap is on the bytes read."""
    if not Path("/proc/self/maps").exists():
        pytest.skip("no /proc")
    with pytest.raises(TooLarge):
        read_regular("/proc/self/maps", 10)
