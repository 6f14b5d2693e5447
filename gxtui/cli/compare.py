"""``gxtui compare OLD NEW``: the terminal UI, straight into the side-by-side comparison."""

from __future__ import annotations

import click

from gxtui.cli.common import Options, command


@command("compare", help="the terminal UI on the comparison of two years of one agency")
@click.argument("old")
@click.argument("new")
def command(opts: Options, old: str, new: str) -> int:  # noqa: F811
    from gxtui.tui.launch import run  # noqa: PLC0415 - Textual only when the TUI is wanted

    return run([old, new], (old, new), opts.lang, opts.config_path)
