"""PNG screenshots of the library, report, comparison and trend screens, taken from the real app
on data/, into screenshots/ (``make screenshots``). Run from the repository root.

Textual's SVG export positions a run of text, not each glyph, so a browser without a CJK monospace
font lets every Chinese label overlap its neighbour. These PNGs are drawn cell by cell instead:
each character of the app's screen (its compositor's strips) at its own cell, wide characters over
two, with Debian's Noto Sans Mono CJK (fonts-noto-cjk: Latin 1/2 em, CJK 1 em — the terminal's
grid); block and box-drawing characters are drawn as shapes. They read the same anywhere.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)  # relative paths on screen: the same pictures on every machine
os.environ.setdefault("GXTUI_CACHE_DIR", str(ROOT / ".screenshots-cache"))

OUT = ROOT / "screenshots"
SERIES = ("data/示例县教育局_2021.txt", "data/示例县教育局_2022.txt")
FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
         "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
MONO_SC = "Noto Sans Mono CJK SC"
SIZE = 16  # font size in pixels: a cell is SIZE/2 x LINE
LINE = 20


def _font(path: str, size: int):
    from PIL import ImageFont

    for i in range(10):
        try:
            f = ImageFont.truetype(path, size, index=i)
        except OSError:
            break
        if f.getname()[0] == MONO_SC:
            return f
    raise SystemExit(f"screenshots: {MONO_SC} not found in {path} (apt-get install fonts-noto-cjk)")


def _rgb(color, default):
    if color is None:
        return default
    try:
        t = color.get_truecolor()
    except Exception:  # noqa: BLE001
        return default
    return (t.red, t.green, t.blue)


def _blend(a, b, k: float):
    return tuple(int(x * (1 - k) + y * k) for x, y in zip(a, b))


BLOCKS_LOW = "▁▂▃▄▅▆▇█"  # lower eighths
BLOCKS_LEFT = "▏▎▍▌▋▊▉"  # left eighths (1..7)


def _shape(draw, ch: str, x: int, y: int, w: int, h: int, fg) -> bool:
    """Draw block and box-drawing characters as shapes (CJK fonts draw them full-width)."""
    if ch in BLOCKS_LOW:
        k = BLOCKS_LOW.index(ch) + 1
        draw.rectangle([x, y + h - h * k // 8, x + w - 1, y + h - 1], fill=fg)
        return True
    if ch in BLOCKS_LEFT:
        k = 7 - BLOCKS_LEFT.index(ch)
        draw.rectangle([x, y, x + max(1, w * k // 8) - 1, y + h - 1], fill=fg)
        return True
    if ch == "▔":
        draw.rectangle([x, y, x + w - 1, y + max(1, h // 8) - 1], fill=fg)
        return True
    if ch == "▕":
        draw.rectangle([x + w - max(1, w // 8), y, x + w - 1, y + h - 1], fill=fg)
        return True
    if ch == "▐":
        draw.rectangle([x + w // 2, y, x + w - 1, y + h - 1], fill=fg)
        return True
    if ch == "▀":
        draw.rectangle([x, y, x + w - 1, y + h // 2 - 1], fill=fg)
        return True
    cx, cy = x + w // 2, y + h // 2
    lines = {"─": "lr", "━": "lr", "│": "ud", "┃": "ud", "┌": "rd", "╭": "rd", "┐": "ld", "╮": "ld",
             "└": "ru", "╰": "ru", "┘": "lu", "╯": "lu", "├": "udr", "┤": "udl", "┬": "lrd",
             "┴": "lru", "┼": "lrud", "╴": "l", "╶": "r", "╵": "u", "╷": "d"}.get(ch)
    if lines is None:
        return False
    for d in lines:
        if d == "l":
            draw.line([x, cy, cx, cy], fill=fg)
        elif d == "r":
            draw.line([cx, cy, x + w - 1, cy], fill=fg)
        elif d == "u":
            draw.line([cx, y, cx, cy], fill=fg)
        elif d == "d":
            draw.line([cx, cy, cx, y + h - 1], fill=fg)
    return True


def to_png(app, path: Path) -> Path:
    """The app's current screen as a PNG, one glyph per cell."""
    from PIL import Image, ImageDraw
    from rich.cells import cell_len

    regular, bold = _font(FONTS[0], SIZE), _font(FONTS[1], SIZE)
    cw = SIZE // 2
    width, height = app.size
    strips = app.screen._compositor.render_strips()
    bg0, fg0 = (12, 12, 12), (224, 224, 224)
    img = Image.new("RGB", (width * cw, height * LINE), bg0)
    draw = ImageDraw.Draw(img)
    for row, strip in enumerate(strips[:height]):
        col = 0
        y = row * LINE
        for seg in strip:
            style = seg.style
            fg = _rgb(style.color if style else None, fg0)
            bg = _rgb(style.bgcolor if style else None, bg0)
            if style is not None and style.reverse:
                fg, bg = bg, fg
            if style is not None and style.dim:
                fg = _blend(fg, bg, 0.45)
            font = bold if style is not None and style.bold else regular
            for ch in seg.text:
                w = cell_len(ch)
                if w == 0:
                    continue
                x = col * cw
                draw.rectangle([x, y, x + w * cw - 1, y + LINE - 1], fill=bg)
                if ch != " " and not _shape(draw, ch, x, y, w * cw, LINE, fg):
                    draw.text((x, y + (LINE - SIZE) // 2 - 1), ch, font=font, fill=fg)
                if style is not None and style.underline and ch != " ":
                    draw.line([x, y + LINE - 2, x + w * cw - 1, y + LINE - 2], fill=fg)
                col += w
    img.save(path)
    return path


async def wait(pilot, cond, n: int = 1200) -> None:
    for _ in range(n):
        if cond():
            return
        await pilot.pause(0.05)


async def shoot(size: tuple[int, int]) -> list[Path]:
    from gxtui.tui.app import GxtuiApp
    from gxtui.tui.screens.report import ReportScreen
    from gxtui.tui.screens.trend import TrendScreen

    tag = f"{size[0]}x{size[1]}"
    written = []
    app = GxtuiApp(paths=["data"], use_cache=False)
    async with app.run_test(size=size) as pilot:
        await wait(pilot, lambda: app.scan_done)
        await pilot.pause(0.3)
        written.append(to_png(app, OUT / f"library-{tag}.png"))
        app.open_report(next(p for p in app.library.rows if p.endswith("示例县教育局_2021.txt")))
        await wait(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.pause(0.3)
        await pilot.press("n")
        await pilot.pause(0.3)
        written.append(to_png(app, OUT / f"report-{tag}.png"))
        await pilot.press("t")
        await wait(pilot, lambda: isinstance(app.screen, TrendScreen) and app.screen.charts is not None)
        await pilot.pause(0.5)
        written.append(to_png(app, OUT / f"trend-{tag}.png"))
    app = GxtuiApp(paths=list(SERIES), compare=SERIES, use_cache=False)
    async with app.run_test(size=size) as pilot:
        await wait(pilot, lambda: getattr(app.screen, "comparison", None) is not None)
        await pilot.pause(0.3)
        written.append(to_png(app, OUT / f"compare-problems-{tag}.png"))
        await pilot.press("3")
        # the 2021 side's own failure: select T3-B in the findings pane (cursor on 17!)
        screen = app.screen
        idx = next(i for i, (s, f) in enumerate(screen.items) if s == "old")
        fl = screen.query_one("#findings")
        fl.highlighted = idx
        await pilot.pause(0.3)
        written.append(to_png(app, OUT / f"compare-{tag}.png"))
    return written


def main() -> int:
    if not (ROOT / SERIES[0]).exists():
        print("screenshots: data/ is missing", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.svg"):  # the PNGs replace them
        old.unlink()
    for size in ((80, 24), (120, 40), (200, 50)):
        for p in asyncio.run(shoot(size)):
            print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
