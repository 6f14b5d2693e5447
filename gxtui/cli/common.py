"""What the subcommands share: the global options, loading with a one-line error, the config,
output to a file or to standard output (``-o -``)."""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable, Iterable

import click

from gxtui.model import Report
from gxtui.present.i18n import LANGS, default_lang
from gxtui.present.text import safe_text

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A global option: a value given after the subcommand overrides one given before."""
    store = ctx.find_root().meta.setdefault("gxtui", {})
    if value is not None and value is not False:
        store[param.name] = value
    return value


def global_options(fn: Callable) -> Callable:
    """``--lang``, ``--config``, ``--no-color``: on the group and on every subcommand."""
    fn = click.option("--no-color", is_flag=True, default=False, expose_value=False,
                      callback=_remember, help="no colour (also: NO_COLOR set)")(fn)
    fn = click.option("--config", metavar="PATH", expose_value=False, callback=_remember,
                      help="gxtui.toml with rule settings (default: ./gxtui.toml if present)")(fn)
    fn = click.option("--lang", type=click.Choice(LANGS), expose_value=False, callback=_remember,
                      help="language of messages (default: GXTUI_LANG or zh)")(fn)
    return fn


class Options:
    """The global options in effect for this command."""

    def __init__(self, ctx: click.Context) -> None:
        g = ctx.find_root().meta.get("gxtui", {})
        self.lang: str = default_lang(g.get("lang"))
        self.config_path: str | None = g.get("config")
        self.no_color: bool = bool(g.get("no_color"))

    def config(self) -> Any:
        """The configuration, or None after printing why it is unusable (one line)."""
        from gxtui.audit import load_config  # noqa: PLC0415
        from gxtui.config import ConfigError  # noqa: PLC0415

        try:
            return load_config(self.config_path)
        except ConfigError as e:
            sys.stderr.write(f"gxtui: {safe_text(str(e))}\n")
            return None


def command(name: str, **kw: Any) -> Callable:
    """A subcommand with the global options; the callback receives ``opts`` first."""
    def deco(fn: Callable) -> click.Command:
        @functools.wraps(fn)
        def run(**params: Any) -> int:
            return fn(Options(click.get_current_context()), **params)
        return click.command(name, context_settings={"help_option_names": ["-h", "--help"]},
                             **kw)(global_options(run))
    return deco


def write_output(path: str | None, text: str, force: bool, *, always_safe: bool = False) -> bool:
    """``-o PATH``: write atomically, refusing to overwrite unless ``force``; ``-o -`` or no
    ``-o``: standard output (terminal-safe when it is a terminal). On failure print one line
    (``gxtui: …``) and return False. ``always_safe``: make the text terminal-safe on any standard
    output (CSV has no escape syntax of its own)."""
    if path in (None, "-"):
        sys.stdout.write(safe_text(text) if always_safe or sys.stdout.isatty() else text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        return True
    from gxtui.files import write_atomic  # noqa: PLC0415

    try:
        write_atomic(path, text, overwrite=force)
    except FileExistsError as e:
        sys.stderr.write(f"gxtui: {safe_text(str(e))}\n")
        return False
    except OSError as e:
        sys.stderr.write(f"gxtui: cannot write {safe_text(path)}: {e.strerror or e}\n")
        return False
    return True


def load_or_fail(path: str, lang: str) -> Report | None:
    """Load a report; on failure print ``gxtui: PATH: reason`` (one line) and return None."""
    from gxtui.extract import load  # noqa: PLC0415
    from gxtui.isolate import DEFAULT_TIMEOUT, TimeLimit, time_limit  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415
    from gxtui.read.errors_zh import localize  # noqa: PLC0415

    try:
        with time_limit(DEFAULT_TIMEOUT):  # a file the reader spends forever on is stopped
            return load(path)
    except (ReadError, TimeLimit) as e:
        msg = e.message if isinstance(e, ReadError) else str(e)
        sys.stderr.write(f"gxtui: {safe_name(path)}: {safe_text(localize(msg, lang), one_line=True)}\n")
        return None


def load_all(paths: Iterable[Any], lang: str) -> list[Report]:
    """Every readable report among ``paths`` (unreadable ones: one line each on stderr)."""
    out = []
    for f in paths:
        r = load_or_fail(str(f), lang)
        if r is not None:
            out.append(r)
    return out


def output_options(fn: Callable) -> Callable:
    """``-o/--output OUT`` (``-`` : standard output) and ``--force``."""
    fn = click.option("--force", is_flag=True, help="overwrite an existing output file")(fn)
    return click.option("-o", "--output", metavar="OUT", help="write to this file (- : standard "
                        "output); refuses to overwrite without --force")(fn)


def folder_options(fn: Callable) -> Callable:
    """What the folder views share (coverage, peers): PATH..., the format, -o, --width."""
    fn = click.option("--width", type=int, default=None,
                      help="text width (default: the terminal's, else 80)")(fn)
    fn = output_options(fn)
    fn = click.option("--format", "-f", "fmt", type=click.Choice(("text", "json", "csv")),
                      default="text")(fn)
    return click.argument("paths", nargs=-1, required=True, metavar="PATH...")(fn)


def read_folder(opts: "Options", paths: Iterable[str]) -> tuple[Any, Any] | None:
    """(config, ``gxtui.analytics.folder.Folder``) of every report under ``paths``, with a
    progress bar on a terminal; None after one line on stderr (bad config, no report file)."""
    from gxtui.analytics.folder import load_folder  # noqa: PLC0415
    from gxtui.present.terminal import progress_callback  # noqa: PLC0415

    config = opts.config()
    if config is None:
        return None
    paths = list(paths)
    files = scan_files(paths, opts.lang)
    if not files:
        sys.stderr.write("gxtui: no report files found in " + safe_text(" ".join(paths)) + "\n")
        return None
    with progress_callback(sys.stderr) as step:  # the files of the one scan: the folder is walked once
        return config, load_folder(files, step)


def safe_name(path: object) -> str:
    """A file name for a line of text: terminal-safe, a newline in it shown as ``\\n``."""
    return safe_text(str(path), one_line=True)


def limit_options(fn: Callable) -> Callable:
    """``--timeout``, ``--memory`` (each file read and checked in a limited worker process,
    ``gxtui.isolate``) and ``--follow-links`` (folder scans)."""
    from gxtui.isolate import DEFAULT_MEMORY, DEFAULT_TIMEOUT  # noqa: PLC0415

    fn = click.option("--follow-links", is_flag=True,
                      help="follow symbolic links that lead out of a folder (default: list and skip them)")(fn)
    fn = click.option("--memory", type=click.IntRange(min=0), default=DEFAULT_MEMORY >> 20, metavar="MB",
                      show_default=True, help="memory limit per file, in MB (0: none)")(fn)
    fn = click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, metavar="SECONDS",
                      show_default=True, help="time limit per file: a file taking longer is stopped "
                      "and reported (0: none)")(fn)
    return fn


def scan_files(paths: Iterable[str], lang: str) -> list[Any]:
    """The report files under ``paths`` (``gxtui.files.scan_report_files``), after one line on
    standard error for each file the scan left out: no folder command drops a file silently."""
    from gxtui.files import scan_report_files  # noqa: PLC0415

    scan = scan_report_files(paths)
    report_skipped(scan.skipped, lang)
    return scan.files


def report_skipped(skipped: list[tuple[str, str]], lang: str) -> None:
    """What a folder scan left out (gxtui's own reports, links out of the folder): one line each
    on standard error."""
    from gxtui.files import SKIP_LINK_OUT, SKIP_OWN  # noqa: PLC0415
    from gxtui.present.i18n import t  # noqa: PLC0415

    keys = {SKIP_OWN: "report.skip_own", SKIP_LINK_OUT: "report.skip_link_out"}
    for path, reason in skipped:
        why = t(keys[reason], lang) if reason in keys else reason
        sys.stderr.write(f"gxtui: {t('check.skipped', lang, path=safe_name(path), reason=safe_text(why, one_line=True))}\n")
