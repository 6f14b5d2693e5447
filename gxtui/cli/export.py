"""``gxtui export FILE --format json|toml|csv [-o OUT]``."""

from __future__ import annotations

import argparse
import sys

from gxtui.cli.common import load_or_fail, safe_text, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export one report's canonical model (JSON, TOML or CSV)")
    p.add_argument("file")
    p.add_argument("--format", "-f", choices=("json", "toml", "csv"), default="json")
    p.add_argument("-o", "--output", help="write to this file (refuses to overwrite without --force)")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gxtui.export import FORMATS  # noqa: PLC0415
    report = load_or_fail(args.file)
    if report is None:
        return 2
    out = FORMATS[args.format](report)
    if args.output:
        return 0 if write_output(args.output, out, args.force) else 2
    # JSON and TOML are already escaped; CSV has no escape syntax, so controls become visible
    sys.stdout.write(safe_text(out) if args.format == "csv" or sys.stdout.isatty() else out)
    if not out.endswith("\n"):
        sys.stdout.write("\n")
    return 0
