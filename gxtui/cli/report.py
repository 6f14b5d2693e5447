"""``gxtui report FOLDER… --format md|html|csv [-o OUT|-] [--force]``.

Writes the findings report a reviewer hands on: every report's findings (own and cross-year,
counted as ``gxtui check`` counts them) with the reviewer's decisions and notes, orphaned
decisions, and a summary ranked by what needs a human first. Without ``-o`` (or with ``-o -``)
the report goes to standard output. Reads the review files, never writes them. Exit 0 written,
2 unusable input or output.
"""

from __future__ import annotations

import os
import sys

import click

from gxtui.cli.common import Options, command, limit_options, output_options, report_skipped, safe_name, write_output
from gxtui.present.text import safe_text


@command("report", help="write the findings report of a folder, with the reviewers' decisions "
         "(Markdown, HTML or CSV)")
@click.argument("paths", nargs=-1, required=True, metavar="FOLDER...")
@click.option("--format", "-f", "fmt", type=click.Choice(("md", "html", "csv")), default="md")
@output_options
@click.option("--no-cross-year", is_flag=True, help="do not run the cross-year rules")
@click.option("--no-peers", is_flag=True, help="do not run the peer benchmark rule (B-1)")
@limit_options
def command(opts: Options, paths: tuple[str, ...], fmt: str, output: str | None,  # noqa: F811
            force: bool, no_cross_year: bool, no_peers: bool, timeout: float, memory: int,
            follow_links: bool) -> int:
    from gxtui.present.findings_report import FORMATS, collect  # noqa: PLC0415

    for p in paths:
        if not os.path.exists(p):
            sys.stderr.write(f"gxtui: {safe_name(p)}: no such file or folder\n")
            return 2
    to_file = output not in (None, "-")
    if to_file and os.path.exists(output) and not force:  # type: ignore[arg-type]
        sys.stderr.write(f"gxtui: {safe_name(output)} exists; use --force to overwrite\n")
        return 2
    config = opts.config()
    if config is None:
        return 2
    review = collect(paths, config, cross_year=not no_cross_year, peers=not no_peers, isolate=True,
                     follow_links=follow_links, timeout=timeout, mem=memory << 20)
    report_skipped(review.skipped, opts.lang)
    if not review.entries:
        sys.stderr.write("gxtui: no report files found\n")
        return 2
    out = FORMATS[fmt](review, opts.lang)
    if to_file and fmt == "csv":
        out = "\ufeff" + out  # so that spreadsheet programs read the Chinese text as UTF-8
    if not write_output(output, out, force):
        return 2
    if to_file:
        sys.stderr.write(f"gxtui: wrote the report on {len(review.entries)} files to "
                         f"{safe_name(output)}\n")
    return 0
