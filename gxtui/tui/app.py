"""The Textual application: owns the state (every report found, its findings, review status).

Workers never touch widgets: they post messages (``ScanStarted``, ``ReportLoaded``,
``ScanFinished``, ``ComparisonReady``) and the handlers here update the state and tell the
screens. The domain modules (readers, extractor, rules, comparison) are imported inside the
workers, after the first frame, so that start-up costs no more than a bare Textual app; ``gxtui
compare`` gets its comparison from a child process (gxtui.tui.launch.ForkedAudit) and unpickles
it before its first frame (that imports gxtui.audit and gxtui.compare, not the extractor).
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from gxtui.tui import messages as msg
from gxtui.tui.entry import Entry, review_store  # noqa: F401 - review_store: API
from gxtui.tui.i18n import localize, t

KEEP_PARSED_UP_TO = 200  # libraries this small keep parsed reports (opening is instant)
KEEP_REPORTS = 16  # otherwise: the reports opened last
KEEP_COMPARE_SCREENS = 4  # comparison screens kept built: re-opening one only shows it again
FIRST_ROWS_WAIT = 0.5  # seconds the indexer waits at most for the frame showing the first rows
FILE_LIST_WAIT = 0.03  # seconds the first frame waits at most for the file list (else it comes later)
GC_PAUSE_MAX = 3.0  # seconds: the garbage collector paused for the start runs again by then at the latest
EARLY_WAIT = 0.25  # seconds the first frame of ``gxtui compare`` waits at most for its forked comparison


class _Preload:
    """``gxtui compare A B``: both years read and parsed in a thread started with the app, while
    Textual starts (the comparison screen needs them first; the library is indexed later)."""

    def __init__(self, old: str, new: str) -> None:
        import threading  # noqa: PLC0415

        self.paths = (old, new)
        self.reports: tuple[Any, Any] | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        threading.Thread(target=self._run, name="gxtui-preload", daemon=True).start()

    def _run(self) -> None:
        try:
            import gxtui.audit  # noqa: F401, PLC0415 - what the comparison imports next
            from gxtui.extract import load  # noqa: PLC0415

            self.reports = (load(self.paths[0]), load(self.paths[1]))
        except BaseException as e:  # noqa: BLE001 - the comparison worker reports it
            self.error = e
        finally:
            self.done.set()


class _FileList:
    """The report files under the paths (no reader, no parsing), listed in a thread started with
    the app: Textual's own start-up takes longer than listing a usual folder, so the rows are
    in the first frame instead of arriving a few frames later (issue 15)."""

    def __init__(self, paths: list[str]) -> None:
        import threading  # noqa: PLC0415

        self.files: list[str] | None = None  # None: the listing failed (the indexer says why)
        self.scan: Any = None  # the gxtui.files.Scan behind ``files``: the indexer reuses it
        self.done = threading.Event()
        threading.Thread(target=self._run, args=(paths,), name="gxtui-file-list", daemon=True).start()

    def _run(self, paths: list[str]) -> None:
        try:
            from gxtui.files import scan_report_files  # noqa: PLC0415

            self.scan = scan_report_files(paths)
            self.files = list(self.scan.paths)
        except Exception:  # noqa: BLE001 - the indexer scans again and reports what is wrong
            self.files = None
        finally:
            self.done.set()


class GxtuiApp(App[int]):
    CSS_PATH = "gxtui.tcss"
    TITLE = "gxtui"
    ENABLE_COMMAND_PALETTE = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("q", "quit", "key.quit", id="quit"),
        Binding("question_mark", "help", "key.help", key_display="?", id="help"),
        Binding("ctrl+p", "command_palette", "key.palette", show=False, id="palette"),
    ]

    def __init__(self, paths: Iterable[str] = (".",), compare: tuple[str, str] | None = None,
                 config_path: str | None = None, use_cache: bool | None = None,
                 lang: str | None = None, open_single: bool = False, early: Any = None,
                 gc_paused: bool = False, **kw: Any) -> None:
        from gxtui.present.i18n import default_lang  # noqa: PLC0415
        from gxtui.present.i18n import t as text  # noqa: PLC0415

        super().__init__(**kw)
        self.lang = default_lang(lang)  # every t() of the TUI reads it (gxtui.tui.i18n)
        localize(self, self.lang)
        self.paths = [str(p) for p in paths]
        self.compare_paths = compare
        self.open_single = open_single  # one file given: show its report once it is indexed
        self.config_path = config_path
        self.use_cache = use_cache  # None: GXTUI_NO_CACHE decides
        self.config: Any = None
        self.entries: dict[str, Entry] = {}
        self.files: list[str] = []
        self.scan_done = False
        self._comparisons: dict[tuple, Any] = {}  # (old, new, report ids) → result
        self._compare_screens: OrderedDict[tuple, Any] = OrderedDict()  # same key → CompareScreen
        self.scan_stats: Any = None
        self.indexer: Any = None
        self._kept: OrderedDict[str, None] = OrderedDict()  # entries holding a full report
        self._keep_parsed = False
        self._neighbours: dict[tuple[str, int], str] | None = None
        self._pending_open: str | None = None
        self._index_started = not compare  # ``gxtui compare``: indexing waits for the comparison
        self._compared_early = False  # that comparison succeeded (the scan need not redo it)
        self._rows_shown: Any = None  # threading.Event: the first rows are on the screen
        self.sub_title = text("app.title", self.lang)
        self._file_list = None if compare else _FileList(self.paths)
        # ``gxtui compare``: the comparison computed in a forked process (gxtui.tui.launch.ForkedAudit)
        # when the launcher could start one, else both years loaded in a thread
        self._gc_paused = gc_paused
        self._library: Any = None
        self._early = early if compare and early is not None and early.paths == tuple(compare) else None
        self._preload = _Preload(*compare) if compare and self._early is None else None

    # -- screens ---------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        if self.compare_paths:  # straight into the comparison; the library is built on demand
            from gxtui.tui.screens.compare import CompareScreen  # noqa: PLC0415

            return CompareScreen(*self.compare_paths,
                                 before_first_frame=self._early_comparison if self._early else None)
        return self.library

    @property
    def library(self) -> Any:
        """The library screen (``gxtui compare`` builds it only when it is first needed)."""
        if self._library is None:
            from gxtui.tui.screens.library import LibraryScreen  # noqa: PLC0415

            self._library = LibraryScreen()
        return self._library

    def _early_comparison(self) -> None:
        """``gxtui compare`` with a forked comparison (gxtui.tui.launch.ForkedAudit), called by the
        comparison screen once its widgets are mounted, before its first frame: when the child
        has its result within ``EARLY_WAIT`` (usually it has: it started before Textual was
        imported), the screen shows it in that first frame — no loading frame, no second layout;
        else the comparison worker waits for it and the screen says it is loading."""
        early = self._early
        if early is None:
            return
        old, new = self.compare_paths
        got = None
        if early.ready(EARLY_WAIT):
            self._early = None
            got = early.result()
        if got is not None:
            self.on_comparison_ready(msg.ComparisonReady(old, new, *got))
            self.call_after_refresh(self._config_worker)  # gxtui.toml's notice and keymap, after the frame
        else:  # not there yet (the worker waits for it), or the child failed (the worker computes it)
            self._compare_worker(old, None, new, None)

    def _resume_gc(self) -> None:
        """The first data is on screen: the garbage collector the launcher paused for the start
        runs again, the objects alive now (modules, styles, widgets) frozen out of its scans."""
        if self._gc_paused:
            self._gc_paused = False
            import gc  # noqa: PLC0415

            gc.freeze()
            gc.enable()

    def on_mount(self) -> None:
        if self._gc_paused:
            self.set_timer(GC_PAUSE_MAX, self._resume_gc)
        if self.compare_paths:
            # straight into the comparison: compute it first; the library (not on screen) is
            # indexed once it is shown, so the two do not share the GIL (issue 15)
            if self._early is None:
                self._compare_worker(self.compare_paths[0], None, self.compare_paths[1], None)
            # else: the comparison screen, once mounted, takes the forked one (_early_comparison)
        elif self._file_list is not None and self._file_list.done.wait(FILE_LIST_WAIT):
            # listed already: the library screen, mounted next, shows the rows in its first frame
            self.on_files_found(msg.FilesFound(self._file_list.files or []))
        else:
            self._prescan()

    # -- loading -----------------------------------------------------------------------------
    @work(thread=True, group="prescan", exit_on_error=False)
    def _prescan(self) -> None:
        """The file list alone (no reader, no parsing), so that the first frames show the rows;
        the indexer starts once they are drawn (issue 15: it parses holding the GIL, and the
        frame with the rows would wait for it)."""
        listing = self._file_list or _FileList(self.paths)
        listing.done.wait()
        self.post_message(msg.FilesFound(listing.files or []))

    def on_files_found(self, message: msg.FilesFound) -> None:
        if message.files and not self.files and not self.scan_done:
            self._add_files(message.files)
            self.library.scan_started(len(message.files))
        self.call_after_refresh(self._resume_gc)
        self.call_after_refresh(self.load_all)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_all(self) -> None:
        """Index every report (gxtui.library.index.Indexer): cached rows first, then the files whose
        key changed, then cross-year pairs. Runs in a thread; talks to the UI by messages."""
        from textual.worker import get_current_worker  # noqa: PLC0415

        from gxtui.library.index import Indexer  # noqa: PLC0415

        import threading  # noqa: PLC0415

        worker = get_current_worker()
        shown = self._rows_shown = threading.Event()

        def wait_for_rows() -> None:
            """Let the frame with the first rows be drawn before parsing starts: the indexing
            thread holds the GIL while it parses, and the frame would wait for it (issue 15)."""
            shown.wait(FIRST_ROWS_WAIT)

        self._load_config()
        # the file list made at start-up serves the first pass (later passes list the folder again)
        listing, self._file_list = self._file_list, None
        scan = listing.scan if listing is not None and listing.done.is_set() else None
        ix = Indexer(self.paths, self.config, use_cache=self.use_cache, scan=scan)
        self.indexer = ix
        disp = ix.display
        ix.cancelled = lambda: worker.is_cancelled

        def cached(ss: list) -> None:
            first = not shown.is_set()
            self.post_message(msg.CachedRows([(disp(s.path), s) for s in ss]))
            if first:
                wait_for_rows()

        def files(fs: list[str]) -> None:
            self._keep_parsed = len(fs) <= KEEP_PARSED_UP_TO
            first = not shown.is_set()
            self.post_message(msg.ScanStarted(fs))
            if first and fs:
                wait_for_rows()

        ix.on_cached = cached

        def parsed(path: str, report: Any, findings: list) -> None:
            if self._keep_parsed:
                self.post_message(msg.ReportParsed(path, report, findings))

        ix.on_files = files
        ix.on_report = parsed
        ix.on_update = lambda ss: self.post_message(msg.SummariesUpdated([(disp(s.path), s) for s in ss]))
        stats = None
        try:
            stats = ix.run()
        finally:
            self.post_message(msg.ScanFinished(stats))

    @work(thread=True, group="config", exit_on_error=False)
    def _config_worker(self) -> None:
        self._load_config()

    def _load_config(self) -> None:
        """gxtui.toml (once, from a worker thread): a broken file is reported and the defaults used."""
        from gxtui.config import Config, ConfigError  # noqa: PLC0415

        if self.config is not None:
            return
        try:
            config = Config.load(self.config_path)
        except ConfigError as e:
            self.call_from_thread(self.notify, str(e), severity="error")
            config = Config()
        keymap = getattr(config, "keymap", None)  # [keymap] of gxtui.toml: binding id -> keys
        if keymap:
            self.call_from_thread(self.set_keymap, dict(keymap))
        self.config = config

    def _add_files(self, files: list[str]) -> None:
        for f in files:
            if f not in self.entries:
                self.entries[f] = Entry(f)
        self._neighbours = None

    def _set(self, pairs: list) -> list[Entry]:
        out = []
        for path, s in pairs:
            e = self.entries.get(path)
            if e is None:
                e = self.entries[path] = Entry(path)
            e.set_summary(s)
            out.append(e)
        self._neighbours = None
        return out

    def _rows_posted(self) -> None:
        """Rows were handed to the library: once the next frame is drawn, the indexer may go on."""
        ev = self._rows_shown
        if ev is not None and not ev.is_set():
            self.call_after_refresh(ev.set)

    def on_cached_rows(self, message: msg.CachedRows) -> None:
        self._set(message.summaries)
        self.library.entries_changed(None)
        self._rows_posted()

    def on_scan_started(self, message: msg.ScanStarted) -> None:
        self.files = message.files
        keep = set(message.files)
        for p in [p for p in self.entries if p not in keep]:  # cached, but gone from the folder
            del self.entries[p]
        self._add_files(message.files)
        self.library.scan_started(len(message.files))
        self._rows_posted()

    def on_summaries_updated(self, message: msg.SummariesUpdated) -> None:
        changed = self._set(message.summaries)
        for e in changed:
            if e.report is not None and e.summary is not None and e.summary.sha256 != \
                    e.report.source.sha256:
                self._forget(e)  # the file changed: the report in memory is stale
        self.library.entries_changed(changed)

    def on_report_parsed(self, message: msg.ReportParsed) -> None:
        e = self.entries.get(message.path)
        if e is not None and e.report is None:
            e.report, e.findings = message.report, list(message.findings)
            e.own_only = True  # cross-year findings not added yet

    def on_scan_finished(self, message: msg.ScanFinished) -> None:
        self.scan_done = True
        self.scan_stats = message.stats
        self.library.scan_finished()
        if self.compare_paths and not self._compared_early:
            self.start_comparison(*self.compare_paths)
        elif self.open_single and len(self.entries) == 1:
            self.open_single = False
            e = next(iter(self.entries.values()))
            if e.loaded and not e.error:
                self.open_report(e.path)

    # -- memory: full reports only for a few entries ---------------------------------------------
    def _keep(self, e: Entry) -> None:
        self._kept[e.path] = None
        self._kept.move_to_end(e.path)
        open_paths = {getattr(s, "entry", None) and s.entry.path for s in self.screen_stack}
        while len(self._kept) > KEEP_REPORTS:
            victim = next((p for p in self._kept if p not in open_paths), None)
            if victim is None:
                break
            del self._kept[victim]
            v = self.entries.get(victim)
            if v is not None:
                v.report, v.findings = None, []

    def _forget(self, e: Entry) -> None:
        e.report, e.findings = None, []
        self._kept.pop(e.path, None)

    # -- queries -------------------------------------------------------------------------------
    def entry(self, path: str) -> Entry | None:
        return self.entries.get(path)

    def neighbour(self, entry: Entry, step: int = -1) -> Entry | None:
        """The report of the same agency ``step`` years away (default: the previous year)."""
        if entry.summary is None or entry.year is None or entry.error:
            return None
        if self._neighbours is None:
            idx: dict[tuple[str, int], str] = {}
            for e in sorted(self.entries.values(), key=lambda e: e.path):
                if e.summary is not None and e.year is not None and not e.error:
                    idx[(e.group, e.year)] = e.path  # the last path wins, as in plan_pairs
            self._neighbours = idx
        if step == -1 and entry.summary.pair_old and self.indexer is not None:
            prev = self.entries.get(self.indexer.display(entry.summary.pair_old))
            if prev is not None:
                return prev
        p = self._neighbours.get((entry.group, entry.year + step))
        return self.entries.get(p) if p else None

    # -- actions -----------------------------------------------------------------------------
    def open_report(self, path: str) -> None:
        """Show a report: at once when it is in memory, else after loading it in a worker."""
        e = self.entries[path]
        prev = self.neighbour(e, -1)
        if e.report is not None and e.own_only and \
                (prev is None or prev.report is not None):
            try:  # small library, both years parsed by the indexer: add the cross-year findings
                from gxtui.check import check_pair, sort_key  # noqa: PLC0415

                if prev is not None:
                    e.findings = sorted(e.findings + check_pair(prev.report, e.report, self.config),
                                        key=sort_key)
                e.own_only = False
            except Exception:  # noqa: BLE001 - load it properly instead
                self._forget(e)
        if e.report is not None and not e.own_only:
            self._show_report(e)
            return
        self._pending_open = path
        self.notify(t("lib.opening", name=Path(path).name), timeout=2)
        self._load_report(path, prev.path if prev is not None else None)

    def _show_report(self, e: Entry) -> None:
        from gxtui.tui.screens.report import ReportScreen  # noqa: PLC0415

        e.opened = True
        self._keep(e)
        self.library.entries_changed([e])
        self.push_screen(ReportScreen(e))

    @work(thread=True, group="open", exclusive=True, exit_on_error=False)
    def _load_report(self, path: str, previous: str | None) -> None:
        from gxtui.library.index import brief, load_for_view, review_state  # noqa: PLC0415

        e = self.entries.get(path)
        try:
            report, own, cross = load_for_view(path, self.config, previous)
        except Exception as err:  # noqa: BLE001 - shown, never a crash
            why = getattr(err, "message", None) or f"{type(err).__name__}: {err}"
            self.post_message(msg.ReportReady(path, None, [], None, why))
            return
        from gxtui.check import sort_key  # noqa: PLC0415

        summary = None
        if e is not None and e.summary is not None:  # what was opened is what the row shows
            s = e.summary
            if s.sha256 != report.source.sha256 or s.findings != brief(own) or s.cross != brief(cross):
                from dataclasses import replace  # noqa: PLC0415

                from gxtui.library.index import file_key  # noqa: PLC0415

                key = file_key(s.path) or s.key
                summary = review_state(replace(s, size=key[0], mtime_ns=key[1], ino=key[2], ctime_ns=key[3],
                                               sha256=report.source.sha256,
                                               findings=brief(own), cross=brief(cross)))
        self.post_message(msg.ReportReady(path, report, sorted(own + cross, key=sort_key), summary, None))

    def on_report_ready(self, message: msg.ReportReady) -> None:
        e = self.entries.get(message.path)
        if e is None:
            return
        if message.summary is not None:
            e.set_summary(message.summary)
            self.library.entries_changed([e])
        if message.error:
            self.notify(t("lib.unreadable_open", err=message.error), severity="error")
            return
        e.report, e.findings = message.report, message.findings
        e.own_only = False
        if self._pending_open == message.path:
            self._pending_open = None
            self._show_report(e)

    def review_changed(self, entry: Entry, store: Any) -> None:
        """The report screen saved a decision: refresh the row (status, ranking)."""
        from gxtui.library.index import state_from_store  # noqa: PLC0415

        if entry.summary is not None:
            try:
                entry.set_summary(state_from_store(entry.summary, store))
            except Exception:  # noqa: BLE001 - the row keeps its old state
                pass
        self.library.entries_changed([entry])

    def open_comparison(self, old: str, new: str) -> None:
        from gxtui.tui.screens.compare import CompareScreen  # noqa: PLC0415

        eo, en = self.entries.get(old), self.entries.get(new)
        if eo and en and eo.year and en.year and eo.year > en.year:
            old, new = new, old
        key = self._comparison_key(old, new)
        kept = self._compare_screens.get(key) if key is not None else None
        if kept is not None and kept not in self.screen_stack and key in self._comparisons:
            # shown before and nothing changed (same reports in memory): no new screen to build,
            # and the reviewer is back where they left it (issue 15)
            self._compare_screens.move_to_end(key)
            self.push_screen(kept)
            return
        self.push_screen(CompareScreen(old, new))
        if self.scan_done or (self.entries.get(old, Entry(old)).loaded
                              and self.entries.get(new, Entry(new)).loaded):
            self.start_comparison(old, new)

    def _comparison_key(self, old: str, new: str) -> tuple | None:
        eo, en = self.entries.get(old), self.entries.get(new)
        if eo is None or en is None or eo.report is None or en.report is None:
            return None
        return (old, new, id(eo.report), id(en.report))

    def _keep_compare_screen(self, key: tuple, screen: Any) -> None:
        if self._compare_screens.get(key) is screen:
            return
        if not self.is_screen_installed(screen):
            self.install_screen(screen, f"gxtui-compare-{id(screen)}")
        self._compare_screens[key] = screen
        self._compare_screens.move_to_end(key)
        while len(self._compare_screens) > KEEP_COMPARE_SCREENS:
            victim_key = next((k for k, s in self._compare_screens.items() if s not in self.screen_stack), None)
            if victim_key is None:
                break
            victim = self._compare_screens.pop(victim_key)
            self.uninstall_screen(victim)
            victim.remove()

    def start_comparison(self, old: str, new: str) -> None:
        eo, en = self.entries.get(old), self.entries.get(new)
        if eo is None or en is None or not eo.loaded or not en.loaded or eo.error or en.error:
            err = next((f"{Path(e.path).name}: {e.error}" for e in (eo, en) if e and e.error),
                       t("lib.not_ready"))
            self.post_message(msg.ComparisonReady(old, new, None, err))
            return
        key = (old, new, id(eo.report), id(en.report))
        cached = self._comparisons.get(key) if eo.report is not None and en.report is not None else None
        if cached is not None:  # re-opening a comparison needs no recomputation
            self.post_message(msg.ComparisonReady(old, new, cached, None))
            return
        self._compare_worker(eo.path, eo.report, en.path, en.report)

    @work(thread=True, group="compare", exit_on_error=False)
    def _compare_worker(self, old: str, ro: Any, new: str, rn: Any) -> None:
        audit, error = None, None
        early, self._early = self._early, None
        if early is not None and early.paths == (old, new) and ro is None and rn is None:
            self._load_config()  # the notice and keymap of gxtui.toml, while the child works
            got = early.result()
            if got is not None:
                self.post_message(msg.ComparisonReady(old, new, *got))
                return
        try:
            from gxtui.audit import audit_pair  # noqa: PLC0415
            from gxtui.extract import load  # noqa: PLC0415

            pre, self._preload = self._preload, None
            if pre is not None and pre.paths == (old, new) and ro is None and rn is None:
                pre.done.wait()
                if pre.error is not None:
                    raise pre.error
                ro, rn = pre.reports  # type: ignore[misc]
            self._load_config()
            ro = ro if ro is not None else load(old)
            rn = rn if rn is not None else load(new)
            audit = audit_pair(ro, rn, self.config)
        except Exception as e:  # noqa: BLE001
            error = getattr(e, "message", None) or f"{type(e).__name__}: {e}"
        self.post_message(msg.ComparisonReady(old, new, audit, error))

    def on_comparison_ready(self, message: msg.ComparisonReady) -> None:
        from gxtui.tui.screens.compare import CompareScreen  # noqa: PLC0415

        if self.compare_paths and not self._index_started:  # the early comparison is in
            self._compared_early = message.audit is not None
            self._index_started = True
            self.call_after_refresh(self._resume_gc)
            self.call_after_refresh(self._prescan)

        eo, en = self.entries.get(message.old), self.entries.get(message.new)
        if message.audit is not None and eo is not None and en is not None \
                and eo.report is not None and en.report is not None:
            if len(self._comparisons) > 32:
                self._comparisons.clear()
            self._comparisons[(message.old, message.new, id(eo.report), id(en.report))] = message.audit

        for s in self.screen_stack:
            if isinstance(s, CompareScreen) and (s.old_path, s.new_path) == (message.old, message.new):
                s.set_audit(message.audit, message.error)
                key = self._comparison_key(message.old, message.new)
                if message.audit is not None and key is not None and key in self._comparisons \
                        and s is not self.screen_stack[0]:
                    self._keep_compare_screen(key, s)

    # -- what the screens ask for (gxtui.tui.messages) -----------------------------------------
    def on_open_report(self, message: msg.OpenReport) -> None:
        self.open_report(message.path)

    def on_open_comparison(self, message: msg.OpenComparison) -> None:
        self.open_comparison(message.old, message.new)

    def on_open_library(self, message: msg.OpenLibrary) -> None:
        self.action_library()

    def on_decision_saved(self, message: msg.DecisionSaved) -> None:
        e = self.entries.get(message.path)
        if e is not None:
            self.review_changed(e, message.store)

    def on_copy_text(self, message: msg.CopyText) -> None:
        self.copy_text(message.text)

    def on_open_trend(self, message: msg.OpenTrend) -> None:
        self.open_trend(message.path)

    def open_trend(self, path: str) -> None:
        """The trend view of the agency of ``path`` (three or more years needed)."""
        from gxtui.tui.screens.trend import TrendScreen  # noqa: PLC0415

        e = self.entries.get(path)
        if e is None or e.summary is None or e.error:
            self.notify(t("trend.none"), severity="warning")
            return
        years = sorted((x for x in self.entries.values()
                        if x.group == e.group and x.summary is not None and not x.error
                        and x.year is not None), key=lambda x: (x.year, x.path))
        if len({x.year for x in years}) < 3:
            self.notify(t("trend.few", n=len({x.year for x in years})), severity="warning")
            return
        self.push_screen(TrendScreen(e.agency, [x.path for x in years]))

    def action_help(self) -> None:
        from gxtui.tui.screens.help import HelpScreen  # noqa: PLC0415

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_export(self) -> None:
        """Ask for a path and write the current report or comparison (never overwrites)."""
        from gxtui.tui.widgets.export import ExportDialog  # noqa: PLC0415

        payload = getattr(self.screen, "export_payload", lambda: None)()
        if payload is None:
            self.notify(t("exp.nothing"), severity="warning")
            return
        default_name, writers = payload

        def done(path: str | None) -> None:
            if not path:
                return
            self.write_export(path, writers)

        self.push_screen(ExportDialog(default_name, tuple(writers)), done)

    def write_export(self, path: str, writers: dict[str, Callable[[], str]]) -> bool:
        from gxtui.files import write_atomic  # noqa: PLC0415

        ext = Path(path).suffix.lower().lstrip(".")
        if ext not in writers:
            self.notify(t("exp.bad_fmt", ext=ext or "-", fmts=", ".join(writers)), severity="error")
            return False
        try:
            write_atomic(path, writers[ext](), overwrite=False)
        except FileExistsError:
            self.notify(t("exp.exists", path=path), severity="error")
            return False
        except OSError as e:
            self.notify(t("exp.failed", err=e.strerror or str(e)), severity="error")
            return False
        self.last_export = path
        full = Path(path).resolve()  # the name on a line of its own: a toast never cuts it
        self.notify(t("exp.ok", name=full.name, dir=str(full.parent)))
        return True

    def copy_text(self, text: str) -> None:
        self.copy_to_clipboard(text)
        short = text if len(text) <= 60 else text[:57] + "..."
        self.notify(t("rep.copied", text=short))

    # -- command palette -------------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from gxtui.tui.screens.library import LibraryScreen  # noqa: PLC0415

        yield SystemCommand(t("key.help"), t("cmd.help.help"), self.action_help)
        if not isinstance(screen, LibraryScreen):
            yield SystemCommand(t("cmd.library"), t("cmd.library.help"), self.action_library)
        if getattr(screen, "export_payload", lambda: None)() is not None:
            yield SystemCommand(t("key.export"), t("cmd.export.help"), self.action_export)
        extra = getattr(screen, "palette_commands", None)
        if extra:
            yield from extra()
        # Textual's own commands (Keys, Maximize, Screenshot, Theme…) are English and not
        # gxtui's: the palette lists gxtui's commands only, and quitting
        yield SystemCommand(t("key.quit"), t("key.quit"), self.action_quit)

    def action_library(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if self.screen is not self.library:  # started as `gxtui compare`: library on top
            self.push_screen(self.library)
