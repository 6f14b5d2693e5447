"""Write gxtui/templates/zh_cn_gb2312.json: the entries of zhconv's zh-cn table that GB2312 can
encode and that change the text (key != value).

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


if __name__ == "__main__":
    t = table()
    OUT.write_text(json.dumps({"about": "zhconv zh-cn entries whose key GB2312 encodes and which change the "
                               "text; written by scripts/zh_table.py", "changes": t},
                              ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(t)} entries -> {OUT}")
