"""Terminal text for the CLI, done by rich: cell widths (CJK characters take two cells), clipping,
wrapping at the terminal width, colour, progress bars.

Whether to colour is decided here and nowhere else (``use_color``): only on a terminal, never
with ``NO_COLOR`` set (https://no-color.org), ``TERM=dumb`` or ``--no-color``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from contextlib import contextmanager
from typing import IO, Callable, Iterator

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from gxtui.present.text import safe_text

# Styles of the CLI by meaning (rich style strings).
STYLES = {"title": "bold", "head": "bold cyan", "changed": "yellow", "flagged": "bold red",
          "error": "bold red", "warning": "yellow", "info": "cyan", "dim": "dim", "new": "green",
          "resolved": "dim", "repeated": "bold red", "reworded": "yellow", "unknown": "magenta"}


def use_color(stream: IO[str], no_color: bool = False) -> bool:
    """The one place that decides colour (see the module docstring)."""
    if no_color or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def terminal_width(stream: IO[str], given: int | None = None, default: int = 80) -> int:
    """``given`` (``--width``), else the terminal's width when ``stream`` is one, else 80."""
    if given:
        return max(40, given)
    if getattr(stream, "isatty", lambda: False)():
        return shutil.get_terminal_size((default, 24)).columns
    return default


def width(s: str) -> int:
    """Terminal cells of ``s`` (CJK characters take two)."""
    return cell_len(s)


def clip(s: str, w: int) -> str:
    """``s`` cut to ``w`` cells, with ``...`` when cut (ASCII: "…" is East-Asian ambiguous)."""
    if 2 * len(s) <= w or cell_len(s) <= w:  # (no character takes more than two cells)
        return s
    return set_cell_size(s, max(0, w - 3)).rstrip() + "..."


def pad(s: str, w: int, right: bool = False) -> str:
    """``s`` clipped and padded to exactly ``w`` cells (``right``: aligned right)."""
    s = clip(s, w)
    fill = " " * max(0, w - cell_len(s))
    return fill + s if right else s + fill


