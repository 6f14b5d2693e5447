"""``gxtui diff`` and ``gxtui trend`` on the fixtures in tests/fixtures/compare/."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path


from gxtui.cli import main
from gxtui.cli.diff import width_of

FIX = Path(__file__).parent / "fixtures" / "compare"
F20, F21, F22 = (str(FIX / f"样例区测试办_{y}.txt") for y in (2020, 2021, 2022))


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_diff_text_80_columns(capsys):
    code, out, _ = run(capsys, "diff", F21, F22, "--width", "80")
    assert code == 1  # P-2 is error level
    lines = out.splitlines()
    assert all(width_of(line) <= 80 for line in lines), max(lines, key=width_of)
    assert "\x1b[" not in out  # no colour when not a TTY
    assert "Y-1 结转不一致" in out and "总计 5!=0" in out
    assert "[错误] P-2" in out and "与上年表述基本相同" in out
    assert "= [重复 1.00] 部分科室信息报送不够及时" in out
    # a table: mark, row (once per row), column, old, new, change — the values never cut
    i = next(n for n, x in enumerate(lines) if "一、本年新收政府信息公开申请数量" in x)
    assert lines[i].split()[:2] == ["*", "一、本年新收政府信息公开申请数量"]
    assert any(re.search(r"^  \*\s+总计\s+13\s+10\s+-3, -23%$", x) for x in lines[i:i + 3])
    assert "2021" in lines[i - 1] and "2022" in lines[i - 1]  # the heads are the years
    assert "!" not in "".join(x[:4] for x in lines)  # no mark is the TUI's error mark
    assert ">> 变化过大" in out  # the legend
    assert "万元" in out and " 元" in out


def test_diff_only_changes_and_wide(capsys):
    _, full, _ = run(capsys, "diff", F21, F22, "--width", "80")
    _, only, _ = run(capsys, "diff", F21, F22, "--width", "80", "--only-changes")
    assert len(only.splitlines()) < len(full.splitlines())
    assert "(=)" not in only.split("收费")[0]
    _, wide, _ = run(capsys, "diff", F21, F22, "--width", "140")
    assert "自然人" in wide and "13->10" in wide  # grid with old->new cells
    assert all(width_of(line) <= 140 for line in wide.splitlines())


def test_diff_across_templates_text(capsys):
    code, out, _ = run(capsys, "diff", F20, F21, "--width", "80")
    assert code == 0
    assert "不可比（模板变化）" in out
    assert "2019版单行" in out  # r.other marked as the sum of the 2021 rows
    assert "Y-1 结转一致" in out


def test_diff_json(capsys):
    code, out, _ = run(capsys, "diff", F21, F22, "--format", "json")
    assert code == 1
    d = json.loads(out)
    assert d["old"]["year"] == 2021 and d["new"]["year"] == 2022
    assert d["old"]["path"] == F21
    cell = next(c for c in d["cells"] if c["table"] == "table3" and c["row"] == "carried_in" and c["col"] == "tot")
    assert (cell["old"], cell["new"], cell["change"], cell["comparable"]) == (2, 0, -2, True)
    assert d["fees"]["admin_fees"]["unit"] == "万元" and d["fees"]["info_fee_yuan"]["unit"] == "元"
    assert {p["status"] for p in d["problems"]} == {"repeated"}
    assert all(p["similarity"] >= 0.85 for p in d["problems"])
    y1 = [f for f in d["findings"] if f["rule"] == "Y-1"]
    assert y1 and {"rule", "severity", "table", "row", "col", "expected", "actual", "message",
                   "fingerprint", "related"} <= set(y1[0])


def test_diff_json_cross_template_not_subtracted(capsys):
    _, out, _ = run(capsys, "diff", F20, F21, "-f", "json")
    d = json.loads(out)
    nc = [c for c in d["cells"] if not c["comparable"]]
    assert nc and all(c["change"] is None for c in nc)
    other = next(c for c in d["cells"] if c["row"] == "r.other" and c["col"] == "tot")
    assert (other["old"], other["new"], other["change"]) == (3, 2, -1)


def test_diff_refuses_different_agencies(capsys, tmp_path):
    other = tmp_path / "别的局_2022.txt"
    other.write_text(Path(F22).read_text(encoding="utf-8").replace("样例区测试办", "另一个县审计局"),
                     encoding="utf-8")
    code, out, err = run(capsys, "diff", F21, str(other))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--force" in err
    code, out, _ = run(capsys, "diff", F21, str(other), "--force")
    assert code in (0, 1) and "对比" in out


def test_diff_unreadable_file(capsys, tmp_path):
    bad = tmp_path / "x_2022.txt"
    bad.write_text("nothing here", encoding="utf-8")
    code, _, err = run(capsys, "diff", F21, str(bad))
    assert code == 2 and err.startswith("gxtui: ")


def test_diff_folder_pairs_consecutive_years(capsys, tmp_path):
    for f in (F20, F21, F22):
        shutil.copy(f, tmp_path)
    code, out, _ = run(capsys, "diff", str(tmp_path), "--width", "80")
    assert code == 1
    assert "1 个机构，2 组相邻年度" in out
    assert out.count("对比 样例区测试办") == 2
    code, out, _ = run(capsys, "diff", str(tmp_path), "-f", "json")
    d = json.loads(out)
    assert [(p["old"]["year"], p["new"]["year"]) for p in d["pairs"]] == [(2020, 2021), (2021, 2022)]


def test_diff_report_text_is_made_safe(capsys, tmp_path):
    text = Path(F22).read_text(encoding="utf-8").replace("一是政策文件解读", "一是\x1b[31m政策文件解读")
    f = tmp_path / "样例区测试办_2022.txt"
    f.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "diff", F21, str(f))
    assert "\x1b[31m" not in out and "\\x1b" in out


def test_trend(capsys, tmp_path):
    for f in (F20, F21, F22):
        shutil.copy(f, tmp_path)
    code, out, _ = run(capsys, "trend", str(tmp_path), "--agency", "样例区测试办")
    assert code == 0
    lines = out.splitlines()
    assert "2020" in lines[1] and "2022" in lines[1]
    row = next(line for line in lines if line.startswith("一、本年新收政府信息公开申请数量"))
    assert row.split()[-3:] == ["11", "13", "10"]
    fee = next(line for line in lines if line.startswith("行政事业性收费"))
    assert fee.split()[-3:] == ["--", "3.5", "3.8"]
    code, out, _ = run(capsys, "trend", str(tmp_path), "--agency", "样例区测试办", "-f", "json")
    d = json.loads(out)
    assert d["years"] == [2020, 2021, 2022]
    lit = [s for s in d["series"] if s["table"] == "table4" and s["row"].startswith("lit_")]
    assert [sum(v) for v in zip(*(s["values"] for s in lit))] == [0, 1, 0]
    assert all(s["col"] == "total" for s in lit)
    fee_series = next(s for s in d["series"] if s["fee"] == "info_fee_yuan")
    assert fee_series["table"] is None and fee_series["unit"] == "元"
    code, _, err = run(capsys, "trend", str(tmp_path), "--agency", "不存在的机构")
    assert code == 2 and "样例区测试办" in err


def test_diff_marks_large_change_and_one_precision_per_column(capsys, tmp_path):
    """行政许可 141 -> 1560 is past the ×5 threshold: marked ``>>`` (never ``!``), explained in the
    legend; the fee column reads 12.5 -> 13.0 (one precision per column), counts stay whole."""
    data = Path(__file__).resolve().parent.parent / "data"
    old = tmp_path / "示例县教育局_2021.txt"
    new = tmp_path / "示例县教育局_2022.txt"
    shutil.copy(data / old.name, old)
    text = (data / new.name).read_text(encoding="utf-8")
    new.write_text(text.replace("行政许可\t156", "行政许可\t1560").replace("行政事业性收费\t13.2", "行政事业性收费\t13"),
                   encoding="utf-8")
    code, out, _ = run(capsys, "diff", str(old), str(new), "--width", "80", "--lang", "en")
    lines = out.splitlines()
    assert all(width_of(x) <= 80 for x in lines)
    lic = next(x for x in lines if "licensing" in x and "1560" in x and "[" not in x)
    assert lic.split()[0] == ">>" and lic.split()[-3:] == ["1560", "+1419,", "+1006%"]
    assert "141" in lic
    fee = next(x for x in lines if "12.5" in x and x.lstrip().startswith("*"))
    assert fee.split()[-4:] == ["12.5", "13.0", "+0.5,", "+4%"]
    assert "12.5 -> 13.0 万元 (+0.5, +4%)" in out  # the fees line too
    assert ">> large change (one side 5 times the other or more, at least 10)" in out
    conf = tmp_path / "gxtui.toml"
    conf.write_text("[compare]\nratio = 20.0\n", encoding="utf-8")
    _, out, _ = run(capsys, "diff", str(old), str(new), "--width", "80", "--lang", "en", "--config", str(conf))
    assert next(x for x in out.splitlines() if "licensing" in x and "1560" in x and "[" not in x).split()[0] == "*"
    assert ">> large change (one side 20 times" in out
