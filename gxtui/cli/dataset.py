"""``gxtui dataset PATH... -o DIR [--jobs N]``: every report, cell, finding and decision of a folder as
Parquet (polars) for analysts — ``reports.parquet``, ``cells.parquet``, ``findings.parquet``,
``decisions.parquet`` in the vocabulary of ``gxtui export`` (schema: README, "A dataset for
analysts"; ``gxtui.analytics.dataset``).

Incremental: run it again on the same DIR and only the files whose path, size or mtime changed
(or a new gxtui version or config) are read again. One line on stderr says what was done.
Exit 0 written, 2 no report file found, unusable config or an unwritable DIR.
"""

from __future__ import annotations

import os
import sys

import click

from gxtui.cli.common import Options, command
from gxtui.present.terminal import progress_callback
from gxtui.present.text import safe_text


@command("dataset", help="write the folder as Parquet (reports, cells, findings, decisions) "
         "into DIR, incrementally")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-o", "--output", "out_dir", required=True, metavar="DIR",
              help="folder of the Parquet files (created if missing; updated in place)")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, metavar="N",
              help="read files and check pairs in N processes")
def command(opts: Options, paths: tuple[str, ...], out_dir: str, jobs: int) -> int:  # noqa: F811
    from gxtui.analytics.dataset import FILES, build  # noqa: PLC0415
    from gxtui.cli.common import scan_files  # noqa: PLC0415
    from gxtui.present.i18n import t  # noqa: PLC0415

    config = opts.config()
    if config is None:
        return 2
    if out_dir == "-":
        sys.stderr.write("gxtui: dataset writes Parquet files into a folder, not to standard output\n")
        return 2
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        sys.stderr.write(f"gxtui: {safe_text(out_dir)}: not a folder\n")
        return 2
    if not scan_files(paths, opts.lang):
        sys.stderr.write("gxtui: no report files found in " + safe_text(" ".join(paths)) + "\n")
        return 2
    try:
        with progress_callback(sys.stderr) as step:
            stats = build(paths, out_dir, config, step, jobs=jobs)
    except OSError as e:
        sys.stderr.write(f"gxtui: cannot write {safe_text(out_dir)}: {e.strerror or e}\n")
        return 2
    sys.stderr.write("gxtui: " + t("dataset.done", opts.lang, files=stats.files, read=stats.read,
                                   reused=stats.reused, removed=stats.removed, pairs=stats.pairs,
                                   out=safe_text(out_dir), names=", ".join(f"{n}.parquet" for n in FILES))
                     + "\n")
    return 0
