"""The library: every report found, grouped by agency (consecutive years together), most urgent
first (``gxtui.triage``: unreviewed errors, then cross-year problems, then warnings).

Rows come from the library index (``gxtui.library.index``): cached rows appear at once, files being
checked show as "loading" and fill in as batches arrive. The table is virtualised
(``VirtualTable``): only the rows on screen are rendered, so 10,000 reports cost no more to show
than 10.
"""

from __future__ import annotations

import time
from bisect import bisect_left, insort
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from gxtui.tui import messages
from gxtui.tui.i18n import lang as i18n_lang
from gxtui.tui.i18n import localize, t
from gxtui.tui.widgets.footer import KeyFooter
from gxtui.tui.widgets.text import clean, txt
from gxtui.tui.widgets.vtable import Column, VirtualTable

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.tui.entry import Entry

SORTS = ("triage", "agency", "errors", "warnings", "status")
STATUSES = ("unread", "review", "reviewed", "changed", "unreadable", "loading")
_STATUS_ORDER = {"unreadable": 0, "changed": 1, "unread": 2, "review": 3, "reviewed": 4, "loading": 5}
STATUS_STYLE = {"unread": "bold", "review": "bold yellow", "reviewed": "dim", "changed": "bold magenta",
                "unreadable": "reverse", "loading": "dim italic"}
COLUMNS = ("status", "agency", "year", "template", "errors", "cross", "warnings", "file")
REBUILD_EVERY = 1.0  # seconds: while indexing, re-sort at most this often


def _error_text(error: str) -> str:
    """A read error in the UI language (imported lazily: no reader module before the first frame)."""
    from gxtui.read.errors_zh import localize  # noqa: PLC0415

    return localize(error, i18n_lang(), both=False)



def _group_key(records: list[tuple], group: str, triage: bool) -> tuple:
    """Where an agency's group of rows goes (``records``: its members' ``_records`` tuples in row
    order, the first one's name shown): by its most urgent report, then name (``triage``), or by
    name alone."""
    name = records[0][3]
    if not triage:
        return ((), name, group)
    ranks = [r[4] for r in records if r[4]]
    return (min(ranks) if ranks else (9,), name, group)


def _year_path(row: tuple) -> tuple:
    """(year, path): the order of an agency's rows (their years, then the file)."""
    return row[0], row[1]


@lru_cache(maxsize=65536)
def _shown_width(agency: str) -> int:
    """Terminal cells of an agency name as the table shows it (sanitised), once per name. Printable
    ASCII (a file name shown until the report is read: 10,000 of them before the first frame) is
    one cell a character and has nothing to sanitise."""
    if agency.isascii() and agency.isprintable():
        return len(agency)
    return cell_len(clean(agency))

