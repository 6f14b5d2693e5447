"""Small inline SVG charts for the HTML findings report: no JavaScript, no external files.

Readable without colour: lines differ by marker shape (filled circle, hollow square, triangle) and
dash pattern, every point carries its value as text, bars carry their count, and gaps are labelled
in words rather than by colour. Every drawn data point or bar has ``class="mark"`` (tests count
them). All text is XML-escaped; characters XML cannot hold are dropped. The ``<svg>`` has no
``xmlns``: it is meant inline in HTML (which puts it in the SVG namespace) and the findings report
refers to no URL at all.
"""

from __future__ import annotations

import html
import math
import re
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.analytics.series import Chart

INK = "#1f2328"
GREY = "#57606a"
DASHES = ("", "6 3", "2 3")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What a gap in a line means, as printed under the axis
def _x(s: object) -> str:
    return html.escape(_NOT_XML.sub("", str(s)), quote=True)


def nice_max(v: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above ``v`` (1 for an all-zero chart)."""
    if v <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * k >= v - 1e-12:
            return m * k
    return 10 * k  # pragma: no cover


def axis_max(chart: "Chart") -> float:
    """The top of a chart's value axis: a nice number, at least 2 when every value is whole (so
    that the middle tick of a count chart is not 0.5)."""
    known = [v for ln in chart.lines for v in ln.values if v is not None]
    top = nice_max(max(known) if known else 0)
    return max(top, 2.0) if all(float(v).is_integer() for v in known) and chart.unit != "%" else top


def fmt(v: float, unit: str = "") -> str:
    """A value as printed on a chart: percent with one decimal, counts as integers, fees trimmed."""
    if unit == "%":
        return f"{v:.1f}%"
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _marker(kind: int, x: float, y: float, label: str) -> str:
    title = f"<title>{_x(label)}</title>"
    if kind % 3 == 0:
        return f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{INK}">{title}</circle>'
    if kind % 3 == 1:
        return (f'<rect class="mark" x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" '
                f'fill="white" stroke="{INK}" stroke-width="1.5">{title}</rect>')
    return (f'<polygon class="mark" points="{x:.1f},{y - 4.5:.1f} {x + 4:.1f},{y + 3:.1f} '
            f'{x - 4:.1f},{y + 3:.1f}" fill="{GREY}">{title}</polygon>')


def line_chart(chart: "Chart", lang: str = "zh", width: int = 340, height: int = 190) -> str:
    """One chart of ``gxtui.analytics.series`` as an ``<svg>`` element."""
    from gxtui.analytics.series import gap_words  # noqa: PLC0415

    gaps = gap_words(lang)
    n_lines = len(chart.lines)
    legend_h = 16 * n_lines if n_lines > 1 else 0
    left, right, top, bottom = 46, 14, 36, 34 + legend_h
    pw, ph = width - left - right, height - top - bottom
    years = chart.years
    ymax = axis_max(chart)

    def xpos(i: int) -> float:
        return left + (pw * (i + 0.5) / len(years) if years else pw / 2)

    def ypos(v: float) -> float:
        return top + ph - ph * (v / ymax)

    title = chart.heading(lang)
    out = [f'<svg class="chart" role="img" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" font-size="11" '
           f'aria-label="{_x(title)}">',
           f"<title>{_x(title)}</title>",
           f'<text x="{left}" y="16" font-size="12" font-weight="bold" fill="{INK}">{_x(title)}</text>']
    # axes and grid: 0, half, max
    for frac in (0, 0.5, 1):
        y = ypos(ymax * frac)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#d0d7de" '
                   f'stroke-width="{1 if frac else 1.2}"/>')
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{GREY}">'
                   f"{_x(fmt(ymax * frac, chart.unit))}</text>")
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="{GREY}"/>')
    for i, y in enumerate(years):
        out.append(f'<text x="{xpos(i):.1f}" y="{top + ph + 14}" text-anchor="middle" fill="{INK}">{y}</text>')
    # lines: segments between neighbouring known values, markers with their value
    for li, ln in enumerate(chart.lines):
        dash = f' stroke-dasharray="{DASHES[li % 3]}"' if DASHES[li % 3] else ""
        seg: list[str] = []
        for i, v in enumerate(ln.values + [None]):
            if v is not None:
                seg.append(f"{xpos(i):.1f},{ypos(v):.1f}")
                continue
            if len(seg) > 1:
                out.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{INK}" '
                           f'stroke-width="1.4"{dash}/>')
            seg = []
        for i, v in enumerate(ln.values):
            if v is None:
                continue
            label = f"{ln.label(lang)} {years[i]}: {fmt(v, chart.unit)}"
            out.append(_marker(li, xpos(i), ypos(v), label))
            # the first line labels above its points; the second below, unless that would hit the
            # year labels, then above the first line's label
            dy = -7 if li % 2 == 0 else (14 if ypos(v) + 14 < top + ph - 2 else -17)
            out.append(f'<text x="{xpos(i):.1f}" y="{ypos(v) + dy:.1f}" text-anchor="middle" '
                       f'font-size="9.5" fill="{INK}">{_x(fmt(v, chart.unit))}</text>')
    # gaps: a year where no line has a value says why, under its year
    for i, _y in enumerate(years):
        states = [ln.states[i] for ln in chart.lines if ln.values[i] is None]
        if len(states) == n_lines and states:
            why = gaps.get(states[0], states[0])
            out.append(f'<text class="gap" x="{xpos(i):.1f}" y="{top + ph - 4}" text-anchor="middle" '
                       f'font-size="9" fill="{GREY}">{_x(why)}</text>')
    # legend (only when there is more than one line)
    if n_lines > 1:
        for li, ln in enumerate(chart.lines):
            y = height - legend_h + 16 * li + 2
            dash = f' stroke-dasharray="{DASHES[li % 3]}"' if DASHES[li % 3] else ""
            out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + 22}" y2="{y:.1f}" stroke="{INK}" '
                       f'stroke-width="1.4"{dash}/>')
            out.append(_marker(li, left + 11, y, ln.label(lang)).replace('class="mark"', 'class="key"'))
            out.append(f'<text x="{left + 28}" y="{y + 4:.1f}" fill="{INK}">{_x(ln.label(lang))}</text>')
    out.append("</svg>")
    return "".join(out)


def bar_chart(items: Sequence[tuple[str, str, float]], title: str, unit: str = "",
              width: int = 760, bar_h: int = 18) -> str:
    """Horizontal bars, one per ``(label, note, value)``, largest first as given. The label (e.g. a
    rule id) stands left of the bar, the value and the note (e.g. the rule's title) right of it."""
    label_w, note_w, top = 56, 330, 28
    pw = width - label_w - note_w - 16
    vmax = max((v for _l, _n, v in items), default=0) or 1
    height = top + bar_h * len(items) + 10
    out = [f'<svg class="chart" role="img" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" font-size="11" aria-label="{_x(title)}">',
           f"<title>{_x(title)}</title>",
           f'<text x="0" y="16" font-size="12" font-weight="bold" fill="{INK}">{_x(title)}</text>']
    for i, (label, note, v) in enumerate(items):
        y = top + i * bar_h
        w = max(1.0, pw * v / vmax)
        out.append(f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" fill="{INK}">'
                   f"{_x(label)}</text>")
        out.append(f'<rect class="mark" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{bar_h - 6}" '
                   f'fill="{GREY}" stroke="{INK}" stroke-width="0.8"><title>{_x(label)}: {_x(fmt(v, unit))}'
                   f"</title></rect>")
        out.append(f'<text x="{label_w + w + 5:.1f}" y="{y + bar_h * 0.7:.1f}" fill="{INK}">'
                   f"{_x(fmt(v, unit))}</text>")
        out.append(f'<text x="{label_w + pw + 40}" y="{y + bar_h * 0.7:.1f}" fill="{GREY}">'
                   f"{_x(_clip(note, 26))}</text>")
    out.append("</svg>")
    return "".join(out)


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
