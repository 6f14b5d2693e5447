"""Report text made safe for the screen: always ``rich.text.Text`` (never markup), with control
and bidi characters removed so that a report cannot move the cursor or recolour the terminal."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from gxtui.present.text import UNSAFE as _UNSAFE  # the one list: bidi, zero-width, U+2028/9, controls


def clean(s: object) -> str:
    return _UNSAFE.sub("", "" if s is None else str(s))


def txt(s: object, style: str = "") -> Text:
    """``s`` as literal text: ``[b]`` and ``[2023]`` stay visible."""
    return Text(clean(s), style=style)


def fmt_num(v: object, dp: int | None = None) -> str:
    """A value as shown: integers without decimals; ``dp`` fixes the decimals (a column or a row
    of one unit shows one precision: ``decimals``)."""
    if v is None:
        return "-"
    if isinstance(v, float):
        if dp is not None:
            return f"{v:.{dp}f}"
        return str(int(v)) if v.is_integer() else f"{v:g}"
    if dp and isinstance(v, int):
        return f"{v:.{dp}f}"
    return str(v)


def decimals(values: "list[object]", most: int = 4) -> int | None:
    """One precision for values shown together: the most decimals any of them has, at most
    ``most`` (None when all are whole: they show as integers)."""
    dp = 0
    for v in values:
        if isinstance(v, float) and not v.is_integer():
            s = f"{v:.{most}f}".rstrip("0")
            dp = max(dp, len(s.split(".")[1]) if "." in s else 0)
    return dp or None


class OneLine:
    """``text`` kept on one line and cut with an ellipsis at whatever width it is drawn (so a
    resize reflows it: nothing is cut at the width the screen had when it was built).
    ``plain`` is the whole text."""

    def __init__(self, text: Text) -> None:
        self.text = text

    @property
    def plain(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Any, options: Any) -> Any:
        line = self.text.copy()
        line.no_wrap = True
        line.truncate(max(options.max_width, 1), overflow="ellipsis")
        yield line

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement  # noqa: PLC0415

        return Measurement(1, options.max_width)


def one_line(text: Text) -> OneLine:
    return OneLine(text)


def with_marks(label: Text, marks: Text) -> Any:
    """A navigator line: ``label`` cut to the room left, then ``marks`` (counts) always whole."""
    from rich.table import Table  # noqa: PLC0415

    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    grid.add_row(label, marks)
    return grid


class Wrapped:
    """Text wrapped at draw time without breaking a number or a word of ASCII letters
    (``应约为453`` never ends a line with ``45``): Chinese text breaks between characters."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from gxtui.tui.widgets.columns import wrap_cells  # noqa: PLC0415

        width = max(options.max_width, 4)
        for part in self.text.split("\n", allow_blank=True):
            pos = 0
            lines = wrap_cells(part.plain, width) if part.plain else [""]
            for ln in lines:
                yield part[pos:pos + len(ln)]
                pos += len(ln)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement  # noqa: PLC0415

        return Measurement.get(console, options, self.text)

    @property
    def plain(self) -> str:
        return self.text.plain