# no line starts with these (closing punctuation stays with the character before it)
_NO_START = set("，。、；：？！）》」』】〕…,.;:?!)]}%")
_TOKEN = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` wrapped at ``width`` terminal cells, CJK aware: a line may break between any two
    CJK characters (never before closing punctuation), Latin words move whole to the next line
    (a word longer than a line is cut), spaces at a break are dropped."""
    if 2 * len(text) <= width or cell_len(text) <= width:  # (two cells at most a character)
        return [text]
    lines: list[str] = []
    cur: list[str] = []
    used = 0
    for tok in _TOKEN.findall(text):
        w = cell_len(tok)
        if tok.isspace():
            if cur:
                cur.append(" ")
                used += 1
            continue
        if used + w <= width:
            cur.append(tok)
            used += w
            continue
        while cur and cur[-1] == " ":
            cur.pop()
            used -= 1
        carry: list[str] = []
        if tok[0] in _NO_START and cur and len(cur) > 1:
            carry = [cur.pop()]  # the character before the punctuation goes down with it
        if cur:
            lines.append("".join(cur))
        cur, used = carry, sum(cell_len(x) for x in carry)
        while used + cell_len(tok) > width and len(tok) > 1:  # a word longer than a line
            head = set_cell_size(tok, width - used)
            lines.append("".join(cur) + head)
            tok = tok[len(head):]
            cur, used = [], 0
        cur.append(tok)
        used += cell_len(tok)
    while cur and cur[-1] == " ":
        cur.pop()
    if cur:
        lines.append("".join(cur))
    return lines


_BLOCK = "\0block"  # marks a pre-rendered block among the lines


def style(name: str | None, color: bool) -> str:
    """The rich style of a CLI style name (empty without colour)."""
    return STYLES.get(name or "", "") if color else ""


class Lines:
    """Styled lines rendered by rich at a width: report text made terminal-safe, long lines
    clipped or wrapped (CJK aware, Latin words kept whole), colour only when wanted."""

    def __init__(self, color: bool, width: int) -> None:
        self.color, self.width = color, width
        self.lines: list[tuple[str, str | None]] = []

    def add(self, text: str = "", style: str | None = None, clip_line: bool = True) -> None:
        text = safe_text(text)
        self.lines.append((clip(text, self.width) if clip_line else text, style))

    def wrap(self, text: str, indent: str, style: str | None = None) -> None:
        """A long text wrapped at the width, every line indented by ``indent``."""
        text = safe_text(" ".join(text.split()))
        avail = max(20, self.width - cell_len(indent))
        for line in wrap_cells(text, avail):
            self.lines.append((indent + line, style))

    def entries(self, items: list[str], indent: str, style: str | None = None, sep: str = "   ") -> None:
        """Short entries (a legend) on as few lines as fit; an entry is never split."""
        line = ""
        for e in items:
            e = safe_text(e)
            cand = f"{line}{sep}{e}" if line else e
            if line and cell_len(indent + cand) > self.width:
                self.lines.append((indent + line, style))
                cand = e
            line = cand
        if line:
            self.lines.append((indent + line, style))

    def block(self, renderable: object) -> None:
        """A rich renderable (a ``Table``) rendered at the width, in place among the lines."""
        buf = io.StringIO()
        Console(file=buf, width=self.width, color_system="standard" if self.color else None,
                force_terminal=self.color, highlight=False, markup=False, emoji=False).print(renderable)
        self.lines.append((buf.getvalue(), _BLOCK))

    def render(self) -> str:
        buf = io.StringIO()
        console = Console(file=buf, width=max(self.width, 10_000), color_system="standard" if self.color
                          else None, force_terminal=self.color, highlight=False, markup=False,
                          emoji=False, soft_wrap=True)
        for text, style in self.lines:
            if style is _BLOCK:
                buf.write(text)
                continue
            if not self.color and "\t" not in text:  # what rich writes for it: the text, a newline
                buf.write(text + "\n")
                continue
            console.print(Text(text, style=STYLES.get(style or "", "") if self.color else ""))
        return buf.getvalue()


def paint(text: str, style: str, color: bool) -> str:
    """``text`` in the CLI style ``style`` when ``color`` (one line, no wrapping)."""
    if not color:
        return text
    buf = io.StringIO()
    Console(file=buf, color_system="standard", force_terminal=True, highlight=False, markup=False,
            emoji=False, soft_wrap=True, width=10_000).print(Text(text, style=STYLES.get(style, style)), end="")
    return buf.getvalue()


@contextmanager
def progress(total: int, stream: IO[str]) -> Iterator["_Step"]:
    """A progress bar on ``stream`` (stderr) for batches, only when it is a terminal; it is
    erased when done so that it never mixes with the output."""
    if total <= 1 or not getattr(stream, "isatty", lambda: False)():
        yield _Step(None, None)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress  # noqa: PLC0415

    bar = Progress(BarColumn(), MofNCompleteColumn(), console=Console(file=stream), transient=True)
    with bar:
        task = bar.add_task("", total=total)
        yield _Step(bar, task)


@contextmanager
def progress_callback(stream: IO[str]) -> Iterator["Callable[[int, int], None]"]:
    """A ``progress(done, total)`` callback for the domain's folder loops: a bar on ``stream``
    (stderr) only when it is a terminal, created at the first call (when the total is known)."""
    if not getattr(stream, "isatty", lambda: False)():
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress  # noqa: PLC0415

    bar = Progress(BarColumn(), MofNCompleteColumn(), console=Console(file=stream), transient=True)
    task: list[object] = []

    def step(done: int, total: int) -> None:
        if total <= 1:
            return
        if not task:
            task.append(bar.add_task("", total=total))
        bar.update(task[0], completed=done, total=total)  # type: ignore[arg-type]

    with bar:
        yield step


class _Step:
    def __init__(self, bar: object, task: object) -> None:
        self.bar, self.task = bar, task

    def __call__(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)  # type: ignore[attr-defined]
