"""The text reader: encodings detected by content, and every text layout giving the same cells."""

from __future__ import annotations

import pytest

from gxtui.cli import main
from gxtui.present.export import to_dict
from gxtui.extract import extract, load
from gxtui.read import ReadError, read_bytes


@pytest.fixture(scope="module")
def seed_text():
    from tests.conftest import DATA, SEED

    p = DATA / "吕梁市教育局_2021.txt"
    p = p if p.exists() else SEED
    if not p.exists():
        pytest.skip("seed not available")
    return p.read_text(encoding="utf-8")


def _tables(report):
    d = to_dict(report)
    return d["table2"], d["table3"], d["table4"]


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-bom"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
    ("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"),
])
def test_encodings_detected_by_content(seed_text, encoding, expected, tmp_path):
    data = seed_text.encode(encoding)
    if encoding == "utf-16-be":
        data = seed_text.encode("utf-16-be")  # no BOM: detected from the NUL pattern
    p = tmp_path / "report.txt"  # same extension for all: the name says nothing
    p.write_bytes(data)
    r = load(p)
    assert r.source.encoding == expected
    assert r.agency == "吕梁市教育局" and r.template == "2021"
    assert r.value("table2", "admin_fees", "amount_wan_yuan") == 60.179
    assert len(list(r.table_cells("table3"))) == 175


def _grids(text: str) -> list[tuple[int, list[list[str]]]]:
    """(start line index, rows) for each run of tab-separated lines."""
    lines = text.split("\n")
    out, cur, start = [], [], None
    for i, line in enumerate(lines):
        if "\t" in line:
            if start is None:
                start = i
            cur.append(line.split("\t"))
        elif line.strip() and cur:
            out.append((start, cur))
            cur, start = [], None
    return out


def test_cell_per_line_layout_gives_same_tables(seed_text):
    """Rewrite the seed's tables one cell per line with blank lines between (the hebei layout)."""
    lines = seed_text.split("\n")
    out = []
    for line in lines:
        if "\t" in line:
            for cell in line.split("\t"):
                if cell.strip():
                    out += [cell.strip(), ""]
        else:
            out.append(line)
    a = extract(read_bytes(seed_text.encode()))
    b = extract(read_bytes("\n".join(out).encode()))
    assert _tables(a) == _tables(b)
    assert b.value("table3", "new", "tot") == 0 and b.cell("table3", "new", "tot").semantic == "zero"


def test_markdown_pipe_tables_give_same_tables(seed_text):
    lines = seed_text.split("\n")
    out = []
    prev_tab = False
    for line in lines:
        if "\t" in line:
            cells = line.split("\t")
            out.append("| " + " | ".join(c.strip() for c in cells) + " |")
            if not prev_tab:
                out.append("|" + "---|" * len(cells))
            prev_tab = True
        else:
            prev_tab = False
            out.append(line)
    doc = read_bytes("\n".join(out).encode())
    assert doc.format == "markdown"
    assert _tables(extract(doc)) == _tables(extract(read_bytes(seed_text.encode())))


def test_glued_layout_recovers_values(seed_text):
    """Glue every table row's cells together (the pingtan crawler layout) and read it back."""
    text = seed_text.replace("\t", "")
    r = extract(read_bytes(text.encode()))
    # all-zero seed: every 7-digit row "0000000" splits one way only
    assert r.value("table3", "r.total", "tot") == 0 and r.cell("table3", "r.total", "tot").semantic == "zero"
    assert r.value("table2", "admin_fees", "amount_wan_yuan") == 60.179


