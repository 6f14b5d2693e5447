"""``gxtui coverage PATH... [--format text|json|csv] [-o OUT|-] [--force]``: who has published.

The agency × year matrix of every report under the paths (``gxtui.analytics.coverage``): present,
late (after the D-1 deadline of the config), unreadable, missing — with counts per year. JSON:
``{"format_version", "years": [2020, …], "agencies": [{"agency", "years": {"2021": {"status",
"path"}}}], "counts", "unplaced"}`` (``gxtui schema coverage``). Exit 0 written, 2 no report file
found, unusable config or output.
"""

from __future__ import annotations

import sys

import click

from gxtui.cli.common import Options, command, write_output
from gxtui.present.terminal import progress_callback, terminal_width
from gxtui.present.text import safe_text


@command("coverage", help="who has published: agency x year matrix (present, late, unreadable, "
         "missing) with counts per year")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json", "csv")), default="text")
@click.option("-o", "--output", metavar="OUT", help="write to this file (- : standard output); "
              "refuses to overwrite without --force")
@click.option("--force", is_flag=True, help="overwrite an existing output file")
@click.option("--width", type=int, default=None, help="text width (default: the terminal's, else 80)")
def command(opts: Options, paths: tuple[str, ...], fmt: str, output: str | None, force: bool,  # noqa: F811
            width: int | None) -> int:
    from gxtui.analytics.coverage import coverage_of_reports  # noqa: PLC0415
    from gxtui.analytics.folder import load_folder, report_files  # noqa: PLC0415

    config = opts.config()
    if config is None:
        return 2
    if not report_files(paths):
        sys.stderr.write("gxtui: no report files found in " + safe_text(" ".join(paths)) + "\n")
        return 2
    with progress_callback(sys.stderr) as step:
        folder = load_folder(paths, step)
    cov = coverage_of_reports(folder.reports, [u.path for u in folder.unreadable], config)
    if fmt == "json":
        from gxtui.present.schema import coverage as as_json  # noqa: PLC0415
        from gxtui.present.text import dumps_json  # noqa: PLC0415

        out = dumps_json(as_json(cov)) + "\n"
    elif fmt == "csv":
        out = cov.to_csv()
    else:
        from gxtui.analytics.text import coverage_text  # noqa: PLC0415

        out = coverage_text(cov, opts.lang, terminal_width(sys.stdout, width))
    return 0 if write_output(output, out, force, always_safe=fmt != "json") else 2
