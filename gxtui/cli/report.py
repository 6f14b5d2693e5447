"""``gxtui report FOLDER… --format md|html|csv [-o OUT] [--force] [--config PATH]``.

Writes the findings report a reviewer hands on: every report's findings with the reviewer's
decisions and notes, orphaned decisions, and a summary ranked by what needs a human first.
Without ``-o`` the report goes to standard output. Reads the review files, never writes them.
"""

from __future__ import annotations

import argparse
import os
import sys

from gxtui.cli.common import safe_text, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write the findings report of a folder, with the reviewers' "
                       "decisions (Markdown, HTML or CSV)")
    p.add_argument("paths", nargs="+", metavar="FOLDER", help="folders (searched recursively) or files")
    p.add_argument("--format", "-f", choices=("md", "html", "csv"), default="md")
    p.add_argument("-o", "--output", help="write to this file (refuses to overwrite without --force)")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument("--config", help="configuration file (default: ./gxtui.toml when present)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gxtui.config import Config, ConfigError  # noqa: PLC0415
    from gxtui.findings_report import FORMATS, collect  # noqa: PLC0415

    lang = getattr(args, "lang", "zh")
    for p in args.paths:
        if not os.path.exists(p):
            sys.stderr.write(f"gxtui: {safe_text(p)}: no such file or folder\n")
            return 2
    if args.output and os.path.exists(args.output) and not args.force:
        sys.stderr.write(f"gxtui: {safe_text(args.output)} exists; use --force to overwrite\n")
        return 2
    try:
        config = Config.load(args.config)
    except ConfigError as e:
        sys.stderr.write(f"gxtui: {safe_text(str(e))}\n")
        return 2
    review = collect(args.paths, config)
    if not review.entries:
        sys.stderr.write("gxtui: no report files found\n")
        return 2
    out = FORMATS[args.format](review, lang)
    if args.output:
        if args.format == "csv":
            out = "\ufeff" + out  # so that spreadsheet programs read the Chinese text as UTF-8
        if not write_output(args.output, out, args.force):
            return 2
        n = len(review.entries)
        sys.stderr.write(f"gxtui: wrote the report on {n} files to {safe_text(args.output)}\n")
        return 0
    sys.stdout.write(safe_text(out) if sys.stdout.isatty() else out)
    return 0