class _Order:
    """The library's rows in triage (or agency) order, kept between re-sorts: an agency's rows
    together by (year, path), the agencies by (most urgent rank, name, group) (``triage``) or by
    (name, group). ``update`` moves only the groups of the entries whose record changed, which
    is what a batch of summaries does while a folder is indexed; the rows are the same as a full
    sort of every entry (``LibraryScreen._visible``) gives."""

    def __init__(self, recs: dict[str, tuple], paths: Iterable[str], triage: bool) -> None:
        self.triage = triage
        self.members: dict[str, list[tuple[int, str]]] = {}  # group -> its (year, path), sorted
        self.where: dict[str, tuple[str, int]] = {}  # path -> (group, year)
        for p in paths:
            r = recs[p]
            self.members.setdefault(r[1], []).append((r[2], p))
            self.where[p] = (r[1], r[2])
        self.keys: dict[str, tuple] = {}  # group -> its key in ``order``
        for g, m in self.members.items():
            m.sort()
            self.keys[g] = self._key(recs, g, m)
        self.order = sorted(self.keys.values())

    def _key(self, recs: dict[str, tuple], group: str, members: list[tuple[int, str]]) -> tuple:
        return _group_key([recs[p] for _, p in members], group, self.triage)

    def update(self, recs: dict[str, tuple], changed: list[str], total: int) -> bool:
        """Move the rows of ``changed`` (paths whose record changed); False when the order cannot
        follow (an entry it never saw went, ``total`` entries now) or when so many changed that
        sorting again from scratch is cheaper (each moved group shifts the list of group keys)."""
        if 8 * len(changed) > total:
            return False
        touched: set[str] = set()
        for p in changed:
            r = recs[p]
            now = (r[1], r[2])
            was = self.where.get(p)
            if was != now:
                if was is not None:
                    m = self.members[was[0]]
                    del m[bisect_left(m, (was[1], p))]
                    touched.add(was[0])
                insort(self.members.setdefault(now[0], []), (now[1], p))
                self.where[p] = now
            touched.add(now[0])  # its rank or name may have changed
        if len(self.where) != total:
            return False
        for g in touched:
            old = self.keys.pop(g, None)
            if old is not None:
                del self.order[bisect_left(self.order, old)]
            m = self.members.get(g)
            if m:
                key = self.keys[g] = self._key(recs, g, m)
                insort(self.order, key)
            else:
                self.members.pop(g, None)
        return True

    def rows(self) -> list[str]:
        members = self.members
        return [p for key in self.order for _, p in members[key[2]]]

    def first_rows(self) -> set[str]:
        """The first row of every group (its agency is shown in bold)."""
        members = self.members
        return {members[key[2]][0][1] for key in self.order}


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "key.open", id="open", priority=False),
        Binding("c", "compare", "key.compare", id="compare"),
        Binding("space", "mark", "key.mark", id="mark", show=False),
        Binding("slash", "search", "key.search", key_display="/", id="search"),
        Binding("f", "errors_only", "key.filter_errors", id="errors-only"),
        Binding("F", "frequency", "key.frequency", key_display="F", id="frequency"),
        Binding("s", "sort", "key.sort", id="sort"),
        Binding("t", "trend", "key.trend", id="trend", show=False),  # in the help (?), not the footer:
        Binding("v", "coverage", "key.coverage", id="coverage", show=False),  # 80 columns are full
        Binding("x", "app.export", "key.export", id="export", show=False),
        Binding("escape", "close_search", "key.close_search", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize(self)
        self.filter_text = ""
        self._forced: tuple[str, str] | None = None  # a pair of two agencies asked for twice
        self.errors_only = False
        self.rule_filter: str | None = None
        self.sort_key = "triage"
        self.marked: list[str] = []
        self.rows: list[str] = []  # paths in display order
        self.first_of_group: set[str] = set()
        self.total = 0
        self._last_rebuild = 0.0
        self._rebuild_pending = False
        self._sort_data: dict[str, tuple] = {}  # path -> what the sort reads (``_records``)
        self._stale = True  # summaries changed since the last rebuild (entries_changed)
        self._order: _Order | None = None  # the order of the rows, kept between re-sorts
        self._fresh: list[str] = []  # paths whose record ``_records`` just worked out again

    def compose(self) -> ComposeResult:
        yield Header(icon="#")
        yield VirtualTable(self.render_row, id="library")
        yield Static(t("lib.scanning"), id="lib-status")
        yield KeyFooter(compact=True)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#library", VirtualTable)

    def on_mount(self) -> None:
        self.title = t("lib.title")
        self.table.focus()
        if self.app.entries:  # built after loading began (gxtui compare, then Esc)
            self.total = len(self.app.entries)
        self._status()
        self.rebuild()

    # -- called by the app ---------------------------------------------------------------------
    def scan_started(self, total: int) -> None:
        if not self._is_mounted:
            return
        self.total = total
        self._status()
        if self._stale or not self._same_files():
            self.rebuild()

    def _same_files(self) -> bool:
        """The rows shown are every entry of the app, no more, no fewer (nothing filtered): a
        scan that found the files already shown (a warm re-open) needs no re-sort."""
        entries = self.app.entries
        return not (self.filter_text or self.errors_only or self.rule_filter) and \
            len(self.rows) == len(entries) and all(p in entries for p in self.rows)

    def entries_changed(self, entries: "list[Entry] | None") -> None:
        """Summaries arrived (None: many at once). Rows are re-rendered; the order is rebuilt at
        most once a second while indexing (the cursor stays on its report)."""
        if not self._is_mounted:
            return
        self._stale = True  # until the next rebuild
        if entries is None:
            self.table.invalidate()
            self.rebuild()
            self._status()
            return
        self.table.invalidate([e.path for e in entries])
        now = time.monotonic()
        if self.app.scan_done or now - self._last_rebuild >= REBUILD_EVERY:
            self.rebuild()
        elif not self._rebuild_pending:
            self._rebuild_pending = True
            self.set_timer(REBUILD_EVERY, self._deferred_rebuild)
        self._status()

    def entry_updated(self, entry: "Entry") -> None:  # kept for callers of the old API
        self.entries_changed([entry])

    def _deferred_rebuild(self) -> None:
        self._rebuild_pending = False
        if self._is_mounted:
            self.rebuild()

    def scan_finished(self) -> None:
        if not self._is_mounted:
            return
        self._status()
        if self._stale:  # a summary changed since the last re-sort
            self.rebuild()

    def _status(self) -> None:
        app = self.app
        done = sum(1 for e in app.entries.values() if e.loaded) if not app.scan_done else len(app.entries)
        if not getattr(app, "scan_done", False):
            if self.total:  # a text progress bar: ASCII only, same width in every terminal
                filled = int(20 * min(done, self.total) / self.total)
                text = "[" + "#" * filled + "-" * (20 - filled) + "] " + \
                    t("lib.loading", done=min(done, self.total), total=self.total)
            elif app.entries:
                text = t("lib.cached", n=len(app.entries))
            else:
                text = t("lib.scanning")
        elif not app.entries:
            text = t("lib.empty")
        else:
            bad = sum(1 for e in app.entries.values() if e.error)
            text = t("lib.loaded", n=len(app.entries) - bad, bad=bad)
        extra = [left] if (left := self._skipped()) else []
        if self.rule_filter:
            extra.append(t("lib.rule_filter", rule=self.rule_filter, n=len(self.rows)))
        if self.filter_text:
            extra.append(t("lib.filter_state", text=self.filter_text))
        if self.errors_only:
            extra.append(t("lib.errors_only"))
        if self.sort_key != "triage":
            extra.append(t("lib.sort", key=t(f"sort.{self.sort_key}")))
        if self.marked:
            extra.append(t("lib.marked", n=len(self.marked)))
        self.query_one("#lib-status", Static).update(txt("   ".join([text] + extra)))

    SKIPPED_SHOWN = 3

    def _skipped(self) -> str:
        """"2 files left out: leak.txt (link out of the folder), …": what the folder scan did not
        read (gxtui.files.scan_report_files), once the scan is done."""
        from gxtui.files import SKIP_LINK_OUT, SKIP_OWN  # noqa: PLC0415

        skipped = getattr(getattr(self.app, "scan_stats", None), "skipped", None) or []
        if not skipped:
            return ""
        why = {SKIP_OWN: t("lib.skip_own"), SKIP_LINK_OUT: t("lib.skip_link_out")}
        names = [f"{Path(p).name} ({why.get(r, r)})" for p, r in skipped[:self.SKIPPED_SHOWN]]
        if len(skipped) > self.SKIPPED_SHOWN:
            names.append("…")
        return t("lib.skipped", n=len(skipped), files=", ".join(names))

    # -- the table -------------------------------------------------------------------------------
    def _records(self) -> dict[str, tuple]:
        """What the sort reads of each entry, ``(summary, group, year, compact agency, rank,
        agency)`` by path, worked out again only for an entry whose summary changed: a re-sort of
        10,000 rows then reads plain tuples instead of three properties of every entry per key.
        The paths worked out again are left in ``_fresh`` (for ``_Order.update``)."""
        from gxtui.normalize import compact  # noqa: PLC0415

        recs = self._sort_data
        entries = self.app.entries
        if len(recs) > 2 * len(entries) + 64:  # files gone from the folder: forget them
            recs = self._sort_data = {p: r for p, r in recs.items() if p in entries}
        fresh = self._fresh = []
        for p, e in entries.items():
            r = recs.get(p)
            s = e.summary
            if r is None or r[0] is not s:
                agency = e.agency
                recs[p] = (s, e.group, e.year or 0, compact(agency), e.rank, agency)
                fresh.append(p)
        return recs

    def visible(self) -> list["Entry"]:
        return self._visible(self._records())

    def _visible(self, recs: dict[str, tuple]) -> list["Entry"]:
        """The entries shown, in display order (filters, then the sort of ``sort_key``)."""
        from gxtui.normalize import compact  # noqa: PLC0415

        words = self.filter_text.split()
        cwords = [compact(w) for w in words]
        rule = self.rule_filter
        entries = self.app.entries
        if not (self.errors_only or rule or words):
            out = list(entries.values())
        else:
            out = []
            for e in entries.values():
                if self.errors_only and not (e.errors or e.error):
                    continue
                if rule and not (e.summary and any(f.rule == rule for f in e.summary.all_findings)):
                    continue
                if words:
                    hay = f"{e.agency} {e.year or ''} {Path(e.path).name}"
                    chay = compact(hay)
                    if not all(w in hay or cw in chay for w, cw in zip(words, cwords)):
                        continue
                out.append(e)
        if self.sort_key in ("errors", "warnings", "status"):
            # what the status line says: the rows themselves in that order (an agency's years
            # sit together only where they tie)
            def rkey(e: "Entry") -> tuple:
                if self.sort_key == "errors":
                    k: tuple = (-(e.errors + (1 if e.error else 0)),)
                elif self.sort_key == "warnings":
                    k = (-e.warnings,)
                else:
                    k = (_STATUS_ORDER[e.status],)
                _s, group, year, name, _rank, _a = recs[e.path]
                return (*k, name, group, year, e.path)

            return sorted(out, key=rkey)
        # an agency's years together, in year order; the groups by their most urgent report
        # (triage) or by name (agency). Sorting plain tuples: (year, path) within a group, then
        # (group key, group) — comparisons in C, no key function per row
        groups: dict[str, list[tuple]] = {}
        for e in out:
            r = recs[e.path]
            g = groups.get(r[1])
            if g is None:
                groups[r[1]] = [(r[2], e.path, r, e)]
            else:
                g.append((r[2], e.path, r, e))
        triage = self.sort_key == "triage"
        order = []
        for k, g in groups.items():
            if len(g) > 1:
                g.sort(key=_year_path)
            order.append(_group_key([x[2] for x in g], k, triage))
        order.sort()
        return [x[3] for o in order for x in groups[o[2]]]

    def _columns(self, names: set[str]) -> list[Column]:
        """The columns for rows showing the agencies ``names``."""
        wide = self.app.size.width >= 120
        cap = 30 if wide else 20
        agency = max(map(_shown_width, names), default=4)
        status = max(cell_len(t(f"status.{s}")) for s in STATUSES) + 1
        widths = {"status": status, "agency": max(cell_len(t("lib.col.agency")), min(cap, agency)),
                  "year": 4, "template": max(4, cell_len(t("lib.col.template"))),
                  "errors": max(3, cell_len(t("lib.col.errors"))),
                  "cross": max(3, cell_len(t("lib.col.cross"))),
                  "warnings": max(3, cell_len(t("lib.col.warnings"))), "file": 10}
        return [Column(k, t(f"lib.col.{k}"), widths[k]) for k in COLUMNS]

    def rebuild(self) -> None:
        self._last_rebuild = time.monotonic()
        self._stale = False
        table = self.table
        current = table.cursor_key
        recs = self._records()
        entries = self.app.entries
        if self.sort_key in ("triage", "agency") and not (self.filter_text or self.errors_only or self.rule_filter):
            # the order while a folder is indexed: kept between re-sorts, and only the groups of
            # the entries whose summary changed move (``_Order``), not a sort of 10,000 rows
            order = self._order
            if order is None or order.triage != (self.sort_key == "triage") or \
                    not order.update(recs, self._fresh, len(entries)):
                order = self._order = _Order(recs, entries, self.sort_key == "triage")
            rows = order.rows()
            first = order.first_rows()
            names = {recs[p][5] for p in rows}
        else:
            self._order = None
            shown = self._visible(recs)
            rows = [e.path for e in shown]
            first = set()
            prev = None
            for p in rows:
                group = recs[p][1]
                if group != prev:
                    first.add(p)
                prev = group
            names = {recs[p][5] for p in rows}
        if first != self.first_of_group:
            table.invalidate()  # the bold agency of a group's first row moved
        self.first_of_group = first
        table.set_columns(self._columns(names))
        if rows == self.rows and rows == table.keys:
            return  # the same rows in the same order: nothing to move or repaint
        self.rows = rows
        # until the reviewer moves, the cursor stays on the first (most urgent) row; after that it
        # follows its report through re-sorts
        table.set_rows(self.rows, keep=current if table.cursor_moved else None)

    def render_row(self, path: str) -> list[Text]:
        e = self.app.entries.get(path)
        if e is None:
            return [Text("")]
        mark = "+" if e.path in self.marked else " "
        status = Text(mark + t(f"status.{e.status}"), style=STATUS_STYLE.get(e.status, ""))
        agency = txt(e.agency, "bold" if e.path in self.first_of_group else "dim")
        name = Path(e.path).name
        if e.error:
            note = txt(f"{name}: {_error_text(e.error)}", "italic")
        elif e.reviewed_changed:
            note = Text.assemble((t("lib.note.changed"), "magenta"), "  ", (clean(name), "dim"))
        elif e.summary is not None and e.summary.review.error:
            note = Text.assemble((t("lib.note.review_error"), "red"), "  ", (clean(name), "dim"))
        elif e.summary is not None and e.summary.review.orphans:
            note = Text.assemble((t("lib.note.orphans", n=e.summary.review.orphans), "yellow"), "  ",
                                 (clean(name), "dim"))
        else:
            note = txt(name, "dim")
        shown = e.loaded and not e.error
        errs = Text(str(e.errors) if shown else "", style="bold red" if e.errors else "dim")
        cross = Text(str(e.cross) if shown else "", style="magenta" if e.cross else "dim")
        warns = Text(str(e.warnings) if shown else "", style="yellow" if e.warnings else "dim")
        return [status, agency, Text(str(e.year or "")), Text(e.template or ("?" if shown else "")),
                errs, cross, warns, note]

    def current_path(self) -> str | None:
        return self.table.cursor_key

    def current_entry(self) -> "Entry | None":
        p = self.current_path()
        return self.app.entries.get(p) if p else None

    # -- actions ---------------------------------------------------------------------------------
    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        e = self.current_entry()
        if e is None:
            return
        if not e.loaded:
            self.notify(t("lib.not_ready"))
        elif e.error:
            self.notify(t("lib.unreadable_open", err=_error_text(e.error)), severity="error")
        else:
            self.post_message(messages.OpenReport(e.path))

    def action_mark(self) -> None:
        p = self.current_path()
        if p is None:
            return
        if p in self.marked:
            self.marked.remove(p)
        else:
            self.marked = (self.marked + [p])[-2:]
        self._status()
        self.table.invalidate()
        self.table.action_cursor(1)

    def action_compare(self) -> None:
        app = self.app
        if len(self.marked) == 2:
            a, b = self.marked
            ea, eb = app.entries.get(a), app.entries.get(b)
            if ea is not None and eb is not None and ea.loaded and eb.loaded and \
                    ea.group != eb.group and self._forced != (a, b):
                # as `gxtui diff` refuses them: say so; a second c compares anyway (--force)
                self._forced = (a, b)
                self.notify(t("lib.other_agency", a=clean(ea.agency), b=clean(eb.agency)),
                            severity="warning", timeout=8)
                return
            self._forced = None
            self.marked = []
            self._status()
            self.table.invalidate()
            self.post_message(messages.OpenComparison(a, b))
            return
        e = self.current_entry()
        if e is None or not e.loaded or e.error:
            self.notify(t("lib.no_pair"), severity="warning")
            return
        prev = app.neighbour(e, -1)
        if prev is not None:
            self.post_message(messages.OpenComparison(prev.path, e.path))
            return
        nxt = app.neighbour(e, +1)
        if nxt is not None:
            self.post_message(messages.OpenComparison(e.path, nxt.path))
            return
        self.notify(t("lib.no_pair"), severity="warning")

    def action_search(self) -> None:
        from textual.widgets import Input  # noqa: PLC0415 - not needed for the first frame

        boxes = self.query("#lib-filter")
        if boxes:
            box = boxes.first()
        else:
            box = Input(placeholder=t("lib.filter"), id="lib-filter", value=self.filter_text)
            self.mount(box, before=self.query_one(Footer))
        box.remove_class("hidden")
        box.focus()

    def action_close_search(self) -> None:
        """Esc cancels the text filter (box and text), then the rule chosen with F: a filter
        never survives Esc unseen."""
        boxes = self.query("#lib-filter")
        box = boxes.first() if boxes else None
        if box is not None and not box.has_class("hidden"):
            box.add_class("hidden")
            self.table.focus()
        if self.filter_text:
            self.filter_text = ""
            if box is not None:
                with box.prevent(type(box).Changed):
                    box.value = ""
            self.rebuild()
            self._status()
            self.notify(t("lib.filter_cleared"), timeout=2)
            return
        if self.rule_filter:  # Esc also clears the rule chosen in the frequency view
            self.set_rule_filter(None)

    def on_input_changed(self, event) -> None:  # noqa: ANN001
        if event.input.id == "lib-filter":
            self.filter_text = event.value.strip()
            self.rebuild()
            self._status()

    def on_input_submitted(self, event) -> None:  # noqa: ANN001
        if event.input.id == "lib-filter":
            self.table.focus()

    def action_errors_only(self) -> None:
        self.errors_only = not self.errors_only
        self.rebuild()
        self._status()

    def action_sort(self) -> None:
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        self.rebuild()
        self._status()
        self.table.move_cursor(0)

    def action_trend(self) -> None:
        e = self.current_entry()
        if e is None:
            return
        self.post_message(messages.OpenTrend(e.path))

    def action_coverage(self) -> None:
        from gxtui.tui.screens.coverage import CoverageScreen  # noqa: PLC0415

        self.app.push_screen(CoverageScreen([e.path for e in self.app.entries.values()
                                             if e.summary is not None or e.error]))

    # -- the frequency view ------------------------------------------------------------------------
    def action_frequency(self) -> None:
        from gxtui.tui.screens.rules import RulesScreen  # noqa: PLC0415

        def done(rule: str | None) -> None:
            if rule is not None:
                self.set_rule_filter(rule or None)

        self.app.push_screen(RulesScreen(list(self.app.entries.values()), self.rule_filter), done)

    def set_rule_filter(self, rule: str | None) -> None:
        """Show the reports with a finding of ``rule`` (None: all). Choosing a rule drops the
        text filter, so that the two never combine unseen."""
        if rule and self.filter_text:
            self.filter_text = ""
            for box in self.query("#lib-filter"):
                with box.prevent(type(box).Changed):
                    box.value = ""
        self.rule_filter = rule
        self.rebuild()
        self._status()
        self.table.move_cursor(0)

    def export_payload(self):  # noqa: ANN201
        e = self.current_entry()
        if e is None or not e.loaded or e.error:
            return None
        from gxtui.tui.screens.report import report_writers  # noqa: PLC0415

        return report_writers(e)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(t("key.compare"), t("cmd.compare.help"), self.action_compare)
        yield SystemCommand(t("key.filter_errors"), t("cmd.errors.help"), self.action_errors_only)
        yield SystemCommand(t("key.frequency"), t("cmd.frequency.help"), self.action_frequency)
        yield SystemCommand(t("key.sort"), t("lib.sort", key="/".join(t(f"sort.{k}") for k in SORTS)),
                            self.action_sort)
