"""Build the bad-input corpus of issue 9.

Small files are committed under ``tests/bad_inputs/`` (re-create them with
``python tests/make_bad_inputs.py``). Large ones (a 100 MB text file, HTML nested 10,000 levels
deep, a DOCX zip bomb) are only ever generated into a temporary folder at test time by
``make_large(folder)`` — never commit them.

Every builder is deterministic, so a failing case can be reproduced byte for byte.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.gen import cell_mismatches, make_spec, render_docx, render_html, render_pdf, render_txt  # noqa: E402,F401

HERE = Path(__file__).resolve().parent / "bad_inputs"

# A minimal JPEG header (SOI, APP0/JFIF) followed by junk: enough for any sniffer.
JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + bytes(range(256)) * 4 + b"\xff\xd9")

# Hostile content: Rich markup, ANSI/OSC escapes, C1 controls, bidi overrides.
HOSTILE_BITS = [
    "[bold red]加粗[/]",
    "[/]",
    "[link=https://evil.example/]点此领取[/link]",
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",  # OSC 52: write to the clipboard
    "\x1b]0;pwned title\x07",  # OSC 0: window title
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b31m",  # C1 CSI
    "\u202eevil\u202c",  # right-to-left override
    "\u2066isolate\u2069",
    "\u200f\u061c",
]
UNSAFE_CODEPOINTS = ({0x1b, 0x07} | set(range(0x80, 0xa0)) | set(range(0x202a, 0x202f))
                     | set(range(0x2066, 0x206a)) | {0x200e, 0x200f, 0x061c})


def base_report(n: int = 3) -> str:
    """A valid synthetic report (text form) to be mangled."""
    return render_txt(make_spec(n, seed=7, defect_rate=0)).decode("utf-8")


def hostile_report() -> str:
    """A readable report whose agency, headings and narrative carry hostile content."""
    spec = make_spec(5, seed=7, defect_rate=0)
    spec.agency = "[bold]恶意[/]\x1b]0;pwned\x07市\u202e局"
    bits = "".join(HOSTILE_BITS)
    spec.s1.insert(1, f"正文含控制序列：{bits}结束。")
    spec.s5.insert(0, "1、问题[link=file:///etc/passwd]描述[/link]\x1b[31m红色\x1b[0m\u202e反向\u202c。")
    spec.s6 = [f"其他事项{bits}。", "超长行：" + "很长的一行文字" * 5_000]  # ~100 KB on one line
    return render_txt(spec).decode("utf-8")


def truncations(data: bytes) -> dict[str, bytes]:
    """``data`` cut at several points: 1 byte, 64 bytes, 10 %, 50 %, 90 %, all but one byte."""
    n = len(data)
    cuts = {"1b": 1, "64b": 64, "10pct": n // 10, "50pct": n // 2, "90pct": n * 9 // 10, "minus1": n - 1}
    return {k: data[:v] for k, v in cuts.items()}


def broken_xref_pdf(pdf: bytes) -> bytes:
    """Point startxref at garbage and damage the xref table itself."""
    i = pdf.rfind(b"startxref")
    head, tail = pdf[:i], pdf[i:]
    head = head.replace(b"xref\n0 ", b"xref\nX ", 1)
    return head + b"startxref\n999999999\n%%EOF\n" if tail else head


def small_cases() -> dict[str, bytes]:
    """name -> bytes for every small bad input (these are committed)."""
    spec = make_spec(3, seed=7, defect_rate=0)
    txt = render_txt(spec)
    html = render_html(spec)
    docx = render_docx(spec)
    pdf = render_pdf(spec)
    text = txt.decode("utf-8")
    out: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\r\n  ",
        "one_byte.txt": b"x",
        "one_byte_nul.txt": b"\x00",
        "one_byte_high.html": b"\xff",
        "binary_junk.txt": bytes((i * 2654435761 >> 7) & 0xFF for i in range(4096)),
        "jpeg_renamed.txt": JPEG,
        "png_renamed.docx": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "zip_not_docx.docx": _zip({"hello.txt": b"not a report"}),
        "pdf_header_only.pdf": b"%PDF-1.7\n",
        "html_no_text.html": b"<html><head><title>x</title></head><body><script>1</script></body></html>",
        "gbk_declared_utf8.html": html.decode("utf-8").encode("gb18030"),  # page says utf-8
        "utf8_declared_gbk.html": html.decode("utf-8").replace('charset="utf-8"', 'charset="gbk"').encode(),
        "gbk_text.txt": text.encode("gb18030"),
        "utf16_no_bom.txt": text.encode("utf-16-le"),
        "bom_utf8_invalid.txt": b"\xef\xbb\xbf" + text.encode("gb18030")[:2000],
        "mixed_eol_nul.txt": _mixed_eol(text).encode("utf-8"),
        "nul_every_line.txt": text.replace("\n", "\x00\n").encode("utf-8"),
        "hostile.txt": hostile_report().encode("utf-8"),
        "broken_xref.pdf": broken_xref_pdf(pdf),
        "docx_bad_xml.docx": _replace_part(docx, "word/document.xml", b"<w:document><w:body><w:p>"),
        "docx_no_document.docx": _drop_part(docx, "word/document.xml"),
        "docx_future_zip_version.docx": _future_zip_version(docx),
    }
    return out


def truncated_cases() -> dict[str, bytes]:
    """A valid report of each format cut at several points (generated at test time)."""
    spec = make_spec(3, seed=7, defect_rate=0)
    out = {}
    for fmt, render in (("txt", render_txt), ("html", render_html), ("docx", render_docx), ("pdf", render_pdf)):
        for k, v in truncations(render(spec)).items():
            out[f"truncated_{k}.{fmt}"] = v
    return out


def _future_zip_version(data: bytes) -> bytes:
    """Claim ZIP version 17.4 in every central-directory entry: Python's zipfile raises
    NotImplementedError (not BadZipFile) for it — found by bench/fuzz.py."""
    b = bytearray(data)
    i = b.find(b"PK\x01\x02")
    while i != -1:
        b[i + 6:i + 8] = (174).to_bytes(2, "little")
        i = b.find(b"PK\x01\x02", i + 4)
    return bytes(b)


def _mixed_eol(text: str) -> str:
    lines = text.split("\n")
    eols = ["\r\n", "\r", "\n", "\n\x00", "\u2028"]
    return "".join(line + eols[i % len(eols)] for i, line in enumerate(lines))


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(zipfile.ZipInfo(k, (2024, 1, 1, 0, 0, 0)), v, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _replace_part(docx: bytes, name: str, data: bytes) -> bytes:
    p = _parts(docx)
    p[name] = data
    return _zip(p)


def _drop_part(docx: bytes, name: str) -> bytes:
    p = _parts(docx)
    p.pop(name, None)
    return _zip(p)


# ---------------------------------------------------------------------------------------------
# Large cases: generated at test time only
# ---------------------------------------------------------------------------------------------


def make_huge_text(path: Path, size: int = 100 * 2**20) -> Path:
    """A real-looking report text repeated to ``size`` bytes (100 MB by default)."""
    chunk = base_report().encode("utf-8")
    with open(path, "wb") as f:
        written = 0
        while written < size:
            f.write(chunk)
            written += len(chunk)
    return path


def make_deep_html(path: Path, depth: int = 10_000) -> Path:
    """A report page whose content sits inside ``depth`` nested elements."""
    inner = render_html(make_spec(3, seed=7, defect_rate=0)).decode("utf-8")
    body = inner.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
            + "<div>" * depth + body + "</div>" * depth + "</body></html>")
    path.write_text(page, encoding="utf-8")
    return path


def make_deep_html_unclosed(path: Path, depth: int = 10_000) -> Path:
    """10,000 unclosed <span>/<table> openings — the classic parser stack killer."""
    page = "<html><body>" + "<table><tr><td>" * (depth // 3) + "<span>" * depth + "一、总体情况" + "</body></html>"
    path.write_text(page, encoding="utf-8")
    return path


def make_zip_bomb_docx(path: Path, inflated: int = 1 * 2**30) -> Path:
    """A DOCX whose word/document.xml inflates to ``inflated`` bytes (1 GB) from ~1 MB."""
    base = _parts(render_docx(make_spec(3, seed=7, defect_rate=0)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in base.items():
            if name == "word/document.xml":
                continue
            z.writestr(name, data)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                    b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            block = b" " * 2**20
            for _ in range(inflated // len(block)):
                f.write(block)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def make_ratio_bomb_docx(path: Path) -> Path:
    """A small document.xml but a 40 MB styles part (under the size caps, over the ratio cap)."""
    base = _parts(render_docx(make_spec(3, seed=7, defect_rate=0)))
    base["word/styles.xml"] = base["word/styles.xml"][:-20] + b" " * (40 * 2**20) + base["word/styles.xml"][-20:]
    path.write_bytes(_zip(base))
    return path


LARGE = {
    "huge_100mb.txt": make_huge_text,
    "deep_10000.html": make_deep_html,
    "deep_unclosed.html": make_deep_html_unclosed,
    "zip_bomb.docx": make_zip_bomb_docx,
    "ratio_bomb.docx": make_ratio_bomb_docx,
}


def make_large(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: fn(folder / name) for name, fn in LARGE.items()}


def write_small(folder: Path = HERE) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in small_cases().items():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    write_small()
    print(f"wrote {len(small_cases())} files to {HERE}")
