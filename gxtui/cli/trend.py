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
from gxtui.present.terminal import pad, terminal_width, use_color
from gxtui.present.terminal import width as width_of
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
    from gxtui.files import iter_report_files  # noqa: PLC0415

    if opts.config() is None:  # trend reads no setting, but a broken config is never ignored
        return 2
    lang = opts.lang
    zh = lang == "zh"
    series = group_series(load_all(iter_report_files([folder]), lang))
    hits = [s for s in series if matches_agency(s, agency)]
    if not hits:
        names = "、".join(s.display() for s in series) or "-"
        sys.stderr.write(safe_text(f"gxtui: {'未找到机构' if zh else 'agency not found'} "
                                   f"“{agency}”; {'可选' if zh else 'available'}: {names}") + "\n")
        return 2
    if len(hits) > 1:
        exact = [s for s in hits if s.display() == agency]
        if len(exact) != 1:
            names = "、".join(s.display() for s in hits)
            sys.stderr.write(safe_text(f"gxtui: {'机构名称不唯一' if zh else 'ambiguous agency'}: {names}") + "\n")
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
    t = trend(hits[0])
    if fmt == "json":
        from gxtui.present.schema import trend as trend_dict  # noqa: PLC0415

        out = dumps_json(trend_dict(t))
        sys.stdout.write((safe_text(out) if sys.stdout.isatty() else out) + "\n")
        return 0
    lines = [safe_text(f"{t.agency}  " + ("年度报告关键数据" if zh else "key figures by year"))]
    years = [str(y) if y is not None else "?" for y in t.years]
    colw = [max(6, max(width_of(s.values[i].display(lang)) for s in t.series) + 1)
            for i in range(len(years))]
    labels = [f"{s.label_zh if zh else s.label_en}（{s.unit}）" for s in t.series]
    labw = max(width_of(x) for x in labels) + 1
    lines.append(pad("", labw) + "".join(pad(y, w, right=True) for y, w in zip(years, colw)))
    for s, lab in zip(t.series, labels):
        lines.append(pad(lab, labw) + "".join(pad(v.display(lang), w, right=True)
                                              for v, w in zip(s.values, colw)))
    lines.append("")
    lines.append(("注：未知 = 原文数值缺失；-- = 该年模板无此项；缺失 = 未读到" if zh else
                  "note: unknown = value lost in the source; -- = not in that year's template; "
                  "missing = not read"))
    if len(t.years) < 3:
        lines.append("注：少于三个年度" if zh else "note: fewer than three years")
    sys.stdout.write("\n".join(safe_text(x) for x in lines) + "\n")
    return 0
