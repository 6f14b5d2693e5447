"""``normalize.to_simplified`` is zhconv's zh-cn conversion, and spares loading zhconv.

The table it uses (templates/zh_cn_gb2312.json) is recomputed from zhconv here; the function is
compared with ``zhconv.convert`` on every GB2312 character, on strings around every changing key
and on the corpus texts; and a simplified report is checked without zhconv ever being imported.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import zhconv

from gxtui.normalize import _gb2312_changes, _t2s, to_simplified

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "scripts"))
import zh_table  # noqa: E402


def test_traditional_only_file_is_zhconvs() -> None:
    from gxtui.normalize import _traditional_only  # noqa: PLC0415

    text = (ROOT / "gxtui" / "templates" / "traditional_only.txt").read_text(encoding="utf-8").strip()
    assert text == zh_table.traditional_only()
    assert _traditional_only() == frozenset(text) and len(text) > 3000


def test_table_file_is_zhconvs() -> None:
    data = json.loads((ROOT / "gxtui" / "templates" / "zh_cn_gb2312.json").read_text(encoding="utf-8"))
    assert data["changes"] == zh_table.table()
    assert len(data["changes"]) > 100


def _gb2312_chars() -> list[str]:
    out = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def test_every_gb2312_character() -> None:
    chars = _gb2312_chars()
    assert len(chars) > 7000
    for c in chars:
        assert to_simplified(c) == zhconv.convert(c, "zh-cn"), c
        out = zhconv.convert(c, "zh-cn")
        assert _t2s(c) == (out if len(out) == 1 else c)


def test_strings_around_every_changing_key() -> None:
    changes, _ = _gb2312_changes()
    rng = random.Random(5)
    chars = _gb2312_chars()
    keys = list(changes)
    for k in keys:
        for _ in range(3):
            s = "".join(rng.choice(chars) for _ in range(rng.randint(0, 4))) + k + \
                "".join(rng.choice(chars) for _ in range(rng.randint(0, 4)))
            assert to_simplified(s) == zhconv.convert(s, "zh-cn"), s
    for _ in range(3000):  # plain strings: mostly no key, sometimes one by chance
        s = "".join(rng.choice(chars) for _ in range(rng.randint(1, 12)))
        assert to_simplified(s) == zhconv.convert(s, "zh-cn"), s
    for s in ("國務院辦公廳", "臺灣", "政府資訊公開", "abc 乾隆", "后台", "於是"):  # not GB2312 / listed
        assert to_simplified(s) == zhconv.convert(s, "zh-cn")


def test_corpus_texts() -> None:
    if not CORPUS.is_dir():
        import pytest  # noqa: PLC0415

        pytest.skip("../shared/corpus not present")
    n = 0
    for p in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                assert to_simplified(line) == zhconv.convert(line, "zh-cn"), (p.name, line)
                n += 1
    assert n > 1000


def test_simplified_reports_and_their_comparison_never_load_zhconv() -> None:
    code = ("import sys; from gxtui.extract import load; from gxtui.check import check_report; "
            "from gxtui.audit import audit_pair; "
            "r = load(sys.argv[1]); n = load(sys.argv[2]); check_report(r); audit_pair(r, n, None); "
            "print('zhconv' in sys.modules, 'pkg_resources' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "data" / "示例县教育局_2021.txt"),
                          str(ROOT / "data" / "示例县教育局_2022.txt")],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert out == ["False", "False"]


def test_a_sample_gb2312_cannot_encode_is_judged_without_zhconv(tmp_path: Path) -> None:
    """A simplified report holding a character outside GB2312 (a name such as 喆) is counted
    against the table of traditional-only characters, not by loading zhconv; a traditional page
    is still recognised."""
    text = (ROOT / "data" / "示例县教育局_2021.txt").read_text(encoding="utf-8")
    (tmp_path / "simplified.txt").write_text(text.replace("一、", "一、（联系人张喆）", 1), encoding="utf-8")
    (tmp_path / "traditional.txt").write_text(zhconv.convert(text, "zh-tw"), encoding="utf-8")
    code = ("import sys; from gxtui.normalize import looks_traditional; "
            "a = open(sys.argv[1], encoding='utf-8').read(); b = open(sys.argv[2], encoding='utf-8').read(); "
            "print(looks_traditional(a), looks_traditional(b), 'zhconv' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "simplified.txt"),
                          str(tmp_path / "traditional.txt")],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert out == ["False", "True", "False"]
    try:
        (tmp_path / "simplified.txt").read_text(encoding="utf-8")[:1500].encode("gb2312")
    except UnicodeEncodeError:
        pass
    else:
        raise AssertionError("the sample must hold a character GB2312 cannot encode")
