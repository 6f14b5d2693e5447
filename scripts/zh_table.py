"""Write gxtui/templates/zh_cn_gb2312.json: the entries of zhconv's zh-cn table that GB2312 can
encode and that change the text (key != value), and gxtui/templates/traditional_only.txt: the
characters zhconv counts as traditional-only (its TRADONLY table), which
``gxtui.normalize.looks_traditional`` counts in a sample GB2312 cannot encode.

Text that GB2312 encodes and that holds none of these keys is its own zh-cn conversion (zhconv
replaces each longest matching key by its value; a key mapping to itself changes nothing), so
``gxtui.normalize.to_simplified`` answers it without loading zhconv (≈ 0.2 s per process, paid
by every simplified report). tests/test_zh_table.py checks the file against zhconv.

    python scripts/zh_table.py
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "gxtui" / "templates" / "zh_cn_gb2312.json"
TRAD_OUT = OUT.with_name("traditional_only.txt")


def table() -> dict[str, str]:
    import zhconv  # noqa: PLC0415

    merged = zhconv.zhconv.getdict("zh-cn")
    out = {}
    for k, v in merged.items():
        try:
            k.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if k != v:
            out[k] = v
    return dict(sorted(out.items()))


def traditional_only() -> str:
    """zhconv's single traditional-only characters, sorted, as one string."""
    import zhconv  # noqa: PLC0415

    zhconv.zhconv.loaddict()
    return "".join(sorted(c for c in zhconv.zhconv.zhcdicts["TRADONLY"] if len(c) == 1))


if __name__ == "__main__":
    t = table()
    OUT.write_text(json.dumps({"about": "zhconv zh-cn entries whose key GB2312 encodes and which change the "
                               "text; written by scripts/zh_table.py", "changes": t},
                              ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(t)} entries -> {OUT}")
    trad = traditional_only()
    TRAD_OUT.write_text(trad + "\n", encoding="utf-8")
    print(f"{len(trad)} characters -> {TRAD_OUT}")
