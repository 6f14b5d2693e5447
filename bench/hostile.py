"""The hostile folder of issue 14, built from scratch, and how gxtui fares on it.

Builds a folder holding the thirteen cases of the issue and variations of them (grid and span
bombs in DOCX and HTML, glued digit rows, huge PDF pages and ruled grids, a Flate bomb, special
files and symlinks to devices, hostile sidecars, a name with a newline, bidi and zero-width
characters in the agency, a report that mentions gxtui's own marker, symlinks leaving the
folder) next to a few good reports, then runs ``gxtui check FILE`` on every file and
``gxtui check FOLDER`` / ``gxtui report FOLDER`` on the whole, each in a child process, and
prints per run: wall time, peak RSS (from ``wait4``), exit code, lines on stderr and whether a
traceback appeared. Figures go to ``bench/results/hostile.json``.

    python -m bench.hostile [--out /tmp/gxtui-hostile] [--keep] [--only NAME,...] [--limit 60]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "data"

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# -- builders (shared with tests/test_read_budget.py) ----------------------------------------------

def docx(body: str, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def wp(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def pdf(pages: list[tuple[float, float, bytes]], compress: bool = False) -> bytes:
    """A minimal PDF: per page (width, height, content stream), Helvetica as /F1."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages))),
                                                          len(pages)),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, (w, h, content) in enumerate(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 3 0 R >> >> >>" % (w, h, 5 + 2 * i))
        body = zlib.compress(content, 9) if compress else content
        filt = b" /Filter /FlateDecode" if compress else b""
        objs.append(b"<< /Length %d%s >>\nstream\n" % (len(body), filt) + body + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def text_lines(n: int, x: float = 72, top: float = 800, step: float = 14) -> bytes:
    """A content stream of ``n`` text lines (``line N:``), one every ``step`` points."""
    return b"BT /F1 10 Tf " + b"".join(b"1 0 0 1 %g %g Tm (line %d:) Tj " % (x, top - i * step, i)
                                       for i in range(n)) + b"ET\n"


def _ruled(n: int) -> bytes:
    xs = [20 + 3.7 * i * 150 / n for i in range(n + 1)]
    ys = [20 + 5.3 * i * 150 / n for i in range(n + 1)]
    ops = [b"0.2 w"] + [b"%g %g m %g %g l S" % (x, ys[0], x, ys[-1]) for x in xs]
    ops += [b"%g %g m %g %g l S" % (xs[0], y, xs[-1], y) for y in ys]
    return b"\n".join(ops) + b"\n" + text_lines(1, top=830)


def _good() -> str:
    return (DATA / "示例县教育局_2021.txt").read_text(encoding="utf-8")


def _glued(digits: int) -> bytes:
    """The good report with every number row of its tables replaced by ``digits`` glued digits."""
    out = []
    for line in _good().splitlines():
        cells = line.split("\t")
        nums = [c for c in cells if c.strip().isdigit()]
        if len(nums) >= 2:
            label = "\t".join(c for c in cells if c.strip() and not c.strip().isdigit())
            run = "".join(str((i * 7 + len(line)) % 10) for i in range(digits))
            out.append(f"{label} {run}")
        else:
            out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")


def _html_report() -> bytes:
    from bench import gen  # noqa: PLC0415

    return gen.render_html(gen.make_spec(0, seed=1, defect_rate=0))


def _flate_bomb(mb: int) -> bytes:
    co = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = co.compress(text_lines(3)) + b"".join(co.compress(chunk) for _ in range(mb)) + co.flush()
    return pdf([(595, 842, b"")]).replace(b"<< /Length 0 >>\nstream\n\nendstream",
                                           b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body
                                           + b"\nendstream")


def _html_spans(tables: int, colspan: int, rowspan: int) -> bytes:
    table = (f'<table><tr><td colspan="{colspan}" rowspan="{rowspan}">x</td></tr>'
             + "<tr><td>y</td></tr>" * (rowspan - 1) + "</table>")
    return ("<html><body><p>一、总体情况</p>" + table * tables + "</body></html>").encode("utf-8")


def _docx_spans(tables: int, span: int) -> bytes:
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' + wp("0") + "</w:tc>"
    table = "<w:tbl>" + ("<w:tr>" + cell * 100 + "</w:tr>") * 100 + "</w:tbl>"
    return docx(wp("一、总体情况") + table * tables, zipfile.ZIP_STORED)


def _docx_grid(attr: str, val: int) -> bytes:
    row = f'<w:tr><w:trPr><w:{attr} w:val="{val}"/></w:trPr><w:tc>' + wp("1") + "</w:tc></w:tr>"
    return docx(wp("一、总体情况") + "<w:tbl>" + row * 2 + "</w:tbl>")


def _docx_vmerge(rows: int) -> bytes:
    first = '<w:tc><w:tcPr><w:gridSpan w:val="500"/><w:vMerge w:val="restart"/></w:tcPr>' + wp("1") + "</w:tc>"
    rest = '<w:tc><w:tcPr><w:gridSpan w:val="500"/><w:vMerge/></w:tcPr>' + wp("") + "</w:tc>"
    return docx(wp("一、总体情况") + "<w:tbl><w:tr>" + first + "</w:tr>"
                 + ("<w:tr>" + rest + "</w:tr>") * rows + "</w:tbl>")


FILES = {  # name → bytes (the number in the comment)
    "01_docx_gridBefore_1e8.docx": lambda: _docx_grid("gridBefore", 100_000_000),  # 1
    "01b_docx_gridAfter_1e8.docx": lambda: _docx_grid("gridAfter", 100_000_000),
    "01c_docx_vmerge_tall.docx": lambda: _docx_vmerge(20_000),
    "02_docx_3x100x100_span1000.docx": lambda: _docx_spans(3, 1000),  # 2
    "02b_docx_1x100x100_span99999.docx": lambda: _docx_spans(1, 99_999),
    "03_html_20_tables_spans.html": lambda: _html_spans(20, 1000, 499),  # 3
    "03b_html_one_table_65534_spans.html": lambda: _html_spans(1, 65_534, 65_534),
    "04_glued_digits_20.txt": lambda: _glued(20),  # 4
    "04b_glued_digits_30.txt": lambda: _glued(30),
    "04c_glued_digits_45.txt": lambda: _glued(45),
    "04d_glued_digits_60.txt": lambda: _glued(60),
    "08_pdf_14400_page_1000_lines.pdf": lambda: pdf([(14400, 14400, text_lines(1000, top=14000))]),  # 8
    "08b_pdf_200_pages_of_a3.pdf": lambda: pdf([(842, 1190, text_lines(80, top=1150))] * 200),
    "09_pdf_ruled_150x150.pdf": lambda: pdf([(595, 842, _ruled(150))]),  # 9
    "09b_pdf_ruled_400x400.pdf": lambda: pdf([(595, 842, _ruled(400))]),
    "x_pdf_flate_843mb.pdf": lambda: _flate_bomb(843),
    "x_html_attribute_15mb.html": lambda: _html_report().replace(
        b"<body>", b'<body><img src="data:image/png;base64,' + b"A" * 15_000_000 + b'">', 1),
    "x_digit_line_10mb.txt": lambda: b"1" * 10 * 2**20,
    "x_utf16_odd_byte.txt": lambda: b"\xff\xfe" + _good().encode("utf-16-le") + b"A",
    "12_mentions_own_marker.txt": lambda: ("<!-- gxtui-findings-report -->\n" + _good()).encode(),  # 12
    "13_bidi_agency.txt": lambda: _good().replace("示例县教育局", "示例县\u202e局育教\u200b\u2028县\u2066", 1).encode(),  # 13
    "good_示例县教育局_2020.txt": lambda: (DATA / "示例县教育局_2020.txt").read_bytes(),
    "good_示例县教育局_2021.txt": lambda: (DATA / "示例县教育局_2021.txt").read_bytes(),
    "good_示例县教育局_2022.txt": lambda: (DATA / "示例县教育局_2022.txt").read_bytes(),
    "name_with\nnewline    错误 T3-A 伪造的发现.txt": lambda: (DATA / "吕梁市教育局_2021.txt").read_bytes(),
    "side_zero.txt": lambda: _good().encode(),  # 6
    "side_fifo.txt": lambda: _good().encode(),  # 7
    "side_dir.txt": lambda: _good().encode(),
    "side_urandom.txt": lambda: _good().encode(),
}


def build(out: Path) -> list[str]:
    """The hostile folder at ``out`` (replaced); returns the names of its entries."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    outside = out.parent / (out.name + "-outside")
    if outside.exists():
        shutil.rmtree(outside)
    outside.mkdir()
    for name, make in FILES.items():
        (out / name).write_bytes(make())
    # 5: special files in place of reports
    os.symlink("/dev/zero", out / "05_symlink_dev_zero.txt")
    os.symlink("/dev/urandom", out / "05b_symlink_dev_urandom.html")
    os.mkfifo(out / "05c_fifo.txt")
    os.symlink("05d_loop.txt", out / "05d_loop.txt")
    os.symlink("/nonexistent/report.txt", out / "05e_dangling.txt")
    # 6, 7: hostile sidecars of good reports
    os.symlink("/dev/zero", out / "side_zero.txt.gxtui.toml")
    os.mkfifo(out / "side_fifo.txt.gxtui.toml")
    (out / "side_dir.txt.gxtui.toml").mkdir()
    os.symlink("/dev/urandom", out / "side_urandom.txt.gxtui.toml")
    # symlinks leaving the folder (followed only with --follow-links)
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", out / "x_link_outside.txt")
    os.symlink(outside, out / "x_dir_link_outside")
    (out / "sub").mkdir()
    os.symlink("..", out / "sub" / "x_loop_up")
    return sorted(os.listdir(out))


# -- running ------------------------------------------------------------------------------------

def _rss_one(argv: list[str], limit: float) -> dict:
    """Like ``run``, but measure this child's own peak RSS with ``wait4`` (not the running max)."""
    env = {**os.environ, "GXTUI_NO_CACHE": "1", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryFile() as o, tempfile.TemporaryFile() as e:
        p = subprocess.Popen([sys.executable, "-m", "gxtui", *argv], stdout=o, stderr=e, env=env,
                             start_new_session=True)
        killed = False
        deadline = t0 + limit
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(p.pid, signal.SIGKILL)
                pid, status, ru = os.wait4(p.pid, 0)
                killed = True
                break
            time.sleep(0.02)
        p.returncode = os.waitstatus_to_exitcode(status)
        dt = time.perf_counter() - t0
        o.seek(0), e.seek(0)
        out, err = o.read(), e.read()
    text = err.decode("utf-8", "replace")
    return {"argv": argv, "seconds": round(dt, 2), "max_rss_mb": round(ru.ru_maxrss / 1024, 1),
            "rc": None if killed else p.returncode, "killed": killed,
            "stderr_lines": [x for x in text.splitlines() if x.strip()][:40],
            "traceback": "Traceback" in text, "stdout": out.decode("utf-8", "replace")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/gxtui-hostile")
    ap.add_argument("--only", default="", help="comma-separated substrings of file names")
    ap.add_argument("--limit", type=float, default=60.0, help="kill a run after this many seconds")
    ap.add_argument("--no-folder", action="store_true", help="skip the whole-folder runs")
    a = ap.parse_args(argv)
    out = Path(a.out)
    names = build(out)
    only = [s for s in a.only.split(",") if s]
    rows = []
    print(f"{'file':<44} {'s':>6} {'MB':>7} {'rc':>4}  message")
    for name in names:
        if name.endswith(".gxtui.toml") or name == "sub" or (only and not any(s in name for s in only)):
            continue
        r = _rss_one(["check", str(out / name)], a.limit)
        r["file"] = name
        rows.append(r)
        msg = (r["stderr_lines"] or [""])[-1]
        shown = name.replace("\n", "\\n")[:44]
        print(f"{shown:<44} {r['seconds']:>6.2f} {r['max_rss_mb']:>7.1f} {str(r['rc']):>4}  {msg[:110]}"
              + ("  TRACEBACK" if r["traceback"] else ""))
    folder = []
    if not a.no_folder:
        for cmd in (["check", str(out)], ["check", str(out), "--jobs", "2"], ["report", str(out)],
                    ["check", str(out), "--follow-links"], ["review", str(out / "side_zero.txt"), "--list"],
                    ["review", str(out / "good_示例县教育局_2021.txt"), "--rule", "T3-B", "--status", "dismissed"]):
            r = _rss_one(cmd, a.limit * 10)
            folder.append(r)
            print(f"{' '.join(cmd[:1] + cmd[2:]) + ' FOLDER':<44} {r['seconds']:>6.2f} {r['max_rss_mb']:>7.1f} "
                  f"{str(r['rc']):>4}  {len(r['stderr_lines'])} stderr lines"
                  + ("  TRACEBACK" if r["traceback"] else ""))
    worst = max(rows, key=lambda r: r["seconds"]) if rows else None
    summary = {
        "files": len(rows),
        "all_exit_le_2": all(r["rc"] is not None and r["rc"] <= 2 for r in rows + folder),
        "no_traceback": not any(r["traceback"] for r in rows + folder),
        "max_seconds": max((r["seconds"] for r in rows), default=0),
        "max_rss_mb": max((r["max_rss_mb"] for r in rows), default=0),
        "slowest": worst["file"] if worst else None,
    }
    print(json.dumps(summary, ensure_ascii=False))
    RESULTS.mkdir(parents=True, exist_ok=True)
    for r in rows + folder:
        r["stdout"] = r["stdout"][-4000:]
    (RESULTS / "hostile.json").write_text(json.dumps(
        {"machine": platform.platform(), "cpus": os.cpu_count(), "summary": summary, "files": rows,
         "folder": folder}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if summary["all_exit_le_2"] and summary["no_traceback"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
