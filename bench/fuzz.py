"""Long fuzz run (``make fuzz``): thousands of generated and mutated inputs per reader.

For every input the reader must return a ``Document`` or raise ``ReadError``; the extractor must
turn the Document into a ``Report`` and the report must survive ``to_json`` → ``json.loads``
unchanged. Anything else is a crash; an input taking longer than ``--timeout`` seconds is a hang.
Crashing inputs are saved under ``bench/corpus/fuzz_crashes/`` (git-ignored) for reproduction and
the figures go to ``bench/results/fuzz.json``.

    python -m bench.fuzz [--n 5000] [--readers text,html,docx,pdf] [--n-pdf 2000] [--jobs 2]
                         [--seed 1] [--timeout 10]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import json
import os
import platform
import random
import signal
import sys
import time
import traceback
import zipfile
from pathlib import Path

from bench import gen

RESULTS = Path(__file__).resolve().parent / "results"
CRASHES = Path(__file__).resolve().parent / "corpus" / "fuzz_crashes"

_TOKENS = ["\t", "\n", "\r\n", "\r", " ", "|", "---", "　", "\x00", "\ufeff", "\u202e", "\x1b[2J", "[bold]", "[/]",
           "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
           "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "第二十条第（一）项", "第二十条第（五）项",
           "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项", "信息内容", "本年制发件数", "本年废止件数",
           "本年度止件数", "现行有效件数", "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
           "本年增/减", "处理决定数量", "本年处理决定数量", "本年收费金额（单位：万元）", "采购项目数量", "采购总金额",
           "规章", "行政规范性文件", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
           "行政事业性收费", "政府集中采购", "申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构",
           "社会公益组织", "法律服务机构", "其他", "总计", "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
           "三、本年度办理结果", "（一）予以公开", "（二）部分公开", "（三）不予公开", "1.属于国家秘密", "8.属于行政查询事项",
           "（四）无法提供", "（五）不予处理", "（六）其他处理", "3.其他", "（七）总计", "四、结转下年度继续办理",
           "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议直接起诉", "复议后起诉",
           "0", "1", "7", "12", "-3", "+5", "1.5", "60.179", "/", "-", "—", "１２", "9" * 30, "1e309", "NaN", "inf",
           "251000元", "3万元", "2021年", "2019年", "2021 年", "年政府信息公开工作年度报告", "年度政府信息公开工作报告",
           "吕梁市教育局", "省教育厅", "统计期限为2021年1月1日至2021年12月31日", "2022年1月17日", "二〇二二年一月十七日",
           "2022-13-45", "0000-00-00", "发布日期：2022-01-31", "1、", "（一）", "一是", "二是", "下一步",
           "信息处理费", "收费通知", "400元", "公(gong)开(kai)", "政府信息公開", "檔案", "入口網站"]
_HTML_TOKENS = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", '<td rowspan="3">',
                '<td colspan="999999">', '<td rowspan="65535" colspan="1000">', '<td rowspan="0">', '<td colspan="-1">',
                '<td rowspan="x">', "<p>", "</p>", "<br>", "<br/>", "<div>", "</div>", "<span>", "<script>", "</script>",
                "<style>", "<!--", "-->", "<![CDATA[", "&nbsp;", "&#0;", "&#x1b;", "&#xd800;", "&#99999999;", "&amp",
                '<meta charset="gbk">', '<meta charset="nonsense">', '<meta http-equiv="refresh" content="0">',
                "<?xml version='1.0' encoding='utf-16'?>", "<svg>", "<math>", "<title>", "</title>", "<nav>",
                "<table><tr><td><table><tr><td>", "<caption>", "<thead>", "<tbody>", "<frameset>", "<base href=x>",
                "<html>", "<body>", "发布日期：2022-01-31", '<meta name="PubDate" content="2022-01-31">']
_DOCX_FRAGMENTS = [b"<w:tbl>", b"</w:tbl>", b"<w:tr>", b"</w:tr>", b"<w:tc>", b"</w:tc>", b'<w:gridSpan w:val="9999"/>',
                   b'<w:gridSpan w:val="-2"/>', b'<w:gridSpan w:val="x"/>', b'<w:vMerge w:val="restart"/>',
                   b"<w:vMerge/>", b'<w:numPr><w:ilvl w:val="99"/><w:numId w:val="7"/></w:numPr>',
                   b'<w:numPr><w:ilvl w:val="-1"/><w:numId w:val="x"/></w:numPr>', b"<w:p>", b"</w:p>", b"<w:t>",
                   b"</w:t>", b"<w:r>", b"</w:r>", b"<w:br/>", b"<w:tab/>", b"\x00", b"&#1;", b"<w:sdt><w:sdtContent>",
                   b"</w:sdtContent></w:sdt>", b'<w:tblGrid><w:gridCol w:w="1"/></w:tblGrid>', b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
                   b"<w:txbxContent>", b'<w:hyperlink r:id="rId999">', b"</w:hyperlink>"]


_XML_SAFE_TOKENS = [t for t in _TOKENS if all(c in "\t\n\r" or ord(c) >= 32 for c in t)]


class Timeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001, ARG001
    raise Timeout


# ---------------------------------------------------------------------------------------------
# Input generators: (reader, rng) -> bytes
# ---------------------------------------------------------------------------------------------


def mutate(rng: random.Random, data: bytes, n: int | None = None) -> bytes:
    b = bytearray(data)
    for _ in range(n or rng.randint(1, 8)):
        if not b:
            break
        i = rng.randrange(len(b))
        kind = rng.random()
        if kind < 0.35:
            for k in range(rng.randint(1, 4)):
                if i + k < len(b):
                    b[i + k] = rng.randrange(256)
        elif kind < 0.6:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif kind < 0.8:
            del b[i:i + rng.randint(1, 64)]
        elif kind < 0.9:  # duplicate a chunk
            j = rng.randrange(len(b))
            b[i:i] = b[j:j + rng.randint(1, 512)]
        else:
            del b[i:]
    return bytes(b)


def _seed(rng: random.Random, cache: dict, fmt: str) -> bytes:
    k = (fmt, rng.randrange(12))
    if k not in cache:
        spec = gen.make_spec(k[1], seed=99)
        cache[k] = gen.render_pdf(spec, compress=k[1] % 2 == 0) if fmt == "pdf" else gen.RENDER[fmt](spec)
    return cache[k]


def _line_mutation(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        i = rng.randrange(len(lines))
        if op < 0.2:
            del lines[i]
        elif op < 0.4:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op < 0.6:
            cells = lines[i].split("\t")
            rng.shuffle(cells)
            lines[i] = "\t".join(cells)
        elif op < 0.75:
            cells = lines[i].split("\t")
            j = rng.randrange(len(cells))
            cells[j] = rng.choice(_TOKENS)
            lines[i] = "\t".join(cells)
        elif op < 0.85:
            lines[i] = lines[i].replace("\t", rng.choice(["", " ", "|", "\t\t", "  "]))
        else:
            lines[i] = lines[i] + rng.choice(_TOKENS)
    return "\n".join(lines)


def _glued_digits(rng: random.Random, seed: bytes) -> bytes:
    """The seed with its number rows glued into one run of digits (issue 14, case 4: the row
    solver has to split 10–40 digits into cells)."""
    out = []
    for line in seed.decode("utf-8").splitlines():
        cells = line.split("\t")
        nums = [c for c in cells if c.strip().isdigit()]
        if len(nums) >= 2 and rng.random() < 0.7:
            label = "\t".join(c for c in cells if c.strip() and not c.strip().isdigit())
            out.append(label + rng.choice([" ", "\t", ""]) + "".join(rng.choice("0123456789")
                                                                     for _ in range(rng.randint(10, 40))))
        else:
            out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")


def gen_text(rng: random.Random, cache: dict) -> bytes:
    r = rng.random()
    if r < 0.04:
        return _glued_digits(rng, _seed(rng, cache, "txt"))
    if r < 0.25:
        return "".join(rng.choice(_TOKENS) for _ in range(rng.randint(0, 300))).encode(
            rng.choice(["utf-8", "utf-8", "gb18030", "utf-16"]), "replace")
    seed = _seed(rng, cache, "txt")
    if r < 0.55:
        return mutate(rng, seed)
    text = _line_mutation(rng, seed.decode("utf-8"))
    return text.encode(rng.choice(["utf-8", "utf-8", "utf-8", "gb18030", "utf-16-le", "utf-8-sig"]), "replace")


def _span_tables(rng: random.Random) -> bytes:
    """Structure-aware: tables whose span attributes claim anything from 1 to millions of cells."""
    vals = ["1", "2", "0", "-1", "x", "999", "1000", "65535", "100000000", " 3", "2.5"]
    parts = ["<html><body><p>一、总体情况</p>"]
    for _ in range(rng.randint(1, 25)):
        parts.append("<table>")
        for _ in range(rng.randint(1, 30)):
            parts.append("<tr>" + "".join(f'<td colspan="{rng.choice(vals)}" rowspan="{rng.choice(vals)}">'
                                          f"{rng.randint(0, 99)}</td>" for _ in range(rng.randint(1, 12))) + "</tr>")
        parts.append("</table>")
    if rng.random() < 0.2:  # a huge attribute or comment before the report
        parts.insert(1, f'<img src="data:,{"A" * rng.choice([10, 2_000_000, 11_000_000])}">')
    return "".join(parts).encode("utf-8")


def gen_html(rng: random.Random, cache: dict) -> bytes:
    if rng.random() < 0.15:
        return _span_tables(rng)
    r = rng.random()
    if r < 0.35:
        pool = _HTML_TOKENS + _TOKENS
        return "".join(rng.choice(pool) for _ in range(rng.randint(1, 400))).encode(
            rng.choice(["utf-8", "utf-8", "gb18030"]), "replace")
    seed = _seed(rng, cache, "html")
    if r < 0.65:
        return mutate(rng, seed)
    text = seed.decode("utf-8")
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(text))
        text = text[:i] + rng.choice(_HTML_TOKENS + _TOKENS[:20]) + text[i:]
    return text.encode("utf-8")


def _docx_parts(seed: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(seed)) as z:
        return {n: z.read(n) for n in z.namelist()}


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _structural(rng: random.Random, xml: bytes) -> bytes:
    """Well-formed but strange WordprocessingML: elements deleted, duplicated, moved, and span
    attributes set to odd values."""
    from lxml import etree  # noqa: PLC0415

    root = etree.fromstring(xml)
    elems = [e for e in root.iter() if e.tag in {_W + "tc", _W + "tr", _W + "p", _W + "tbl", _W + "r", _W + "t"}]
    for _ in range(rng.randint(1, 8)):
        if not elems:
            break
        e = rng.choice(elems)
        parent = e.getparent()
        op = rng.random()
        if parent is None:
            continue
        if op < 0.3:
            parent.remove(e)
            elems = [x for x in elems if x is not e]
        elif op < 0.5:
            parent.insert(parent.index(e), etree.fromstring(etree.tostring(e)))
        elif op < 0.65:
            other = rng.choice(elems)
            if other is not e and e not in other.iterancestors() and other is not parent:
                parent.remove(e)
                other.append(e)
        elif op < 0.9 and e.tag == _W + "tc":
            pr = e.find(_W + "tcPr")
            if pr is None:
                pr = etree.SubElement(e, _W + "tcPr")
            tag = rng.choice(["gridSpan", "vMerge"])
            el = etree.SubElement(pr, _W + tag)
            el.set(_W + "val", rng.choice(["0", "-1", "2", "9999", "restart", "continue", "x", ""]))
        elif e.tag == _W + "t":
            e.text = rng.choice(_XML_SAFE_TOKENS) + (e.text or "")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _grid_docx(rng: random.Random) -> bytes:
    """Structure-aware: rows with gridBefore/gridAfter and cells with gridSpan/vMerge of any size."""
    vals = ["0", "1", "3", "-5", "x", "1000", "100000", "100000000"]
    rows = []
    for _ in range(rng.randint(1, 60)):
        pr = f'<w:trPr><w:gridBefore w:val="{rng.choice(vals)}"/><w:gridAfter w:val="{rng.choice(vals)}"/></w:trPr>' \
            if rng.random() < 0.3 else ""
        cells = "".join(f'<w:tc><w:tcPr><w:gridSpan w:val="{rng.choice(vals)}"/>'
                        f'{rng.choice(["", "<w:vMerge/>", chr(60) + "w:vMerge w:val=" + chr(34) + "restart" + chr(34) + "/>"])}'
                        f"</w:tcPr><w:p><w:r><w:t>{rng.randint(0, 9)}</w:t></w:r></w:p></w:tc>"
                        for _ in range(rng.randint(1, 20)))
        rows.append(f"<w:tr>{pr}{cells}</w:tr>")
    body = "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>" + "".join(
        "<w:tbl>" + "".join(rows) + "</w:tbl>" for _ in range(rng.randint(1, 5)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])) as z:
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                   f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def gen_docx(rng: random.Random, cache: dict) -> bytes:
    if rng.random() < 0.15:
        return _grid_docx(rng)
    seed = _seed(rng, cache, "docx")
    r = rng.random()
    if r < 0.15:
        return mutate(rng, seed)
    parts = _docx_parts(seed)
    if r < 0.65:
        parts["word/document.xml"] = _structural(rng, parts["word/document.xml"])
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for k, v in parts.items():
                z.writestr(k, v)
        return buf.getvalue()
    target = "word/document.xml" if r < 0.9 else rng.choice(sorted(parts))
    xml = bytearray(parts[target])
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(xml))
        if rng.random() < 0.7:
            xml[i:i] = rng.choice(_DOCX_FRAGMENTS)
        else:
            del xml[i:i + rng.randint(1, 40)]
    parts[target] = bytes(xml)
    if rng.random() < 0.05:
        parts.pop(rng.choice(sorted(parts)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(k, v)
    return buf.getvalue()


def _raw_pdf(rng: random.Random) -> bytes:
    """Structure-aware: page sizes up to 14400 pt, ruled grids up to 200 × 200, text of any
    density and Flate streams that inflate to anything up to 200 MB."""
    import zlib  # noqa: PLC0415

    w, h = rng.choice([(595, 842), (842, 1191), (14400, 14400), (3, 3), (5000, 5000)])
    n = rng.choice([2, 20, 150, 200])
    ops = [b"%g %g m %g %g l S" % (10 + i * (w - 20) / n, 10, 10 + i * (w - 20) / n, h - 10) for i in range(n + 1)]
    ops += [b"%g %g m %g %g l S" % (10, 10 + i * (h - 20) / n, w - 10, 10 + i * (h - 20) / n) for i in range(n + 1)]
    ops.append(b"BT /F1 9 Tf " + b"".join(b"1 0 0 1 %g %g Tm (%d) Tj " % (rng.uniform(0, w), rng.uniform(0, h), k)
                                          for k in range(rng.choice([1, 100, 3000]))) + b"ET")
    content = b"\n".join(ops) + b" " * rng.choice([0, 1 << 20, 200 << 20])
    body = zlib.compress(content, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            % (w, h), b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x
    return bytes(out)


def gen_pdf(rng: random.Random, cache: dict) -> bytes:
    if rng.random() < 0.2:
        return _raw_pdf(rng)
    seed = _seed(rng, cache, "pdf")
    r = rng.random()
    if r < 0.1:
        return b"%PDF-1." + bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
    if r < 0.2:
        i = seed.rfind(b"startxref")
        return seed[:i] + b"startxref\n" + str(rng.randint(0, 10**9)).encode() + b"\n%%EOF\n"
    return mutate(rng, seed, rng.randint(1, 4))


GENERATORS = {"text": gen_text, "html": gen_html, "docx": gen_docx, "pdf": gen_pdf}


# ---------------------------------------------------------------------------------------------
# Running one input
# ---------------------------------------------------------------------------------------------


def _reader(name: str):  # noqa: ANN202
    from gxtui.read import read_bytes  # noqa: PLC0415

    if name == "text":
        return read_bytes
    import importlib  # noqa: PLC0415

    mod = importlib.import_module(f"gxtui.read.{name}")
    return mod.read


def run_one(reader: str, data: bytes, timeout: float) -> tuple[str, str | None, float]:
    """("report" | "read-error" | "crash" | "hang", crash signature or None, seconds)."""
    import json as _json  # noqa: PLC0415

    from gxtui.present.export import to_dict, to_json  # noqa: PLC0415
    from gxtui.extract import extract  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415

    fn = _reader(reader)
    t0 = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        try:
            doc = fn(data)
        except ReadError:
            return "read-error", None, time.perf_counter() - t0
        report = extract(doc, f"fuzz.{reader}", data)
        if _json.loads(to_json(report)) != to_dict(report):
            return "crash", "json round trip not lossless", time.perf_counter() - t0
        return "report", None, time.perf_counter() - t0
    except Timeout:
        return "hang", f"no result within {timeout} s", time.perf_counter() - t0
    except RecursionError:
        return "crash", "RecursionError", time.perf_counter() - t0
    except Exception as e:  # noqa: BLE001 - counting crashes is the point
        tb = traceback.extract_tb(e.__traceback__)
        frame = next((f for f in reversed(tb) if "/gxtui/" in f.filename), tb[-1] if tb else None)
        where = f"{Path(frame.filename).name}:{frame.lineno} {frame.name}" if frame else "?"
        return "crash", f"{type(e).__name__} at {where}: {str(e)[:120]}", time.perf_counter() - t0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _worker(args: tuple[str, int, int, int, float]) -> dict:
    reader, seed, start, count, timeout = args
    signal.signal(signal.SIGALRM, _alarm)
    cache: dict = {}
    counts: collections.Counter = collections.Counter()
    crashes: dict[str, dict] = {}
    slowest = (0.0, "")
    total_bytes = 0
    for k in range(start, start + count):
        rng = random.Random(f"{seed}:{reader}:{k}")
        try:
            data = GENERATORS[reader](rng, cache)
        except Exception:  # noqa: BLE001 - a generator bug must not stop the run
            counts["generator-error"] += 1
            continue
        total_bytes += len(data)
        outcome, sig, dt = run_one(reader, data, timeout)
        counts[outcome] += 1
        h = hashlib.sha256(data).hexdigest()[:12]
        if dt > slowest[0]:
            slowest = (dt, h)
        if sig:
            c = crashes.setdefault(sig, {"count": 0, "example": None, "outcome": outcome})
            c["count"] += 1
            if c["example"] is None:
                CRASHES.mkdir(parents=True, exist_ok=True)
                path = CRASHES / f"{reader}_{h}.bin"
                path.write_bytes(data)
                c["example"] = str(path)
    return {"counts": dict(counts), "crashes": crashes, "slowest": slowest, "bytes": total_bytes}


def fuzz(readers: dict[str, int], seed: int = 1, jobs: int = 2, timeout: float = 10.0) -> dict:
    import multiprocessing as mp  # noqa: PLC0415

    results = {}
    for reader, n in readers.items():
        try:
            _reader(reader)
        except ModuleNotFoundError:
            print(f"  {reader:5}: reader not present, skipped")
            continue
        t0 = time.perf_counter()
        chunk = max(1, n // (jobs * 8))
        tasks = [(reader, seed, s, min(chunk, n - s), timeout) for s in range(0, n, chunk)]
        if jobs > 1:
            with mp.get_context("fork").Pool(jobs) as pool:
                parts = pool.map(_worker, tasks, chunksize=1)
        else:
            parts = [_worker(t) for t in tasks]
        counts: collections.Counter = collections.Counter()
        crashes: dict[str, dict] = {}
        slowest = (0.0, "")
        nbytes = 0
        for p in parts:
            counts.update(p["counts"])
            nbytes += p["bytes"]
            slowest = max(slowest, tuple(p["slowest"]))
            for sig, c in p["crashes"].items():
                d = crashes.setdefault(sig, {"count": 0, "example": c["example"], "outcome": c["outcome"]})
                d["count"] += c["count"]
        wall = time.perf_counter() - t0
        results[reader] = {"inputs": n, "reports": counts["report"], "read_errors": counts["read-error"],
                           "crashes": counts["crash"], "hangs": counts["hang"], "distinct_crashes": len(crashes),
                           "crash_signatures": crashes, "slowest_s": round(slowest[0], 3),
                           "slowest_input": slowest[1], "wall_s": round(wall, 1), "mb": round(nbytes / 2**20, 1)}
    return results


def print_table(results: dict) -> None:
    print(f"{'reader':6} {'inputs':>7} {'Report':>7} {'ReadErr':>8} {'crash':>6} {'hang':>5} {'distinct':>8}"
          f" {'slowest':>8} {'wall':>7}")
    for reader, r in results.items():
        print(f"{reader:6} {r['inputs']:7d} {r['reports']:7d} {r['read_errors']:8d} {r['crashes']:6d} {r['hangs']:5d}"
              f" {r['distinct_crashes']:8d} {r['slowest_s']:7.2f}s {r['wall_s']:6.1f}s")
        for sig, c in r["crash_signatures"].items():
            print(f"    {c['count']:5d} × {c['outcome']}: {sig}\n            e.g. {c['example']}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=5000, help="inputs per reader (default 5000)")
    p.add_argument("--n-pdf", type=int, help="inputs for the PDF reader (default: --n)")
    p.add_argument("--readers", default="text,html,docx,pdf")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=10.0, help="seconds before an input counts as a hang")
    a = p.parse_args(argv)
    readers = {r: (a.n_pdf if r == "pdf" and a.n_pdf else a.n) for r in a.readers.split(",")}
    print(f"fuzzing {readers} with {a.jobs} process(es), seed {a.seed}")
    results = fuzz(readers, a.seed, a.jobs, a.timeout)
    print_table(results)
    failed = any(r["crashes"] or r["hangs"] for r in results.values())
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "fuzz.json"
    try:  # keep the figures of readers not fuzzed in this run
        previous = json.loads(path.read_text(encoding="utf-8")).get("results", {})
    except (OSError, ValueError):
        previous = {}
    for reader, r in results.items():
        r["command"] = "python -m bench.fuzz " + " ".join(argv if argv is not None else sys.argv[1:])
        r["when"] = time.strftime("%Y-%m-%d %H:%M:%S")
    results = {**previous, **results}
    out = {"machine": {"platform": platform.platform(), "python": platform.python_version(),
                       "cpus": os.cpu_count()}, "seed": a.seed, "when": time.strftime("%Y-%m-%d %H:%M:%S"),
           "command": "python -m bench.fuzz " + " ".join(argv if argv is not None else sys.argv[1:]),
           "results": results}
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"-> {RESULTS / 'fuzz.json'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
