"""``gxtui trend FOLDER --agency NAME [--plot] [--format text|json]``: one agency's key figures
year by year — a table of numbers, or with ``--plot`` the charts of ``gxtui.analytics.series``
(applications received, disclosed share, corrected share in review/litigation, carried over,
fees) drawn by plotext: ASCII frame, lines told apart by marker, the values and the reason for
every gap printed under each chart, so they read at 80 columns and without colour. Exit 0 shown,
2 unusable input or agency not found / ambiguous."""

from __future__ import annotations

import sys

import click

from gxtui.cli.common import Options, command
from gxtui.present.terminal import terminal_width, use_color
from gxtui.present.terminal import width as width_of
from gxtui.present.i18n import t
from gxtui.present.text import dumps_json, safe_text


@command("trend", help="one agency's key figures across years")
@click.argument("folder")
@click.option("--agency", "-a", required=True, help="agency name (or file-name stem)")
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text")
@click.option("--plot", is_flag=True, help="(text output) draw the charts in the terminal")
@click.option("--width", type=int, default=None, help="chart width (default: the terminal's, else 80)")
def command(opts: Options, folder: str, agency: str, fmt: str, plot: bool,  # noqa: F811
            width: int | None) -> int:
    from gxtui.cli.common import load_all  # noqa: PLC0415
    from gxtui.compare.pairing import group_series, matches_agency  # noqa: PLC0415
    from gxtui.compare.trend import trend  # noqa: PLC0415
    from gxtui.cli.common import scan_files  # noqa: PLC0415

    if opts.config() is None:  # trend reads no setting, but a broken config is never ignored
        return 2
    lang = opts.lang
    zh = lang == "zh"
    series = group_series(load_all(scan_files([folder], lang), lang))
    hits = [s for s in series if matches_agency(s, agency)]
    if not hits:
        names = "、".join(s.display() for s in series) or "-"
        sys.stderr.write(safe_text("gxtui: " + t("trend.not_found", lang, agency=agency, names=names)) + "\n")
        return 2
    if len(hits) > 1:
        exact = [s for s in hits if s.display() == agency]
        if len(exact) != 1:
            names = "、".join(s.display() for s in hits)
            sys.stderr.write(safe_text("gxtui: " + t("trend.ambiguous", lang, names=names)) + "\n")
            return 2
        hits = exact
    if plot and fmt == "text":
        from gxtui.analytics.plot import render  # noqa: PLC0415
        from gxtui.analytics.series import agency_charts  # noqa: PLC0415

        color = use_color(sys.stdout, opts.no_color)
        out = render(agency_charts(hits[0]), lang, min(terminal_width(sys.stdout, width), 160),
                     color=color)
        sys.stdout.write(safe_text(out))
        return 0
    tr = trend(hits[0])
    if fmt == "json":
        from gxtui.present.schema import trend as trend_dict  # noqa: PLC0415

        out = dumps_json(trend_dict(tr))
        sys.stdout.write((safe_text(out) if sys.stdout.isatty() else out) + "\n")
        return 0
    from rich.table import Table  # noqa: PLC0415

    from gxtui.present.terminal import Lines  # noqa: PLC0415

    color = use_color(sys.stdout, opts.no_color)
    out = Lines(color, terminal_width(sys.stdout, width))
    out.add(t("trend.title", lang, agency=tr.agency), "title")
    # a table at the width: the labels wrap, the values are never cut
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 0, 0, 2),
                  header_style="bold" if color else "")
    table.add_column("", overflow="fold", ratio=1)
    years = [str(y) if y is not None else "?" for y in tr.years]
    for i, y in enumerate(years):
        table.add_column(y, justify="right", no_wrap=True,
                         min_width=max(width_of(y), *(width_of(s.values[i].display(lang)) for s in tr.series)))
    from gxtui.analytics.series import chart_data  # noqa: PLC0415

    units = chart_data()["units"]
    for s in tr.series:
        table.add_row(f"{s.label_zh}（{s.unit}）" if zh else f"{s.label_en} ({units.get(s.unit, s.unit)})",
                      *(v.display(lang) for v in s.values))
    out.block(table)
    out.add()
    out.wrap(t("trend.note", lang), "")
    if len(tr.years) < 3:
        out.add(t("trend.few_years", lang))
    sys.stdout.write(out.render())
    return 0
