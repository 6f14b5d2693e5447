"""``gxtui peers PATH... [--format text|json|csv] [-o OUT|-] [--force]``: peer benchmarks.

Per year and report kind (department / government, format.md §6.8) each ratio of
``gxtui/templates/ratios.toml`` as P25/P50/P75 (linear interpolation) with n, the number of
reports where it is defined; then the B-1 findings (agencies far outside their peers, only where
n >= ``[rules.B-1] min_n``). JSON: ``gxtui schema peers``. Exit 0 written, 2 no
report file found, unusable config or output.
"""

from __future__ import annotations

import sys

from gxtui.cli.common import Options, command, folder_options, read_folder, write_output
from gxtui.present.terminal import terminal_width


@command("peers", help="peer benchmarks: P25/P50/P75 and n of each ratio per year and report kind")
@folder_options
def command(opts: Options, paths: tuple[str, ...], fmt: str, output: str | None, force: bool,  # noqa: F811
            width: int | None) -> int:
    from gxtui.analytics.peers import benchmark_reports, peer_findings  # noqa: PLC0415

    got = read_folder(opts, paths)
    if got is None:
        return 2
    config, folder = got
    bench = benchmark_reports(folder.reports)
    found = peer_findings(bench, config)
    if fmt == "json":
        from gxtui.present.schema import peers as as_json  # noqa: PLC0415
        from gxtui.present.text import dumps_json  # noqa: PLC0415

        out = dumps_json(as_json(bench, found)) + "\n"
    elif fmt == "csv":
        out = bench.to_csv()
    else:
        from gxtui.present.folder_text import peers_text  # noqa: PLC0415
        from gxtui.present.i18n import t  # noqa: PLC0415

        out = peers_text(bench, opts.lang, terminal_width(sys.stdout, width))
        from gxtui.rules.peers import settings  # noqa: PLC0415

        min_n = int(settings(config)["min_n"])
        out += "\n" + t("peers.outliers", opts.lang, n=len(found), min_n=min_n) + "\n"
        for f in found:
            out += f"  B-1 {f.path}\n    {f.text(opts.lang)}\n"
    return 0 if write_output(output, out, force, always_safe=fmt != "json") else 2