@pytest.mark.parametrize("data,words", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\xff\xd8\xff\xe0" + b"\x00JFIF" + bytes(range(256)) * 10, "JPEG"),
    (bytes(range(256)) * 40, "not"),
    (b"PK\x03\x04garbage", "ZIP"),
])
def test_unreadable_input_is_one_clear_error(data, words, tmp_path, capsys):
    p = tmp_path / "x.txt"
    p.write_bytes(data)
    with pytest.raises(ReadError) as e:
        load(p)
    assert words.lower() in e.value.message.lower()
    assert "\n" not in e.value.message
    assert main(["export", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_unrelated_document_is_not_a_report(tmp_path, capsys):
    p = tmp_path / "notes.txt"
    p.write_text("会议纪要\n一、会议时间\n二、参会人员\n今天讨论了食堂的菜单。\n", encoding="utf-8")
    assert main(["export", str(p)]) == 2
    assert "no report found" in capsys.readouterr().err


def test_template_year_mismatch_is_an_anomaly(seed_text):
    text = seed_text.replace("2021 年政府信息公开工作年度报告", "2020 年政府信息公开工作年度报告")
    r = extract(read_bytes(text.encode()))
    assert r.year == 2020 and r.template == "2021"
    assert any(a.kind == "template-year" for a in r.anomalies)
    r2 = extract(read_bytes(seed_text.encode()))
    assert not any(a.kind == "template-year" for a in r2.anomalies)


def test_traditional_characters_are_matched(seed_text):
    import zhconv

    trad = zhconv.convert(seed_text, "zh-tw")
    r = extract(read_bytes(trad.encode()))
    assert r.traditional
    assert r.year == 2021 and r.template == "2021"
    assert len(list(r.table_cells("table3"))) == 175
    assert r.value("table2", "admin_fees", "amount_wan_yuan") == 60.179
    # the original text is kept for display
    assert "公開" in r.section("s1").text and r.section("s1").title == "一、總體情況"


def test_export_formats(seed_text, tmp_path, capsys):
    import json
    import tomllib

    p = tmp_path / "seed.txt"
    p.write_text(seed_text, encoding="utf-8")
    assert main(["export", str(p), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["report"]["agency"] == "吕梁市教育局" and d["published"] == "2022-01-17"
    assert d["fees"] == {"admin_fees": {"amount_wan_yuan": 60.179}, "info_fee_yuan": None}
    assert d["table3"]["r.total"]["tot"] == 0 and len(d["table3"]) == 25
    assert len(d["problems"]) == 3
    assert main(["export", str(p), "--format", "toml"]) == 0
    t = tomllib.loads(capsys.readouterr().out)
    assert t["table2"]["admin_fees"]["amount_wan_yuan"] == 60.179
    assert main(["export", str(p), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().split("\n")
    assert rows[0].startswith("path,sha256,agency,year,template,table,row,col,raw,value")
    assert len(rows) == 1 + 10 + 175 + 15
    out = tmp_path / "out.json"
    assert main(["export", str(p), "-o", str(out)]) == 0
    assert main(["export", str(p), "-o", str(out)]) == 2  # refuses to overwrite
    assert main(["export", str(p), "-o", str(out), "--force"]) == 0


def test_unlisted_row_does_not_swallow_values():
    """Hubei 2020 reports add a row 其他主动公开文件 under 第（一）项; its numbers are not 规范性文件's."""
    lines = ["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容", "本年新制作数量", "本年新公开数量",
             "对外公开总数量", "规章（设区的市、自治州人民政府应提供相关数据）", "0", "0", "0",
             "规范性文件", "11", "11", "119", "其他主动公开文件", "56", "45", "300",
             "第二十条第（五）项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量", "行政许可", "5", "-1", "20",
             "其他对外管理服务事项", "2", "0", "3", "第二十条第（六）项", "三、收到和处理政府信息公开申请情况"]
    text = "孝感市某局2020年政府信息公开工作年度报告\n一、总体情况\n概述。\n" + "\n\n".join(lines)
    r = extract(read_bytes(text.encode()))
    assert r.template == "2019"
    assert [r.value("table2", "normative", c) for c in ("new_made", "new_published", "total_published")] == [11, 11, 119]
    assert [r.value("table2", "rules", c) for c in ("new_made", "new_published", "total_published")] == [0, 0, 0]
    assert r.value("table2", "licensing", "delta") == -1


def test_tab_row_with_blank_edge_cells_is_resolved_by_identities(seed_text):
    """A tab row whose first data cell is blank: the position is settled by T3-A, not guessed."""
    lines = seed_text.split("\n")
    # 一、本年新收: 自然人 blank, 商业企业 3, 总计 3 — the extra leading tab makes its position unclear
    lines[73] = "一、本年新收政府信息公开申请数量\t\t\t3\t0\t0\t0\t0\t3\t"
    lines[75] = "三、本年度办理结果\t（一）予以公开\t0\t3\t0\t0\t0\t0\t3\t"
    lines[97] = "(七) 总计\t0\t3\t0\t0\t0\t0\t3\t"
    r = extract(read_bytes("\n".join(lines).encode()))
    assert [r.cell("table3", "new", c).semantic for c in ("np", "biz", "tot")] == ["blank", "number", "number"]
    assert r.value("table3", "new", "biz") == 3 and r.value("table3", "new", "tot") == 3
    assert r.cell("table3", "new", "biz").recovered
    # with the 总计 row also ambiguous, both placements satisfy every identity: unknown, not a guess
    lines[97] = "(七) 总计\t\t3\t0\t0\t0\t0\t3\t"
    lines[75] = "三、本年度办理结果\t（一）予以公开\t\t3\t0\t0\t0\t0\t3\t"
    r = extract(read_bytes("\n".join(lines).encode()))
    assert r.cell("table3", "new", "np").semantic == "unknown"
    assert set(r.cell("table3", "new", "np").candidates) == {None, 3}


def test_words_in_a_number_cell_are_kept_as_text(seed_text):
    """一件 in a number cell is the cell's content (semantic text), not a label to skip."""
    lines = seed_text.split("\n")
    lines[80] = "\t\t4. 保护第三方合法权益\t一件\t0\t0\t0\t0\t0\t1"
    lines[62] = "行政处罚\t见附件"
    r = extract(read_bytes("\n".join(lines).encode()))
    c = r.cell("table3", "r.withheld.third_party", "np")
    assert (c.semantic, c.raw, c.value) == ("text", "一件", None)
    assert r.value("table3", "r.withheld.third_party", "tot") == 1
    assert r.cell("table2", "penalty", "decisions").semantic == "text"


def test_read_errors_are_worded_for_reviewers():
    """Chinese by default (with the English original for scripts), English with --lang en."""
    from gxtui.read.errors_zh import localize

    assert localize("the file is empty") == "文件为空 / the file is empty"
    assert localize("this is a JPEG image, not a report", both=False) == "这是JPEG 图片，不是年度报告"
    assert localize("the file is empty", "en") == "the file is empty"
    assert localize("something unforeseen") == "something unforeseen"


def _tab_cells_reference(line: str) -> list[str]:
    """``gxtui.read.text._tab_cells`` as it was before its fast paths (issue 15), cell by cell."""
    import re

    wide_gap = re.compile(r"[ \u3000]{2,}|\u3000")
    numberish = re.compile(r"^(?:[-+]?\d+(?:\.\d+)?|[/—\-－／无]+)$")
    out: list[str] = []
    for c in line.split("\t"):
        c = c.strip()
        for p in ([p for p in wide_gap.split(c) if p] if c else [c]):
            toks = p.split()
            out += toks if len(toks) > 1 and all(numberish.match(t) for t in toks) else [p.strip()]
    return out


def test_tab_cells_fast_paths_split_like_the_cell_by_cell_rules():
    """Rows (and cells) without whitespace other than tabs skip the per-cell rules: same cells."""
    import random

    from gxtui.read.text import _tab_cells

    pieces = ["\t", "\t", " ", "  ", "\u3000", "\xa0", "\x0b", "\x1c", "\u2028", "0", "12", "3.5",
              "-", "无", "／", "规章", "a", "|", "—", "+4"]
    rng = random.Random(15)
    for _ in range(20000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert _tab_cells(line) == _tab_cells_reference(line), repr(line)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_carriage_returns_and_nuls_dropped_in_every_encoding(encoding):
    """``read_bytes`` skips the text's CR and NUL scans when the bytes show there are none; with
    them, every encoding gives what the decoded text with plain newlines gives."""
    from gxtui.read.text import parse_text  # noqa: PLC0415

    text = "标题\n一、总体情况\n规章\t1\t2\n" + "本机关依法公开政府信息，回应社会关切。\n" * 10
    plain = parse_text(text)
    for odd in (text, text.replace("\n", "\r\n"), text.replace("\n", "\r"), text.replace("规章", "规\x00章")):
        doc = read_bytes(odd.encode(encoding))
        assert doc.blocks == plain.blocks, (encoding, odd)
