"""``gxtui coverage PATH... [--format text|json|csv] [-o OUT|-] [--force]``: who has published.

The agency × year matrix of every report under the paths (``gxtui.analytics.coverage``): present,
late (after the D-1 deadline of the config), unreadable, missing — with counts per year. JSON:
``{"format_version", "years": [2020, …], "agencies": [{"agency", "years": {"2021": {"status",
"path"}}}], "counts", "unplaced"}`` (``gxtui schema coverage``). Exit 0 written, 2 no report file
found, unusable config or output.
"""

from __future__ import annotations

import sys

from gxtui.cli.common import Options, command, folder_options, read_folder, write_output
from gxtui.present.terminal import terminal_width


@command("coverage", help="who has published: agency x year matrix (present, late, unreadable, "
         "missing) with counts per year")
@folder_options
def command(opts: Options, paths: tuple[str, ...], fmt: str, output: str | None, force: bool,  # noqa: F811
            width: int | None) -> int:
    from gxtui.analytics.coverage import coverage_of_reports  # noqa: PLC0415

    got = read_folder(opts, paths)
    if got is None:
        return 2
    config, folder = got
    cov = coverage_of_reports(folder.reports, [u.path for u in folder.unreadable], config)
    if fmt == "json":
        from gxtui.present.schema import coverage as as_json  # noqa: PLC0415
        from gxtui.present.text import dumps_json  # noqa: PLC0415

        out = dumps_json(as_json(cov)) + "\n"
    elif fmt == "csv":
        out = cov.to_csv()
    else:
        from gxtui.present.folder_text import coverage_text  # noqa: PLC0415

        out = coverage_text(cov, opts.lang, terminal_width(sys.stdout, width))
    return 0 if write_output(output, out, force, always_safe=fmt != "json") else 2
