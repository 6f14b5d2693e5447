"""Charts in the terminal with plotext (``gxtui trend --plot``; the TUI trend view draws the same
charts on a textual-plotext widget through ``draw``).

``draw`` works on anything with plotext's figure interface — the ``plotext`` module itself or
``textual_plotext.PlotextPlot.plt`` — so the terminal and the TUI show the same thing. It puts only
numbers on the canvas: plotext counts a CJK character as one cell, so Chinese titles and legends
are printed outside the plot (``render``) or in the widget's border title (TUI), never inside.

``render`` makes plain text that stays readable at 80 columns and without colour: no ANSI codes,
the frame drawn in ASCII (box-drawing characters are "ambiguous" width and take two cells in some
CJK terminals), lines told apart by their marker character, a legend naming each marker, and the
values printed under each chart with the reason for every gap.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from gxtui.analytics.series import gap_words, word
from gxtui.analytics.svg import axis_max, fmt

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.analytics.series import AgencyCharts, Chart

MARKERS = ("*", "o", "+")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BOX = str.maketrans({"─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "┤": "+",
                      "├": "+", "┬": "+", "┴": "+", "┼": "+", "╭": "+", "╮": "+", "╰": "+",
                      "╯": "+", "━": "-", "┃": "|"})


def draw(plt: Any, chart: "Chart") -> list[tuple[str, str]]:
    """Plot ``chart`` on ``plt`` (data, axes and ticks only; the caller sets size and theme).
    Returns the legend: (marker, series key) per line. Gaps are never bridged: each run of
    consecutive known values is its own segment, a lone value a single point."""
    years = chart.years
    ymax = axis_max(chart)
    legend = []
    for li, ln in enumerate(chart.lines):
        marker = MARKERS[li % len(MARKERS)]
        legend.append((marker, ln.key))
        run: list[tuple[int, float]] = []
        for y, v in [*zip(years, ln.values), (None, None)]:
            if v is not None and y is not None:
                run.append((y, v))
                continue
            if len(run) == 1:
                plt.scatter([run[0][0]], [run[0][1]], marker=marker)
            elif run:
                plt.plot([p[0] for p in run], [p[1] for p in run], marker=marker)
            run = []
    if years:
        plt.xticks(years, [str(y) for y in years])
        plt.xlim(years[0] - 0.3, years[-1] + 0.3)
    ticks = [0, ymax / 2, ymax]
    plt.yticks(ticks, [fmt(t, chart.unit) for t in ticks])
    plt.ylim(0, ymax * 1.04)
    return legend


def _width(s: str) -> int:
    return cell_len(s)


def _pad(s: str, w: int) -> str:
    return " " * max(0, w - _width(s)) + s


def _legend_lines(entries: list[str], width: int) -> list[str]:
    """The legend entries on as few lines as fit ``width`` (an entry is never split)."""
    out: list[str] = []
    line = ""
    for e in entries:
        cand = f"{line}   {e}" if line else f"  {e}"
        if line and _width(cand) > width:
            out.append(line)
            cand = f"  {e}"
        line = cand
    return [*out, line] if line else out


def values_table(chart: "Chart", lang: str = "zh", width: int = 80) -> list[str]:
    """The chart's values under it: one row per line, one column per year, gaps in words."""
    gaps = gap_words(lang)
    cells = [[fmt(v, chart.unit) if v is not None else gaps.get(s, s) for v, s in zip(ln.values, ln.states)]
             for ln in chart.lines]
    colw = max([6, *(_width(c) + 1 for row in cells for c in row)])
    lab = 4
    per_line = max(1, (width - lab) // colw)
    out = []
    for start in range(0, len(chart.years), per_line):
        out.append(" " * lab + "".join(_pad(str(y), colw) for y in chart.years[start:start + per_line]))
        for li, row in enumerate(cells):
            out.append(f" {MARKERS[li % len(MARKERS)]}  " + "".join(_pad(c, colw) for c in row[start:start + per_line]))
    return out


def render_chart(chart: "Chart", lang: str = "zh", width: int = 80, height: int = 12,
                 color: bool = False) -> str:
    """One chart as text: title, plot, legend, values."""
    import plotext as plt  # noqa: PLC0415 - lazy: only `trend --plot` needs it

    title = chart.heading(lang)
    lines = [title]
    if not chart.has_data:
        lines.append("  " + word("no_value", lang))
        lines += values_table(chart, lang, width)
        return "\n".join(lines)
    plt.clf()
    plt.plotsize(width, height)
    plt.theme("clear" if not color else "pro")
    legend = draw(plt, chart)
    body = plt.build()
    plt.clf()
    if not color:
        body = _ANSI.sub("", body).translate(_BOX)
    lines += [ln.rstrip() for ln in body.splitlines()]
    if len(chart.lines) > 1:
        names = {ln.key: ln.label(lang) for ln in chart.lines}
        lines += _legend_lines([f"{m} {names[k]}" for m, k in legend], width)
    lines += values_table(chart, lang, width)
    return "\n".join(lines)


def render(ac: "AgencyCharts", lang: str = "zh", width: int = 80, height: int = 12,
           color: bool = False) -> str:
    """Every chart of one agency, one under the other."""
    head = f"{ac.agency}  " + word("title", lang)
    parts = [head, ""]
    for c in ac.charts:
        parts.append(render_chart(c, lang, width, height, color))
        parts.append("")
    if len(ac.years) < 3:
        parts.append(word("few_years", lang))
    return "\n".join(parts).rstrip() + "\n"
