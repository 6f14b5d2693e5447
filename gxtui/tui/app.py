"""The Textual application: owns the state (every report found, its findings, review status).

Workers never touch widgets: they post messages (``ScanStarted``, ``ReportLoaded``,
``ScanFinished``, ``ComparisonReady``) and the handlers here update the state and tell the
screens. The domain modules (readers, extractor, rules, comparison) are imported inside the
workers, after the first frame, so that start-up costs no more than a bare Textual app.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen

from gxtui.tui.i18n import t

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Finding, Report


def localize(node: DOMNode) -> None:
    """Replace the i18n keys used as binding descriptions by text in the current language."""
    keys = node._bindings.key_to_bindings
    for key, bindings in list(keys.items()):
        keys[key] = [dataclasses.replace(b, description=t(b.description),
                                         tooltip=t(b.tooltip) if b.tooltip else "")
                     if b.description.startswith("key.") else b for b in bindings]


@dataclass
class Entry:
    """One file of the library and what is known about it."""

    path: str
    report: "Report | None" = None
    error: str | None = None
    findings: "list[Finding]" = field(default_factory=list)
    loaded: bool = False
    opened: bool = False
    reviewed: bool = False
    decided: int = 0  # findings with a reviewer decision (from the review sidecar)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def status(self) -> str:
        if not self.loaded:
            return "loading"
        if self.error:
            return "unreadable"
        if self.reviewed:
            return "reviewed"
        if self.opened or self.decided:
            return "review"
        return "unread"

    @property
    def agency(self) -> str:
        if self.report and self.report.agency:
            return self.report.agency
        return Path(self.path).stem

    @property
    def year(self) -> int | None:
        return self.report.year if self.report else None


# -- messages posted by workers ------------------------------------------------------------
class ScanStarted(Message):
    def __init__(self, files: list[str]) -> None:
        super().__init__()
        self.files = files


class ReportLoaded(Message):
    def __init__(self, path: str, report: Any, findings: list, error: str | None,
                 reviewed: bool = False, decided: int = 0) -> None:
        super().__init__()
        self.path, self.report, self.findings, self.error = path, report, findings, error
        self.reviewed, self.decided = reviewed, decided


class ScanFinished(Message):
    pass


class ComparisonReady(Message):
    def __init__(self, old: str, new: str, comparison: Any, findings: list,
                 error: str | None) -> None:
        super().__init__()
        self.old, self.new, self.comparison, self.findings, self.error = (
            old, new, comparison, findings, error)


def review_store(path: str, sha256: str) -> Any:
    """The review sidecar of ``path`` (gxtui.review), or None when that module is absent."""
    try:
        from gxtui import review  # noqa: PLC0415
    except ImportError:
        return None
    return review.ReviewStore.for_report(path, sha256)


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
                 config_path: str | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        localize(self)
        self.paths = [str(p) for p in paths]
        self.compare_paths = compare
        self.config_path = config_path
        self.config: Any = None
        self.entries: dict[str, Entry] = {}
        self.files: list[str] = []
        self.scan_done = False
        self.sub_title = t("app.title")

    # -- screens ---------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        from gxtui.tui.screens.library import LibraryScreen  # noqa: PLC0415

        self.library = LibraryScreen()
        if self.compare_paths:  # straight into the comparison; the library is built on demand
            from gxtui.tui.screens.compare import CompareScreen  # noqa: PLC0415

            return CompareScreen(*self.compare_paths)
        return self.library

    def on_mount(self) -> None:
        self.call_after_refresh(self.load_all)

    # -- loading -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_all(self) -> None:
        from gxtui.check import check_report  # noqa: PLC0415
        from gxtui.config import Config, ConfigError  # noqa: PLC0415
        from gxtui.extract import load  # noqa: PLC0415
        from gxtui.files import iter_report_files  # noqa: PLC0415
        from gxtui.read import ReadError  # noqa: PLC0415

        try:
            self.config = Config.load(self.config_path)
        except ConfigError as e:
            self.call_from_thread(self.notify, str(e), severity="error")
            self.config = Config()
        files = [str(p) for p in iter_report_files(self.paths)]
        self.post_message(ScanStarted(files))
        for f in files:
            report, findings, error = None, [], None
            try:
                report = load(f)
            except ReadError as e:
                error = e.message
            except Exception as e:  # noqa: BLE001 - one bad file must not stop the library
                error = f"{type(e).__name__}: {e}"
            if report is not None:
                try:
                    findings = check_report(report, self.config)
                except Exception as e:  # noqa: BLE001
                    error = f"check failed: {type(e).__name__}: {e}"
            reviewed, decided = False, 0
            if report is not None:
                try:
                    store = review_store(f, report.source.sha256)
                    if store is not None:
                        reviewed = bool(getattr(store, "reviewed", False))
                        decided = sum(1 for x in findings if store.decision(x.fingerprint))
                except Exception:  # noqa: BLE001 - a broken sidecar is reported when opened
                    pass
            self.post_message(ReportLoaded(f, report, findings, error, reviewed, decided))
        self.post_message(ScanFinished())

    def on_scan_started(self, message: ScanStarted) -> None:
        self.files = message.files
        for f in message.files:
            self.entries.setdefault(f, Entry(f))
        self.library.scan_started(len(message.files))

    def on_report_loaded(self, message: ReportLoaded) -> None:
        e = self.entries.setdefault(message.path, Entry(message.path))
        e.report, e.findings, e.error, e.loaded = (message.report, message.findings,
                                                  message.error, True)
        e.reviewed, e.decided = message.reviewed, message.decided
        self.library.entry_updated(e)

    def on_scan_finished(self, message: ScanFinished) -> None:
        self.scan_done = True
        self.library.scan_finished()
        if self.compare_paths:
            self.start_comparison(*self.compare_paths)

    # -- queries -------------------------------------------------------------------------------
    def entry(self, path: str) -> Entry | None:
        return self.entries.get(path)

    def neighbour(self, entry: Entry, step: int = -1) -> Entry | None:
        """The report of the same agency ``step`` years away (default: the previous year)."""
        if entry.report is None or entry.year is None:
            return None
        from gxtui.normalize import compact  # noqa: PLC0415

        want = entry.year + step
        for e in self.entries.values():
            if e.report is not None and e.year == want and compact(e.agency) == compact(entry.agency):
                return e
        return None

    # -- actions -----------------------------------------------------------------------------
    def open_report(self, path: str) -> None:
        from gxtui.tui.screens.report import ReportScreen  # noqa: PLC0415

        e = self.entries[path]
        e.opened = True
        self.library.entry_updated(e)
        self.push_screen(ReportScreen(e))

    def open_comparison(self, old: str, new: str) -> None:
        from gxtui.tui.screens.compare import CompareScreen  # noqa: PLC0415

        eo, en = self.entries.get(old), self.entries.get(new)
        if eo and en and eo.year and en.year and eo.year > en.year:
            old, new = new, old
        self.push_screen(CompareScreen(old, new))
        if self.scan_done or (self.entries.get(old, Entry(old)).loaded
                              and self.entries.get(new, Entry(new)).loaded):
            self.start_comparison(old, new)

    def start_comparison(self, old: str, new: str) -> None:
        eo, en = self.entries.get(old), self.entries.get(new)
        if eo is None or en is None or eo.report is None or en.report is None:
            err = next((f"{Path(e.path).name}: {e.error}" for e in (eo, en) if e and e.error),
                       t("lib.not_ready"))
            self.post_message(ComparisonReady(old, new, None, [], err))
            return
        self._compare_worker(eo, en)

    @work(thread=True, group="compare", exit_on_error=False)
    def _compare_worker(self, eo: Entry, en: Entry) -> None:
        comparison, findings, error = None, [], None
        try:
            from gxtui.compare import compare  # noqa: PLC0415

            comparison = compare(eo.report, en.report, self.config)
            findings = list(getattr(comparison, "findings", None) or [])
            if not findings:
                from gxtui.check import check_pair  # noqa: PLC0415

                findings = check_pair(eo.report, en.report, self.config)
        except ImportError:
            error = t("cmp.unavailable")
        except Exception as e:  # noqa: BLE001
            error = f"{type(e).__name__}: {e}"
        self.post_message(ComparisonReady(eo.path, en.path, comparison, findings, error))

    def on_comparison_ready(self, message: ComparisonReady) -> None:
        from gxtui.tui.screens.compare import CompareScreen  # noqa: PLC0415

        for s in self.screen_stack:
            if isinstance(s, CompareScreen) and (s.old_path, s.new_path) == (message.old, message.new):
                s.set_comparison(message.comparison, message.findings, message.error)

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
        self.notify(t("exp.ok", path=path))
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
        yield from super().get_system_commands(screen)

    def action_library(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if self.screen is not self.library:  # started as `gxtui compare`: library on top
            self.push_screen(self.library)
