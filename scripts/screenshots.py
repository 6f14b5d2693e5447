"""Write SVG screenshots of the library, report and compare screens, taken from the real app on
data/, into screenshots/ (``make screenshots``). Run from the repository root."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)  # relative paths on screen: the same pictures on every machine

from gxtui.tui.app import GxtuiApp  # noqa: E402

OUT = ROOT / "screenshots"
SERIES = ("data/示例县教育局_2021.txt", "data/示例县教育局_2022.txt")


async def wait_loaded(pilot, app) -> None:
    for _ in range(400):
        if app.scan_done:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def shoot(size: tuple[int, int]) -> list[Path]:
    tag = f"{size[0]}x{size[1]}"
    written = []
    app = GxtuiApp(paths=["data"])
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot, app)
        written.append(Path(app.save_screenshot(f"library-{tag}.svg", str(OUT))))
        app.open_report(next(p for p in app.library.rows if p.endswith("示例县教育局_2021.txt")))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        written.append(Path(app.save_screenshot(f"report-{tag}.svg", str(OUT))))
    app = GxtuiApp(paths=list(SERIES), compare=SERIES)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot, app)
        for _ in range(200):
            if getattr(app.screen, "comparison", None) is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        written.append(Path(app.save_screenshot(f"compare-problems-{tag}.svg", str(OUT))))
        await pilot.press("3")
        await pilot.pause()
        written.append(Path(app.save_screenshot(f"compare-{tag}.svg", str(OUT))))
    return written


def main() -> int:
    if not (ROOT / SERIES[0]).exists():
        print("screenshots: data/ is missing", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    for size in ((80, 24), (160, 50)):
        for p in asyncio.run(shoot(size)):
            print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
