"""A virtualised table for the library: only the rows on screen are rendered.

Textual's ``DataTable`` measures and lays out every cell it holds (10,000 rows cost more than a
second to add and paint), which is fine for a report's tables but not for a folder of thousands
of reports. ``VirtualTable`` keeps nothing but the ordered list of row keys; each visible line is
rendered on demand by a callback (``render_row(key) -> list[Text]``) and cached until the row
changes. Replacing the rows (sorting, filtering) costs one list assignment, whatever the count.

Keyboard: up/down, PgUp/PgDn, Home/End, Enter (``RowSelected``). Mouse: click moves the cursor,
a click on the cursor row selects it, the wheel scrolls. The first line is a fixed header.
Cells are ``rich.text.Text`` (never markup), cropped to their column (CJK-aware).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass
class Column:
    key: str
    label: str
    width: int


class VirtualTable(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"vtable--header", "vtable--cursor"}
    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        &:focus { background-tint: $foreground 5%; }
        & > .vtable--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .vtable--header { background: ansi_bright_blue; color: ansi_default; }
        & > .vtable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .vtable--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", show=False),
    ]

    class RowHighlighted(Message):
        def __init__(self, table: "VirtualTable", row: int, key: str | None) -> None:
            super().__init__()
            self.table, self.row, self.key = table, row, key

    class RowSelected(Message):
        def __init__(self, table: "VirtualTable", row: int, key: str | None) -> None:
            super().__init__()
            self.table, self.row, self.key = table, row, key

    def __init__(self, render_row: Callable[[str], Sequence[Text]], *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.render_row = render_row
        self.columns: list[Column] = []
        self.keys: list[str] = []
        self._index: dict[str, int] | None = None
        self.cursor_row = 0
        self.cursor_moved = False  # set once the cursor was moved (by the user or a caller)
        self._cache: dict[str, Strip] = {}
        self._cache_width = -1

    # -- data ----------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self.keys)

    def set_columns(self, columns: list[Column]) -> None:
        if columns != self.columns:
            self.columns = columns
            self._cache.clear()
            self.refresh()

    def set_rows(self, keys: list[str], keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on ``keep`` when it is still there."""
        self.keys = keys
        self._index = None
        self._cache.clear()
        row = self.index_of(keep) if keep is not None else None
        self.cursor_row = row if row is not None else min(self.cursor_row, max(0, len(keys) - 1))
        self._update_virtual_size()
        self._scroll_to_cursor()
        self.refresh()

    def invalidate(self, keys: Sequence[str] | None = None) -> None:
        """Rows whose content changed (all when None): re-rendered at the next paint."""
        if keys is None:
            self._cache.clear()
        else:
            for k in keys:
                self._cache.pop(k, None)
        self.refresh()

    def index_of(self, key: str | None) -> int | None:
        if key is None:
            return None
        if self._index is None:
            self._index = {k: i for i, k in enumerate(self.keys)}
        return self._index.get(key)

    @property
    def cursor_key(self) -> str | None:
        if 0 <= self.cursor_row < len(self.keys):
            return self.keys[self.cursor_row]
        return None

    # -- cursor --------------------------------------------------------------------------------
    def move_cursor(self, row: int, animate: bool = False) -> None:  # noqa: ARG002 - DataTable API
        if not self.keys:
            self.cursor_row = 0
            return
        row = max(0, min(row, len(self.keys) - 1))
        changed = row != self.cursor_row
        self.cursor_moved = self.cursor_moved or changed
        self.cursor_row = row
        self._scroll_to_cursor()
        self.refresh()
        if changed:
            self.post_message(self.RowHighlighted(self, row, self.cursor_key))

    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(max(1, self.scrollable_content_region.width), len(self.keys) + 1)

    def _scroll_to_cursor(self) -> None:
        h = self._body_height()
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + h:
            self.scroll_to(y=self.cursor_row - h + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * self._body_height())

    def action_jump(self, where: int) -> None:
        self.move_cursor(0 if where == 0 else len(self.keys) - 1)

    def action_select(self) -> None:
        if self.keys:
            self.post_message(self.RowSelected(self, self.cursor_row, self.cursor_key))

    def on_click(self, event) -> None:  # noqa: ANN001
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_offset.y) + offset.y - 1
        if row >= len(self.keys):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row)

    def on_resize(self) -> None:
        self._update_virtual_size()
        self._cache.clear()

    # -- rendering -----------------------------------------------------------------------------
    def _line(self, cells: Sequence[Text], width: int) -> list[Segment]:
        line = Text(no_wrap=True, overflow="crop", end="")
        x = 0
        for i, col in enumerate(self.columns):
            if x >= width:
                break
            w = col.width if i < len(self.columns) - 1 else max(1, width - x)
            cell = cells[i].copy() if i < len(cells) else Text("")
            cell.no_wrap, cell.end = True, ""
            cell.truncate(w, overflow="crop", pad=True)
            line.append_text(cell)
            x += w
            if i < len(self.columns) - 1:
                line.append(" ")
                x += 1
        return list(line.render(self.app.console))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
        if y == 0:
            header = self.get_component_rich_style("vtable--header")
            segs = self._line([Text(c.label) for c in self.columns], width)
            return Strip(segs).adjust_cell_length(width).apply_style(base + header)
        i = int(self.scroll_offset.y) + y - 1
        if i >= len(self.keys):
            return Strip.blank(width, base)
        key = self.keys[i]
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 512:
                self._cache.clear()
            strip = Strip(self._line(self.render_row(key), width)).adjust_cell_length(width)
            self._cache[key] = strip
        style: Style = base
        if i == self.cursor_row:
            style = base + self.get_component_rich_style("vtable--cursor")
        return strip.apply_style(style)
