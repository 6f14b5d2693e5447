"""``gxtui [PATH...]``: the terminal UI on a library of reports (the default command)."""

from __future__ import annotations

import click

from gxtui.cli.common import Options, command


@command("tui", help="the terminal UI: library of every report found (default: this folder)")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
def command(opts: Options, paths: tuple[str, ...]) -> int:  # noqa: F811
    from gxtui.tui.launch import run  # noqa: PLC0415 - Textual only when the TUI is wanted

    return run(list(paths) or ["."], None, opts.lang, opts.config_path)
