"""A folder for the analytics tests, built in tmp from data/ plus variations:

- 示例县教育局 2020, 2021, 2022 (the 2022 report was published 2023-02-10: late);
- 另一县教育局 2020 and 2022 (the 示例县 reports with the name replaced, 2022 published on time:
  2021 is a gap), and an
  unreadable 另一县教育局_2023.txt that makes 2023 the folder's latest year;
- 吕梁市教育局 2021 only (so 2022 and 2023 are missing);
- notes.txt: unreadable and without a year (unplaced).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA

SERIES = ["示例县教育局_2020.txt", "示例县教育局_2021.txt", "示例县教育局_2022.txt"]
SEED = "吕梁市教育局_2021.txt"


def build_folder(root: Path) -> Path:
    if not all((DATA / n).exists() for n in [*SERIES, SEED]):
        pytest.skip("data/ not available")
    root.mkdir(parents=True, exist_ok=True)
    for n in [*SERIES, SEED]:
        shutil.copy(DATA / n, root / n)
    other = root / "other"
    other.mkdir()
    for year in (2020, 2022):
        text = (DATA / f"示例县教育局_{year}.txt").read_text(encoding="utf-8")
        text = text.replace("示例县", "另一县").replace("2023年2月10日", "2023年1月20日")  # on time
        (other / f"另一县教育局_{year}.txt").write_text(text, encoding="utf-8")
    (other / "另一县教育局_2023.txt").write_bytes(b"\x7fELF not a report")
    (root / "notes.txt").write_text("会议纪要：无关内容。\n", encoding="utf-8")
    return root
